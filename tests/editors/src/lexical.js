import { $getRoot, createEditor } from 'lexical';
import { registerPlainText } from '@lexical/plain-text';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { mountPage } from './page.js';

mountPage({
  script: 'lexical.js',
  mount(target) {
    const root = document.createElement('div');
    root.contentEditable = 'true';
    root.className = 'editable';
    root.setAttribute('aria-label', 'Lexical composer');
    target.append(root);
    const editor = createEditor({ namespace: 'fixture', onError: (error) => { throw error; } });
    editor.setRootElement(root);
    registerPlainText(editor);
    registerHistory(editor, createEmptyHistoryState(), 300);
    return { text: () => editor.getEditorState().read(() => $getRoot().getTextContent()) };
  },
});
