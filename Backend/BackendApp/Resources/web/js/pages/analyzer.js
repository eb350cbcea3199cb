// Analyzer (seed 002), kept simple: upload media (POST /v1/files/upload), pick a master and a dub from
// the media roots (GET /v1/files), start a sync analysis (POST /v1/analysis/sync), watch the job
// registry (GET /v1/job-registry, polled), cancel (DELETE /v1/analysis/{id}), draw a finished
// analysis's waveforms aligned by its offset (GET /v1/waveforms/analysis/{id}), and share a batch
// queue with every other browser of the org (GET/POST /v1/batch-queue with `version`: a stale save is
// 409 CONFLICT, and the change is re-applied to the fresh queue).

import { api, uploadForm } from '../api.js';
import { currentUser } from '../auth.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatDate, formatNumber, formatBytes, field } from '../dom.js';
import { drawPeaks } from '../waveform.js';

const POLL_MS = 3000;
const METHODS = [
  { value: 'spectral', label: 'Spectral (GCC-PHAT)', checked: true },
  { value: 'onset', label: 'Onsets' },
  { value: 'mfcc', label: 'MFCC' },
];
const ACTIVE = new Set(['queued', 'processing']);

function randomId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function' && window.isSecureContext) return window.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const baseName = (path) => (path || '').split('/').filter(Boolean).pop() || path || '—';

export async function render(container, ctx) {
  document.title = 'Analyzer · Relay';
  const clientId = `web-${randomId()}`;
  const user = currentUser();

  // ---- upload
  const uploadInput = h('input', { id: 'analyzer-file', type: 'file', multiple: true, accept: 'audio/*,video/*' });
  const uploadProgress = h('progress', { id: 'analyzer-upload-progress', max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
  const uploadText = h('span', { class: 'muted', 'aria-live': 'polite' });
  const uploadForm_ = h('form', { id: 'analyzer-upload', class: 'inline-form' },
    field('Upload media files', uploadInput),
    h('button', { type: 'submit', class: 'secondary' }, 'Upload'),
    uploadProgress, uploadText);

  // ---- analysis form
  const master = h('select', { id: 'analysis-master', required: true });
  const dub = h('select', { id: 'analysis-dub', required: true });
  const methodBoxes = METHODS.map((m) => h('input', { type: 'checkbox', id: `method-${m.value}`, value: m.value, checked: !!m.checked }));
  const threshold = h('input', { id: 'analysis-threshold', type: 'number', min: '0', max: '1', step: '0.05', value: '0.5' });
  const analyse = h('button', { id: 'analysis-submit', type: 'submit', class: 'primary' }, 'Analyse');
  const queueAdd = h('button', { id: 'queue-add', type: 'button', class: 'secondary' }, 'Add to batch queue');
  const analysisForm = h('form', { id: 'analysis-form', class: 'analysis-form' },
    h('div', { class: 'grid-2' }, field('Master file', master), field('Dub file', dub)),
    h('fieldset', { class: 'methods' }, h('legend', {}, 'Methods'),
      METHODS.map((m, i) => h('label', { class: 'check' }, methodBoxes[i], ` ${m.label}`))),
    field('Confidence threshold (0–1)', threshold),
    h('div', { class: 'actions' }, analyse, queueAdd));
  const submitNote = h('p', { id: 'analysis-note', role: 'status', class: 'muted' });

  // ---- registry, waveforms, queue
  const registryBody = h('tbody');
  const registry = h('table', { id: 'job-registry', class: 'data-table' },
    h('caption', { class: 'visually-hidden' }, 'Analyses of the last 24 hours'),
    h('thead', {}, h('tr', {}, ['Started', 'Master → dub', 'Source', 'Status', 'Result', ''].map((l) => h('th', { scope: 'col' }, l)))),
    registryBody);
  const waveSection = h('section', { id: 'analysis-waveforms', class: 'panel', 'aria-labelledby': 'waves-title', hidden: true });
  const queueList = h('ol', { id: 'batch-queue-items', class: 'queue' });
  const queueVersion = h('span', { id: 'batch-queue-version', class: 'muted small' });
  const queueRun = h('button', { id: 'queue-run', type: 'button', class: 'primary' }, 'Run the queue');
  const queueClear = h('button', { id: 'queue-clear', type: 'button', class: 'secondary' }, 'Clear');
  const queueNote = h('p', { class: 'muted', role: 'status' });

  replace(container,
    h('div', { class: 'page-head' }, h('h1', {}, 'Analyzer')),
    h('section', { class: 'panel', 'aria-labelledby': 'submit-title' },
      h('h2', { id: 'submit-title' }, 'Sync analysis'),
      uploadForm_,
      analysisForm,
      submitNote),
    h('section', { id: 'batch-queue', class: 'panel', 'aria-labelledby': 'queue-title' },
      h('h2', { id: 'queue-title' }, 'Batch queue ', queueVersion),
      h('p', { class: 'muted' }, 'Shared with everyone in your organisation; it updates every few seconds.'),
      queueList,
      h('div', { class: 'actions' }, queueRun, queueClear),
      queueNote),
    h('section', { class: 'panel', 'aria-labelledby': 'registry-title' },
      h('h2', { id: 'registry-title' }, 'Job registry'),
      h('div', { class: 'table-wrap' }, registry)),
    waveSection);

  const timers = new Map(); // poller label → its pending timeout
  ctx.onCleanup(() => timers.forEach(clearTimeout));

  // ---- files
  let files = [];
  async function loadFiles() {
    const root = await api('/v1/files', { signal: ctx.signal });
    let found = root.files || [];
    if ((root.directories || []).some((d) => d.name === 'uploads')) {
      const uploads = await api('/v1/files', { query: { path: 'uploads' }, signal: ctx.signal });
      found = found.concat(uploads.files || []);
    }
    files = found.filter((f) => f.type !== 'unknown');
    if (!ctx.active) return;
    for (const select of [master, dub]) {
      const previous = select.value;
      replace(select, files.length
        ? files.map((f) => h('option', { value: f.id || f.path }, `${f.name}${f.duration_seconds ? ` (${formatNumber(f.duration_seconds, 1)} s)` : ''}`))
        : [h('option', { value: '' }, 'No media files yet: upload some')]);
      if (previous && files.some((f) => (f.id || f.path) === previous)) select.value = previous;
    }
    if (files.length > 1 && master.value === dub.value) dub.selectedIndex = 1;
  }
  const fileName = (value) => { const f = files.find((x) => (x.id || x.path) === value); return f ? f.name : baseName(value); };

  uploadForm_.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = [...(uploadInput.files || [])];
    if (!chosen.length) { text(uploadText, 'Choose one or more files.'); return; }
    uploadProgress.hidden = false;
    try {
      for (const [i, file] of chosen.entries()) {
        const data = new FormData();
        data.append('file', file, file.name);
        const task = uploadForm('/v1/files/upload', data, {
          onProgress: (loaded, total) => {
            uploadProgress.value = total ? (loaded / total) * 100 : 0;
            text(uploadText, `${file.name} (${i + 1}/${chosen.length}): ${formatBytes(loaded)} of ${formatBytes(total || file.size)}`);
          },
        });
        ctx.onCleanup(task.abort);
        await task.promise;
      }
      text(uploadText, `Uploaded ${chosen.length} file(s).`);
      uploadForm_.reset();
      await loadFiles();
    } catch (error) {
      if (error.code !== 'ABORTED') showError(error, 'Upload failed');
    } finally {
      uploadProgress.hidden = true;
    }
  });

  function chosenMethods() {
    const methods = methodBoxes.filter((box) => box.checked).map((box) => box.value);
    return methods.length ? methods : ['spectral'];
  }

  async function startAnalysis(item) {
    return api('/v1/analysis/sync', {
      method: 'POST', signal: ctx.signal,
      json: { master_file: item.master_file, dub_file: item.dub_file, methods: item.methods, confidence_threshold: item.confidence_threshold },
    });
  }

  function currentItem() {
    const value = Number(threshold.value);
    return {
      id: randomId(),
      master_file: master.value, dub_file: dub.value,
      master_name: fileName(master.value), dub_name: fileName(dub.value),
      methods: chosenMethods(),
      confidence_threshold: Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5,
      added_by: user ? (user.full_name || user.email) : null,
      added_at: new Date().toISOString(),
    };
  }

  analysisForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!master.value || !dub.value) { text(submitNote, 'Choose a master and a dub file.'); return; }
    analyse.disabled = true;
    try {
      const started = await startAnalysis(currentItem());
      text(submitNote, `Analysis ${started.analysis_id} queued.`);
      await loadRegistry();
    } catch (error) {
      showError(error, 'The analysis could not start');
    } finally {
      analyse.disabled = false;
    }
  });

  // ---- job registry
  let jobs = [];
  function resultText(result) {
    if (!result || typeof result !== 'object') return '—';
    if (typeof result.offset_seconds === 'number') {
      return `${formatNumber(result.offset_seconds * 1000, 2)} ms · confidence ${formatNumber(result.confidence, 3)}${result.classification ? ` · ${result.classification}` : ''}`;
    }
    return result.classification || '—';
  }
  function renderRegistry() {
    registryBody.replaceChildren(...(jobs.length ? jobs.map((job) => {
      const active = ACTIVE.has(job.status);
      const cancel = active ? h('button', { type: 'button', class: 'secondary small-button', dataset: { cancel: job.job_id } }, 'Cancel') : null;
      const waves = job.status === 'completed' ? h('button', { type: 'button', class: 'secondary small-button', dataset: { waves: job.job_id } }, 'Waveforms') : null;
      return h('tr', { dataset: { jobId: job.job_id, status: job.status } },
        h('td', {}, h('time', { datetime: job.created_at }, formatDate(job.created_at))),
        h('td', {}, `${job.master_name || baseName(job.master_file)} → ${baseName(job.dub_file)}`,
          job.component_count > 1 ? h('span', { class: 'muted small' }, ` (+${job.component_count - 1} components)`) : null),
        h('td', {}, job.source + (job.batch_id ? ` ${job.batch_id.slice(0, 8)}` : '')),
        h('td', {}, h('span', { class: ['status-badge', `status-${job.status}`] }, job.status),
          active ? h('progress', { max: '100', value: String(job.progress || 0), 'aria-label': `Progress of ${job.job_id}` }) : null),
        h('td', { class: 'small' }, resultText(job.result)),
        h('td', {}, cancel, waves));
    }) : [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No analyses in the last 24 hours.'))]));
  }
  async function loadRegistry() {
    const answer = await api('/v1/job-registry', { query: { since_hours: 24 }, signal: ctx.signal });
    jobs = answer.jobs || [];
    if (ctx.active) renderRegistry();
  }
  registryBody.addEventListener('click', async (event) => {
    const cancel = event.target.closest('button[data-cancel]');
    const waves = event.target.closest('button[data-waves]');
    if (cancel) {
      cancel.disabled = true;
      try {
        await api(`/v1/analysis/${encodeURIComponent(cancel.dataset.cancel)}`, { method: 'DELETE', signal: ctx.signal });
        await loadRegistry();
      } catch (error) { showError(error, 'Cancelling failed'); cancel.disabled = false; }
    } else if (waves) {
      showWaveforms(waves.dataset.waves);
    }
  });

  // ---- waveforms
  async function showWaveforms(analysisId) {
    waveSection.hidden = false;
    replace(waveSection, h('h2', { id: 'waves-title' }, 'Waveforms'), h('p', { class: 'muted' }, 'Loading…'));
    try {
      const job = jobs.find((j) => j.job_id === analysisId);
      const [pair, analysis] = await Promise.all([
        api(`/v1/waveforms/analysis/${encodeURIComponent(analysisId)}`, { query: { width: 1500 }, signal: ctx.signal }),
        api(`/v1/analysis/${encodeURIComponent(analysisId)}`, { signal: ctx.signal }),
      ]);
      if (!ctx.active) return;
      const offset = analysis.result && typeof analysis.result.offset_seconds === 'number' ? analysis.result.offset_seconds : 0;
      const aligned = h('input', { id: 'wave-aligned', type: 'checkbox', checked: true });
      const masterCanvas = h('canvas', { id: 'wave-master', class: 'analysis-wave', height: '90', role: 'img', 'aria-label': `Waveform of ${pair.master.source_name}` });
      const dubCanvas = pair.dub ? h('canvas', { id: 'wave-dub', class: 'analysis-wave', height: '90', role: 'img', 'aria-label': `Waveform of ${pair.dub.source_name}` }) : null;
      const draw = () => {
        // The dub's sound at dub time td is at master time td − offset: the dub starts at −offset.
        const dubStart = aligned.checked ? -offset : 0;
        const t0 = Math.min(0, pair.dub ? dubStart : 0);
        const t1 = Math.max(pair.master.duration, pair.dub ? dubStart + pair.dub.duration : 0);
        drawPeaks(masterCanvas, { peaks: pair.master.peaks, rms: pair.master.rms, duration: pair.master.duration, startSeconds: 0, t0, t1 });
        if (dubCanvas) drawPeaks(dubCanvas, { peaks: pair.dub.peaks, rms: pair.dub.rms, duration: pair.dub.duration, startSeconds: dubStart, t0, t1 });
      };
      aligned.addEventListener('change', draw);
      replace(waveSection,
        h('h2', { id: 'waves-title' }, `Waveforms — ${job ? `${job.master_name} → ${baseName(job.dub_file)}` : analysisId}`),
        h('p', {}, `Offset ${formatNumber(offset * 1000, 2)} ms (dub minus master${offset > 0 ? ': the dub is late' : ''}).`),
        h('label', { class: 'check' }, aligned, ' Align the dub by the offset'),
        h('figure', {}, h('figcaption', {}, `Master: ${pair.master.source_name}`), masterCanvas),
        dubCanvas ? h('figure', {}, h('figcaption', {}, `Dub: ${pair.dub.source_name}`), dubCanvas) : null);
      draw();
      waveSection.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      if (error.name === 'AbortError') return;
      replace(waveSection, h('h2', { id: 'waves-title' }, 'Waveforms'), h('p', { class: 'muted' }, 'The waveforms could not be loaded.'));
      showError(error, 'Loading waveforms failed');
    }
  }

  // ---- shared batch queue
  let queue = { items: [], version: 0 };
  function renderQueue() {
    text(queueVersion, `(version ${queue.version}${queue.updated_at ? `, saved ${formatDate(queue.updated_at, { seconds: true })}` : ''})`);
    queueList.dataset.version = String(queue.version);
    const items = Array.isArray(queue.items) ? queue.items : [];
    queueList.replaceChildren(...(items.length ? items.map((item, index) => {
      const remove = h('button', { type: 'button', class: 'link-button', dataset: { remove: item && item.id ? item.id : String(index) }, 'aria-label': `Remove pair ${index + 1} from the queue` }, 'Remove');
      const label = item && typeof item === 'object'
        ? `${item.master_name || baseName(item.master_file)} → ${item.dub_name || baseName(item.dub_file)}`
        : JSON.stringify(item);
      return h('li', { dataset: { itemId: item && item.id ? item.id : String(index) } },
        label,
        item && item.methods ? h('span', { class: 'muted small' }, ` · ${item.methods.join(', ')}`) : null,
        item && item.added_by ? h('span', { class: 'muted small' }, ` · added by ${item.added_by}`) : null,
        ' ', remove);
    }) : [h('li', { class: 'muted empty' }, 'The queue is empty.')]));
    queueRun.disabled = items.length === 0;
    queueClear.disabled = items.length === 0;
  }
  async function loadQueue() {
    const next = await api('/v1/batch-queue', { signal: ctx.signal });
    if (!ctx.active) return;
    if (next.version !== queue.version || !queueList.childElementCount) {
      queue = next;
      renderQueue();
    }
  }
  /** Apply `change(items) → items` to the freshest queue; on a version conflict, reload and re-apply. */
  async function saveQueue(change) {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const items = change((Array.isArray(queue.items) ? queue.items : []).slice());
      try {
        queue = await api('/v1/batch-queue', {
          method: 'POST', signal: ctx.signal,
          headers: { 'If-Match': `"${queue.version}"` },
          json: { items, clientId, version: queue.version },
        });
        renderQueue();
        return true;
      } catch (error) {
        if (error.status !== 409) throw error;
        queue = await api('/v1/batch-queue', { signal: ctx.signal }); // someone else saved first
      }
    }
    throw new Error('The queue kept changing under us; try again.');
  }
  queueAdd.addEventListener('click', async () => {
    if (!master.value || !dub.value) { text(submitNote, 'Choose a master and a dub file.'); return; }
    const item = currentItem();
    try {
      await saveQueue((items) => [...items, item]);
      text(queueNote, `Added ${item.master_name} → ${item.dub_name}.`);
    } catch (error) { showError(error, 'Saving the queue failed'); }
  });
  queueList.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-remove]');
    if (!button) return;
    const key = button.dataset.remove;
    try {
      await saveQueue((items) => items.filter((item, index) => (item && item.id ? item.id : String(index)) !== key));
    } catch (error) { showError(error, 'Saving the queue failed'); }
  });
  queueClear.addEventListener('click', async () => {
    try { await saveQueue(() => []); } catch (error) { showError(error, 'Saving the queue failed'); }
  });
  queueRun.addEventListener('click', async () => {
    queueRun.disabled = true;
    // Take the items off the shared queue first, so two browsers pressing Run do not both start them.
    let taken = [];
    try {
      await saveQueue((items) => { taken = items.filter((item) => item && item.master_file && item.dub_file); return items.filter((item) => !taken.includes(item)); });
    } catch (error) { showError(error, 'Saving the queue failed'); renderQueue(); return; }
    let started = 0;
    const failed = [];
    for (const item of taken) {
      try { await startAnalysis(item); started += 1; } catch (error) { failed.push(error); }
    }
    text(queueNote, `Started ${started} of ${taken.length} analyses.`);
    if (failed.length) showError(failed[0], `${failed.length} queued pair(s) could not start`);
    loadRegistry().catch(() => {});
  });

  // ---- polling (paused while the tab is hidden)
  function poll(fn, label) {
    const tick = async () => {
      if (!ctx.active) return;
      if (!document.hidden) {
        try { await fn(); } catch (error) { if (error.name !== 'AbortError' && ctx.active) console.warn(`${label} poll failed`, error); }
      }
      if (ctx.active) timers.set(label, setTimeout(tick, POLL_MS));
    };
    timers.set(label, setTimeout(tick, POLL_MS));
  }

  const results = await Promise.allSettled([loadFiles(), loadRegistry(), loadQueue()]);
  for (const r of results) if (r.status === 'rejected' && r.reason.name !== 'AbortError') showError(r.reason, 'Loading the analyzer failed');
  renderQueue();
  poll(loadRegistry, 'registry');
  poll(loadQueue, 'queue');
}
