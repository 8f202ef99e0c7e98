import { ClassicEditor, Essentials, Paragraph } from 'ckeditor5';
import 'ckeditor5/ckeditor5.css';
import { mountPage } from './page.js';

mountPage({
  script: 'ckeditor.js',
  styles: ['ckeditor.css'],
  async mount(target) {
    const host = document.createElement('div');
    target.append(host);
    const editor = await ClassicEditor.create(host, { licenseKey: 'GPL', plugins: [Essentials, Paragraph], toolbar: [] });
    const root = editor.model.document.getRoot();
    const text = () => Array.from(root.getChildren(),
      (block) => Array.from(block.getChildren(), (node) => (node.is('$text') ? node.data : '')).join('')).join('\n');
    return { text };
  },
});
