import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Editor, EditorState } from 'draft-js';
import 'draft-js/dist/Draft.css';
import { mountPage } from './page.js';

mountPage({
  script: 'draftjs.js',
  styles: ['draftjs.css'],
  mount(target) {
    let current = EditorState.createEmpty();
    function Composer() {
      const [state, setState] = useState(current);
      const onChange = (next) => { current = next; setState(next); };
      return React.createElement('div', { className: 'editable-frame' },
        React.createElement(Editor, { editorState: state, onChange, ariaLabel: 'Draft.js composer' }));
    }
    createRoot(target).render(React.createElement(Composer));
    return { text: () => current.getCurrentContent().getPlainText('\n') };
  },
});
