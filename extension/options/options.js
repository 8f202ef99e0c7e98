// The options page: edits the settings in chrome.storage.local and tests the
// connection through the worker (the only part that calls the API).

import { applyManaged, readManaged } from '../shared/managed.js';
import { MSG } from '../shared/messages.js';
import { DEFAULT_SITES, SETTING_KEYS, apiOriginPattern, normalizeApiBase, parseSites, sitesToOrigins, withDefaults } from '../shared/settings.js';

const $ = (id) => document.getElementById(id);

function say(kind, text) {
  const result = $('result');
  result.dataset.kind = kind;
  result.textContent = text;
}

function fillProfiles(profiles) {
  const list = $('profiles');
  list.replaceChildren(...profiles.map((p) => {
    const option = document.createElement('option');
    option.value = p.name;
    option.label = p.title;
    return option;
  }));
}

// The settings as the worker sees them: what was saved here, with policy on top.
async function effectiveSettings() {
  return applyManaged(withDefaults(await chrome.storage.local.get(SETTING_KEYS)), await readManaged(chrome.storage.managed));
}

// A field policy sets shows its value, cannot be edited, and says why.
function lock(id) {
  const field = $(id);
  field.readOnly = true;
  field.setAttribute('aria-readonly', 'true');
  field.closest('.field').dataset.locked = 'policy';
  const note = document.createElement('p');
  note.className = 'locked';
  note.id = `${id}-locked`;
  note.textContent = 'Set by your force\'s IT (policy); it cannot be changed here.';
  field.closest('.field').append(note);
}

async function load() {
  const settings = await effectiveSettings();
  $('apiBase').value = settings.apiBase;
  $('token').value = settings.token;
  $('profile').value = settings.profile;
  $('sites').value = settings.sites.join('\n');
  for (const key of settings.locked) if (key !== 'accounts') lock(key);
  if (settings.locked.includes('sites')) $('reset-sites').disabled = true;
  if (Array.isArray(settings.accounts)) {
    const accounts = $('managed-accounts');
    accounts.textContent = `Accounts you may post from (set by policy): ${settings.accounts.join(', ') || 'none'}.`;
    accounts.hidden = false;
  }
  if (settings.policyProblems.length) {
    say('error', `Your force's policy has values postlint cannot use, so they were ignored: ${settings.policyProblems.join('; ')}`);
  }
}

// Chrome only shows a permission prompt during the click that asked for it,
// so this is the first thing save() awaits.
function requestOrigins(origins) {
  if (!origins.length) return Promise.resolve(true);
  return chrome.permissions.request({ origins }).catch(() => false);
}

async function save(event) {
  event.preventDefault();
  const managed = await effectiveSettings();
  if (managed.locked.includes('apiBase')) $('apiBase').value = managed.apiBase;
  if (managed.locked.includes('sites')) $('sites').value = managed.sites.join('\n');
  if (managed.locked.includes('profile')) $('profile').value = managed.profile;
  const base = normalizeApiBase($('apiBase').value);
  if (base.error) return say('error', base.error);
  const { sites, errors } = parseSites($('sites').value);
  if (errors.length) return say('error', `Sites: ${errors.join('; ')}`);
  const wanted = [...sitesToOrigins(sites), apiOriginPattern(base.base)].filter(Boolean);
  // Already-granted origins pass without a prompt; new ones prompt once.
  const granted = await requestOrigins(wanted);
  let kept = sites;
  if (!granted) {
    kept = [];
    for (const site of sites) {
      if (await chrome.permissions.contains({ origins: sitesToOrigins([site]) })) kept.push(site);
    }
  }
  // Only what the officer may change is saved; policy's values stay policy's.
  const saved = { apiBase: base.base, token: $('token').value.trim(), profile: $('profile').value.trim(), sites: kept };
  for (const key of managed.locked) delete saved[key];
  await chrome.storage.local.set(saved);
  $('apiBase').value = base.base;
  $('sites').value = kept.join('\n');
  if (kept.length !== sites.length) {
    say('error', 'Saved, but Chrome did not allow some sites, so they were left out.');
  } else {
    say('ok', 'Saved. Reload any open composer tabs to start checking.');
  }
}

async function test() {
  const base = normalizeApiBase($('apiBase').value);
  if (base.error) return say('error', base.error);
  say('info', `Testing ${base.base}…`);
  const reply = await chrome.runtime.sendMessage({ type: MSG.TEST_CONNECTION, apiBase: base.base, token: $('token').value.trim() });
  if (reply && reply.ok) {
    fillProfiles(reply.profiles || []);
    const names = (reply.profiles || []).map((p) => p.name).join(', ');
    say('ok', names ? `${reply.message} Profiles: ${names}.` : reply.message);
  } else {
    say('error', reply && reply.failure ? reply.failure.message : 'The test could not run. Reload this page and try again.');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  load();
  $('settings').addEventListener('submit', save);
  $('test').addEventListener('click', test);
  $('reset-sites').addEventListener('click', () => {
    $('sites').value = DEFAULT_SITES.join('\n');
    say('info', 'Default sites restored. Save to keep them.');
  });
});
