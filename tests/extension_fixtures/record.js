// Counts every change made to the editor's DOM and attributes, so tests can
// tell the page's own edits (while typing) from anything the extension does.
window.editorRecord = { mutations: 0, attributeChanges: [] };  // all watched editors together
window.watchEditor = (editor) => {
  new MutationObserver((records) => {
    for (const record of records) {
      window.editorRecord.mutations += 1;
      if (record.type === 'attributes') window.editorRecord.attributeChanges.push(`${record.attributeName}=${record.target.getAttribute(record.attributeName)}`);
    }
  }).observe(editor, { subtree: true, childList: true, characterData: true, attributes: true });
};
