import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { schema } from 'prosemirror-schema-basic';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { baseKeymap } from 'prosemirror-commands';
import 'prosemirror-view/style/prosemirror.css';
import { mountPage } from './page.js';

mountPage({
  script: 'prosemirror.js',
  styles: ['prosemirror.css'],
  mount(target) {
    const state = EditorState.create({
      schema,
      plugins: [history(), keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo }), keymap(baseKeymap)],
    });
    const view = new EditorView(target, { state, attributes: { class: 'editable', 'aria-label': 'ProseMirror composer' } });
    return { text: () => view.state.doc.textBetween(0, view.state.doc.content.size, '\n') };
  },
});
