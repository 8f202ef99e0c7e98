// Reads the post around an editor the way its composer shows it: the account
// it goes out from, the attachments the officer added (file name, alt text,
// and the web page an image was pasted from) and a scheduled time. One small
// adapter per composer, chosen by the site's host or by the composer's own
// markup; the generic adapter reads what any composer shows in common form.
// Nothing here writes to the page.

const MAX_ATTACHMENTS = 20;
const MAX_FIELD = 4096;
const MIN_PREVIEW_PX = 48;  // smaller images are avatars and icons, not attachments
const HANDLE = /@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,58}[A-Za-z0-9_])?)/;

// Images pasted from a web page arrive with their page's HTML on the clipboard;
// the composer then shows a blob: or data: preview, so the address is kept here.
const pastedSources = [];

// The clipboard's HTML is scanned, not parsed: DOMParser is a Trusted Types sink, and
// composers that require Trusted Types would refuse it.
export function notePaste(clipboardHtml) {
  if (typeof clipboardHtml !== 'string' || !clipboardHtml) return;
  for (const match of clipboardHtml.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']?(https?:\/\/[^"'\s>]+)/gi)) {
    pastedSources.push(match[1].slice(0, MAX_FIELD));
    if (pastedSources.length > MAX_ATTACHMENTS) pastedSources.shift();
  }
}

export function pastedImageSources() {
  return [...pastedSources];
}

if (typeof document !== 'undefined') {
  document.addEventListener('paste', (event) => {
    if (event.clipboardData) notePaste(event.clipboardData.getData('text/html'));
  }, true);
}

export function fileNameFrom(src) {
  if (typeof src !== 'string' || !/^https?:/i.test(src)) return '';
  try {
    const last = new URL(src).pathname.split('/').filter(Boolean).pop() || '';
    return decodeURIComponent(last).slice(0, 200);
  } catch {
    return '';
  }
}

export function handleIn(text) {
  const match = HANDLE.exec(String(text || ''));
  return match ? `@${match[1]}` : null;
}

function clip(value) {
  return typeof value === 'string' ? value.trim().slice(0, MAX_FIELD) : '';
}

// The part of the page that belongs to this editor's composer. Without a composer-like
// container only the editor's own parent counts: climbing further on a feed page would
// take other people's posts' images for attachments.
export function composerOf(editor) {
  const parent = editor.parentElement || editor;
  return parent.closest('[data-postlint-composer], form, [role="dialog"], [data-testid*="ompose" i], [class*="ompose" i]')
    || parent;
}

function isPreview(img, editor) {
  if (editor.contains(img)) return false;  // emoji and inline images belong to the text
  const box = img.getBoundingClientRect();
  return box.width >= MIN_PREVIEW_PX && box.height >= MIN_PREVIEW_PX;
}

function mediaIn(root, editor) {
  const found = [];
  let pasted = pastedSources.length - root.querySelectorAll('img[src^="blob:"], img[src^="data:"]').length;
  for (const media of root.querySelectorAll('img, video')) {
    if (found.length >= MAX_ATTACHMENTS) break;
    if (media.tagName === 'IMG' && !isPreview(media, editor)) continue;
    const src = media.currentSrc || media.getAttribute('src') || '';
    const local = /^(blob|data):/i.test(src);
    let source = clip(media.getAttribute('data-source-url') || '');
    if (!source && local && pasted >= 0 && pasted < pastedSources.length) source = pastedSources[pasted];
    if (local) pasted += 1;
    found.push({
      kind: media.tagName === 'VIDEO' ? 'video' : 'image',
      filename: clip(media.getAttribute('data-filename') || media.getAttribute('title') || fileNameFrom(src)),
      alt: clip(media.getAttribute('alt') || media.getAttribute('aria-label') || ''),
      source_url: source || (local ? '' : clip(src)),
    });
  }
  return found;
}

function scheduleIn(root) {
  const input = root.querySelector('input[type="datetime-local"], input[type="datetime"], [data-scheduled-for]');
  if (input) {
    const value = input.getAttribute('data-scheduled-for') || input.value;
    if (value) return clip(value);
  }
  const time = root.querySelector('time[datetime]');
  return time ? clip(time.getAttribute('datetime')) : null;
}

function textOf(root, selector) {
  const element = root.querySelector(selector);
  return element ? element.textContent : '';
}

// Facebook addresses whose first part is a section of the site, not a page.
const FACEBOOK_SECTIONS = new Set(['groups', 'watch', 'marketplace', 'events', 'gaming', 'pages', 'profile.php',
  'business', 'latest', 'home.php', 'notifications', 'messages', 'bookmarks', 'friends', 'reel', 'stories']);

// Each adapter: which composers it reads, then account, attachments and schedule.
const ADAPTERS = [
  {
    name: 'x',
    matches: (loc, doc) => /(^|\.)(x|twitter)\.com$/.test(loc.hostname) || Boolean(doc.querySelector('[data-testid^="tweetTextarea"]')),
    account: (root, doc) => handleIn(textOf(doc, '[data-testid="SideNav_AccountSwitcher_Button"]'))
      || handleIn(textOf(root, '[data-testid="composer-account"]')),
    media: (root, editor, doc) => mediaIn(doc.querySelector('[data-testid="attachments"]') || root, editor),
  },
  {
    name: 'facebook',
    matches: (loc) => /(^|\.)facebook\.com$/.test(loc.hostname),
    // A page's composer is on the page's own address: facebook.com/<page>.
    account: (root, doc, loc) => {
      const page = pathHandle(loc, 0);
      return page && !FACEBOOK_SECTIONS.has(page.toLowerCase()) ? page : null;
    },
  },
  {
    name: 'instagram',
    matches: (loc) => /(^|\.)instagram\.com$/.test(loc.hostname),
    account: (root, doc) => handleIn(textOf(doc, 'header a[href^="/"]')) || pathHandle({ pathname: linkPath(doc, 'header a[href^="/"]') }, 0),
  },
  {
    name: 'linkedin',
    matches: (loc) => /(^|\.)linkedin\.com$/.test(loc.hostname),
    // Company pages post from linkedin.com/company/<slug>/admin/…
    account: (root, doc, loc) => (/^\/company\//.test(loc.pathname) ? pathHandle(loc, 1) : null),
  },
  {
    name: 'hootsuite',
    matches: (loc, doc) => /(^|\.)hootsuite\.com$/.test(loc.hostname) || Boolean(doc.querySelector('[data-hootsuite-composer]')),
    account: (root, doc) => selectedProfile(doc, '[data-selected-profile], [aria-selected="true"][data-network]'),
  },
  {
    name: 'orlo',
    matches: (loc, doc) => /(^|\.)orlo\.(app|tech)$/.test(loc.hostname) || Boolean(doc.querySelector('[data-orlo-composer]')),
    account: (root, doc) => selectedProfile(doc, '.selected-account[data-network], [data-selected-account]'),
  },
];

const NETWORK_OF_HOST = [[/(^|\.)(x|twitter)\.com$/, 'x'], [/(^|\.)facebook\.com$/, 'facebook'],
  [/(^|\.)instagram\.com$/, 'instagram'], [/(^|\.)linkedin\.com$/, 'linkedin']];

function networkOf(loc, adapter) {
  if (adapter && ['x', 'facebook', 'instagram', 'linkedin'].includes(adapter.name)) return adapter.name;
  const found = NETWORK_OF_HOST.find(([pattern]) => pattern.test(loc.hostname));
  return found ? found[1] : null;
}

function pathHandle(loc, index) {
  const part = String(loc.pathname || '').split('/').filter(Boolean)[index];
  return part && /^[A-Za-z0-9._-]{1,100}$/.test(part) ? part : null;
}

function linkPath(doc, selector) {
  const link = doc.querySelector(selector);
  return link ? link.getAttribute('href') : '';
}

// Scheduling tools show the chosen profile with its network; the account is network:handle.
function selectedProfile(doc, selector) {
  const chosen = doc.querySelector(selector);
  if (!chosen) return null;
  const network = (chosen.getAttribute('data-network') || '').toLowerCase();
  const handle = chosen.getAttribute('data-handle') || handleIn(chosen.textContent);
  return network && handle ? `${network}:${handle}` : null;
}

// What a page says directly, for in-house tools and deployments: data-postlint-account="x:@Handle".
function declaredAccount(root, doc) {
  const element = root.querySelector('[data-postlint-account]') || doc.querySelector('[data-postlint-account]');
  return element ? clip(element.getAttribute('data-postlint-account')) : null;
}

export function adapterFor(loc = location, doc = document) {
  return ADAPTERS.find((adapter) => adapter.matches(loc, doc)) || null;
}

// {account, attachments, scheduled_for, site}: null where the composer does not say.
export function readPostContext(editor, doc = document, loc = location) {
  const root = composerOf(editor);
  const adapter = adapterFor(loc, doc);
  let account = declaredAccount(root, doc);
  if (!account && adapter) {
    const handle = adapter.account(root, doc, loc);
    if (handle) {
      const network = networkOf(loc, adapter);
      account = handle.includes(':') ? handle : (network ? `${network}:${handle}` : null);
    }
  }
  const attachments = adapter && adapter.media ? adapter.media(root, editor, doc) : mediaIn(root, editor);
  return { account: account || null, attachments, scheduled_for: scheduleIn(root), site: adapter ? adapter.name : 'generic' };
}
