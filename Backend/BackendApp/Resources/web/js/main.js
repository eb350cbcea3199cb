// Boot and hash router. The server serves only `/`; pages live at `#/sessions`, `#/sessions/<id>`,
// `#/recordings`, `#/recordings/<id>`, `#/videos`, `#/videos/<id>`, `#/analyzer`.
//
// Each navigation gets a fresh container and a context whose `signal` aborts and whose cleanups
// (sockets, timers, media) run when the user leaves the page, so a slow page can never write into the
// next one or keep a socket open behind it.

import { restore, onAuthChange, currentUser, signOut } from './auth.js';
import { showError, clearError } from './app-error.js';
import { h, replace, text, focusHeading } from './dom.js';
import * as login from './pages/login.js';
import * as notFound from './pages/not-found.js';
import * as sessions from './pages/sessions.js';
import * as session from './pages/session.js';
import * as recordings from './pages/recordings.js';
import * as recording from './pages/recording.js';
import * as videos from './pages/videos.js';
import * as video from './pages/video.js';
import * as analyzer from './pages/analyzer.js';

const DEFAULT_ROUTE = '#/sessions';

const routes = [
  { pattern: /^\/sessions$/, page: sessions, nav: 'sessions' },
  { pattern: /^\/sessions\/([^/]+)$/, page: session, nav: 'sessions' },
  { pattern: /^\/recordings$/, page: recordings, nav: 'recordings' },
  { pattern: /^\/recordings\/([^/]+)$/, page: recording, nav: 'recordings' },
  { pattern: /^\/videos$/, page: videos, nav: 'videos' },
  { pattern: /^\/videos\/([^/]+)$/, page: video, nav: 'videos' },
  { pattern: /^\/analyzer$/, page: analyzer, nav: 'analyzer' },
];

const main = document.getElementById('main');
const header = document.getElementById('app-header');
let current = null; // { controller, cleanups }
let lastRoute = null;

function parseHash() {
  const raw = window.location.hash.slice(1); // drop '#'
  const [path, queryString = ''] = raw.split('?');
  return { path: path || '/', query: new URLSearchParams(queryString) };
}

function leaveCurrent() {
  if (!current) return;
  current.controller.abort();
  for (const fn of current.cleanups.splice(0)) {
    try { fn(); } catch (error) { console.warn('cleanup failed', error); }
  }
  current = null;
}

function markNav(name) {
  for (const link of document.querySelectorAll('a[data-nav]')) {
    if (link.dataset.nav === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function route() {
  if (!currentUser()) return; // the sign-in form is showing
  const hash = window.location.hash;
  if (!hash.startsWith('#/')) {
    // The skip link and other in-page anchors are not routes.
    if (hash === '' || hash === '#') window.location.replace(DEFAULT_ROUTE);
    return;
  }
  if (hash === lastRoute) return;
  lastRoute = hash;
  leaveCurrent();
  clearError();
  const { path, query } = parseHash();
  const controller = new AbortController();
  const cleanups = [];
  current = { controller, cleanups };
  const container = h('div', { class: 'page' });
  replace(main, container);

  let match = null;
  let entry = null;
  for (const candidate of routes) {
    match = candidate.pattern.exec(path);
    if (match) { entry = candidate; break; }
  }
  markNav(entry ? entry.nav : null);
  const ctx = {
    params: match ? match.slice(1).map(decodeURIComponent) : [],
    query,
    signal: controller.signal,
    onCleanup(fn) {
      if (controller.signal.aborted) fn();
      else cleanups.push(fn);
    },
    get active() { return !controller.signal.aborted; },
    /** Change the query part of the current route without re-rendering. */
    replaceQuery(params) {
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') search.set(k, String(v));
      const next = `#${path}${search.toString() ? `?${search}` : ''}`;
      lastRoute = next;
      window.history.replaceState(null, '', next);
    },
  };
  try {
    await (entry ? entry.page.render(container, ctx) : notFound.render(container, ctx));
    if (ctx.active) focusHeading(container);
  } catch (error) {
    if (error.name === 'AbortError' || !ctx.active) return;
    console.warn('page failed', error);
    showError(error, 'The page could not be loaded');
  }
}

function showSignedIn(user) {
  header.classList.remove('signed-out');
  const whoami = document.getElementById('whoami');
  replace(whoami,
    h('span', { class: 'who-name' }, user.full_name || user.email || 'Signed in'),
    ' ',
    h('span', { class: 'role-badge' }, user.role || ''));
}

function showSignedOut(notice) {
  leaveCurrent();
  lastRoute = null;
  header.classList.add('signed-out');
  text(document.getElementById('whoami'), '');
  markNav(null);
  const container = h('div', { class: 'page' });
  replace(main, container);
  login.render(container, {
    notice,
    onSignedIn: () => {
      clearError();
      if (!window.location.hash.startsWith('#/')) window.location.replace(DEFAULT_ROUTE);
      route();
    },
  });
}

function wireShell() {
  document.getElementById('sign-out').addEventListener('click', async () => {
    try {
      await signOut();
    } catch (error) {
      showError(error, 'Signing out failed');
    }
  });
  // The skip link focuses <main> without touching the hash (which is the router's).
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', route);
  onAuthChange((user) => {
    if (user) {
      showSignedIn(user);
    } else {
      showSignedOut('You are signed out. Sign in to continue.');
    }
  });
}

async function boot() {
  wireShell();
  replace(main, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  let user = null;
  try {
    user = await restore();
  } catch (error) {
    showError(error);
  }
  if (user) {
    showSignedIn(user);
    route();
  } else {
    showSignedOut(null);
  }
}

boot();
