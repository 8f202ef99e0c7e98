// External script, so the page also works under the strict CSP variant.
watchEditor(document.getElementById('draft'));
