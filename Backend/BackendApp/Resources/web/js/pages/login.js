// Sign-in form (email + password → POST /v1/web/session). OIDC is not offered: the API exposes nothing
// a page could use to discover a configured provider.

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
  email.focus();
}
