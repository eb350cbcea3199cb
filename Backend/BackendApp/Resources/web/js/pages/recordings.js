// Multi-camera recordings (seed 000). Lists GET /v2/sessions when the server offers it (newest first,
// `{data,total,limit,offset,has_more}`); otherwise the recordings this tab has opened, and a box to
// open one by id.

import { api } from '../api.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatDate, formatDay, field } from '../dom.js';
import { recent, remember } from '../recent.js';

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function recordingStatusBadge(status) {
  return h('span', { class: ['status-badge', `status-${status}`] }, status || '—');
}

export async function render(container, ctx) {
  document.title = 'Recordings · Relay';
  let offset = Math.max(0, Number.parseInt(ctx.query.get('offset') || '0', 10) || 0);
  const tbody = h('tbody');
  const table = h('table', { id: 'recordings-table', class: 'data-table clickable-rows' },
    h('caption', { class: 'visually-hidden' }, 'Multi-camera recordings'),
    h('thead', {}, h('tr', {}, ['Title', 'Date', 'Project', 'Status', 'Created'].map((l) => h('th', { scope: 'col' }, l)))),
    tbody);
  const note = h('p', { class: 'muted', id: 'recordings-note' });
  const prev = h('button', { id: 'page-prev', type: 'button', class: 'secondary' }, '← Previous');
  const next = h('button', { id: 'page-next', type: 'button', class: 'secondary' }, 'Next →');
  const info = h('span', { id: 'page-info', 'aria-live': 'polite' });
  const pager = h('div', { class: 'pager' }, prev, info, next);

  const idInput = h('input', { id: 'open-recording-id', type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: '00000000-0000-0000-0000-000000000000' });
  const openForm = h('form', { id: 'open-recording', class: 'inline-form' },
    field('Recording id', idInput), h('button', { type: 'submit', class: 'secondary' }, 'Open'));
  openForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = idInput.value.trim();
    if (!UUID.test(id)) { showError('A recording id is a UUID such as 3f0c6b52-2d7e-4c55-8f0e-5d9b7a1e2c34.'); idInput.focus(); return; }
    window.location.hash = `#/recordings/${id.toLowerCase()}`;
  });

  replace(container,
    h('div', { class: 'page-head' }, h('h1', {}, 'Recordings'), openForm),
    note,
    h('div', { class: 'table-wrap' }, table),
    pager);

  function row(s) {
    const href = `#/recordings/${encodeURIComponent(s.id)}`;
    return h('tr', { dataset: { recordingId: s.id, href } },
      h('td', {}, h('a', { href }, s.title || s.id)),
      h('td', {}, s.date ? formatDay(s.date) : '—'),
      h('td', {}, s.projectId || '—'),
      h('td', {}, s.status ? recordingStatusBadge(s.status) : '—'),
      h('td', {}, s.createdAt ? h('time', { datetime: s.createdAt }, formatDate(s.createdAt)) : (s.at ? `opened ${formatDate(s.at)}` : '—')));
  }

  function showRecent() {
    const list = recent('recordings');
    pager.hidden = true;
    text(note, 'This server does not list recordings; these are the ones opened in this tab. Open another by its id.');
    tbody.replaceChildren(...(list.length
      ? list.map(row)
      : [h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'None yet.'))]));
  }

  async function load() {
    tbody.replaceChildren(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'Loading…')));
    try {
      const page = await api('/v2/sessions', { query: { limit: PAGE_SIZE, offset }, signal: ctx.signal });
      if (!ctx.active) return;
      const data = Array.isArray(page) ? page : (page.data || page.sessions || []);
      for (const s of data) if (s.title) remember('recordings', { id: s.id, title: s.title });
      tbody.replaceChildren(...(data.length ? data.map(row) : [h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No recordings yet.'))]));
      const total = typeof page.total === 'number' ? page.total : data.length;
      const start = Number.isFinite(page.offset) ? page.offset : offset;
      pager.hidden = false;
      text(info, `${total === 0 ? 0 : start + 1}–${start + data.length} of ${total}`);
      prev.disabled = start === 0;
      next.disabled = !(page.has_more ?? (start + data.length < total));
    } catch (error) {
      if (!ctx.active) return;
      // 404/405: the route does not exist on this server.
      if (error.status === 404 || error.status === 405) showRecent();
      else {
        showRecent();
        showError(error, 'Loading recordings failed');
      }
    }
  }

  tbody.addEventListener('click', (event) => {
    if (event.target.closest('a')) return;
    const tr = event.target.closest('tr[data-href]');
    if (tr) window.location.hash = tr.dataset.href;
  });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE_SIZE); ctx.replaceQuery({ offset: offset || null }); load(); });
  next.addEventListener('click', () => { offset += PAGE_SIZE; ctx.replaceQuery({ offset }); load(); });
  await load();
}
