// Sign-in form (email + password → POST /v1/web/session), and "Sign in with …" when the server offers an
// identity provider (GET /v1/web/config): a plain link to /v1/web/oidc/start, which sends the browser to
// the provider and back; a failed attempt comes back as `?sign_in_error=CODE`, shown here.

import { signIn } from '../auth.js';
import { h, replace, field, text } from '../dom.js';

/**
 * Render the form into `container`; `onSignedIn(user)` runs after a successful sign-in.
 * `notice`: an optional message shown above the form (e.g. "Your session ended").
 */
export function render(container, { onSignedIn, notice = null } = {}) {
  document.title = 'Sign in · Relay';
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true, spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('div', { id: 'login-error', role: 'alert', class: 'form-error' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { id: 'login-form', class: 'panel login', novalidate: true, 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Sign in to Relay'),
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    field('Email', email),
    field('Password', password),
    error,
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    text(error, '');
    if (!email.value.trim() || !password.value) {
      text(error, 'Enter your email and password.');
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const user = await signIn(email.value.trim(), password.value);
      password.value = '';
      if (onSignedIn) onSignedIn(user);
    } catch (err) {
      if (err.status === 401) text(error, 'Wrong email or password.');
      else if (err.status === 429) {
        const wait = err.details && err.details.retry_after;
        text(error, `Too many attempts. Try again${wait ? ` in ${wait} s` : ' in a moment'}.`);
      } else text(error, `${err.message}${err.requestId ? ` (request id ${err.requestId})` : ''}`);
      password.select();
      password.focus();
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  replace(container, form);
  showReturnedError(error);
  offerProvider(form);
  email.focus();
}

// What the provider sign-in's codes mean to a person.
const SIGN_IN_ERRORS = {
  SIGN_IN_CANCELLED: 'The sign-in was cancelled at the identity provider.',
  SIGN_IN_EXPIRED: 'The sign-in took too long or was started in another browser. Try again.',
  SIGN_IN_STATE_MISMATCH: 'The sign-in could not be matched to this browser. Try again.',
  USER_NOT_IN_ORG: 'No Relay account of an organisation that trusts this identity provider matches your identity.',
  EMAIL_NOT_VERIFIED: 'The identity provider has not verified your email address.',
  TOKEN_INVALID: 'The identity provider’s answer could not be verified.',
  TOKEN_EXPIRED: 'The identity provider’s answer had expired. Try again.',
  SERVICE_UNAVAILABLE: 'The identity provider cannot be reached right now.',
  IDENTITY_PROVIDER_ERROR: 'The identity provider reported an error.',
};

function showReturnedError(error) {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('sign_in_error');
  if (!code) return;
  text(error, SIGN_IN_ERRORS[code] || `Sign-in failed (${code}).`);
  // Drop it from the address, so a reload does not show it again.
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
}

async function offerProvider(form) {
  let config = null;
  try {
    const response = await fetch('/v1/web/config', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (response.ok) config = await response.json();
  } catch {
    return; // the password form works without it
  }
  if (!config || !config.oidc || !form.isConnected) return;
  form.append(
    h('p', { class: 'divider', 'aria-hidden': 'true' }, 'or'),
    h('a', { id: 'oidc-sign-in', class: 'button secondary block', href: config.oidc.start_url }, `Sign in with ${config.oidc.name}`));
}
