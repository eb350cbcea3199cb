// Multi-camera recordings (seed 000): GET /v2/sessions?limit=&offset= (newest first,
// `{data,total,limit,offset,has_more}`; each row is the session plus its derived status, asset counts and
// readyForNextPhase). The page lives in the hash (`#/recordings?offset=25`) so reload and the back
// button keep it.

import { api } from '../api.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatDate, formatDay } from '../dom.js';

const PAGE_SIZE = 25;
const COLUMNS = ['Title', 'Date', 'Project', 'Status', 'Assets', 'Created'];

export function recordingStatusBadge(status) {
  return h('span', { class: ['status-badge', `status-${status}`] }, status || '—');
}

/** "3 assets · 2 ready · 1 failed" (asset counts of a session row or of GET …/status). */
export function assetCountsText(assets) {
  const a = assets || {};
  const total = a.total ?? 0;
  if (total === 0) return 'No assets yet';
  const parts = [`${total} ${total === 1 ? 'asset' : 'assets'}`];
  const uploading = total - (a.ingested ?? 0);
  if (uploading > 0) parts.push(`${uploading} uploading`);
  parts.push(`${a.ready ?? 0} ready`);
  if (a.failed) parts.push(`${a.failed} failed`);
  return parts.join(' · ');
}

export async function render(container, ctx) {
  document.title = 'Recordings · Relay';
  let offset = Math.max(0, Number.parseInt(ctx.query.get('offset') || '0', 10) || 0);
  const tbody = h('tbody');
  const table = h('table', { id: 'recordings-table', class: 'data-table clickable-rows' },
    h('caption', { class: 'visually-hidden' }, 'Multi-camera recordings, newest first'),
    h('thead', {}, h('tr', {}, COLUMNS.map((l) => h('th', { scope: 'col' }, l)))),
    tbody);
  const prev = h('button', { id: 'rec-page-prev', type: 'button', class: 'secondary' }, '← Previous');
  const next = h('button', { id: 'rec-page-next', type: 'button', class: 'secondary' }, 'Next →');
  const info = h('span', { id: 'rec-page-info', 'aria-live': 'polite' });

  replace(container,
    h('div', { class: 'page-head' }, h('h1', {}, 'Recordings')),
    h('div', { class: 'table-wrap' }, table),
    h('div', { class: 'pager' }, prev, info, next));

  function message(textValue) {
    return h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted' }, textValue));
  }

  function row(s) {
    const href = `#/recordings/${encodeURIComponent(s.id)}`;
    const a = s.assets || {};
    return h('tr', { dataset: { recordingId: s.id, status: s.status, href } },
      h('td', {}, h('a', { href }, s.title || s.id),
        s.location ? h('span', { class: 'muted small' }, ` · ${s.location}`) : null),
      h('td', {}, s.date ? h('time', { datetime: s.date }, formatDay(s.date)) : '—'),
      h('td', {}, s.projectId || '—'),
      h('td', {}, recordingStatusBadge(s.status),
        s.readyForNextPhase ? h('span', { class: 'muted small', title: 'Ready for the next phase' }, ' ✓') : null),
      h('td', { class: 'small', dataset: { total: a.total ?? 0, ready: a.ready ?? 0, failed: a.failed ?? 0 } }, assetCountsText(a)),
      h('td', {}, s.createdAt ? h('time', { datetime: s.createdAt }, formatDate(s.createdAt)) : '—'));
  }

  async function load() {
    tbody.replaceChildren(message('Loading…'));
    table.setAttribute('aria-busy', 'true');
    prev.disabled = true;
    next.disabled = true;
    try {
      const page = await api('/v2/sessions', { query: { limit: PAGE_SIZE, offset }, signal: ctx.signal });
      if (!ctx.active) return;
      const data = page.data || [];
      // Past the end (a bookmarked offset, or recordings deleted meanwhile): go to the last page.
      if (data.length === 0 && offset > 0 && page.total > 0) {
        offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        ctx.replaceQuery({ offset: offset || null });
        return await load();
      }
      tbody.replaceChildren(...(data.length ? data.map(row) : [message('No recordings yet.')]));
      const start = Number.isFinite(page.offset) ? page.offset : offset;
      text(info, `${page.total === 0 ? 0 : start + 1}–${start + data.length} of ${page.total}`);
      prev.disabled = start === 0;
      next.disabled = !page.has_more;
    } catch (error) {
      if (!ctx.active) return;
      tbody.replaceChildren(message('The recordings could not be loaded.'));
      text(info, '');
      showError(error, 'Loading recordings failed');
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  // A click anywhere on a row opens the recording (the title link is the keyboard path).
  tbody.addEventListener('click', (event) => {
    if (event.target.closest('a')) return;
    const tr = event.target.closest('tr[data-href]');
    if (tr) window.location.hash = tr.dataset.href;
  });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE_SIZE); ctx.replaceQuery({ offset: offset || null }); load(); });
  next.addEventListener('click', () => { offset += PAGE_SIZE; ctx.replaceQuery({ offset }); load(); });
  await load();
}
