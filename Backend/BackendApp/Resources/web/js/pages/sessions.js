// Capture sessions list (seed 001): GET /v1/sessions?status=&limit=&offset=, newest first.
// The filter and the page live in the hash (`#/sessions?status=active&offset=25`) so reload and the
// back button keep them.

import { api } from '../api.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatDate, field } from '../dom.js';

const PAGE_SIZE = 25;
const STATUSES = ['active', 'complete', 'abandoned', 'failed'];
const MODES = { studio360: 'Studio 360°', walk360: 'Walk-around 360°', stills: 'Stills' };

export function vehicleLabel(vehicle) {
  if (!vehicle) return '—';
  const parts = [];
  if (vehicle.vin) parts.push(vehicle.vin);
  if (vehicle.stock) parts.push(`stock ${vehicle.stock}`);
  return parts.length ? parts.join(' · ') : '—';
}

export function modeLabel(mode) { return MODES[mode] || mode || '—'; }

export function statusBadge(status) {
  return h('span', { class: ['status-badge', `status-${status}`] }, status || '—');
}

export async function render(container, ctx) {
  document.title = 'Capture sessions · Relay';
  let status = STATUSES.includes(ctx.query.get('status')) ? ctx.query.get('status') : '';
  let offset = Math.max(0, Number.parseInt(ctx.query.get('offset') || '0', 10) || 0);

  const filter = h('select', { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'All statuses'),
    STATUSES.map((s) => h('option', { value: s }, s)));
  filter.value = status;
  const prev = h('button', { id: 'page-prev', type: 'button', class: 'secondary' }, '← Previous');
  const next = h('button', { id: 'page-next', type: 'button', class: 'secondary' }, 'Next →');
  const info = h('span', { id: 'page-info', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { id: 'sessions-table', class: 'data-table clickable-rows' },
    h('caption', { class: 'visually-hidden' }, 'Capture sessions, newest first'),
    h('thead', {}, h('tr', {},
      ['Vehicle', 'Mode', 'Status', 'Site', 'Operator', 'Started', 'Images'].map((label) => h('th', { scope: 'col' }, label)))),
    tbody);

  replace(container,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Capture sessions'),
      h('div', { class: 'toolbar' }, field('Status', filter))),
    h('div', { class: 'table-wrap' }, table),
    h('div', { class: 'pager' }, prev, info, next));

  async function load() {
    tbody.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'Loading…')));
    table.setAttribute('aria-busy', 'true');
    try {
      const page = await api('/v1/sessions', { query: { status, limit: PAGE_SIZE, offset }, signal: ctx.signal });
      if (!ctx.active) return;
      // Past the end (e.g. after a filter change elsewhere): go back to the last page.
      if (page.data.length === 0 && offset > 0 && page.total > 0) {
        offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        ctx.replaceQuery({ status, offset: offset || null });
        return load();
      }
      fill(page);
    } catch (error) {
      if (!ctx.active) return;
      tbody.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'The sessions could not be loaded.')));
      showError(error, 'Loading sessions failed');
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  function fill(page) {
    const rows = page.data.map((s) => {
      const href = `#/sessions/${encodeURIComponent(s.id)}`;
      const operator = s.operator ? (s.operator.name || 'user') : (s.device ? 'device' : '—');
      return h('tr', { dataset: { sessionId: s.id, href } },
        h('td', {}, h('a', { href }, vehicleLabel(s.vehicle))),
        h('td', {}, modeLabel(s.mode)),
        h('td', {}, statusBadge(s.status)),
        h('td', {}, s.site ? s.site.name : '—'),
        h('td', {}, operator),
        h('td', {}, h('time', { datetime: s.started_at }, formatDate(s.started_at))),
        h('td', { class: 'num' }, String(s.image_count ?? 0)));
    });
    if (rows.length === 0) {
      rows.push(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, status ? `No ${status} sessions.` : 'No capture sessions yet.')));
    }
    tbody.replaceChildren(...rows);
    const first = page.total === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.data.length;
    text(info, `${first}–${last} of ${page.total}`);
    prev.disabled = page.offset === 0;
    next.disabled = !page.has_more;
  }

  // A click anywhere on a row opens the session (the vehicle link is the keyboard path).
  tbody.addEventListener('click', (event) => {
    if (event.target.closest('a')) return;
    const row = event.target.closest('tr[data-href]');
    if (row) window.location.hash = row.dataset.href;
  });
  filter.addEventListener('change', () => {
    status = filter.value;
    offset = 0;
    ctx.replaceQuery({ status, offset: null });
    load();
  });
  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE_SIZE);
    ctx.replaceQuery({ status, offset: offset || null });
    load();
  });
  next.addEventListener('click', () => {
    offset += PAGE_SIZE;
    ctx.replaceQuery({ status, offset });
    load();
  });

  await load();
}
