import { mountPage } from './page.js';

mountPage({
  script: 'textarea.js',
  mount(target) {
    const field = document.createElement('textarea');
    field.className = 'editable';
    field.setAttribute('aria-label', 'Plain composer');
    target.append(field);
    return { text: () => field.value };
  },
});
