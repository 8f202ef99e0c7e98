// Settings a force's IT sets by Chrome or Edge policy (chrome.storage.managed,
// described by managed_schema.json). Policy wins over what the officer saved:
// a managed value is used as it is and shown locked in the options page. A
// value policy got wrong is left out (the officer's own, or the default, stands)
// and reported, so one typo in a policy file never breaks checking.

import { checkSitePattern, normalizeApiBase } from './settings.js';

export const MANAGED_KEYS = Object.freeze(['apiBase', 'sites', 'profile', 'accounts']);

const ACCOUNT = /^[a-z]{1,20}:@?[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/i;
const PROFILE = /^[a-z0-9][a-z0-9-]{0,63}$/;

// The managed area's values, or {} where there is no policy (or no managed
// storage at all, as in node tests or a browser without the schema).
export async function readManaged(area) {
  if (!area || typeof area.get !== 'function') return {};
  try {
    const values = await area.get(MANAGED_KEYS);
    return values && typeof values === 'object' ? values : {};
  } catch {
    return {};
  }
}

function cleanList(list, check) {
  if (!Array.isArray(list)) return { error: 'is not a list' };
  const kept = [];
  for (const item of list) {
    const problem = check(item);
    if (problem) return { error: problem };
    const text = String(item).trim();
    if (!kept.includes(text)) kept.push(text);
  }
  return { value: kept };
}

const CHECKS = {
  apiBase(value) {
    const { base, error } = normalizeApiBase(value);
    return error ? { error } : { value: base };
  },
  sites(value) {
    return cleanList(value, (site) => (typeof site === 'string' ? checkSitePattern(site) : 'is not text'));
  },
  profile(value) {
    const text = typeof value === 'string' ? value.trim() : null;
    return text !== null && (text === '' || PROFILE.test(text)) ? { value: text } : { error: `"${value}" is not a profile name` };
  },
  accounts(value) {
    return cleanList(value, (account) => (typeof account === 'string' && ACCOUNT.test(account.trim())
      ? null : `"${account}" is not an account like x:@NYorksPolice`));
  },
};

// `settings` (withDefaults of local storage) with policy on top, plus
// `locked` (the keys policy set), `accounts` (null: the server's list stands)
// and `policyProblems` (one line per managed value that was left out).
export function applyManaged(settings, managed) {
  const out = { ...settings, locked: [], accounts: null, policyProblems: [] };
  for (const key of MANAGED_KEYS) {
    if (!managed || managed[key] === undefined || managed[key] === null) continue;
    const { value, error } = CHECKS[key](managed[key]);
    if (error) {
      out.policyProblems.push(`${key}: ${error}`);
      continue;
    }
    out[key] = value;
    out.locked.push(key);
  }
  return out;
}

// The accounts to offer an officer: the server's list for their token, cut to
// the ones policy names when it names any.
export function offeredAccounts(settings, fromServer) {
  if (!Array.isArray(settings.accounts)) return fromServer;
  const allowed = new Set(settings.accounts.map((a) => a.replace('@', '').toLowerCase()));
  return fromServer.filter((a) => allowed.has(String(a.account).replace('@', '').toLowerCase()));
}

// The account a post goes out from when the page shows none and the officer
// has not picked one: the only account policy allows, if it allows one.
export function soleAccount(settings) {
  return Array.isArray(settings.accounts) && settings.accounts.length === 1 ? settings.accounts[0] : null;
}
