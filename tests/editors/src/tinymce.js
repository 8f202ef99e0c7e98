// TinyMCE in its default mode: the editable body lives in an iframe of its own.
import { mountPage } from './page.js';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

mountPage({
  script: 'tinymce.js',
  async mount(target) {
    await loadScript(new URL('tinymce/tinymce.min.js', document.baseURI).href);
    const host = document.createElement('textarea');
    target.append(host);
    const [editor] = await window.tinymce.init({
      target: host, license_key: 'gpl', menubar: false, toolbar: false, statusbar: false, plugins: [],
      height: 220, base_url: new URL('tinymce', document.baseURI).href, suffix: '.min',
    });
    const text = () => Array.from(editor.getBody().children, (block) => block.textContent.replace(/\uFEFF/g, '')).join('\n');
    return { text };
  },
});
