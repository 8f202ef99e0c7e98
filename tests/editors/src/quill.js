import Quill from 'quill';
import 'quill/dist/quill.core.css';
import { mountPage } from './page.js';

mountPage({
  script: 'quill.js',
  styles: ['quill.css'],
  mount(target) {
    const quill = new Quill(target, { placeholder: 'What is happening?' });
    quill.root.setAttribute('aria-label', 'Quill composer');
    // Quill always ends its text with a newline of its own.
    return { text: () => quill.getText().replace(/\n$/, '') };
  },
});
