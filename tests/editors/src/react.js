import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { mountPage } from './page.js';

// A controlled textarea: React holds the text in state and writes it back on every render.
mountPage({
  script: 'react.js',
  mount(target) {
    let rendered = '';
    function Composer() {
      const [value, setValue] = useState('');
      rendered = value;
      const onChange = (event) => setValue(event.target.value);
      return React.createElement('textarea', { className: 'editable', 'aria-label': 'React composer', value, onChange });
    }
    createRoot(target).render(React.createElement(Composer));
    return { text: () => rendered };
  },
});
