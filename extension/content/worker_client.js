// The content script's only way to reach the API: a message to the worker,
// which holds the token. A dead extension context (after an update) becomes
// an ordinary failure instead of an uncaught error on the officer's page.

export async function ask(type, payload = {}) {
  try {
    const reply = await chrome.runtime.sendMessage({ type, ...payload });
    if (reply && typeof reply === 'object') return reply;
  } catch {
    // fall through
  }
  return { ok: false, failure: { kind: 'extension', message: 'postlint was updated or restarted. Reload this page to keep checking.', short: 'reload the page' } };
}
