// One video (seed 003). GET /v1/videos/{id} gives its existence (404 VIDEO_NOT_FOUND for an unknown or
// another org's id), file facts, state and failureReason. While it is neither READY nor FAILED, its state
// comes live over the status WebSocket (/v1/video/{id}/status/stream, which sends the current state, then
// each change, and closes after READY or FAILED). Once READY, POST /v1/stream/{id}/playback gives a
// tokenised manifest URL (`/v1/play/<token>/manifest.m3u8`) that a <video> element can load without an
// Authorization header. Chromium plays HLS natively where it can; where it cannot, the page says so
// (segments are MPEG-TS, which Media Source Extensions do not take without a transmuxer).

import { api } from '../api.js';
import { showError } from '../app-error.js';
import { h, replace, text, formatBytes, formatDate } from '../dom.js';
import { LiveSocket } from '../socket.js';
import { renderNotFound } from './not-found.js';
import { videoDuration } from './videos.js';

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
  let video;
  try {
    video = await api(`/v1/videos/${path}`, { signal: ctx.signal });
  } catch (error) {
    if (error.status === 404) return renderNotFound(container, { what: 'video', backHref: '#/videos', backLabel: 'Back to videos', error });
    throw error;
  }
  if (!ctx.active) return;
  let state = video.state;

  const title = video.fileName || `Video ${id.slice(0, 8)}`;
  document.title = `${title} · Relay`;
  const statusEl = h('p', { id: 'video-status', role: 'status', class: 'video-status' });
  const history = h('ol', { id: 'video-status-history', class: 'history small' });
  const player = h('video', { id: 'player', controls: true, playsinline: true, preload: 'metadata' });
  player.muted = true; // muted by default: autoplay is allowed and a reviewer's speakers stay quiet
  player.defaultMuted = true;
  const playerMessage = h('p', { id: 'player-message', class: 'muted', role: 'status' });
  const live = h('span', { id: 'live-status', class: 'live-status' });
  const facts = h('p', { id: 'video-facts', class: 'muted small' });
  const failure = h('p', { id: 'video-failure', class: 'warning', hidden: true });

  replace(container,
    h('div', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'breadcrumb' }, h('a', { href: '#/videos' }, 'Videos')),
        h('h1', {}, title),
        facts,
        h('p', { class: 'muted small' }, 'Id ', h('code', {}, id))),
      live),
    h('section', { class: 'panel', 'aria-labelledby': 'video-state-title' },
      h('h2', { id: 'video-state-title' }, 'Status'),
      statusEl,
      failure,
      history),
    h('section', { class: 'panel player-panel', 'aria-labelledby': 'player-title' },
      h('h2', { id: 'player-title' }, 'Playback'),
      h('div', { class: 'player-frame' }, player),
      playerMessage));

  function renderFacts() {
    const size = video.width && video.height ? `${video.width}×${video.height}` : null;
    replace(facts, [
      h('span', { class: 'video-duration' }, videoDuration(video.durationSeconds)),
      size,
      formatBytes(video.sizeBytes),
      video.createdAt ? ['uploaded ', h('time', { class: 'video-created', datetime: video.createdAt }, formatDate(video.createdAt))] : null,
    ].filter(Boolean).flatMap((part, i) => (i ? [' · ', part] : [part])));
  }

  function showFailure() {
    const reason = video.failureReason || 'no reason was recorded';
    text(failure, `Why: ${reason}`);
    failure.hidden = false;
    text(playerMessage, 'Processing failed: there is nothing to play.');
  }

  // Re-read the row after a final state arrives over the socket: duration, size and failureReason are
  // only known then.
  async function reread() {
    try {
      const row = await api(`/v1/videos/${path}`, { signal: ctx.signal });
      if (!ctx.active) return;
      video = row;
      renderFacts();
    } catch (error) {
      if (error.name !== 'AbortError' && ctx.active) showError(error, 'Reading the video failed');
    }
  }

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
    else if (at && !last.dataset.at) last.replaceWith(entry); // the socket's message adds a time the row did not give
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

  renderFacts();
  showState(state, video.updatedAt);
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
    showFailure();
    return;
  }
  // Still UPLOADED or PROCESSING: follow it live until it is READY or FAILED, then close the socket
  // (the server closes it too, with 1000).
  text(playerMessage, 'The player starts when the video is ready.');
  socket = new LiveSocket(`/v1/video/${path}/status/stream`, {
    stopOnNormalClose: true,
    onStatus: (s) => { text(live, s === 'live' ? '● Live' : s === 'reconnecting' ? 'Reconnecting…' : s === 'signed-out' ? 'Signed out' : ''); },
    onMessage: (message) => {
      if (!message || typeof message !== 'object' || !message.state) return;
      showState(message.state, message.timestamp);
      if (message.state !== 'READY' && message.state !== 'FAILED') return;
      if (socket) { socket.close(); socket = null; }
      text(live, '');
      if (message.state === 'READY') {
        if (!playbackStarted) startPlayback();
        reread();
      } else {
        text(playerMessage, 'Processing failed: there is nothing to play.');
        reread().then(() => { if (ctx.active) showFailure(); });
      }
    },
  });
  socket.start();
}
