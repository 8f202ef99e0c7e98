// Registers the content script on the sites listed in settings. Registration
// is rebuilt from storage each time, so it is right after any restart.

export const SCRIPT_ID = 'postlint-composer';

export function registration(sites) {
  return {
    id: SCRIPT_ID,
    matches: sites,
    js: ['content/loader.js'],
    runAt: 'document_idle',
    // Composers live in frames too (TinyMCE's default mode, embedded
    // schedulers), including about:blank and srcdoc frames an editor creates,
    // which have no URL of their own to match: they go by their creator's.
    allFrames: true,
    matchOriginAsFallback: true,
    persistAcrossSessions: true,
  };
}

export async function syncContentScripts(scripting, sites) {
  const existing = await scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (!sites.length) {
    if (existing.length) await scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return [];
  }
  const script = registration(sites);
  if (existing.length) await scripting.updateContentScripts([script]);
  else await scripting.registerContentScripts([script]);
  return sites;
}
