// External script, so the page also works under the strict CSP variant.
for (const id of ['post', 'comment', 'title', 'search']) watchEditor(document.getElementById(id));
