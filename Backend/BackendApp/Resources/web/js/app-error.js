// The global message area (#app-error, role=alert): API errors with the envelope's message and the
// request id (what support needs to find the request in the logs).

import { h, replace } from './dom.js';

function area() { return document.getElementById('app-error'); }

/** Show an error (ApiError, Error or string). `context` prefixes the message, e.g. "Publishing failed". */
export function showError(error, context) {
  const el = area();
  if (!el) return;
  if (error && error.name === 'AbortError') return;
  const message = typeof error === 'string' ? error : (error && error.message) || 'Something went wrong';
  const requestId = error && error.requestId;
  const code = error && error.code && error.code !== 'NETWORK_ERROR' ? error.code : null;
  const dismiss = h('button', { type: 'button', class: 'link-button dismiss', 'aria-label': 'Dismiss message', on: { click: clearError } }, '×');
  replace(el,
    h('p', {},
      context ? h('strong', {}, `${context}: `) : null,
      message,
      code ? h('span', { class: 'error-code' }, ` (${code})`) : null),
    requestId ? h('p', { class: 'request-id' }, 'Request id: ', h('code', {}, requestId)) : null,
    dismiss);
  el.hidden = false;
  el.dataset.kind = 'error';
}

export function clearError() {
  const el = area();
  if (!el) return;
  el.replaceChildren();
  el.hidden = true;
  delete el.dataset.kind;
}
