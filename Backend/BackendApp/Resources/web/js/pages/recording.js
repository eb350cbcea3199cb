// One multi-camera recording (seed 000): GET /v2/sessions/{id} (the page's main entity — title, date,
// location, project, derived status and asset counts; 404 for an unknown id or another org's), then
// GET …/status, GET …/assets?includeDerivatives=true, GET …/sync once computed, POST …/sync/compute, and
// the session's WebSocket (…/events) for live ingest progress and sync events.
// The sync review itself is sync-review.js.

import { api } from '../api.js';
import { currentUser } from '../auth.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatBytes, formatDate, formatDay, formatDuration, formatNumber, field } from '../dom.js';
import { LiveSocket } from '../socket.js';
import { renderNotFound } from './not-found.js';
import { recordingStatusBadge } from './recordings.js';
import { SyncReview } from './sync-review.js';

const LIVE_LABELS = { connecting: 'Connecting…', live: '● Live', reconnecting: 'Reconnecting…', closed: 'Disconnected', 'signed-out': 'Signed out' };

export async function render(container, ctx) {
  const [id] = ctx.params;
  const base = `/v2/sessions/${encodeURIComponent(id)}`;
  let session;
  try {
    session = await api(base, { signal: ctx.signal });
  } catch (error) {
    if (error.status === 404) return renderNotFound(container, { what: 'recording', backHref: '#/recordings', backLabel: 'Back to recordings', error });
    throw error;
  }
  if (!ctx.active) return;
  const title = session.title || `Recording ${id.slice(0, 8)}`;
  document.title = `${title} · Relay`;
  // Until GET …/status answers, the row's derived status and counts stand in for it (same field names).
  let status = { status: session.status, assets: session.assets, readyForNextPhase: session.readyForNextPhase, sync: null };

  let assets = [];
  let sync = null;
  const progress = new Map(); // assetId → 0…1 from asset.ingesting events
  let syncProgress = null;
  let socketState = 'connecting';
  let refreshTimer = null;
  let pollTimer = null;
  let review = null;

  const statusEl = h('span', { id: 'recording-status' });
  const readyEl = h('span', { id: 'recording-ready', class: 'muted' });
  const liveEl = h('span', { id: 'live-status', class: 'live-status', role: 'status' });
  const assetSummary = h('p', { id: 'asset-summary', class: 'muted' });
  const assetRows = h('tbody');
  const assetsTable = h('table', { id: 'assets-table', class: 'data-table' },
    h('caption', { class: 'visually-hidden' }, 'Assets by camera'),
    h('thead', {}, h('tr', {}, ['Camera', 'File', 'Status', 'Ingest', 'Media', 'Derivatives'].map((l) => h('th', { scope: 'col' }, l)))),
    assetRows);

  const masterSelect = h('select', { id: 'sync-master' });
  const computeButton = h('button', { id: 'sync-compute', type: 'button', class: 'secondary' }, 'Compute sync');
  const syncProgressEl = h('progress', { id: 'sync-progress', max: '1', 'aria-label': 'Sync progress' });
  const syncProgressText = h('span', { class: 'muted', 'aria-live': 'polite' });
  const computeSection = h('section', { id: 'sync-compute-panel', class: 'panel', 'aria-labelledby': 'sync-compute-title' },
    h('h2', { id: 'sync-compute-title' }, 'Audio sync'),
    h('div', { class: 'inline-form' }, field('Master camera', masterSelect), computeButton),
    h('p', { class: 'sync-running' }, syncProgressEl, ' ', syncProgressText),
    h('p', { id: 'sync-compute-note', class: 'muted' }));
  const reviewSlot = h('div');

  replace(container,
    h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'breadcrumb' }, h('a', { href: '#/recordings' }, 'Recordings')),
        h('h1', { id: 'recording-title' }, title),
        h('p', { class: 'recording-facts' }, [
          session.date ? h('time', { id: 'recording-date', datetime: session.date }, formatDay(session.date)) : null,
          session.location ? h('span', { id: 'recording-location' }, session.location) : null,
          session.projectId ? h('span', { id: 'recording-project' }, `project ${session.projectId}`) : null,
        ].filter(Boolean).flatMap((part, i) => (i ? [' · ', part] : [part]))),
        session.notes ? h('p', { id: 'recording-notes', class: 'small' }, session.notes) : null,
        h('p', { class: 'muted small' }, 'Id ', h('code', {}, id),
          session.createdAt ? ` · created ${formatDate(session.createdAt)}` : '')),
      h('div', { class: 'head-status' }, statusEl, readyEl, liveEl)),
    h('section', { class: 'panel', 'aria-labelledby': 'assets-title' },
      h('h2', { id: 'assets-title' }, 'Cameras and assets'),
      assetSummary,
      h('div', { class: 'table-wrap' }, assetsTable)),
    computeSection,
    reviewSlot);

  // ---- rendering

  function renderStatus() {
    replace(statusEl, recordingStatusBadge(status.status));
    text(readyEl, status.readyForNextPhase ? '✓ Ready for the next phase' : '');
    const a = status.assets || {};
    text(assetSummary, `${a.total ?? assets.length} assets: ${a.ingested ?? 0} uploaded, ${a.ready ?? 0} ready, ${a.failed ?? 0} failed.`);
  }

  function renderLive() {
    text(liveEl, LIVE_LABELS[socketState] || socketState);
    liveEl.dataset.state = socketState;
  }

  function assetRow(asset) {
    const m = asset.metadata;
    const p = asset.status === 'ready' ? 1 : (progress.get(asset.id) ?? (asset.status === 'ingesting' ? 0 : null));
    const bar = p === null ? h('span', { class: 'muted' }, asset.status === 'uploading' ? 'uploading' : '—')
      : h('span', { class: 'ingest' },
        h('progress', { max: '1', value: String(p), 'aria-label': `Ingest of camera ${asset.cameraLabel}` }),
        ` ${Math.round(p * 100)}%`);
    const media = m ? [
      formatDuration(m.durationMs),
      m.resolution, m.fps ? `${formatNumber(m.fps, 3)} fps` : null, m.codec,
      m.hasAudio ? `audio ${m.audioCodec || ''}`.trim() : 'no audio',
      m.variableFrameRate ? 'VFR' : null,
    ].filter(Boolean).join(' · ') : '—';
    const derivatives = (asset.derivatives || []).map((d) => h('li', {},
      d.url ? h('a', { href: d.url, target: '_blank', rel: 'noopener' }, d.kind) : d.kind,
      ` (${formatBytes(d.sizeBytes)})`));
    return h('tr', { dataset: { assetId: asset.id, status: asset.status } },
      h('th', { scope: 'row' }, `${asset.cameraLabel}${asset.chapter > 1 || assets.some((x) => x.cameraLabel === asset.cameraLabel && x.chapter > 1) ? ` · file ${asset.chapter}` : ''}`),
      h('td', {}, asset.filename || '—', h('br'), h('span', { class: 'muted small' }, formatBytes(asset.sizeBytes))),
      h('td', {}, h('span', { class: ['status-badge', `status-${asset.status}`] }, asset.status),
        asset.error ? h('p', { class: 'warning small' }, `${asset.error.code}: ${asset.error.message}`) : null,
        (asset.issues || []).length ? h('p', { class: 'warning small' }, asset.issues.join(', ')) : null),
      h('td', {}, bar),
      h('td', { class: 'small' }, media),
      h('td', {}, derivatives.length ? h('ul', { class: 'plain small' }, derivatives) : h('span', { class: 'muted' }, '—')));
  }

  function renderAssets() {
    const sorted = assets.slice().sort((a, b) => a.cameraLabel.localeCompare(b.cameraLabel) || (a.chapter || 1) - (b.chapter || 1));
    assetRows.replaceChildren(...(sorted.length ? sorted.map(assetRow) : [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No assets uploaded yet.'))]));
  }

  function renderCompute() {
    const ready = [...new Set(assets.filter((a) => a.status === 'ready').map((a) => a.cameraLabel))].sort();
    const previous = masterSelect.value || (sync && sync.masterCamera) || ready[0];
    replace(masterSelect, ready.map((c) => h('option', { value: c }, `Camera ${c}`)));
    if (ready.includes(previous)) masterSelect.value = previous;
    const running = status.status === 'syncing' || (status.sync && status.sync.running) || (sync && sync.running);
    computeButton.disabled = ready.length < 2 || running;
    text(computeButton, sync ? 'Recompute sync' : 'Compute sync');
    syncProgressEl.parentElement.hidden = !running;
    if (running) {
      if (syncProgress === null) syncProgressEl.removeAttribute('value');
      else syncProgressEl.value = syncProgress;
      text(syncProgressText, syncProgress === null ? 'Computing the sync…' : `Computing the sync… ${Math.round(syncProgress * 100)}%`);
    }
    const note = document.getElementById('sync-compute-note');
    if (note) {
      text(note, ready.length < 2
        ? 'Sync needs two or more cameras whose assets are ready.'
        : sync ? '' : 'Not computed yet. Relay agents usually start it once every camera is ingested.');
    }
  }

  function renderReview() {
    if (!sync) {
      if (review) { review.destroy(); review = null; }
      replace(reviewSlot);
      return;
    }
    if (!review) {
      review = new SyncReview({ sessionId: id, user: currentUser(), signal: ctx.signal, onReviewed: () => refresh() });
      replace(reviewSlot, review.element);
    }
    review.update({ sync, assets });
  }

  // ---- data

  async function refresh() {
    const [nextStatus, list] = await Promise.all([
      api(`${base}/status`, { signal: ctx.signal }),
      api(`${base}/assets`, { query: { includeDerivatives: 'true' }, signal: ctx.signal }),
    ]);
    status = nextStatus;
    assets = list.assets || [];
    // Only ask for the sync once it exists (before that the route answers 404).
    sync = status.sync && status.sync.computed ? await api(`${base}/sync`, { signal: ctx.signal }) : null;
    if (!ctx.active) return;
    if (!(status.status === 'syncing' || (status.sync && status.sync.running))) syncProgress = null;
    renderStatus();
    renderAssets();
    renderCompute();
    renderReview();
  }

  function scheduleRefresh(delay = 250) {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      refresh().catch((error) => { if (ctx.active && error.name !== 'AbortError') showError(error, 'Updating the recording failed'); });
    }, delay);
  }

  function handleEvent(message) {
    if (!message || typeof message !== 'object') return;
    switch (message.event) {
      case 'asset.ingesting': {
        progress.set(message.assetId, Number(message.progress) || 0);
        const known = assets.find((a) => a.id === message.assetId);
        if (!known) { scheduleRefresh(); break; }
        if (known.status !== 'ingesting') known.status = 'ingesting';
        const row = assetRows.querySelector(`tr[data-asset-id="${CSS.escape(message.assetId)}"]`);
        if (row) row.replaceWith(assetRow(known));
        break;
      }
      case 'asset.ready':
      case 'asset.failed':
        progress.delete(message.assetId);
        scheduleRefresh();
        break;
      case 'sync.computing':
        syncProgress = Number(message.progress) || 0;
        if (status.status !== 'syncing') { status.status = 'syncing'; renderStatus(); }
        status.sync = { ...(status.sync || {}), running: true };
        renderCompute();
        break;
      case 'sync.complete':
      case 'sync.failed':
        syncProgress = null;
        if (message.event === 'sync.failed' && message.error) showError({ message: message.error.message, code: message.error.code }, 'Sync failed');
        scheduleRefresh(100);
        break;
      default:
        break;
    }
  }

  computeButton.addEventListener('click', async () => {
    computeButton.disabled = true;
    try {
      await api(`${base}/sync/compute`, { method: 'POST', json: { masterCamera: masterSelect.value }, signal: ctx.signal });
      syncProgress = 0;
      await refresh();
    } catch (error) {
      showError(error, 'Starting the sync failed');
      renderCompute();
    }
  });

  // Live updates; while the socket is down, a slow poll keeps the page honest.
  const socket = new LiveSocket(`${base}/events`, {
    onMessage: handleEvent,
    onReconnect: () => scheduleRefresh(0),
    onStatus: (state) => { socketState = state; renderLive(); },
  });
  function poll() {
    pollTimer = setTimeout(() => {
      if (socketState !== 'live' && !document.hidden) scheduleRefresh(0);
      poll();
    }, 15000);
  }
  ctx.onCleanup(() => {
    socket.close();
    if (refreshTimer) clearTimeout(refreshTimer);
    if (pollTimer) clearTimeout(pollTimer);
    if (review) review.destroy();
  });

  renderLive();
  renderStatus();
  await refresh();
  if (!ctx.active) return;
  socket.start();
  poll();
}
