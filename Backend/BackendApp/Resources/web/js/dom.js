// Tiny DOM helpers. Everything from the API goes in through textContent or attributes set one by one:
// no innerHTML with data, and no style="" strings (the CSP has no 'unsafe-inline' for styles; setting
// el.style.x from script is CSSOM and allowed).

/**
 * Create an element. `attrs`: `class` (string or array), `dataset` (object), `on` (event → handler),
 * `text`, boolean attributes as true/false, `hidden`, anything else as an attribute (null/undefined/false
 * skipped). `children`: nodes, strings (become text nodes), arrays, or null (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      const names = Array.isArray(value) ? value.filter(Boolean) : String(value).split(/\s+/).filter(Boolean);
      el.classList.add(...names);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) el.dataset[k] = String(v);
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'value' && ('value' in el)) {
      el.value = String(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replace every child of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Set text content (null/undefined → empty). */
export function text(el, value) {
  el.textContent = value === null || value === undefined ? '' : String(value);
  return el;
}

/** Shorthand for `querySelector` scoped to `root`. */
export function $(selector, root = document) {
  return root.querySelector(selector);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** An ISO date-time in the user's locale ('—' when absent or unreadable). */
export function formatDate(iso, { seconds = false } = {}) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return (seconds ? dateTimeSeconds : dateTime).format(date);
}

/** A `yyyy-MM-dd` calendar date in the user's locale (read as a local date, not UTC midnight). */
export function formatDay(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!m) return day || '—';
  return dateOnly.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** A <time> element showing `iso` in the user's locale. */
export function timeEl(iso, options) {
  return h('time', { datetime: iso || null }, formatDate(iso, options));
}

export function formatNumber(n, digits = 2) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return digits === 2 ? numberFormat.format(n) : new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(n);
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${formatNumber(value, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const mm = String(minutes).padStart(hours ? 2 : 1, '0');
  return `${hours ? `${hours}:` : ''}${mm}:${String(secs).padStart(2, '0')}`;
}

/** A labelled form field: <div class="field"><label for=id>…</label>control</div>. */
export function field(label, control, hint) {
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** Move focus to a page's heading after navigation, so screen readers announce the new page. */
export function focusHeading(root) {
  const heading = root.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}
