// One video (seed 003): its state live over the status WebSocket (/v1/video/{id}/status/stream, which
// sends the current state, then each change, and closes after READY or FAILED), and playback once READY:
// POST /v1/stream/{id}/playback gives a tokenised manifest URL (`/v1/play/<token>/manifest.m3u8`) that a
// <video> element can load without an Authorization header. Chromium plays HLS natively where it can;
// where it cannot, the page says so (segments are MPEG-TS, which Media Source Extensions do not take
// without a transmuxer).
//
// Existence is checked without the socket (a WebSocket cannot tell a 404 from a network error):
// GET /v1/stream/ready, then GET /v1/stream/{id}/manifest, whose 404 means unknown (or another org's)
// and 409 VIDEO_NOT_READY means it exists and is still processing.

import { api } from '../api.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatDate } from '../dom.js';
import { LiveSocket } from '../socket.js';
import { recent } from '../recent.js';
import { renderNotFound } from './not-found.js';

const HLS_TYPE = 'application/vnd.apple.mpegurl';
const STATE_TEXT = {
  UPLOADED: 'Uploaded — waiting to be processed',
  PROCESSING: 'Processing into HLS…',
  READY: 'Ready to play',
  FAILED: 'Processing failed',
};

export async function render(container, ctx) {
  const [id] = ctx.params;
  const path = encodeURIComponent(id);
  let state = null;
  try {
    const ready = await api('/v1/stream/ready', { signal: ctx.signal });
    if (Array.isArray(ready) && ready.includes(id)) {
      state = 'READY';
    } else {
      await api(`/v1/stream/${path}/manifest`, { expect: 'none', signal: ctx.signal });
      state = 'READY';
    }
  } catch (error) {
    if (error.status === 404) return renderNotFound(container, { what: 'video', backHref: '#/videos', backLabel: 'Back to videos', error });
    if (error.status === 409 && error.code === 'VIDEO_NOT_READY') state = (error.details && error.details.state) || 'PROCESSING';
    else throw error;
  }
  if (!ctx.active) return;

  const mine = recent('videos').find((v) => v.id === id);
  const title = mine && mine.name ? mine.name : `Video ${id.slice(0, 8)}`;
  document.title = `${title} · Relay`;
  const statusEl = h('p', { id: 'video-status', role: 'status', class: 'video-status' });
  const history = h('ol', { id: 'video-status-history', class: 'history small' });
  const player = h('video', { id: 'player', controls: true, playsinline: true, preload: 'metadata' });
  player.muted = true; // muted by default: autoplay is allowed and a reviewer's speakers stay quiet
  player.defaultMuted = true;
  const playerMessage = h('p', { id: 'player-message', class: 'muted', role: 'status' });
  const live = h('span', { id: 'live-status', class: 'live-status' });

  replace(container,
    h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'breadcrumb' }, h('a', { href: '#/videos' }, 'Videos')),
        h('h1', {}, title),
        h('p', { class: 'muted small' }, 'Id ', h('code', {}, id))),
      live),
    h('section', { class: 'panel', 'aria-labelledby': 'video-state-title' },
      h('h2', { id: 'video-state-title' }, 'Status'),
      statusEl,
      history),
    h('section', { class: 'panel player-panel', 'aria-labelledby': 'player-title' },
      h('h2', { id: 'player-title' }, 'Playback'),
      h('div', { class: 'player-frame' }, player),
      playerMessage));

  let renewTimer = null;
  let playbackStarted = false;
  let retriedAfterError = false;

  function showState(next, at) {
    state = next;
    statusEl.dataset.state = next;
    replace(statusEl, h('span', { class: ['status-badge', `status-${next.toLowerCase()}`] }, next), ' ', STATE_TEXT[next] || '',
      at ? h('span', { class: 'muted' }, ` (since ${formatDate(at, { seconds: true })})`) : null);
    const entry = h('li', { dataset: { state: next, at: at || '' } }, next, at ? ` · ${formatDate(at, { seconds: true })}` : '');
    const last = history.lastElementChild;
    if (!last || last.dataset.state !== next) history.append(entry);
    else if (at && !last.dataset.at) last.replaceWith(entry); // the socket's message adds the time the probe did not know
  }

  async function startPlayback({ resumeAt = null } = {}) {
    if (!player.canPlayType(HLS_TYPE)) {
      text(playerMessage, 'This browser cannot play HLS streams natively. Open the page in Chromium (with HLS support), Safari or Edge.');
      player.hidden = true;
      return;
    }
    let grant;
    try {
      grant = await api(`/v1/stream/${path}/playback`, { method: 'POST', signal: ctx.signal });
    } catch (error) {
      if (error.name === 'AbortError') return;
      showError(error, 'Playback could not start');
      return;
    }
    if (!ctx.active) return;
    playbackStarted = true;
    const wasPlaying = !player.paused;
    player.src = grant.url;
    if (resumeAt !== null) {
      player.addEventListener('loadedmetadata', () => { player.currentTime = resumeAt; }, { once: true });
    }
    text(playerMessage, '');
    if (resumeAt === null || wasPlaying) {
      player.play().catch((error) => {
        if (error.name !== 'AbortError') text(playerMessage, 'Press play to start the video.');
      });
    }
    scheduleRenewal(grant.expires_at);
  }

  // The playback token expires; fetch a new URL shortly before and carry on from the same time.
  function scheduleRenewal(expiresAt) {
    if (renewTimer) clearTimeout(renewTimer);
    const at = Date.parse(expiresAt || '');
    if (!Number.isFinite(at)) return;
    const delay = Math.max(10_000, at - Date.now() - 60_000);
    renewTimer = setTimeout(() => {
      renewTimer = null;
      if (ctx.active) startPlayback({ resumeAt: player.currentTime || 0 });
    }, delay);
  }

  player.addEventListener('error', () => {
    if (!playbackStarted) return;
    const code = player.error ? player.error.code : 0;
    // One retry with a fresh URL (an expired token or a playlist that changed under us).
    if (!retriedAfterError) {
      retriedAfterError = true;
      startPlayback({ resumeAt: player.currentTime || 0 });
      return;
    }
    text(playerMessage, `The video could not be played (media error ${code}).`);
  });
  player.addEventListener('playing', () => { retriedAfterError = false; text(playerMessage, ''); });

  showState(state);
  let socket = null;
  ctx.onCleanup(() => {
    if (socket) socket.close();
    if (renewTimer) clearTimeout(renewTimer);
    player.pause();
    player.removeAttribute('src');
    player.load();
  });

  if (state === 'READY') {
    text(live, '');
    await startPlayback();
    return;
  }
  if (state === 'FAILED') {
    text(playerMessage, 'Processing failed: there is nothing to play.');
    return;
  }
  text(playerMessage, 'The player starts when the video is ready.');
  socket = new LiveSocket(`/v1/video/${path}/status/stream`, {
    stopOnNormalClose: true,
    onStatus: (s) => { text(live, s === 'live' ? '● Live' : s === 'closed' ? '' : s === 'reconnecting' ? 'Reconnecting…' : ''); },
    onMessage: (message) => {
      if (!message || typeof message !== 'object' || !message.state) return;
      showState(message.state, message.timestamp);
      if (message.state === 'READY' && !playbackStarted) startPlayback();
      if (message.state === 'FAILED') text(playerMessage, 'Processing failed: there is nothing to play.');
    },
  });
  socket.start();
}
