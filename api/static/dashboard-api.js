// Talking to postlint. The browser sends the session cookie (HttpOnly: script never sees
// it); changes also carry the CSRF value the session gave us. The token itself is sent
// only once, in the sign-in request's body.
import { sentence } from "./dashboard-words.js";

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

// The request never got an answer: the network, or the server went away mid-request.
export class NetworkError extends Error {}

const session = { name: null, role: null, csrf: null, csrfHeader: "X-CSRF-Token" };
let onSignedOut = () => {};

export function currentSession() {
  return session;
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

function remember(body) {
  Object.assign(session, { name: body.name, role: body.role, csrf: body.csrf,
    csrfHeader: body.csrf_header || "X-CSRF-Token" });
  return session;
}

function forget() {
  Object.assign(session, { name: null, role: null, csrf: null });
}

async function request(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && session.csrf) headers[session.csrfHeader] = session.csrf;
  let response;
  try {
    response = await fetch(path, {
      method, headers, cache: "no-store", credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (_) {
    throw new NetworkError("no answer");
  }
  let data = null;
  try { data = response.status === 204 ? null : await response.json(); } catch (_) {
    if (response.ok) throw new NetworkError("the answer was cut short");
    data = null;
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    const failure = new ApiError(response.status, error.code || "http_error", error.message || "",
      Number(response.headers.get("Retry-After")) || null);
    failure.problems = Array.isArray(error.problems) ? error.problems : []; // a CSV import's bad rows
    throw failure;
  }
  return data;
}

// Every call but the sign-in itself: a 401 means the sign-in ended, so say so once.
export async function api(path, options) {
  try {
    return await request(path, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forget();
      onSignedOut(error);
    }
    throw error;
  }
}

export async function resumeSession() {
  try {
    return remember(await request("/review/session"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(token) {
  return remember(await request("/review/session", { method: "POST", body: { token } }));
}

export async function signOut() {
  try {
    await request("/review/session", { method: "DELETE" });
  } finally {
    forget();
  }
}

// What went wrong, in words a reviewer can act on.
export function describe(error) {
  if (error instanceof NetworkError || !(error instanceof ApiError)) {
    return "postlint did not answer. Check your connection, then try again.";
  }
  switch (error.status) {
    case 401: return "Your sign-in has ended. Sign in again to carry on.";
    case 404: return "There is no such draft. The link may be wrong, or the draft was removed.";
    case 429: return `Too many requests just now. Wait ${error.retryAfter || "a few"} seconds, then try again.`;
    case 500: return "postlint hit a problem it could not handle (500). Try again; if it keeps happening, tell your administrator.";
    case 502: case 503: case 504:
      return `postlint is busy or restarting (${error.status}). Try again in a moment.`;
    default: return sentence(error.message) || `The request failed (${error.status}).`;
  }
}
