// Sync review of a multi-camera recording (seed 000): each camera's waveform placed on the master's
// timeline at its offset, the engine's correlation plot, confidence and classification; nudging a
// camera's offset (buttons, or focus the row and use ←/→ for 1 ms, Shift for 10 ms); auditioning two
// cameras' proxies together from a chosen point, aligned by the offset; approving the computed offsets or
// submitting corrected ones; the review history.
//
// Offsets are `t_camera − t_master` in ms for the same sound: a sound at master time tm is at camera
// time tm + offset, so the camera's recording starts at master time −offset. The master is 0.
//
// Waveforms: the API has no per-camera waveform endpoint, so each camera's `audio-wav` derivative (a
// signed URL) is read here into an 8 kHz amplitude envelope — fine enough to see a 1 ms nudge when zoomed.
// Files over 100 MB are not downloaded; their row shows the placement bar only.

import { api } from '../api.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatDate, formatNumber, formatDuration, field } from '../dom.js';
import { prepareCanvas, cssVar, loadWavEnvelope, envelopeMax } from '../waveform.js';

const CLASS_LABELS = { 'looks-good': 'looks good', 'review-suggested': 'review suggested', 'no-match': 'no match' };
const ZOOMS = [
  { value: 'all', label: 'Whole recording' },
  { value: '10000', label: '10 s around the point' },
  { value: '1000', label: '1 s around the point' },
  { value: '100', label: '100 ms around the point' },
  { value: '20', label: '20 ms around the point' },
];
const AUDITION_SECONDS = 12;

const round2 = (x) => Math.round(x * 100) / 100;
export const formatMs = (ms) => `${ms > 0 ? '+' : ''}${formatNumber(ms, 2)} ms`;

function signed(delta) { return `${delta > 0 ? '+' : '−'}${Math.abs(delta)}`; }

export class SyncReview {
  /**
   * @param {object} o
   *   sessionId, user (for approvedBy/correctedBy), signal (the page's), onReviewed() after approve/correct
   *   (computing a sync lives on the recording page)
   */
  constructor({ sessionId, user, signal, onReviewed }) {
    this.sessionId = sessionId;
    this.user = user;
    this.signal = signal;
    this.onReviewed = onReviewed || (() => {});
    this.sync = null;
    this.assets = [];
    this.pending = {};
    this.pendingKey = null;
    this.envelopes = new Map(); // camera → envelope | 'loading' | 'error: …'
    this.focusMs = 0;
    this.zoom = 'all';
    this.rows = new Map();
    this.audition = { timers: [], playing: false };
    this.build();
    this.onResize = () => {
      if (this.resizeFrame) return;
      this.resizeFrame = requestAnimationFrame(() => { this.resizeFrame = null; this.drawAll(); });
    };
    window.addEventListener('resize', this.onResize);
  }

  build() {
    this.summary = h('div', { class: 'sync-summary' });
    this.zoomSelect = h('select', { id: 'sync-zoom' }, ZOOMS.map((z) => h('option', { value: z.value }, z.label)));
    this.zoomSelect.addEventListener('change', () => { this.zoom = this.zoomSelect.value; this.drawAll(); });
    this.scale = h('p', { class: 'sync-scale muted', 'aria-live': 'polite' });
    this.cameras = h('div', { class: 'sync-cameras' });

    // Audition
    this.auditionCamera = h('select', { id: 'audition-camera' });
    this.auditionFrom = h('input', { id: 'audition-from', type: 'number', min: '0', step: '0.01', value: '0', inputmode: 'decimal' });
    this.auditionButton = h('button', { id: 'audition', type: 'button', class: 'secondary' }, '▶ Audition');
    this.auditionStop = h('button', { id: 'audition-stop', type: 'button', class: 'secondary', disabled: true }, '■ Stop');
    this.auditionNote = h('p', { class: 'hint', role: 'status' });
    this.masterVideo = h('video', { class: 'audition-video', playsinline: true, preload: 'metadata', 'aria-label': 'Master camera proxy' });
    this.cameraVideo = h('video', { class: 'audition-video', playsinline: true, preload: 'metadata', 'aria-label': 'Auditioned camera proxy' });
    this.videos = h('div', { class: 'audition-videos', hidden: true }, this.masterVideo, this.cameraVideo); // shown from the first audition
    for (const video of [this.masterVideo, this.cameraVideo]) {
      video.addEventListener('error', () => { if (video.getAttribute('src')) text(this.auditionNote, 'A proxy could not be played.'); });
    }
    this.auditionFrom.addEventListener('change', () => {
      const seconds = Number(this.auditionFrom.value);
      if (Number.isFinite(seconds) && seconds >= 0) { this.focusMs = seconds * 1000; this.drawAll(); }
    });
    this.auditionButton.addEventListener('click', () => this.play());
    this.auditionStop.addEventListener('click', () => this.stop());
    this.auditionCamera.addEventListener('change', () => { this.stop(); this.drawAll(); });

    // Review
    this.notes = h('textarea', { id: 'sync-notes', rows: '2', maxlength: '2000' });
    this.approveButton = h('button', { id: 'sync-approve', type: 'button', class: 'primary' }, 'Approve computed offsets');
    this.correctButton = h('button', { id: 'sync-correct', type: 'button', class: 'secondary' }, 'Submit corrected offsets');
    this.resetButton = h('button', { id: 'sync-reset', type: 'button', class: 'link-button' }, 'Reset nudges');
    this.reviewStatus = h('p', { id: 'sync-review-status', role: 'status' });
    this.approveButton.addEventListener('click', () => this.review('approve'));
    this.correctButton.addEventListener('click', () => this.review('correct'));
    this.resetButton.addEventListener('click', () => { this.resetPending(); this.renderCameras(); });
    this.history = h('ol', { id: 'sync-history', class: 'history' });
    this.historyEmpty = h('p', { class: 'muted' }, 'No reviews yet.');

    this.element = h('section', { id: 'sync-review', class: 'panel', 'aria-labelledby': 'sync-review-title' },
      h('h2', { id: 'sync-review-title' }, 'Sync review'),
      this.summary,
      h('div', { class: 'sync-toolbar' }, field('Timeline', this.zoomSelect), this.scale),
      h('p', { class: 'hint' }, 'Focus a camera row and use ← → to nudge its offset by 1 ms (Shift: 10 ms). Click a waveform to choose the audition point.'),
      this.cameras,
      h('div', { class: 'audition' },
        h('h3', {}, 'Audition'),
        h('div', { class: 'audition-controls' },
          field('Camera with the master', this.auditionCamera),
          field('From (seconds, master time)', this.auditionFrom),
          this.auditionButton, this.auditionStop),
        this.auditionNote,
        this.videos),
      h('div', { class: 'review-form' },
        field('Review notes (optional)', this.notes),
        h('div', { class: 'actions' }, this.approveButton, this.correctButton, this.resetButton),
        this.reviewStatus),
      h('h3', {}, 'History'),
      this.historyEmpty,
      this.history);
  }

  // ---- data

  /** New data from the API. Keeps the nudges while the result under review is the same. */
  update({ sync, assets }) {
    this.sync = sync;
    this.assets = assets || [];
    const key = `${sync.computedAt}|${sync.operatorStatus}|${JSON.stringify(sync.finalOffsets || null)}`;
    if (key !== this.pendingKey) {
      this.pendingKey = key;
      this.resetPending();
    }
    this.renderSummary();
    this.renderCameras();
    this.renderAudition();
    this.renderHistory();
    this.loadWaveforms();
  }

  serverOffsets() {
    return (this.sync && (this.sync.finalOffsets || this.sync.offsets)) || {};
  }

  cameraList() {
    const offsets = this.serverOffsets();
    const master = this.sync.masterCamera;
    const others = Object.keys(offsets).filter((c) => c !== master).sort();
    return Object.keys(offsets).length ? [master, ...others] : [];
  }

  resetPending() {
    const offsets = this.serverOffsets();
    this.pending = {};
    for (const camera of Object.keys(offsets)) this.pending[camera] = round2(Number(offsets[camera]) || 0);
    if (this.sync) this.pending[this.sync.masterCamera] = 0;
  }

  isNudged() {
    const offsets = this.serverOffsets();
    return Object.keys(this.pending).some((c) => Math.abs(this.pending[c] - round2(Number(offsets[c]) || 0)) > 0.001);
  }

  /** The camera's first file (chapter 1, or the lowest). */
  firstAsset(camera) {
    return this.assets
      .filter((a) => a.cameraLabel === camera)
      .sort((a, b) => (a.chapter || 1) - (b.chapter || 1))[0] || null;
  }

  derivative(camera, kind) {
    const asset = this.firstAsset(camera);
    return asset && (asset.derivatives || []).find((d) => d.kind === kind);
  }

  durationMs(camera) {
    const envelope = this.envelopes.get(camera);
    if (envelope && typeof envelope === 'object') return envelope.durationMs;
    const asset = this.firstAsset(camera);
    return (asset && asset.metadata && asset.metadata.durationMs) || 0;
  }

  async loadWaveforms() {
    for (const camera of this.cameraList()) {
      if (this.envelopes.has(camera)) continue;
      const wav = this.derivative(camera, 'audio-wav');
      if (!wav || !wav.url) continue;
      this.envelopes.set(camera, 'loading');
      loadWavEnvelope(wav.url, { sizeHint: wav.sizeBytes ?? null, signal: this.signal })
        .then((envelope) => { this.envelopes.set(camera, envelope); })
        .catch((error) => {
          if (error.name === 'AbortError') return;
          this.envelopes.set(camera, `error: ${error.message}`);
        })
        .finally(() => {
          if (this.signal.aborted) return;
          const row = this.rows.get(camera);
          if (row) this.describeWave(camera, row);
          this.drawAll();
        });
    }
  }

  // ---- rendering

  renderSummary() {
    const s = this.sync;
    const state = s.running ? 'A new sync is being computed (showing the previous result).'
      : s.operatorStatus === 'approved' ? 'Approved.'
        : s.operatorStatus === 'corrected' ? 'Corrected by hand.'
          : 'Waiting for review.';
    const inconsistent = (s.inconsistentCameras || []).length
      ? h('p', { class: 'warning' }, `⚠ Cameras ${s.inconsistentCameras.join(', ')} do not agree pairwise (AB + BC ≠ AC): check them closely.`)
      : null;
    replace(this.summary,
      h('p', { id: 'sync-state', dataset: { operatorStatus: s.operatorStatus || 'pending' } }, h('strong', {}, state)),
      h('p', { class: 'muted' },
        `Master camera ${s.masterCamera}`,
        s.method ? ` · method ${s.method}` : '',
        s.computedAt ? ` · computed ${formatDate(s.computedAt)}` : ''),
      s.engine ? h('p', { class: 'muted small' }, s.engine) : null,
      s.lastError ? h('p', { class: 'warning' }, `Last run failed: ${s.lastError}`) : null,
      inconsistent);
    const busy = !!s.running;
    this.approveButton.disabled = busy || !this.cameraList().length;
    this.updateButtons();
  }

  updateButtons() {
    const busy = !!(this.sync && this.sync.running) || this.reviewing;
    this.approveButton.disabled = busy || !this.cameraList().length;
    this.correctButton.disabled = busy || !this.isNudged();
    this.resetButton.disabled = !this.isNudged();
  }

  renderCameras() {
    const cameras = this.cameraList();
    this.rows.clear();
    if (!cameras.length) {
      replace(this.cameras, h('p', { class: 'muted' }, 'No offsets to review.'));
      return;
    }
    const s = this.sync;
    const inconsistent = new Set(s.inconsistentCameras || []);
    const rows = cameras.map((camera) => {
      const isMaster = camera === s.masterCamera;
      const offset = this.pending[camera] ?? 0;
      const server = round2(Number(this.serverOffsets()[camera]) || 0);
      const offsetEl = h('span', { class: 'sync-offset', 'aria-live': 'polite' }, formatMs(offset));
      const confidence = isMaster ? null : (s.confidence || {})[camera];
      const cls = isMaster ? null : (s.classification || {})[camera];
      const canvas = h('canvas', { class: 'sync-wave', height: '72', 'aria-hidden': 'true' });
      const waveNote = h('p', { class: 'wave-note muted small' });
      const row = h('div', {
        class: ['sync-camera', isMaster ? 'master' : null, inconsistent.has(camera) ? 'inconsistent' : null],
        dataset: { cameraId: camera, offsetMs: offset, serverOffsetMs: server },
        tabindex: isMaster ? null : '0',
        role: 'group',
        'aria-label': isMaster ? `Camera ${camera}, master` : `Camera ${camera}: offset; ← → nudge 1 ms, Shift 10 ms`,
      },
      h('div', { class: 'sync-camera-head' },
        h('strong', { class: 'camera-name' }, `Camera ${camera}${isMaster ? ' (master)' : ''}`),
        offsetEl,
        !isMaster && Math.abs(offset - server) > 0.001 ? h('span', { class: 'muted small nudged' }, `(computed ${formatMs(server)})`) : null,
        isMaster ? null : h('span', { class: 'sync-confidence', dataset: { confidence: confidence ?? '' } },
          `confidence ${confidence === undefined || confidence === null ? '—' : formatNumber(confidence, 3)}`),
        isMaster ? null : h('span', { class: ['sync-class', cls ? `class-${cls}` : null] }, CLASS_LABELS[cls] || cls || '—'),
        !isMaster && s.driftPpm && s.driftPpm[camera] ? h('span', { class: 'muted small' }, `drift ${formatNumber(s.driftPpm[camera])} ppm`) : null,
        inconsistent.has(camera) ? h('span', { class: 'warning small' }, '⚠ inconsistent') : null),
      isMaster ? null : h('div', { class: 'nudges', role: 'group', 'aria-label': `Nudge camera ${camera}` },
        [-10, -1, 1, 10].map((delta) => h('button', {
          type: 'button', class: 'secondary nudge', dataset: { delta },
          'aria-label': `Nudge camera ${camera} ${signed(delta)} ms`,
        }, `${signed(delta)} ms`))),
      canvas,
      waveNote,
      this.filesList(camera),
      this.plot(camera));
      row.addEventListener('keydown', (event) => {
        if (isMaster || event.target !== row) return;
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        event.preventDefault();
        const step = event.shiftKey ? 10 : 1;
        this.nudge(camera, event.key === 'ArrowRight' ? step : -step);
      });
      row.addEventListener('click', (event) => {
        const button = event.target.closest('button.nudge');
        if (button) this.nudge(camera, Number(button.dataset.delta));
      });
      canvas.addEventListener('click', (event) => this.pickPoint(canvas, event));
      const entry = { row, canvas, offsetEl, waveNote };
      this.rows.set(camera, entry);
      this.describeWave(camera, entry);
      return row;
    });
    // Keep keyboard focus on the same camera across re-renders.
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('.sync-camera');
    const focusedCamera = focused && this.cameras.contains(focused) ? focused.dataset.cameraId : null;
    replace(this.cameras, ...rows);
    if (focusedCamera && this.rows.get(focusedCamera)) this.rows.get(focusedCamera).row.focus({ preventScroll: true });
    this.updateButtons();
    this.drawAll();
  }

  describeWave(camera, entry) {
    const state = this.envelopes.get(camera);
    let note = '';
    if (state === 'loading') note = 'Loading the waveform…';
    else if (typeof state === 'string') note = `Waveform not shown (${state.replace(/^error: /, '')}); the bar shows the placement.`;
    else if (!state && !this.derivative(camera, 'audio-wav')) note = 'No audio derivative: the bar shows the placement.';
    text(entry.waveNote, note);
    entry.waveNote.hidden = !note;
  }

  filesList(camera) {
    const files = this.sync.files && this.sync.files[camera];
    if (!files || files.length < 2) return null;
    return h('ul', { class: 'sync-files small' }, files.map((f) => h('li', {},
      `File ${f.chapter}: offset ${formatMs(f.offsetMs)}, confidence ${formatNumber(f.confidence, 3)}, ${CLASS_LABELS[f.classification] || f.classification}`,
      f.startMs === null || f.startMs === undefined ? ' (not placed)' : ` · master ${formatDuration(f.startMs)}–${formatDuration(f.endMs)}`,
      f.gapBeforeMs !== null && f.gapBeforeMs !== undefined ? ` · gap ${formatMs(f.gapBeforeMs)}` : '')));
  }

  plot(camera) {
    const plots = (this.sync.debugArtifacts && this.sync.debugArtifacts.correlationPlots) || {};
    const url = plots[camera];
    if (!url) return null;
    return h('details', { class: 'correlation' },
      h('summary', {}, `Correlation plot, camera ${camera} against ${this.sync.masterCamera}`),
      h('img', { src: url, alt: `Correlation of camera ${camera} against the master: the peak marks the offset`, loading: 'lazy', class: 'correlation-plot' }));
  }

  renderHistory() {
    const entries = (this.sync.history || []).slice().reverse(); // newest first
    this.historyEmpty.hidden = entries.length > 0;
    replace(this.history, entries.map((entry) => h('li', { dataset: { action: entry.action } },
      h('strong', {}, entry.action),
      ` by ${entry.by || entry.userId || 'someone'} · `,
      h('time', { datetime: entry.at }, formatDate(entry.at)),
      entry.offsets ? h('span', { class: 'muted' }, ` · ${Object.entries(entry.offsets).sort().map(([c, v]) => `${c} ${formatMs(v)}`).join(', ')}`) : null,
      entry.notes ? h('p', { class: 'history-notes' }, entry.notes) : null)));
  }

  renderAudition() {
    const master = this.sync.masterCamera;
    const others = this.cameraList().filter((c) => c !== master);
    const previous = this.auditionCamera.value;
    replace(this.auditionCamera, others.map((c) => h('option', { value: c }, `Camera ${c}`)));
    if (others.includes(previous)) this.auditionCamera.value = previous;
    const hasProxies = !!this.derivative(master, 'proxy') && others.some((c) => this.derivative(c, 'proxy'));
    this.auditionButton.disabled = !hasProxies || !others.length;
    text(this.auditionNote, hasProxies ? 'Plays the master and the chosen camera together for a few seconds, aligned by the offset shown.' : 'No proxies to audition yet.');
  }

  // ---- timeline and drawing

  /** Visible master-time window [t0, t1] in ms. */
  window() {
    if (this.zoom !== 'all') {
      const width = Number(this.zoom);
      return [this.focusMs - width / 2, this.focusMs + width / 2];
    }
    let t0 = 0;
    let t1 = this.durationMs(this.sync.masterCamera) || 1000;
    for (const camera of this.cameraList()) {
      const start = -(this.pending[camera] || 0);
      t0 = Math.min(t0, start);
      t1 = Math.max(t1, start + (this.durationMs(camera) || 0));
    }
    const pad = (t1 - t0) * 0.02;
    return [t0 - pad, t1 + pad];
  }

  drawAll() {
    if (!this.sync) return;
    const [t0, t1] = this.window();
    const span = t1 - t0;
    text(this.scale, `Showing ${span >= 2000 ? `${formatNumber(span / 1000, 1)} s` : `${formatNumber(span, 1)} ms`} of the master timeline`);
    for (const [camera, entry] of this.rows) this.draw(camera, entry.canvas, t0, t1);
  }

  draw(camera, canvas, t0, t1) {
    const { ctx, width, height } = prepareCanvas(canvas);
    const x = (tm) => ((tm - t0) / (t1 - t0)) * width;
    const offset = this.pending[camera] || 0;
    const duration = this.durationMs(camera);
    ctx.fillStyle = cssVar('--canvas-bg', '#fff');
    ctx.fillRect(0, 0, width, height);

    // Placement bar(s): the recording spans master time [−offset, −offset + duration].
    ctx.fillStyle = cssVar(camera === this.sync.masterCamera ? '--bar-master' : '--bar', '#dde');
    const files = this.sync.files && this.sync.files[camera];
    const shift = offset - round2(Number(this.serverOffsets()[camera]) || 0);
    if (files && files.length > 1) {
      for (const f of files) {
        if (f.startMs === null || f.startMs === undefined) continue;
        const a = x(f.startMs - shift);
        const b = x((f.endMs ?? f.startMs + f.durationMs) - shift);
        ctx.fillRect(a, 4, Math.max(1, b - a), height - 8);
      }
    } else if (duration > 0) {
      const a = x(-offset);
      const b = x(-offset + duration);
      ctx.fillRect(a, 4, Math.max(1, b - a), height - 8);
    }

    // Envelope: for each pixel, the loudest sample of the camera's audio under it.
    const envelope = this.envelopes.get(camera);
    const mid = height / 2;
    if (envelope && typeof envelope === 'object') {
      ctx.fillStyle = cssVar(camera === this.sync.masterCamera ? '--wave-master' : '--wave', '#246');
      const msPerPx = (t1 - t0) / width;
      for (let px = 0; px < width; px += 1) {
        const tm = t0 + px * msPerPx;
        const peak = envelopeMax(envelope, tm + offset, tm + msPerPx + offset);
        if (peak <= 0) continue;
        const half = Math.max(0.5, Math.min(1, peak * 1.6) * (mid - 6));
        ctx.fillRect(px, mid - half, 1, half * 2);
      }
    }

    // Master time 0 and the audition point.
    ctx.fillStyle = cssVar('--canvas-axis', '#888');
    const zero = x(0);
    if (zero >= 0 && zero <= width) ctx.fillRect(Math.round(zero), 0, 1, height);
    ctx.fillStyle = cssVar('--accent', '#c50');
    const focus = x(this.focusMs);
    if (focus >= 0 && focus <= width) ctx.fillRect(Math.round(focus) - 1, 0, 2, height);
  }

  pickPoint(canvas, event) {
    const rect = canvas.getBoundingClientRect();
    const [t0, t1] = this.window();
    const tm = t0 + ((event.clientX - rect.left) / rect.width) * (t1 - t0);
    this.focusMs = Math.max(0, Math.round(tm));
    this.auditionFrom.value = String(round2(this.focusMs / 1000));
    this.drawAll();
  }

  nudge(camera, delta) {
    this.pending[camera] = round2((this.pending[camera] || 0) + delta);
    const entry = this.rows.get(camera);
    if (entry) {
      entry.row.dataset.offsetMs = String(this.pending[camera]);
      text(entry.offsetEl, formatMs(this.pending[camera]));
      const server = round2(Number(this.serverOffsets()[camera]) || 0);
      let note = entry.row.querySelector('.nudged');
      if (Math.abs(this.pending[camera] - server) > 0.001) {
        if (!note) {
          note = h('span', { class: 'muted small nudged' });
          entry.offsetEl.after(note);
        }
        text(note, `(computed ${formatMs(server)})`);
      } else if (note) note.remove();
    }
    this.updateButtons();
    this.drawAll();
  }

  // ---- audition

  async play() {
    this.stop();
    const camera = this.auditionCamera.value;
    const masterProxy = this.derivative(this.sync.masterCamera, 'proxy');
    const cameraProxy = this.derivative(camera, 'proxy');
    if (!masterProxy || !cameraProxy) {
      text(this.auditionNote, `Camera ${camera} has no proxy to play.`);
      return;
    }
    const from = Math.max(0, Number(this.auditionFrom.value) || 0);
    const offsetSeconds = (this.pending[camera] || 0) / 1000;
    const cameraFrom = from + offsetSeconds; // the same sound, on the camera's clock
    const m = this.masterVideo;
    const c = this.cameraVideo;
    if (m.getAttribute('src') !== masterProxy.url) m.src = masterProxy.url;
    if (c.getAttribute('src') !== cameraProxy.url) c.src = cameraProxy.url;
    m.muted = false;
    c.muted = false;
    this.videos.hidden = false;
    this.audition.playing = true;
    this.auditionStop.disabled = false;
    text(this.auditionNote, `Playing the master and camera ${camera} from ${formatNumber(from, 2)} s, offset ${formatMs(this.pending[camera] || 0)}…`);
    try {
      await Promise.all([seek(m, from), seek(c, Math.max(0, cameraFrom))]);
      if (!this.audition.playing) return;
      // A camera that started after this point joins when its recording begins.
      const lateBy = cameraFrom < 0 ? -cameraFrom : 0;
      await m.play();
      if (lateBy > 0) this.audition.timers.push(setTimeout(() => { if (this.audition.playing) c.play().catch(() => {}); }, lateBy * 1000));
      else await c.play();
      // Starting two elements is never exact: once both run, pull the camera into line if it is off by > 20 ms.
      this.audition.timers.push(setTimeout(() => {
        if (!this.audition.playing || c.paused) return;
        const target = m.currentTime + offsetSeconds;
        if (target >= 0 && Math.abs(c.currentTime - target) > 0.02) c.currentTime = target;
      }, 500 + lateBy * 1000));
      this.audition.timers.push(setTimeout(() => this.stop(), AUDITION_SECONDS * 1000));
    } catch (error) {
      this.stop();
      text(this.auditionNote, `Audition failed: ${error.message}`);
    }
  }

  stop() {
    for (const timer of this.audition.timers) clearTimeout(timer);
    this.audition.timers = [];
    this.audition.playing = false;
    this.masterVideo.pause();
    this.cameraVideo.pause();
    this.auditionStop.disabled = true;
  }

  // ---- approve / correct

  async review(kind) {
    const by = (this.user && (this.user.full_name || this.user.email)) || undefined;
    const notes = this.notes.value.trim() || undefined;
    let body;
    if (kind === 'approve') {
      body = { approvedBy: by, notes };
    } else {
      const offsets = {};
      for (const camera of this.cameraList()) offsets[camera] = camera === this.sync.masterCamera ? 0 : this.pending[camera];
      body = { correctedBy: by, notes, offsets };
    }
    this.reviewing = true;
    this.updateButtons();
    text(this.reviewStatus, kind === 'approve' ? 'Approving…' : 'Submitting the corrected offsets…');
    try {
      const result = await api(`/v2/sessions/${encodeURIComponent(this.sessionId)}/sync/${kind}`, { method: 'POST', json: body, signal: this.signal });
      this.notes.value = '';
      text(this.reviewStatus, kind === 'approve'
        ? `Approved. The recording is ${result.status || 'updated'}.`
        : `Corrected offsets saved. The recording is ${result.status || 'updated'}.`);
      this.reviewing = false;
      await this.onReviewed(result);
    } catch (error) {
      this.reviewing = false;
      text(this.reviewStatus, '');
      if (error.name !== 'AbortError') showError(error, kind === 'approve' ? 'Approving failed' : 'Correcting failed');
    } finally {
      this.reviewing = false;
      this.updateButtons();
    }
  }

  destroy() {
    this.stop();
    window.removeEventListener('resize', this.onResize);
    for (const video of [this.masterVideo, this.cameraVideo]) {
      video.removeAttribute('src');
      video.load();
    }
  }
}

/** Seek a media element once it has metadata; resolves when the seek is done. */
function seek(media, seconds) {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => { cleanup(); reject(new Error('the proxy did not load in time')); }, 15000);
    const cleanup = () => {
      clearTimeout(timeout);
      media.removeEventListener('loadedmetadata', onMeta);
      media.removeEventListener('seeked', onSeeked);
      media.removeEventListener('error', onError);
    };
    const onSeeked = () => { cleanup(); resolve(); };
    const onError = () => { cleanup(); reject(new Error('the proxy could not be loaded')); };
    const go = () => {
      const target = Number.isFinite(media.duration) ? Math.min(seconds, Math.max(0, media.duration - 0.05)) : seconds;
      if (Math.abs(media.currentTime - target) < 0.001 && !media.seeking) { cleanup(); resolve(); return; }
      media.addEventListener('seeked', onSeeked);
      media.currentTime = target;
    };
    const onMeta = () => { media.removeEventListener('loadedmetadata', onMeta); go(); };
    media.addEventListener('error', onError);
    if (media.readyState >= 1) go();
    else { media.addEventListener('loadedmetadata', onMeta); media.load(); }
  });
}
