// What the worker does for each message. Dependencies (storage area, fetch,
// ids) are passed in so the same code runs in the worker and in node tests.

import { FAILURE, MSG } from '../shared/messages.js';
import { sha256Hex } from '../shared/hash.js';
import { callApi, failure, reviewRoute, testConnection } from './api_client.js';
import { dismiss, dismissedFingerprints, loadSettings, rememberReview, reviewById, reviewFor, reviewKey } from './store.js';

const MAX_TEXT = 65536;
const MAX_NOTE = 2000;

function draftFrom(message) {
  return typeof message.text === 'string' && message.text.length <= MAX_TEXT ? message.text : null;
}

function postFor(text, settings) {
  const post = { text, account_tier: settings.tier };
  if (settings.profile) post.profile = settings.profile;
  return post;
}

function publicReview(review) {
  if (!review) return null;
  return { id: review.id, status: review.status, note: review.note || '' };
}

async function lint(message, deps) {
  const text = draftFrom(message);
  if (text === null) return failure(FAILURE.REJECTED, 'The draft is too long to check.', { short: 'draft too long' });
  const settings = await loadSettings(deps.area);
  const answer = await callApi({ ...settings, route: '/v1/lint', method: 'POST', body: postFor(text, settings),
    fetchImpl: deps.fetchImpl });
  if (!answer.ok) return answer;
  const result = answer.data;
  const key = reviewKey(result.text_sha256, settings.profile);
  let review = await reviewFor(deps.area, key);
  if (result.review && typeof result.review.id !== 'undefined') {
    review = await rememberReview(deps.area, key, { id: String(result.review.id), status: result.review.status });
  }
  const dismissed = new Set(await dismissedFingerprints(deps.area));
  const findings = Array.isArray(result.findings) ? result.findings : [];
  return {
    ok: true,
    result,
    dismissed: findings.map((f) => f.fingerprint).filter((fp) => dismissed.has(fp)),
    review: publicReview(review),
  };
}

async function requestReview(message, deps) {
  const text = draftFrom(message);
  if (text === null) return failure(FAILURE.REJECTED, 'The draft is too long to send for review.');
  const note = typeof message.note === 'string' ? message.note.slice(0, MAX_NOTE) : '';
  const settings = await loadSettings(deps.area);
  const body = { post: postFor(text, settings) };
  if (note.trim()) body.note = note.trim();
  const answer = await callApi({ ...settings, route: '/v1/reviews', method: 'POST', body, fetchImpl: deps.fetchImpl });
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
  const decision = answer.data.decision || null;
  const note = decision && typeof decision.note === 'string' ? decision.note : '';
  const review = await rememberReview(deps.area, known.key, { id: known.review.id, status: answer.data.status, note });
  return { ok: true, review: publicReview(review) };
}

async function status(deps) {
  const settings = await loadSettings(deps.area);
  return { ok: true, configured: Boolean(settings.token) };
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
    case MSG.LINT: return lint(message, deps);
    case MSG.REQUEST_REVIEW: return requestReview(message, deps);
    case MSG.REVIEW_STATUS: return reviewStatus(message, deps);
    case MSG.DISMISS: return { ok: await dismiss(deps.area, message.fingerprint) };
    case MSG.STATUS: return status(deps);
    case MSG.OPEN_OPTIONS:
      await deps.openOptions();
      return { ok: true };
    case MSG.TEST_CONNECTION:
      if (!fromOptionsPage(sender, deps)) return failure(FAILURE.NOT_ALLOWED, 'Only the options page can test a connection.');
      return testConnection({ apiBase: message.apiBase, token: message.token, fetchImpl: deps.fetchImpl });
    default:
      return failure(FAILURE.NOT_ALLOWED, 'Unknown message.');
  }
}
