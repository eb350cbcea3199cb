// Videos (seed 003): upload with progress (POST /v1/upload, multipart field `file`, through
// XMLHttpRequest for upload progress, with the bearer header), and a list. The API has no "my videos"
// listing, so the list is the videos uploaded in this tab plus GET /v1/stream/ready (the org's READY ids).

import { api, uploadForm } from '../api.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatBytes, formatDate, field } from '../dom.js';
import { recent, remember } from '../recent.js';

export async function render(container, ctx) {
  document.title = 'Videos · Relay';
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
  const list = h('ul', { id: 'video-list', class: 'video-list' });

  replace(container,
    h('div', { class: 'page-head' }, h('h1', {}, 'Videos')),
    form,
    h('section', { class: 'panel', 'aria-labelledby': 'video-list-title' },
      h('h2', { id: 'video-list-title' }, 'Videos'),
      h('p', { class: 'muted' }, 'Videos uploaded in this tab, and every video of your organisation that is ready to play.'),
      list));

  let upload = null;
  ctx.onCleanup(() => { if (upload) upload.abort(); });

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
    try {
      const body = await upload.promise;
      progress.value = 100;
      text(progressText, 'Uploaded; processing has started.');
      remember('videos', { id: body.videoId, name: file.name, size: file.size });
      replace(result, 'Uploaded. ', h('a', { id: 'upload-result-link', href: `#/videos/${body.videoId}` }, `Open ${file.name}`));
      form.reset();
      await loadList();
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
  });
  cancel.addEventListener('click', () => { if (upload) upload.abort(); });

  async function loadList() {
    let ready = [];
    try {
      ready = await api('/v1/stream/ready', { signal: ctx.signal });
    } catch (error) {
      if (error.name === 'AbortError') return;
      showError(error, 'Loading the ready videos failed');
    }
    if (!ctx.active) return;
    const readySet = new Set(Array.isArray(ready) ? ready : []);
    const mine = recent('videos');
    const seen = new Set();
    const items = [];
    for (const video of mine) {
      seen.add(video.id);
      items.push(item(video.id, video.name, readySet.has(video.id) ? 'READY' : 'uploaded', video));
    }
    // The ready list is oldest first: show the newest first.
    for (const id of [...readySet].reverse()) if (!seen.has(id)) items.push(item(id, null, 'READY'));
    list.replaceChildren(...(items.length ? items : [h('li', { class: 'muted' }, 'No videos yet.')]));
  }

  function item(id, name, state, info = {}) {
    return h('li', { dataset: { videoId: id, state } },
      h('a', { href: `#/videos/${id}` }, name || `Video ${id.slice(0, 8)}`),
      ' ',
      h('span', { class: ['status-badge', `status-${state.toLowerCase()}`] }, state === 'uploaded' ? 'uploaded here' : state),
      info.at ? h('span', { class: 'muted small' }, ` · uploaded ${formatDate(info.at)}${info.size ? ` · ${formatBytes(info.size)}` : ''}`) : null);
  }

  await loadList();
}
