// Bundles one fixture page per editor into dist/ (git-ignored), served on
// loopback by the browser tests. Run by `make test` after `npm ci`.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
export const EDITORS = ['lexical', 'draftjs', 'prosemirror', 'quill', 'slate', 'ckeditor', 'tinymce', 'react', 'textarea'];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: EDITORS.map((name) => join(here, 'src', `${name}.js`)),
  outdir: dist,
  bundle: true,
  format: 'iife',
  target: 'chrome116',
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  logLevel: 'warning',
});
cpSync(join(here, 'src', 'page.css'), join(dist, 'page.css'));
// TinyMCE loads its themes, models, icons and skins at run time from its own folder.
cpSync(join(here, 'node_modules', 'tinymce'), join(dist, 'tinymce'), { recursive: true });
for (const name of EDITORS) {
  const styles = ['page.css', `${name}.css`].filter((href) => existsSync(join(dist, href))).map((href) => `<link rel="stylesheet" href="${href}">`).join('');
  writeFileSync(join(dist, `${name}.html`), `<!doctype html><html lang="en"><head><meta charset="utf-8">`
    + `<title>postlint fixture: ${name}</title>${styles}</head><body><script src="${name}.js"></script></body></html>\n`);
}
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
