// Fetch wrapper for Relay's API: adds the bearer token, refreshes once on a 401 and retries, and turns
// the error envelope `{"error":{"code","message","details"},"request_id"}` into a thrown ApiError.
//
// The token lives in auth.js; this module only asks for it through the hooks auth.js installs
// (`setTokenHooks`), so there is no import cycle and nothing here stores a credential.

export class ApiError extends Error {
  constructor({ status = 0, code = 'NETWORK_ERROR', message = 'Request failed', details = {}, requestId = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details || {};
    this.requestId = requestId;
  }

  get isNotFound() { return this.status === 404; }
}

let hooks = {
  token: () => null,
  // Resolves true when a fresh access token was obtained.
  refresh: async () => false,
};

export function setTokenHooks(next) {
  hooks = { ...hooks, ...next };
}

/** Build an ApiError from a fetch Response (or XHR-like {status, body text, header getter}). */
export async function errorFromResponse(response) {
  let body = null;
  try {
    const textBody = await response.text();
    body = textBody ? JSON.parse(textBody) : null;
  } catch {
    body = null;
  }
  return errorFromBody(response.status, body, response.headers.get('X-Request-Id'));
}

export function errorFromBody(status, body, headerRequestId = null) {
  const err = body && typeof body === 'object' ? body.error : null;
  if (err && typeof err === 'object') {
    return new ApiError({
      status,
      code: err.code || body.error_code || `HTTP_${status}`,
      message: err.message || `HTTP ${status}`,
      details: err.details || {},
      requestId: body.request_id || headerRequestId,
    });
  }
  return new ApiError({ status, code: `HTTP_${status}`, message: `The server answered HTTP ${status}`, requestId: headerRequestId });
}

function buildURL(path, query) {
  const url = new URL(path, window.location.origin);
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === null || value === undefined || value === '') continue;
      url.searchParams.set(key, String(value));
    }
  }
  // Same origin: keep it relative so nothing but our own server ever sees the token.
  return url.pathname + url.search;
}

/**
 * Call the API. Options: method, query (object), json (body to encode), body (raw BodyInit), headers,
 * signal, expect ('json' default, 'text', 'none', 'response'), auth (default true).
 * Returns the decoded body; throws ApiError (status 0 for network failures and aborts are re-thrown).
 */
export async function api(path, options = {}) {
  const { method = 'GET', query, json, body, headers = {}, signal, expect = 'json', auth = true } = options;
  const url = buildURL(path, query);
  const send = async () => {
    const h = new Headers(headers);
    h.set('Accept', expect === 'text' ? '*/*' : 'application/json');
    const token = auth ? hooks.token() : null;
    if (token) h.set('Authorization', `Bearer ${token}`);
    let payload = body;
    if (json !== undefined) {
      h.set('Content-Type', 'application/json');
      payload = JSON.stringify(json);
    }
    return fetch(url, { method, headers: h, body: payload, signal, credentials: 'same-origin', cache: 'no-store' });
  };

  let response;
  try {
    response = await send();
    if (response.status === 401 && auth) {
      // Expired or revoked token: one refresh, one retry. (auth.js signs the page out when the refresh
      // itself is refused.)
      if (!(await hooks.refresh())) throw await errorFromResponse(response);
      response = await send();
    }
  } catch (error) {
    if (error instanceof ApiError || error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: `Could not reach the server (${error.message})` });
  }

  if (!response.ok) throw await errorFromResponse(response);
  switch (expect) {
    case 'response': return response;
    case 'none': return null;
    case 'text': return response.text();
    default: {
      if (response.status === 204) return null;
      const textBody = await response.text();
      return textBody ? JSON.parse(textBody) : null;
    }
  }
}

/**
 * POST a multipart form with XMLHttpRequest so the upload's progress can be shown (fetch has no upload
 * progress). Sends the bearer header; on a 401 refreshes once and sends again.
 * `onProgress(loaded, total)`. Resolves the decoded JSON body; rejects with ApiError.
 * Returns { promise, abort }.
 */
export function uploadForm(path, formData, { onProgress } = {}) {
  let current = null;
  let aborted = false;
  const sendOnce = () => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    current = xhr;
    xhr.open('POST', path);
    xhr.withCredentials = false;
    xhr.setRequestHeader('Accept', 'application/json');
    const token = hooks.token();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (event) => {
      if (onProgress) onProgress(event.loaded, event.lengthComputable ? event.total : 0);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { body = null; }
      resolve({ status: xhr.status, body, requestId: xhr.getResponseHeader('X-Request-Id') });
    });
    xhr.addEventListener('error', () => reject(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'The upload failed: the server could not be reached' })));
    xhr.addEventListener('abort', () => reject(new ApiError({ status: 0, code: 'ABORTED', message: 'Upload cancelled' })));
    xhr.send(formData);
  });
  const promise = (async () => {
    let result = await sendOnce();
    if (result.status === 401 && !aborted) {
      if (!(await hooks.refresh())) throw errorFromBody(result.status, result.body, result.requestId);
      result = await sendOnce();
    }
    if (result.status < 200 || result.status >= 300) throw errorFromBody(result.status, result.body, result.requestId);
    return result.body;
  })();
  return { promise, abort: () => { aborted = true; if (current) current.abort(); } };
}
