// What the worker does for each message. Dependencies (storage area, fetch,
// ids) are passed in so the same code runs in the worker and in node tests.

import { FAILURE, MSG } from '../shared/messages.js';
import { sha256Hex } from '../shared/hash.js';
import { callApi, failure, reviewRoute, testConnection } from './api_client.js';
import { offeredAccounts, soleAccount } from '../shared/managed.js';
import { cleanAccount, postFor } from './post.js';
import { accountChoice, dismiss, dismissedFingerprints, loadSettings, rememberAccountChoice, rememberReview, reviewById,
  reviewKey } from './store.js';

const MAX_TEXT = 65536;
const MAX_NOTE = 2000;

function draftFrom(message) {
  return typeof message.text === 'string' && message.text.length <= MAX_TEXT ? message.text : null;
}

// The site a message came from: account choices are remembered per site.
function siteOf(sender) {
  try {
    return new URL(sender.tab?.url || sender.url).origin;
  } catch {
    return null;
  }
}

// The accounts this officer may post from, as the server's registry lists them.
async function accounts(settings, deps) {
  const answer = await callApi({ ...settings, route: '/v1/me', fetchImpl: deps.fetchImpl });
  if (!answer.ok) return answer;
  const list = Array.isArray(answer.data.accounts) ? answer.data.accounts : [];
  return { ok: true, accounts: offeredAccounts(settings, list.filter((a) => a && typeof a.account === 'string').map((a) => ({
    account: a.account, name: String(a.display_name || a.account), tier: String(a.tier || '') }))) };
}

// The server needs to know the account (or refused the one sent): ask the officer,
// offering the accounts their token may use. An account the page itself shows is a
// fact, not a choice: then the refusal stands, in the server's words.
async function askForAccount(answer, settings, site, deps, shownByPage) {
  const code = answer.failure.code;
  if (shownByPage && code === 'account_forbidden') {
    return failure(FAILURE.FORBIDDEN, answer.failure.message, { short: 'your token may not post from this account' });
  }
  if (code === 'unknown_account') {
    return failure(FAILURE.REJECTED, 'This account is not registered with postlint; ask your comms team to add it.',
      { short: 'account not registered with postlint' });
  }
  if (code !== 'account_required' && code !== 'account_forbidden') return answer;
  await rememberAccountChoice(deps.area, site, null);
  const offered = await accounts(settings, deps);
  const message = code === 'account_forbidden' ? answer.failure.message : 'Which account is this for?';
  return failure(FAILURE.NEEDS_ACCOUNT, message, { short: 'which account is this for?',
    accounts: offered.ok ? offered.accounts : [] });
}

async function send(route, message, sender, deps, wrap = (post) => post) {
  const settings = await loadSettings(deps.area);
  const site = siteOf(sender);
  const chosen = (await accountChoice(deps.area, site)) || soleAccount(settings);
  const post = postFor(draftFrom(message), settings, message.context, chosen);
  const answer = await callApi({ ...settings, route, method: 'POST', body: wrap(post), fetchImpl: deps.fetchImpl });
  if (answer.ok) return { settings, answer };
  const shownByPage = Boolean(cleanAccount(message.context && message.context.account));
  return { settings, answer: await askForAccount(answer, settings, site, deps, shownByPage) };
}

const MAX_REWRITE_EDITS = 200;
const SHA256_HEX = /^[0-9a-f]{64}$/;

// The rewrite a reviewer told the officer to use, as the content script may
// apply it: bounded, each edit a span and its text. Passed through with the
// review, never stored: the server gives it again with the next lint.
function cleanRewrite(rewrite) {
  if (!rewrite || typeof rewrite !== 'object' || typeof rewrite.text !== 'string' || rewrite.text.length > MAX_TEXT
    || typeof rewrite.text_sha256 !== 'string' || !SHA256_HEX.test(rewrite.text_sha256)
    || !Array.isArray(rewrite.edits) || !rewrite.edits.length || rewrite.edits.length > MAX_REWRITE_EDITS) return null;
  const edits = rewrite.edits.filter((e) => e && Number.isInteger(e.start_utf16) && Number.isInteger(e.end_utf16)
    && typeof e.replacement === 'string' && e.replacement.length <= MAX_TEXT)
    .map((e) => ({ start_utf16: e.start_utf16, end_utf16: e.end_utf16, replacement: e.replacement }));
  return edits.length === rewrite.edits.length ? { text: rewrite.text, text_sha256: rewrite.text_sha256, edits } : null;
}

function publicReview(review, rewrite = null) {
  if (!review) return null;
  const offered = cleanRewrite(rewrite);
  return { id: review.id, status: review.status, note: review.note || '', ...(offered ? { rewrite: offered } : {}) };
}

async function lint(message, sender, deps) {
  const text = draftFrom(message);
  if (text === null) return failure(FAILURE.REJECTED, 'The draft is too long to check.', { short: 'draft too long' });
  const { settings, answer } = await send('/v1/lint', message, sender, deps);
  if (!answer.ok) return answer;
  const result = answer.data;
  const key = reviewKey(result.text_sha256, settings.profile);
  // The server's word only: a review binds to the account and schedule it was for,
  // so one remembered for this text from another account does not apply.
  let review = null;
  if (result.review && typeof result.review.id !== 'undefined') {
    review = await rememberReview(deps.area, key, { id: String(result.review.id), status: result.review.status,
      note: typeof result.review.note === 'string' ? result.review.note : '' });
  }
  const dismissed = new Set(await dismissedFingerprints(deps.area));
  const findings = Array.isArray(result.findings) ? result.findings : [];
  return {
    ok: true,
    result,
    dismissed: findings.map((f) => f.fingerprint).filter((fp) => dismissed.has(fp)),
    review: publicReview(review, result.review && result.review.rewrite),
  };
}

async function requestReview(message, sender, deps) {
  const text = draftFrom(message);
  if (text === null) return failure(FAILURE.REJECTED, 'The draft is too long to send for review.');
  const note = typeof message.note === 'string' ? message.note.slice(0, MAX_NOTE) : '';
  const { settings, answer } = await send('/v1/reviews', message, sender, deps,
    (post) => (note.trim() ? { post, note: note.trim() } : { post }));
  if (!answer.ok) return answer;
  const id = String(answer.data.id);
  const key = reviewKey(await sha256Hex(text), settings.profile);
  const review = await rememberReview(deps.area, key, { id, status: answer.data.status || 'pending' });
  return { ok: true, review: publicReview(review) };
}

async function reviewStatus(message, deps) {
  const known = await reviewById(deps.area, String(message.id));
  if (!known) return failure(FAILURE.NOT_ALLOWED, 'That review was not requested from this browser.');
  const settings = await loadSettings(deps.area);
  const answer = await callApi({ ...settings, route: reviewRoute(known.review.id), fetchImpl: deps.fetchImpl });
  if (!answer.ok) return answer;
  // A withdrawal's note is the latest word on the review.
  const decision = answer.data.withdrawal || answer.data.decision || null;
  const note = decision && typeof decision.note === 'string' ? decision.note : '';
  const review = await rememberReview(deps.area, known.key, { id: known.review.id, status: answer.data.status, note });
  return { ok: true, review: publicReview(review, answer.data.rewrite) };
}

async function status(deps) {
  const settings = await loadSettings(deps.area);
  return { ok: true, configured: Boolean(settings.token) };
}

// The saved token's details as the server has them; never the token itself.
function tokenDetails(data) {
  const text = (value) => (typeof value === 'string' ? value : null);
  return { tokenId: text(data.token_id), name: text(data.name), role: text(data.role), createdAt: text(data.created_at),
    expiresAt: text(data.expires_at), lastUsedAt: text(data.last_used_at),
    accounts: Array.isArray(data.accounts) ? data.accounts.filter((a) => typeof a === 'string') : [] };
}

async function showToken(deps) {
  const answer = await callApi({ ...(await loadSettings(deps.area)), route: '/v1/me/token', fetchImpl: deps.fetchImpl });
  return answer.ok ? { ok: true, token: tokenDetails(answer.data) } : answer;
}

// The server swaps the saved token for a new one and the old one stops at once, so the new
// one is stored before anything else happens; the options page only hears its details.
async function rotateToken(deps) {
  const settings = await loadSettings(deps.area);
  const answer = await callApi({ ...settings, route: '/v1/me/token/rotation', method: 'POST', fetchImpl: deps.fetchImpl });
  if (!answer.ok) return answer;
  if (typeof answer.data.token !== 'string' || !answer.data.token) {
    return failure(FAILURE.SERVER, 'The server did not send a new token; your old one may have stopped. Ask your communications team.');
  }
  await deps.area.set({ token: answer.data.token });
  return { ok: true, token: tokenDetails(answer.data) };
}

function fromOptionsPage(sender, deps) {
  return typeof sender.url === 'string' && sender.url.startsWith(deps.optionsUrlPrefix) && !sender.tab?.url?.startsWith('http');
}

// Page-facing messages come from our content script in a tab; the options
// page may also test an unsaved address and token. Anything else is refused.
export async function handleMessage(message, sender, deps) {
  if (!message || typeof message.type !== 'string' || sender.id !== deps.runtimeId) {
    return failure(FAILURE.NOT_ALLOWED, 'Unknown sender or message.');
  }
  switch (message.type) {
    case MSG.LINT: return lint(message, sender, deps);
    case MSG.REQUEST_REVIEW: return requestReview(message, sender, deps);
    case MSG.ACCOUNTS: return accounts(await loadSettings(deps.area), deps);
    case MSG.CHOOSE_ACCOUNT: {
      const account = cleanAccount(message.account);
      if (!account || !siteOf(sender)) return failure(FAILURE.REJECTED, 'That is not an account.');
      await rememberAccountChoice(deps.area, siteOf(sender), account);
      return { ok: true, account };
    }
    case MSG.REVIEW_STATUS: return reviewStatus(message, deps);
    case MSG.DISMISS: return { ok: await dismiss(deps.area, message.fingerprint) };
    case MSG.STATUS: return status(deps);
    case MSG.OPEN_OPTIONS:
      await deps.openOptions();
      return { ok: true };
    case MSG.TEST_CONNECTION:
      if (!fromOptionsPage(sender, deps)) return failure(FAILURE.NOT_ALLOWED, 'Only the options page can test a connection.');
      return testConnection({ apiBase: message.apiBase, token: message.token, fetchImpl: deps.fetchImpl });
    case MSG.TOKEN_DETAILS:
    case MSG.ROTATE_TOKEN:
      if (!fromOptionsPage(sender, deps)) return failure(FAILURE.NOT_ALLOWED, 'Only the options page can manage the token.');
      return message.type === MSG.ROTATE_TOKEN ? rotateToken(deps) : showToken(deps);
    default:
      return failure(FAILURE.NOT_ALLOWED, 'Unknown message.');
  }
}
