// Everything the worker remembers lives in chrome.storage.local (passed in as
// `area`), never in module globals: MV3 may stop the worker between messages.

import { applyManaged, readManaged } from '../shared/managed.js';
import { MAX_ACCOUNT_CHOICES, MAX_DISMISSED, MAX_REVIEWS, SETTING_KEYS, withDefaults } from '../shared/settings.js';

// The browser's policy-set values (chrome.storage.managed), where there are any.
function browserManagedArea() {
  return globalThis.chrome?.storage?.managed;
}

// What the officer saved, with what the force set by policy on top (shared/managed.js).
export async function loadSettings(area, managedArea = browserManagedArea()) {
  return applyManaged(withDefaults(await area.get(SETTING_KEYS)), await readManaged(managedArea));
}

export async function dismissedFingerprints(area) {
  const { dismissed } = await area.get('dismissed');
  return Array.isArray(dismissed) ? dismissed : [];
}

export async function dismiss(area, fingerprint) {
  if (typeof fingerprint !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(fingerprint)) return false;
  const list = (await dismissedFingerprints(area)).filter((f) => f !== fingerprint);
  list.push(fingerprint);
  await area.set({ dismissed: list.slice(-MAX_DISMISSED) });
  return true;
}

// Reviews are remembered per draft (its hash and profile), so a reload still
// shows "pending" and the worker only polls reviews this browser asked for.
export function reviewKey(textSha256, profile) {
  return `${profile || ''}|${textSha256}`;
}

// A reviewer's note is the force's internal business: the browser keeps it,
// with the rest of what it remembers about a review, for a week after it last
// heard about that review, then forgets it. The server still knows; a lint of
// the same draft brings back its status.
export const REVIEW_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

async function reviewsMap(area, now = Date.now()) {
  const { reviews } = await area.get('reviews');
  const all = reviews && typeof reviews === 'object' && !Array.isArray(reviews) ? reviews : {};
  const kept = {};
  for (const [key, review] of Object.entries(all)) {
    if (review && Number.isFinite(review.at) && now - review.at < REVIEW_MEMORY_MS) kept[key] = review;
  }
  if (Object.keys(kept).length !== Object.keys(all).length) await area.set({ reviews: kept });
  return kept;
}

export async function reviewFor(area, key, now = Date.now()) {
  return (await reviewsMap(area, now))[key] || null;
}

export async function reviewById(area, id, now = Date.now()) {
  const all = await reviewsMap(area, now);
  const key = Object.keys(all).find((k) => all[k].id === id);
  return key ? { key, review: all[key] } : null;
}

export async function rememberReview(area, key, review) {
  const all = await reviewsMap(area);
  delete all[key];
  all[key] = { id: review.id, status: review.status, note: review.note || '', at: review.at || Date.now() };
  const keys = Object.keys(all);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_REVIEWS))) delete all[old];
  await area.set({ reviews: all });
  return all[key];
}

// The account an officer picked for a site whose composer does not show it,
// so the card asks once per site rather than once per post.
async function choicesMap(area) {
  const { accountChoices } = await area.get('accountChoices');
  return accountChoices && typeof accountChoices === 'object' && !Array.isArray(accountChoices) ? accountChoices : {};
}

export async function accountChoice(area, site) {
  return site ? (await choicesMap(area))[site] || null : null;
}

export async function rememberAccountChoice(area, site, account) {
  const all = await choicesMap(area);
  delete all[site];
  if (account) all[site] = account;
  const keys = Object.keys(all);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ACCOUNT_CHOICES))) delete all[old];
  await area.set({ accountChoices: all });
}
