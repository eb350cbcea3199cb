// The page for a missing entity: an unknown id, a malformed one, or another organisation's (the API
// answers all three with the same 404, and so does this page).

import { h, replace } from '../dom.js';

/** Render `<section id="not-found">` into `container`. */
export function renderNotFound(container, { what = 'page', backHref = '#/sessions', backLabel = 'Back to capture sessions', error = null } = {}) {
  document.title = 'Not found · Relay';
  replace(container,
    h('section', { id: 'not-found', class: 'panel', 'aria-labelledby': 'not-found-title' },
      h('h1', { id: 'not-found-title' }, 'Not found'),
      h('p', {}, `This ${what} does not exist, or your organisation has no access to it.`),
      error && error.requestId ? h('p', { class: 'muted' }, 'Request id: ', h('code', {}, error.requestId)) : null,
      h('p', {}, h('a', { href: backHref, class: 'button' }, backLabel))));
}

/** Router entry for a hash that matches no page. */
export function render(container) {
  renderNotFound(container, { what: 'page' });
}
