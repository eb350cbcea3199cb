// Videos (seed 003): upload with progress (POST /v1/upload, multipart field `file`, through
// XMLHttpRequest for upload progress, with the bearer header), and the org's videos from
// GET /v1/videos?limit=&offset= (newest first, `{data,total,limit,offset,has_more}`). The page lives in
// the hash (`#/videos?offset=20`). While a listed video is still UPLOADED or PROCESSING the list is
// re-read every few seconds, so states change without a reload.

import { api, uploadForm } from '../api.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatBytes, formatDate, formatDuration, field } from '../dom.js';

const PAGE_SIZE = 20;
const POLL_MS = 5000;
const FINAL = new Set(['READY', 'FAILED']);

/** `m:ss` of a nullable `durationSeconds`. */
export function videoDuration(seconds) {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? formatDuration(seconds * 1000) : '—';
}

export function videoStateBadge(state) {
  return h('span', { class: ['status-badge', `status-${String(state || '').toLowerCase()}`, 'video-state'] }, state || '—');
}

export async function render(container, ctx) {
  document.title = 'Videos · Relay';
  let offset = Math.max(0, Number.parseInt(ctx.query.get('offset') || '0', 10) || 0);

  const fileInput = h('input', { id: 'video-file', name: 'file', type: 'file', accept: 'video/*', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Upload');
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel');
  const progress = h('progress', { id: 'upload-progress', max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
  const progressText = h('span', { id: 'upload-progress-text', class: 'muted', 'aria-live': 'polite' });
  const result = h('p', { id: 'upload-result', role: 'status' });
  const form = h('form', { id: 'video-upload', class: 'panel', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title' }, 'Upload a video'),
    field('Video file', fileInput, 'It is converted to HLS for streaming; H.264/AAC files are playable within seconds.'),
    h('div', { class: 'actions' }, submit, cancel),
    h('div', { class: 'upload-progress' }, progress, progressText),
    result);
  const list = h('ul', { id: 'video-list', class: 'video-list', 'aria-live': 'polite' });
  const prev = h('button', { id: 'video-page-prev', type: 'button', class: 'secondary' }, '← Previous');
  const next = h('button', { id: 'video-page-next', type: 'button', class: 'secondary' }, 'Next →');
  const info = h('span', { id: 'video-page-info', 'aria-live': 'polite' });

  replace(container,
    h('div', { class: 'page-head' }, h('h1', {}, 'Videos')),
    form,
    h('section', { class: 'panel', 'aria-labelledby': 'video-list-title' },
      h('h2', { id: 'video-list-title' }, 'Videos'),
      h('p', { class: 'muted' }, 'Every video of your organisation, newest first.'),
      list,
      h('div', { class: 'pager' }, prev, info, next)));

  let upload = null;
  let pollTimer = null;
  let shown = ''; // signature of the rendered rows: re-render only when something changed
  let justUploaded = null; // id of this tab's latest upload, kept at the top of the first page
  let loadSeq = 0; // only the latest read of the list may render (a poll can overlap a page change)
  ctx.onCleanup(() => {
    if (upload) upload.abort();
    if (pollTimer) clearTimeout(pollTimer);
  });

  function item(video) {
    const href = `#/videos/${encodeURIComponent(video.videoId)}`;
    const size = video.width && video.height ? `${video.width}×${video.height}` : null;
    return h('li', {
      dataset: { videoId: video.videoId, state: video.state },
      class: video.videoId === justUploaded ? 'just-uploaded' : null,
    },
    h('a', { class: 'video-name', href }, video.fileName || `Video ${video.videoId.slice(0, 8)}`),
    ' ',
    videoStateBadge(video.state),
    h('span', { class: 'muted small' },
      ' · ', h('span', { class: 'video-duration' }, videoDuration(video.durationSeconds)),
      size ? ` · ${size}` : '',
      ` · ${formatBytes(video.sizeBytes)}`,
      ' · uploaded ', h('time', { class: 'video-created', datetime: video.createdAt }, formatDate(video.createdAt))),
    video.state === 'FAILED' && video.failureReason
      ? h('span', { class: 'warning small video-failure' }, ` — ${video.failureReason}`) : null);
  }

  function renderList(data) {
    const signature = JSON.stringify(data.map((v) => [v.videoId, v.state, v.durationSeconds, v.fileName, v.videoId === justUploaded]));
    if (signature === shown && list.childElementCount) return;
    shown = signature;
    list.replaceChildren(...(data.length ? data.map(item) : [h('li', { class: 'muted' }, 'No videos yet.')]));
  }

  function schedulePoll(data) {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
    if (!data.some((v) => !FINAL.has(v.state))) return;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      if (!ctx.active) return;
      if (document.hidden) { schedulePoll(data); return; }
      loadList({ quiet: true });
    }, POLL_MS);
  }

  async function loadList({ quiet = false } = {}) {
    if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
    const seq = ++loadSeq;
    if (!quiet) {
      shown = '';
      list.replaceChildren(h('li', { class: 'muted' }, 'Loading…'));
      list.setAttribute('aria-busy', 'true');
      prev.disabled = true;
      next.disabled = true;
    }
    try {
      const page = await api('/v1/videos', { query: { limit: PAGE_SIZE, offset }, signal: ctx.signal });
      if (!ctx.active || seq !== loadSeq) return;
      let data = page.data || [];
      // Past the end (a bookmarked offset, or videos deleted meanwhile): go to the last page.
      if (data.length === 0 && offset > 0 && page.total > 0) {
        offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        ctx.replaceQuery({ offset: offset || null });
        return await loadList({ quiet });
      }
      // The list is newest first, so a fresh upload is its first row; keep it there even if another
      // upload with the same timestamp sorted ahead of it.
      if (offset === 0 && justUploaded) {
        const index = data.findIndex((v) => v.videoId === justUploaded);
        if (index > 0) data = [data[index], ...data.slice(0, index), ...data.slice(index + 1)];
      }
      renderList(data);
      const start = Number.isFinite(page.offset) ? page.offset : offset;
      text(info, `${page.total === 0 ? 0 : start + 1}–${start + data.length} of ${page.total}`);
      prev.disabled = start === 0;
      next.disabled = !page.has_more;
      schedulePoll(data);
    } catch (error) {
      if (!ctx.active || error.name === 'AbortError' || seq !== loadSeq) return;
      if (!quiet) {
        list.replaceChildren(h('li', { class: 'muted' }, 'The videos could not be loaded.'));
        text(info, '');
      }
      showError(error, 'Loading the videos failed');
    } finally {
      if (seq === loadSeq) list.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files && fileInput.files[0];
    if (!file) { text(result, 'Choose a video file first.'); fileInput.focus(); return; }
    const data = new FormData();
    data.append('file', file, file.name);
    submit.disabled = true;
    fileInput.disabled = true;
    cancel.hidden = false;
    progress.hidden = false;
    progress.value = 0;
    text(result, '');
    text(progressText, `Uploading ${file.name}…`);
    upload = uploadForm('/v1/upload', data, {
      onProgress: (loaded, total) => {
        const size = total || file.size;
        const percent = size ? Math.min(100, (loaded / size) * 100) : 0;
        progress.value = percent;
        text(progressText, `${Math.round(percent)}% — ${formatBytes(loaded)} of ${formatBytes(size)}`);
      },
    });
    let body = null;
    try {
      body = await upload.promise;
    } catch (error) {
      text(progressText, '');
      progress.hidden = true;
      if (error.code !== 'ABORTED') showError(error, 'Upload failed');
      else text(result, 'Upload cancelled.');
    } finally {
      upload = null;
      submit.disabled = false;
      fileInput.disabled = false;
      cancel.hidden = true;
    }
    if (!body || !ctx.active) return;
    progress.value = 100;
    text(progressText, 'Uploaded; processing has started.');
    replace(result, 'Uploaded. ', h('a', { id: 'upload-result-link', href: `#/videos/${encodeURIComponent(body.videoId)}` }, `Open ${file.name}`));
    form.reset();
    // Show the first page, where the new video is the newest.
    justUploaded = body.videoId;
    offset = 0;
    ctx.replaceQuery({ offset: null });
    await loadList();
  });
  cancel.addEventListener('click', () => { if (upload) upload.abort(); });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - PAGE_SIZE); ctx.replaceQuery({ offset: offset || null }); loadList(); });
  next.addEventListener('click', () => { offset += PAGE_SIZE; ctx.replaceQuery({ offset }); loadList(); });

  await loadList();
}
