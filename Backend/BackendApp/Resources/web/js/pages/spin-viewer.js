// The 360° spin viewer, a reusable class.
//
// Frames are given in angle order. The stage (#spin-viewer) is an ARIA slider over frame indexes:
// arrow keys step one frame (wrapping round the car), Home/End jump to the first/last, PageUp/PageDown
// an eighth of a turn; dragging horizontally moves one frame per `pxPerFrame` pixels (to the right =
// forward), with pointer capture so the drag keeps working outside the stage. The 600 px thumbnails of
// every frame are preloaded; the zoom toggle switches to the 1200 px ones; the original opens in a new tab.
// The ring (#spin-ring) shows every frame around a circle by its angle, marks QC failures/warnings and
// published frames, and jumps to a frame on click.

import { h, replace, text } from '../dom.js';
import { overallStatus, qcAriaText } from '../qc.js';

/** Angle as plain digits (`15`, `7.5`) — deliberately not localised, it is also a test hook. */
export function angleText(angle) {
  return String(Math.round(Number(angle) * 100) / 100);
}

export class SpinViewer {
  /**
   * @param {object} options
   *   frames: [{ id, angle, qc, status, urls: { '600', '1200', original } }] sorted by angle
   *   refreshUrls(frame) → Promise<urls|null>: fresh signed URLs after one expired (the img failed to load)
   *   onChange(frame, index): after every frame change (and once at start)
   *   pxPerFrame: drag distance per frame
   */
  constructor({ frames, refreshUrls = null, onChange = null, pxPerFrame = 10 }) {
    this.frames = frames;
    this.refreshUrls = refreshUrls;
    this.onChange = onChange || (() => {});
    this.pxPerFrame = pxPerFrame;
    this.index = 0;
    this.zoomed = false;
    this.preloaded = [];
    this.retried = new Set();
    this.drag = null;
    this.build();
    this.preload();
    this.show(0);
  }

  get current() { return this.frames[this.index]; }

  build() {
    const count = this.frames.length;
    this.image = h('img', {
      id: 'spin-image', alt: '', draggable: 'false', decoding: 'async',
      on: { error: () => this.handleImageError(), load: () => this.stage.classList.remove('loading') },
    });
    this.placeholder = h('p', { class: 'spin-placeholder', hidden: true });
    this.counter = h('span', { class: 'spin-counter', 'aria-hidden': 'true' });
    this.stage = h('div', {
      id: 'spin-viewer', class: 'spin-stage', tabindex: '0', role: 'slider',
      'aria-label': '360° spin: drag or use the arrow keys to turn',
      'aria-valuemin': '0', 'aria-valuemax': String(Math.max(0, count - 1)),
      dataset: { frameCount: count, frameIndex: 0 },
    }, this.image, this.placeholder, this.counter);

    this.zoomButton = h('button', { id: 'spin-zoom', type: 'button', class: 'secondary', 'aria-pressed': 'false' }, 'Zoom (1200 px)');
    this.originalLink = h('a', { id: 'spin-original', class: 'button secondary', target: '_blank', rel: 'noopener' }, 'Open original');
    const prev = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Previous frame' }, '◀');
    const next = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Next frame' }, '▶');
    prev.addEventListener('click', () => this.step(-1));
    next.addEventListener('click', () => this.step(1));
    this.zoomButton.addEventListener('click', () => this.setZoom(!this.zoomed));

    this.ringCenter = h('span', { class: 'ring-center', 'aria-hidden': 'true' });
    this.ring = h('ol', { id: 'spin-ring', class: ['spin-ring', count > 36 ? 'dense' : null], 'aria-label': 'Frames by angle' });
    this.ringItems = this.frames.map((frame, i) => {
      const button = h('button', { type: 'button', tabindex: '-1' }, h('span', { class: 'visually-hidden' }, `${angleText(frame.angle)}°`));
      const li = h('li', { dataset: { ringIndex: i } }, button);
      // Angle 0 at the top, clockwise, on a circle of 42% of the ring's size.
      const theta = (Number(frame.angle) * Math.PI) / 180;
      li.style.left = `${50 + 42 * Math.sin(theta)}%`;
      li.style.top = `${50 - 42 * Math.cos(theta)}%`;
      return li;
    });
    this.ring.append(...this.ringItems);
    this.ring.addEventListener('click', (event) => {
      const li = event.target.closest('li[data-ring-index]');
      if (li) {
        this.show(Number(li.dataset.ringIndex));
        this.stage.focus({ preventScroll: true });
      }
    });
    this.ringItems.forEach((_, i) => this.markRing(i));

    this.stage.addEventListener('keydown', (event) => this.handleKey(event));
    this.stage.addEventListener('pointerdown', (event) => this.pointerDown(event));
    this.stage.addEventListener('pointermove', (event) => this.pointerMove(event));
    this.stage.addEventListener('pointerup', (event) => this.pointerUp(event));
    this.stage.addEventListener('pointercancel', (event) => this.pointerUp(event));
    this.stage.addEventListener('lostpointercapture', () => { this.drag = null; this.stage.classList.remove('dragging'); });

    this.element = h('div', { class: 'spin' },
      h('div', { class: 'spin-main' },
        this.stage,
        h('div', { class: 'spin-controls' }, prev, next, this.zoomButton, this.originalLink),
        h('p', { class: 'hint' }, 'Drag the picture sideways, or focus it and use ← →, Home and End.')),
      h('div', { class: 'spin-ring-wrap' }, this.ring, this.ringCenter));
  }

  preload() {
    // Keep references so the browser does not drop them before they are shown.
    this.preloaded = this.frames.map((frame) => {
      const url = frame.urls && frame.urls['600'];
      if (!url) return null;
      const img = new Image();
      img.decoding = 'async';
      img.src = url;
      return img;
    });
  }

  markRing(i) {
    const frame = this.frames[i];
    const li = this.ringItems[i];
    const qc = overallStatus(frame.qc);
    li.classList.toggle('qc-fail', qc === 'fail');
    li.classList.toggle('qc-warn', qc === 'warn');
    li.classList.toggle('published', frame.status === 'published');
    li.classList.toggle('current', i === this.index);
    const label = `Frame ${i + 1}, angle ${angleText(frame.angle)}°, ${qcAriaText(frame.qc)}${frame.status === 'published' ? ', published' : ''}`;
    li.setAttribute('aria-label', label);
    const button = li.firstElementChild;
    button.setAttribute('aria-label', label);
    if (i === this.index) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }

  /** Call after a frame's status, QC or URLs changed (e.g. published). */
  refresh(frameId) {
    const i = this.frames.findIndex((frame) => frame.id === frameId);
    if (i >= 0) this.markRing(i);
    if (i === this.index) this.show(this.index);
  }

  step(delta) {
    const n = this.frames.length;
    if (n === 0) return;
    this.show((((this.index + delta) % n) + n) % n);
  }

  show(index, { force = false } = {}) {
    const n = this.frames.length;
    if (n === 0) return;
    const previous = this.index;
    this.index = Math.max(0, Math.min(n - 1, index));
    if (previous !== this.index) this.markRing(previous);
    this.markRing(this.index);
    const frame = this.current;
    const angle = angleText(frame.angle);
    this.stage.dataset.frameIndex = String(this.index);
    this.stage.setAttribute('aria-valuenow', String(this.index));
    this.stage.setAttribute('aria-valuetext', `angle ${angle}°`);
    text(this.counter, `${angle}° · ${this.index + 1}/${n}`);
    text(this.ringCenter, `${angle}°`);
    this.image.dataset.imageId = frame.id;
    this.image.dataset.angle = angle;
    this.image.alt = `Frame ${this.index + 1} of ${n}, angle ${angle}°`;

    const url = this.urlFor(frame);
    if (url) {
      if (force || this.image.getAttribute('src') !== url) {
        this.stage.classList.add('loading');
        this.image.src = url;
      }
      this.image.hidden = false;
      this.placeholder.hidden = true;
    } else {
      this.image.removeAttribute('src');
      this.image.hidden = true;
      this.placeholder.hidden = false;
      text(this.placeholder, frame.status === 'failed'
        ? 'This frame failed processing: no thumbnail.'
        : `No thumbnail yet (${frame.status || 'pending'}).`);
    }
    const original = frame.urls && frame.urls.original;
    if (original) {
      this.originalLink.href = original;
      this.originalLink.removeAttribute('aria-disabled');
      this.originalLink.classList.remove('disabled');
    } else {
      this.originalLink.removeAttribute('href');
      this.originalLink.setAttribute('aria-disabled', 'true');
      this.originalLink.classList.add('disabled');
    }
    if (this.zoomed) this.preloadZoomNeighbours();
    this.onChange(frame, this.index);
  }

  urlFor(frame) {
    const urls = frame.urls || {};
    if (this.zoomed) return urls['1200'] || urls['600'] || null;
    return urls['600'] || urls['1200'] || null;
  }

  setZoom(on) {
    this.zoomed = on;
    this.zoomButton.setAttribute('aria-pressed', String(on));
    this.stage.classList.toggle('zoomed', on);
    this.show(this.index);
  }

  preloadZoomNeighbours() {
    const n = this.frames.length;
    for (const d of [1, -1]) {
      const url = this.frames[(this.index + d + n) % n].urls?.['1200'];
      if (url) { const img = new Image(); img.src = url; }
    }
  }

  // Signed URLs expire (10 minutes): when the image fails, get fresh ones once per frame and retry.
  async handleImageError() {
    const frame = this.current;
    this.stage.classList.remove('loading');
    if (!this.refreshUrls || this.retried.has(frame.id) || !this.image.getAttribute('src')) return;
    this.retried.add(frame.id);
    const urls = await this.refreshUrls(frame);
    if (urls) {
      frame.urls = urls;
      if (this.current === frame) this.show(this.index, { force: true });
    }
  }

  handleKey(event) {
    const n = this.frames.length;
    const big = Math.max(1, Math.round(n / 8));
    const moves = {
      ArrowRight: () => this.step(1), ArrowUp: () => this.step(1),
      ArrowLeft: () => this.step(-1), ArrowDown: () => this.step(-1),
      PageUp: () => this.step(big), PageDown: () => this.step(-big),
      Home: () => this.show(0), End: () => this.show(n - 1),
    };
    const move = moves[event.key];
    if (!move || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    move();
  }

  pointerDown(event) {
    if (event.button !== 0 || this.frames.length === 0) return;
    event.preventDefault(); // no text selection or native image drag
    this.stage.focus({ preventScroll: true });
    this.drag = { id: event.pointerId, startX: event.clientX, startIndex: this.index };
    try { this.stage.setPointerCapture(event.pointerId); } catch { /* synthetic pointer */ }
    this.stage.classList.add('dragging');
  }

  pointerMove(event) {
    if (!this.drag || event.pointerId !== this.drag.id) return;
    const n = this.frames.length;
    const frames = Math.trunc((event.clientX - this.drag.startX) / this.pxPerFrame);
    const index = (((this.drag.startIndex + frames) % n) + n) % n;
    if (index !== this.index) this.show(index);
  }

  pointerUp(event) {
    if (!this.drag || event.pointerId !== this.drag.id) return;
    this.pointerMove(event);
    this.drag = null;
    this.stage.classList.remove('dragging');
    try { this.stage.releasePointerCapture(event.pointerId); } catch { /* already released */ }
  }

  destroy() {
    this.preloaded = [];
    replace(this.element);
  }
}
