import React, { useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { Node, createEditor } from 'slate';
import { Editable, Slate, withReact } from 'slate-react';
import { withHistory } from 'slate-history';
import { mountPage } from './page.js';

mountPage({
  script: 'slate.js',
  mount(target) {
    let editor = null;
    function Composer() {
      editor = useMemo(() => withHistory(withReact(createEditor())), []);
      const initialValue = useMemo(() => [{ type: 'paragraph', children: [{ text: '' }] }], []);
      return React.createElement(Slate, { editor, initialValue },
        React.createElement(Editable, { className: 'editable', 'aria-label': 'Slate composer' }));
    }
    createRoot(target).render(React.createElement(Composer));
    return { text: () => (editor ? editor.children.map((block) => Node.string(block)).join('\n') : '') };
  },
});
