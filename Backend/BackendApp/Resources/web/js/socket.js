// A WebSocket that keeps itself connected: exponential backoff with jitter, a fresh access token on the
// URL for every attempt (browsers cannot set an Authorization header on a WebSocket, so the server takes
// `?access_token=` on upgrade requests), and a callback after a reconnect so the page re-reads the state
// it may have missed while disconnected.
//
// Close codes the backend uses: 1000 after a final state (video status), 1008 when the token expired or
// the caller was revoked (reconnect with a fresh token), 1013 when the client fell behind (reconnect and
// re-read).

import { freshToken, refresh } from './auth.js';

export class LiveSocket {
  /**
   * @param {string} path  e.g. `/v2/sessions/<id>/events`
   * @param {object} options
   *   onMessage(data)   parsed JSON (or the raw string when it is not JSON)
   *   onReconnect()     after every successful reconnection (not the first connection)
   *   onStatus(state)   'connecting' | 'live' | 'reconnecting' | 'closed' | 'signed-out'
   *   stopOnNormalClose a 1000 close is final (no reconnect)
   */
  constructor(path, { onMessage, onReconnect, onStatus, stopOnNormalClose = false, maxDelayMs = 30_000 } = {}) {
    this.path = path;
    this.onMessage = onMessage || (() => {});
    this.onReconnect = onReconnect || (() => {});
    this.onStatus = onStatus || (() => {});
    this.stopOnNormalClose = stopOnNormalClose;
    this.maxDelayMs = maxDelayMs;
    this.ws = null;
    this.stopped = false;
    this.attempts = 0;
    this.connectedOnce = false;
    this.timer = null;
    this.forceRefresh = false;
    this.handleOnline = () => { if (!this.ws && !this.stopped) this.connectNow(); };
  }

  start() {
    this.stopped = false;
    window.addEventListener('online', this.handleOnline);
    this.connect();
    return this;
  }

  close() {
    this.stopped = true;
    window.removeEventListener('online', this.handleOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      try { ws.close(1000, 'page closed'); } catch { /* already closing */ }
    }
  }

  connectNow() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.connect();
  }

  async connect() {
    if (this.stopped) return;
    this.onStatus(this.connectedOnce ? 'reconnecting' : 'connecting');
    if (this.forceRefresh) {
      this.forceRefresh = false;
      await refresh();
    }
    const token = await freshToken(60);
    if (this.stopped) return;
    if (!token) {
      this.onStatus('signed-out');
      return;
    }
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${window.location.host}${this.path}?access_token=${encodeURIComponent(token)}`;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.addEventListener('open', () => {
      if (this.ws !== ws) return;
      const reconnected = this.connectedOnce;
      this.connectedOnce = true;
      this.attempts = 0;
      this.onStatus('live');
      if (reconnected) this.onReconnect();
    });
    ws.addEventListener('message', (event) => {
      if (this.ws !== ws) return;
      let data = event.data;
      if (typeof data === 'string') {
        try { data = JSON.parse(data); } catch { /* keep the string */ }
      }
      this.onMessage(data);
    });
    ws.addEventListener('close', (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (event.code === 1000 && this.stopOnNormalClose) {
        this.stopped = true;
        this.onStatus('closed');
        return;
      }
      if (event.code === 1008) this.forceRefresh = true; // token expired or revoked: get a new one first
      this.scheduleReconnect();
    });
    // 'error' is always followed by 'close'; reconnection is handled there.
  }

  scheduleReconnect() {
    if (this.stopped) return;
    const base = Math.min(this.maxDelayMs, 1000 * 2 ** this.attempts);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempts = Math.min(this.attempts + 1, 10);
    this.onStatus('reconnecting');
    this.timer = setTimeout(() => { this.timer = null; this.connect(); }, delay);
  }
}
