// A capture session (seed 001): GET /v1/sessions/{id}, its images GET /v1/images?session_id=&include=urls
// (falling back to GET /v1/images/{id} for rows without signed URLs), PATCH /v1/sessions/{id} to change
// the status, POST /v1/images/{id}/publish (reviewers and admins). While images are still being
// processed the list is polled, so frames appear and get their QC verdicts without a reload.

import { api } from '../api.js';
import { canPublish } from '../auth.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatDate, field } from '../dom.js';
import { badges, qcPassed, overallStatus } from '../qc.js';
import { renderNotFound } from './not-found.js';
import { SpinViewer, angleText } from './spin-viewer.js';
import { vehicleLabel, modeLabel, statusBadge } from './sessions.js';

const STATUSES = ['active', 'complete', 'abandoned', 'failed'];
const POLL_MS = 5000;
const FINAL_IMAGE_STATES = new Set(['processed', 'failed', 'published']);

function urlsOf(row) {
  const thumbs = row.thumb_urls || {};
  if (!thumbs['600'] && !thumbs['1200'] && !row.original_url) return null;
  return { '600': thumbs['600'] || null, '1200': thumbs['1200'] || null, original: row.original_url || null };
}

function toImage(row) {
  return {
    id: row.id,
    angle: row.angle_deg,
    shotName: row.shot_name,
    qc: row.qc || {},
    status: row.status,
    failureReason: row.failure_reason,
    publishedAt: row.published_at,
    urls: urlsOf(row),
  };
}

/** Run `fn` over `items`, at most `limit` at a time. */
async function eachLimited(items, limit, fn) {
  const queue = items.slice();
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    while (queue.length) await fn(queue.shift());
  });
  await Promise.all(workers);
}

export async function render(container, ctx) {
  const [id] = ctx.params;
  let session;
  try {
    session = await api(`/v1/sessions/${encodeURIComponent(id)}`, { signal: ctx.signal });
  } catch (error) {
    if (error.status === 404) return renderNotFound(container, { what: 'capture session', error });
    throw error;
  }
  if (!ctx.active) return;
  const reviewer = canPublish();
  const images = new Map(); // id → image (shared objects with the viewer's frames)
  let viewer = null;
  let frameIds = '';
  let pollTimer = null;

  // ---- header and status form
  const title = vehicleLabel(session.vehicle);
  document.title = `${title} · Relay`;
  const statusText = h('span', { id: 'session-status-badge' });
  const statusSelect = h('select', { id: 'session-status', name: 'status', 'aria-describedby': 'session-status-hint' }, STATUSES.map((s) => h('option', { value: s }, s)));
  const statusSave = h('button', { id: 'session-status-save', type: 'button', class: 'secondary' }, 'Save status');
  const statusHint = h('p', { class: 'hint', id: 'session-status-hint' });
  const meta = h('dl', { class: 'meta' });
  const publishAll = reviewer ? h('button', { id: 'publish-all-passed', type: 'button', class: 'primary' }, 'Publish all passed') : null;
  const publishProgress = h('p', { id: 'publish-progress', role: 'status', class: 'muted' });

  function renderHeader() {
    replace(statusText, statusBadge(session.status));
    statusSelect.value = session.status;
    const editable = session.status === 'active';
    statusSelect.disabled = !editable;
    statusSave.disabled = true;
    text(statusHint, editable
      ? 'An active session can be completed, abandoned or marked failed.'
      : 'Only an active session can change status.');
    replace(meta,
      h('dt', {}, 'Mode'), h('dd', {}, modeLabel(session.mode)),
      h('dt', {}, 'Status'), h('dd', {}, statusText),
      h('dt', {}, 'Started'), h('dd', {}, h('time', { datetime: session.started_at }, formatDate(session.started_at))),
      h('dt', {}, 'Completed'), h('dd', {}, session.completed_at ? h('time', { datetime: session.completed_at }, formatDate(session.completed_at)) : '—'),
      h('dt', {}, 'Operator'), h('dd', {}, session.operator ? (session.operator.name || 'user') : (session.device ? `device ${session.device.model || ''}`.trim() : '—')),
      h('dt', {}, 'Frames planned'), h('dd', {}, session.shot_list && session.shot_list.studio360 ? String(session.shot_list.studio360.frame_count) : '—'));
  }
  statusSelect.addEventListener('change', () => {
    statusSave.disabled = statusSelect.value === session.status || session.status !== 'active';
  });
  statusSave.addEventListener('click', async () => {
    const next = statusSelect.value;
    statusSave.disabled = true;
    try {
      session = await api(`/v1/sessions/${encodeURIComponent(session.id)}`, { method: 'PATCH', json: { status: next }, signal: ctx.signal });
      renderHeader();
      text(publishProgress, `Status changed to ${session.status}.`);
    } catch (error) {
      showError(error, 'Changing the status failed');
      statusSave.disabled = false;
    }
  });

  // ---- frame panel (QC, status, publish)
  const frameQc = h('div', { id: 'frame-qc', class: 'badges', 'aria-live': 'polite' });
  const frameStatus = h('p', { id: 'frame-status' });
  const publishFrame = reviewer ? h('button', { id: 'publish-frame', type: 'button', class: 'primary' }, 'Publish this frame') : null;
  const spinSection = h('section', { class: 'panel spin-section', 'aria-labelledby': 'spin-title' });
  const stillsList = h('ul', { id: 'stills', class: 'stills' });
  const stillsSection = h('section', { class: 'panel', 'aria-labelledby': 'stills-title' },
    h('h2', { id: 'stills-title' }, 'Stills'), stillsList);

  function statusLine(image) {
    if (!image) return '';
    if (image.status === 'published') return `Status: published${image.publishedAt ? ` ${formatDate(image.publishedAt)}` : ''}`;
    if (image.status === 'failed') return `Status: failed${image.failureReason ? ` — ${image.failureReason}` : ''}`;
    return `Status: ${image.status}`;
  }

  function updateFramePanel(frame) {
    replace(frameQc, badges(frame.qc));
    text(frameStatus, statusLine(frame));
    frameStatus.dataset.status = frame.status;
    if (publishFrame) {
      publishFrame.disabled = frame.status !== 'processed';
      publishFrame.title = frame.status === 'published' ? 'Already published'
        : frame.status === 'processed' ? '' : 'Only processed images can be published';
      text(publishFrame, frame.status === 'published' ? 'Published' : 'Publish this frame');
    }
  }

  function passedCandidates() {
    return [...images.values()].filter((image) => image.status === 'processed' && qcPassed(image.qc));
  }

  function updatePublishAll() {
    if (!publishAll) return;
    const n = passedCandidates().length;
    text(publishAll, `Publish all passed (${n})`);
    publishAll.disabled = n === 0 || publishAll.dataset.busy === 'true';
  }

  async function publish(image) {
    const result = await api(`/v1/images/${encodeURIComponent(image.id)}/publish`, { method: 'POST', signal: ctx.signal });
    image.status = result.status || 'published';
    image.publishedAt = result.published_at || new Date().toISOString();
    afterImageChange(image);
  }

  function afterImageChange(image) {
    if (viewer && image.angle !== null && image.angle !== undefined) viewer.refresh(image.id);
    const still = stillsList.querySelector(`li[data-image-id="${CSS.escape(image.id)}"]`);
    if (still) still.replaceWith(stillItem(image));
    updatePublishAll();
  }

  if (publishFrame) {
    publishFrame.addEventListener('click', async () => {
      const frame = viewer && viewer.current;
      if (!frame) return;
      publishFrame.disabled = true;
      try {
        await publish(frame);
        text(publishProgress, `Published the frame at ${angleText(frame.angle)}°.`);
      } catch (error) {
        showError(error, 'Publishing failed');
        if (viewer) updateFramePanel(viewer.current);
      }
    });
  }
  if (publishAll) {
    publishAll.addEventListener('click', async () => {
      const todo = passedCandidates();
      if (!todo.length) return;
      publishAll.dataset.busy = 'true';
      publishAll.disabled = true;
      let done = 0;
      const failures = [];
      text(publishProgress, `Publishing ${todo.length} images…`);
      await eachLimited(todo, 3, async (image) => {
        try {
          await publish(image);
          done += 1;
          text(publishProgress, `Published ${done} of ${todo.length}…`);
        } catch (error) {
          if (error.name !== 'AbortError') failures.push(error);
        }
      });
      delete publishAll.dataset.busy;
      if (!ctx.active) return;
      text(publishProgress, `Published ${done} of ${todo.length} images${failures.length ? `; ${failures.length} failed` : ''}.`);
      if (failures.length) showError(failures[0], `${failures.length} image(s) could not be published`);
      updatePublishAll();
    });
  }

  function stillItem(image) {
    const thumb = image.urls && (image.urls['600'] || image.urls['1200']);
    const publishButton = reviewer
      ? h('button', {
        type: 'button', class: 'secondary publish-still', disabled: image.status !== 'processed',
        'aria-label': `Publish still ${image.shotName || image.id}`,
      }, image.status === 'published' ? 'Published' : 'Publish')
      : null;
    if (publishButton) {
      publishButton.addEventListener('click', async () => {
        publishButton.disabled = true;
        try { await publish(image); } catch (error) { showError(error, 'Publishing failed'); publishButton.disabled = false; }
      });
    }
    const qc = overallStatus(image.qc);
    return h('li', { class: ['still', qc ? `qc-${qc}` : null], dataset: { imageId: image.id, status: image.status } },
      h('figure', {},
        thumb
          ? h('img', { src: thumb, alt: `Still ${image.shotName || ''}`.trim(), loading: 'lazy', decoding: 'async' })
          : h('div', { class: 'still-placeholder' }, `No thumbnail (${image.status})`),
        h('figcaption', {}, image.shotName || 'Untitled still')),
      h('div', { class: 'badges' }, badges(image.qc)),
      h('p', { class: 'still-status' }, statusLine(image)),
      image.urls && image.urls.original ? h('a', { href: image.urls.original, target: '_blank', rel: 'noopener' }, 'Original') : null,
      publishButton);
  }

  async function refreshUrls(image) {
    try {
      const detail = await api(`/v1/images/${encodeURIComponent(image.id)}`, { signal: ctx.signal });
      return urlsOf(detail);
    } catch (error) {
      if (error.name !== 'AbortError') console.warn('image detail failed', error);
      return null;
    }
  }

  // Rows without signed URLs (a server without include=urls): ask for each processed image's detail.
  async function fillMissingUrls(list) {
    const missing = list.filter((image) => !image.urls && (image.status === 'processed' || image.status === 'published'));
    await eachLimited(missing, 4, async (image) => { image.urls = await refreshUrls(image); });
  }

  // What a poll may change about an image, to re-render only what changed (no flicker, no focus loss,
  // no repeated live-region announcements).
  const signature = (image) => JSON.stringify([image.status, image.publishedAt, image.qc, image.angle, !!image.urls]);

  function renderSpin(changed = null) {
    const frames = [...images.values()]
      .filter((image) => image.angle !== null && image.angle !== undefined)
      .sort((a, b) => a.angle - b.angle);
    const ids = frames.map((frame) => frame.id).join(',');
    if (ids === frameIds && viewer) {
      // Same frames: refresh the changed ones in place (keeps the position and zoom).
      for (const frame of frames) if (!changed || changed.has(frame.id)) viewer.refresh(frame.id);
      return;
    }
    const keep = viewer ? viewer.current && viewer.current.id : null;
    const zoomed = viewer ? viewer.zoomed : false;
    const hadFocus = !!(viewer && viewer.element.contains(document.activeElement));
    frameIds = ids;
    if (viewer) viewer.destroy();
    viewer = null;
    if (!frames.length) {
      replace(spinSection, h('h2', { id: 'spin-title' }, '360° spin'),
        h('p', { class: 'muted' }, session.mode === 'stills' ? 'This is a stills session: no spin.' : 'No spin frames yet.'));
      return;
    }
    viewer = new SpinViewer({ frames, refreshUrls, onChange: updateFramePanel });
    if (zoomed) viewer.setZoom(true);
    const at = keep ? frames.findIndex((frame) => frame.id === keep) : -1;
    if (at >= 0) viewer.show(at);
    const failed = frames.filter((frame) => overallStatus(frame.qc) === 'fail').length;
    replace(spinSection,
      h('h2', { id: 'spin-title' }, `360° spin — ${frames.length} frames${failed ? `, ${failed} failed QC` : ''}`),
      h('div', { class: 'spin-layout' },
        viewer.element,
        h('aside', { class: 'frame-panel', 'aria-label': 'Current frame' },
          h('h3', {}, 'Current frame'),
          frameQc, frameStatus,
          publishFrame ? h('div', { class: 'actions' }, publishFrame) : null)));
    if (hadFocus) viewer.stage.focus({ preventScroll: true });
  }

  let stillIds = null;
  function renderStills(changed = null) {
    const stills = [...images.values()].filter((image) => image.angle === null || image.angle === undefined);
    stillsSection.hidden = stills.length === 0;
    const ids = stills.map((image) => image.id).join(',');
    if (ids === stillIds && changed) {
      for (const image of stills) if (changed.has(image.id)) afterImageChange(image);
      return;
    }
    stillIds = ids;
    replace(stillsList, stills.map(stillItem));
  }

  async function loadImages() {
    const list = await api('/v1/images', { query: { session_id: session.id, include: 'urls' }, signal: ctx.signal });
    const rows = list.data.map(toImage);
    const seen = new Set();
    const before = new Map([...images.values()].map((image) => [image.id, signature(image)]));
    for (const row of rows) {
      seen.add(row.id);
      const known = images.get(row.id);
      if (known) {
        // Keep the object (the viewer holds it) and the URLs already loaded (new signatures would
        // make every thumbnail load again).
        Object.assign(known, { ...row, urls: known.urls || row.urls });
      } else {
        images.set(row.id, row);
      }
    }
    for (const key of [...images.keys()]) if (!seen.has(key)) images.delete(key); // replaced by a reshoot
    await fillMissingUrls([...images.values()]);
    if (!ctx.active) return;
    const changed = new Set([...images.values()].filter((image) => before.get(image.id) !== signature(image)).map((image) => image.id));
    renderSpin(changed);
    renderStills(changed);
    updatePublishAll();
    schedulePoll();
  }

  function schedulePoll() {
    if (pollTimer) clearTimeout(pollTimer);
    const unsettled = session.status === 'active' || [...images.values()].some((image) => !FINAL_IMAGE_STATES.has(image.status));
    if (!unsettled || !ctx.active) return;
    pollTimer = setTimeout(async () => {
      pollTimer = null;
      if (document.hidden) { schedulePoll(); return; }
      try {
        await loadImages();
      } catch (error) {
        if (error.name !== 'AbortError' && ctx.active) console.warn('image poll failed', error);
        schedulePoll();
      }
    }, POLL_MS);
  }
  ctx.onCleanup(() => { if (pollTimer) clearTimeout(pollTimer); if (viewer) viewer.destroy(); });

  renderHeader();
  replace(container,
    h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'breadcrumb' }, h('a', { href: '#/sessions' }, 'Capture sessions')),
        h('h1', {}, title)),
      publishAll ? h('div', { class: 'toolbar' }, publishAll) : null),
    publishProgress,
    h('section', { class: 'panel session-summary', 'aria-label': 'Session' },
      meta,
      h('div', { class: 'status-form' },
        field('Change status', statusSelect),
        statusSave,
        statusHint)),
    spinSection,
    stillsSection);
  replace(spinSection, h('h2', { id: 'spin-title' }, '360° spin'), h('p', { class: 'muted' }, 'Loading frames…'));
  stillsSection.hidden = true;

  await loadImages();
}
