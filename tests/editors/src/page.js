// The page around every editor fixture: a composer with a Post button under
// it, laid out the way the query string asks (?layout=dialog|iframe|scroll,
// ?zoom=html|composer), and `window.fixture`, which the browser tests use to
// read the editor's own model of its text.

const params = new URLSearchParams(location.search);

function composer() {
  const box = document.createElement('div');
  box.className = 'composer';
  box.id = 'composer';
  const mount = document.createElement('div');
  mount.id = 'mount';
  const actions = document.createElement('div');
  actions.className = 'composer-actions';
  const post = document.createElement('button');
  post.type = 'button';
  post.id = 'post';
  post.textContent = 'Post';
  actions.append(post);
  box.append(mount, actions);
  return { box, mount };
}

// A frame holding the same page without the layout parameter, created the
// way editors and composers create theirs: a srcdoc frame on the page's origin.
function mountInFrame(script, styles) {
  const frame = document.createElement('iframe');
  frame.id = 'composer-frame';
  frame.title = 'composer';
  const links = ['page.css', ...styles].map((href) => `<link rel="stylesheet" href="${href}">`).join('');
  frame.srcdoc = `<!doctype html><html><head><meta charset="utf-8">${links}</head>`
    + `<body class="in-frame"><script src="${script}"></script></body></html>`;
  document.body.append(frame);
  window.fixture = { framed: true };
}

export function mountPage({ script, styles = [], mount }) {
  const layout = window === top ? params.get('layout') || 'plain' : 'plain';
  if (layout === 'iframe') {
    mountInFrame(script, styles);
    return;
  }
  const banner = document.createElement('div');
  banner.id = 'banner-slot';
  const { box, mount: target } = composer();
  if (layout === 'dialog') {
    const dialog = document.createElement('dialog');
    dialog.id = 'composer-dialog';
    dialog.append(box);
    document.body.append(banner, dialog);
    dialog.showModal();
    // What a composer's own "Escape closes me" handler would see.
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') window.fixture.pageEscapes += 1;
    });
  } else if (layout === 'scroll') {
    const scroller = document.createElement('div');
    scroller.id = 'scroller';
    const spacer = () => Object.assign(document.createElement('div'), { className: 'spacer' });
    scroller.append(spacer(), box, spacer());
    document.body.append(banner, scroller);
  } else {
    document.body.append(banner, box);
  }
  const [zoomWhere, zoomValue] = (params.get('zoom') || '').split(':');
  if (zoomWhere === 'html') document.documentElement.style.zoom = zoomValue || '1.25';
  if (zoomWhere === 'composer') box.style.zoom = zoomValue || '1.25';

  window.fixture = {
    framed: false,
    ready: false,
    pageEscapes: 0,
    text: () => '',
    // A banner appearing above the composer moves it down without a scroll or resize.
    layoutShift(height = 80) {
      const note = document.createElement('div');
      note.className = 'banner';
      note.style.height = `${height}px`;
      note.textContent = 'Service notice';
      banner.append(note);
    },
  };
  Promise.resolve(mount(target)).then((editor) => {
    window.fixture.text = editor.text;
    window.fixture.ready = true;
  });
}
