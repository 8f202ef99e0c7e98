// The settings every part of the extension reads, their defaults, and the
// checks that keep a typo in the options page from becoming a broken request.
// Settings live in chrome.storage.local under these exact keys so that a
// deployment can pre-configure them.

// No account tier here: the server's account registry says each account's tier,
// and the page (or the officer, asked once) says which account a post is for.
export const SETTING_KEYS = Object.freeze(['apiBase', 'token', 'profile', 'sites']);

// Composers officers post from, plus this computer for local servers and tests.
export const DEFAULT_SITES = Object.freeze([
  'https://*.x.com/*',
  'https://*.twitter.com/*',
  'https://*.facebook.com/*',
  'https://*.instagram.com/*',
  'https://*.linkedin.com/*',
  'https://*.orlo.app/*',
  'https://*.orlo.tech/*',
  'https://*.hootsuite.com/*',
  'http://localhost/*',
  'http://127.0.0.1/*',
]);

export const DEFAULTS = Object.freeze({
  apiBase: 'http://127.0.0.1:8080',
  token: '',
  profile: '',
  sites: DEFAULT_SITES,
});

// Remembered decisions are capped so storage cannot grow for years.
export const MAX_DISMISSED = 1000;
export const MAX_REVIEWS = 200;
export const MAX_ACCOUNT_CHOICES = 200;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function withDefaults(stored) {
  const settings = { ...DEFAULTS };
  for (const key of SETTING_KEYS) {
    if (stored && stored[key] !== undefined && stored[key] !== null) settings[key] = stored[key];
  }
  if (!Array.isArray(settings.sites)) settings.sites = [...DEFAULT_SITES];
  if (typeof settings.token !== 'string') settings.token = '';
  if (typeof settings.profile !== 'string') settings.profile = '';
  return settings;
}

// Returns {base} with a canonical address (no trailing slash), or {error}.
export function normalizeApiBase(input) {
  const raw = String(input ?? '').trim();
  if (!raw) return { error: 'Enter the address of the postlint server, for example https://postlint.example.police.uk' };
  let url;
  try {
    url = new URL(raw);
  } catch {
    return { error: `"${raw}" is not a web address. It should start with https:// (or http:// for this computer).` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: 'The address must start with https:// (or http:// for this computer).' };
  }
  if (url.username || url.password) {
    return { error: 'Leave the user name and password out of the address; the token is entered separately.' };
  }
  if (url.search || url.hash) {
    return { error: 'The address must not contain ? or #: give only the server address.' };
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return { error: 'Use https:// for a server that is not on this computer, so the token is never sent in the clear.' };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { base: `${url.origin}${path}` };
}

// The full address of one API route, refusing anything outside the base.
export function endpointUrl(apiBase, route) {
  const { base, error } = normalizeApiBase(apiBase);
  if (error) throw new Error(error);
  if (!/^\/[A-Za-z0-9/_-]*$/.test(route)) throw new Error(`not an API route: ${route}`);
  const url = new URL(base + route);
  if (!url.href.startsWith(base + '/')) throw new Error('route escapes the configured address');
  return url.href;
}

// Chrome match pattern grammar, enough to catch the mistakes people make.
const PATTERN = /^(\*|https?):\/\/(\*|(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::\d+)?(\/.*)$/;

export function checkSitePattern(pattern) {
  const text = String(pattern ?? '').trim();
  if (!text) return 'is empty';
  const match = PATTERN.exec(text);
  if (!match) return `"${text}" is not a site pattern like https://*.example.com/*`;
  if (match[2] === '*') return `"${text}" would watch every site; name the sites instead`;
  return null;
}

// Lines from the options page to a clean list, with one message per bad line.
export function parseSites(text) {
  const sites = [];
  const errors = [];
  for (const line of String(text ?? '').split(/\r?\n/)) {
    const site = line.trim();
    if (!site) continue;
    const problem = checkSitePattern(site);
    if (problem) errors.push(problem);
    else if (!sites.includes(site)) sites.push(site);
  }
  return { sites, errors };
}

// Match patterns to origins for chrome.permissions (which ignores paths and ports).
export function sitesToOrigins(sites) {
  return [...new Set(sites.map((site) => {
    const match = PATTERN.exec(site);
    return match ? `${match[1]}://${match[2]}/*` : null;
  }).filter(Boolean))];
}

// The origin pattern that lets the worker reach the API without CORS.
export function apiOriginPattern(apiBase) {
  const { base, error } = normalizeApiBase(apiBase);
  if (error) return null;
  const url = new URL(base);
  return `${url.protocol}//${url.hostname}/*`;
}
