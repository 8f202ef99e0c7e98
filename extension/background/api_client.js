// The only code that talks to the postlint API. Every address is built from
// the configured apiBase and a fixed route, so nothing a web page sends can
// point the worker at another server. Failures come back as a kind (see
// FAILURE) plus a sentence an officer can act on; tokens never appear in them.

import { FAILURE } from '../shared/messages.js';
import { endpointUrl, normalizeApiBase } from '../shared/settings.js';

export const REQUEST_TIMEOUT_MS = 15000;

const REVIEW_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function failure(kind, message, extra = {}) {
  return { ok: false, failure: { kind, message, ...extra } };
}

function serverMessage(data) {
  const message = data && data.error && typeof data.error.message === 'string' ? data.error.message : '';
  return message.slice(0, 300);
}

function classify(status, data, base) {
  if (status === 401) {
    return failure(FAILURE.BAD_TOKEN, 'The postlint server did not accept your token. Check it in Options, or ask for a new one.',
      { short: 'token not accepted — check Options', status });
  }
  if (status === 403) {
    const code = data && data.error ? data.error.code : undefined;
    // An account the token may not post from: the server's sentence names it and the allowed ones.
    const message = code === 'account_forbidden' ? serverMessage(data) : 'Your token is not allowed to do that.';
    return failure(FAILURE.FORBIDDEN, message, { short: 'not allowed', status, code });
  }
  if (status === 404 && !(data && data.error)) {
    return failure(FAILURE.BAD_ADDRESS, `${base} answered, but it does not look like a postlint server. Check the address in Options.`,
      { short: 'wrong server address — check Options', status });
  }
  if (status === 429) {
    return failure(FAILURE.SERVER, 'Too many checks in a short time; postlint will try again when you next type.',
      { short: 'busy, will retry', status });
  }
  if (status >= 500) {
    return failure(FAILURE.SERVER, `The postlint server had a problem (HTTP ${status}). Try again shortly.`,
      { short: `server problem (${status})`, status });
  }
  const detail = serverMessage(data);
  return failure(FAILURE.REJECTED, detail ? `The server refused the request: ${detail}` : `The server refused the request (HTTP ${status}).`,
    { short: `refused (${status})`, status, code: data && data.error ? data.error.code : undefined,
      field: data && data.error ? data.error.field : undefined });
}

// One request. `auth` false is for /healthz, which needs no token.
export async function callApi({ apiBase, token, route, method = 'GET', body, auth = true,
  fetchImpl = fetch, timeoutMs = REQUEST_TIMEOUT_MS }) {
  const { base, error } = normalizeApiBase(apiBase);
  if (error) return failure(FAILURE.BAD_ADDRESS, error, { short: 'bad server address — check Options' });
  if (auth && !token) {
    return failure(FAILURE.NO_TOKEN, 'Add your postlint token in Options.', { short: 'add your token in Options' });
  }
  const url = endpointUrl(base, route);
  const headers = { Accept: 'application/json' };
  if (auth) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetchImpl(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal, credentials: 'omit', cache: 'no-store', redirect: 'error', referrerPolicy: 'no-referrer',
    });
  } catch {
    return failure(FAILURE.UNREACHABLE, `Cannot reach the postlint server at ${base}. Check the address, or whether the server is running.`,
      { short: 'server unreachable' });
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) return classify(response.status, data, base);
  if (data === null || typeof data !== 'object') {
    return failure(FAILURE.BAD_ADDRESS, `${base} answered, but not like a postlint server. Check the address in Options.`,
      { short: 'wrong server address — check Options' });
  }
  return { ok: true, status: response.status, data };
}

export function reviewRoute(id) {
  if (typeof id !== 'string' || !REVIEW_ID.test(id)) throw new Error('not a review id');
  return `/v1/reviews/${id}`;
}

// The options page's "Test connection": address, then server, then token.
export async function testConnection({ apiBase, token, fetchImpl = fetch }) {
  const { base, error } = normalizeApiBase(apiBase);
  if (error) return failure(FAILURE.BAD_ADDRESS, error);
  const health = await callApi({ apiBase: base, route: '/healthz', auth: false, fetchImpl });
  if (!health.ok && health.failure.kind !== FAILURE.UNREACHABLE) {
    return failure(FAILURE.BAD_ADDRESS, `${base} answered, but it is not a postlint server (no health check there). Check the address.`);
  }
  if (!health.ok) return health;
  if (!token) return failure(FAILURE.NO_TOKEN, `The server at ${base} is up. Now paste your token and test again.`);
  const profiles = await callApi({ apiBase: base, token, route: '/v1/profiles', fetchImpl });
  if (!profiles.ok) return profiles;
  const list = profilesFrom(profiles.data);
  return { ok: true, message: `Connected to ${base}: the server is up and accepted your token.`, profiles: list };
}

export function profilesFrom(data) {
  const items = Array.isArray(data) ? data : (data && (data.profiles || data.items)) || [];
  return items.filter((p) => p && typeof p.name === 'string')
    .map((p) => ({ name: p.name, title: typeof p.title === 'string' ? p.title : p.name }));
}
