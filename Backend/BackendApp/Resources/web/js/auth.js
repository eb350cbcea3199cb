// Sign-in state for the page.
//
// Design (documented for the issue): the refresh token lives only in an HttpOnly, SameSite=Strict cookie
// set by `POST /v1/web/session`; the page never sees it. The short-lived access token lives only in this
// module's variables — never in localStorage/sessionStorage — so a reload starts with no token and asks
// `POST /v1/web/session/refresh` (cookie + `X-Relay-CSRF: 1`, a header a cross-site form cannot send) for
// a fresh one. The access token is renewed shortly before it expires and on any 401.

import { ApiError, errorFromResponse, setTokenHooks } from './api.js';

const SESSION = '/v1/web/session';
const CSRF_HEADER = 'X-Relay-CSRF';
// Renew this long before `expires_in` runs out (background tabs may fire timers up to a minute late).
const RENEW_MARGIN_MS = 120_000;

let accessToken = null;
let user = null;
let expiresAt = 0;
let renewTimer = null;
let inflight = null;
const listeners = new Set();

export function token() { return accessToken; }
export function currentUser() { return user; }
export function isSignedIn() { return accessToken !== null && user !== null; }

/** Reviewers and admins may publish images. */
export function canPublish() {
  return !!user && (user.role === 'reviewer' || user.role === 'admin');
}

/** `fn(user|null)` on every sign-in and sign-out. Returns an unsubscribe function. */
export function onAuthChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function notify() {
  for (const fn of listeners) {
    try { fn(user); } catch (error) { console.warn('auth listener failed', error); }
  }
}

function adopt(body) {
  if (!body || typeof body.access_token !== 'string' || !body.access_token) return false;
  const wasSignedIn = isSignedIn();
  const previousUser = user ? user.id : null;
  accessToken = body.access_token;
  user = body.user || user;
  const seconds = Number(body.expires_in) > 0 ? Number(body.expires_in) : 300;
  expiresAt = Date.now() + seconds * 1000;
  scheduleRenewal(seconds * 1000);
  if (!wasSignedIn || previousUser !== (user && user.id)) notify();
  return true;
}

function clear({ silent = false } = {}) {
  const was = isSignedIn();
  accessToken = null;
  user = null;
  expiresAt = 0;
  if (renewTimer) clearTimeout(renewTimer);
  renewTimer = null;
  if (was && !silent) notify();
}

function scheduleRenewal(lifetimeMs) {
  if (renewTimer) clearTimeout(renewTimer);
  const delay = Math.max(5_000, Math.min(lifetimeMs - RENEW_MARGIN_MS, lifetimeMs * 0.8));
  renewTimer = setTimeout(async () => {
    renewTimer = null;
    const outcome = await refreshDetailed();
    if (outcome === 'signed-out') clear();
    else if (outcome !== 'ok') scheduleRenewal(Math.max(35_000, expiresAt - Date.now())); // network trouble: try again
  }, delay);
}

async function sessionRequest(method, path, { json, csrf = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (csrf) headers[CSRF_HEADER] = '1';
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, {
    method,
    headers,
    body: json === undefined ? undefined : JSON.stringify(json),
    credentials: 'same-origin',
    cache: 'no-store',
  });
}

// Refresh outcome: 'ok', 'signed-out' (no valid session cookie), or 'error' (network, 429, 5xx).
async function refreshOnce() {
  let response;
  try {
    response = await sessionRequest('POST', `${SESSION}/refresh`, { csrf: true });
  } catch {
    return 'error';
  }
  if (response.status === 200) {
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    return adopt(body) ? 'ok' : 'signed-out';
  }
  // 204 (no session cookie: a plain signed-out page load, which logs no failed request) and 401 (an
  // unknown, spent or expired cookie, which the server also clears) both mean signed out; so does a
  // 200 without a token.
  if (response.status === 401 || response.status === 204 || response.status === 403) return 'signed-out';
  return 'error';
}

/**
 * One refresh at a time — in this tab (a shared promise) and across tabs (Web Locks, where available):
 * the refresh cookie rotates on every use, so two concurrent spends of the same cookie would look like a
 * replayed token to the server.
 */
function refreshDetailed() {
  if (!inflight) {
    const run = () => refreshOnce();
    const locked = navigator.locks && typeof navigator.locks.request === 'function'
      ? navigator.locks.request('relay-web-session-refresh', run)
      : run();
    inflight = locked.finally(() => { inflight = null; });
  }
  return inflight;
}

/** Get a fresh access token. Resolves true when signed in afterwards. */
export async function refresh() {
  const outcome = await refreshDetailed();
  if (outcome === 'signed-out') clear();
  return outcome === 'ok';
}

/**
 * On page load: resume the session from the cookie. Resolves the user, or null when signed out.
 * Rejects with ApiError only for a network failure or server error.
 */
export async function restore() {
  const outcome = await refreshDetailed();
  if (outcome === 'ok') return user;
  if (outcome === 'signed-out') return null;
  throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'Could not reach the server to resume your session' });
}

/** Email/password sign-in. Resolves the user; rejects with ApiError (401 bad credentials, 429 throttled). */
export async function signIn(email, password) {
  let response;
  try {
    response = await sessionRequest('POST', SESSION, { json: { email, password } });
  } catch (error) {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: `Could not reach the server (${error.message})` });
  }
  if (!response.ok) throw await errorFromResponse(response);
  const body = await response.json();
  if (!adopt(body)) throw new ApiError({ status: response.status, code: 'BAD_RESPONSE', message: 'The server sent no access token' });
  return user;
}

/** Sign out: the server clears the cookie and revokes the session. Local state is cleared regardless. */
export async function signOut() {
  try {
    const response = await sessionRequest('DELETE', SESSION, { csrf: true });
    if (!response.ok && response.status !== 401) throw await errorFromResponse(response);
  } finally {
    clear();
  }
}

/** A token valid for at least `minSeconds` more (for WebSocket URLs, which cannot be retried on 401). */
export async function freshToken(minSeconds = 30) {
  if (accessToken && expiresAt - Date.now() > minSeconds * 1000) return accessToken;
  return (await refresh()) ? accessToken : null;
}

setTokenHooks({ token: () => accessToken, refresh });
