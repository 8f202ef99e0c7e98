// The options page's "Your token": the saved token's details and its rotation, both through
// the worker (the only part that calls the API). The page never sees the new token: the
// worker stores it, and the token field is refilled from storage.

import { MSG } from '../shared/messages.js';

const $ = (id) => document.getElementById(id);

function say(kind, text) {
  $('token-result').dataset.kind = kind;
  $('token-result').textContent = text;
}

function when(value) {
  if (!value) return 'never';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function show(token) {
  const rows = [['Token', token.tokenId], ['Holder', `${token.name} (${token.role})`], ['Made', when(token.createdAt)],
    ['Expires', token.expiresAt ? when(token.expiresAt) : 'never'], ['Last used', when(token.lastUsedAt)],
    ['Posts from', token.accounts.join(', ') || 'no registered account']];
  $('token-details').replaceChildren(...rows.flatMap(([term, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value || '';
    return [dt, dd];
  }));
  $('token-details').hidden = false;
}

// The worker uses the saved settings: an edited, unsaved token would be a different one.
async function unsaved() {
  const { token } = await chrome.storage.local.get('token');
  return (token || '') !== $('token').value.trim();
}

async function details() {
  if (await unsaved()) return say('error', 'Save your settings first, then show the token details.');
  say('info', 'Asking the server…');
  const reply = await chrome.runtime.sendMessage({ type: MSG.TOKEN_DETAILS });
  if (!reply || !reply.ok) return say('error', reply && reply.failure ? reply.failure.message : 'The request could not run.');
  show(reply.token);
  say('ok', reply.token.expiresAt ? `Your token works until ${when(reply.token.expiresAt)}.` : 'Your token does not expire.');
}

// A second click confirms: the old token stops working at once.
async function rotate() {
  const button = $('token-rotate');
  if (await unsaved()) return say('error', 'Save your settings first, then rotate the token.');
  if (button.dataset.armed !== 'yes') {
    button.dataset.armed = 'yes';
    button.textContent = 'Rotate now: the old token stops working';
    return;
  }
  button.dataset.armed = '';
  button.textContent = 'Rotate token';
  button.disabled = true;
  try {
    const reply = await chrome.runtime.sendMessage({ type: MSG.ROTATE_TOKEN });
    if (!reply || !reply.ok) return say('error', reply && reply.failure ? reply.failure.message : 'The request could not run.');
    $('token').value = (await chrome.storage.local.get('token')).token || '';
    show(reply.token);
    say('ok', `Rotated: this browser now uses token ${reply.token.tokenId}; the old one no longer works.`);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('token-show').addEventListener('click', details);
  $('token-rotate').addEventListener('click', rotate);
});
