// Service worker: wiring only. Listeners are added synchronously at start-up
// (MV3 requires it); every piece of state is read from chrome.storage.local.

import { handleMessage } from './handlers.js';
import { syncContentScripts } from './sites.js';
import { loadSettings } from './store.js';

const deps = () => ({
  area: chrome.storage.local,
  fetchImpl: (...args) => fetch(...args),
  runtimeId: chrome.runtime.id,
  optionsUrlPrefix: chrome.runtime.getURL('options/'),
  openOptions: () => chrome.runtime.openOptionsPage(),
});

async function syncSites() {
  const { sites } = await loadSettings(chrome.storage.local);
  try {
    await syncContentScripts(chrome.scripting, sites);
  } catch (error) {
    // A site without host permission cannot be registered; keep the others.
    const allowed = [];
    for (const site of sites) {
      if (await chrome.permissions.contains({ origins: [site] })) allowed.push(site);
    }
    await syncContentScripts(chrome.scripting, allowed);
    console.warn('postlint: some sites lack permission and are not watched', String(error && error.message));
  }
}

chrome.runtime.onInstalled.addListener(() => { syncSites(); });
chrome.runtime.onStartup.addListener(() => { syncSites(); });
chrome.storage.onChanged.addListener((changes, area) => {
  // Policy (the managed area) may set or change the sites too.
  if ((area === 'local' || area === 'managed') && changes.sites) syncSites();
});
chrome.permissions.onAdded.addListener(() => { syncSites(); });

chrome.action.onClicked.addListener(() => { chrome.runtime.openOptionsPage(); });

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  handleMessage(message, sender, deps())
    .then(reply)
    .catch(() => reply({ ok: false, failure: { kind: 'server', message: 'postlint hit an unexpected problem.', short: 'unexpected problem' } }));
  return true;
});
