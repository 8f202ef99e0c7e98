// Classic content script: MV3 cannot declare module content scripts, so this
// imports the real one (listed in web_accessible_resources) as a module.
(() => {
  if (globalThis.__postlintLoaded) return;
  globalThis.__postlintLoaded = true;
  import(chrome.runtime.getURL('content/main.js'))
    .then((module) => module.start())
    .catch(() => { /* extension reloaded or page tore down: nothing to clean up */ });
})();
