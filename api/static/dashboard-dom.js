// Small DOM helpers. Text goes in with textContent only: drafts are untrusted text.

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function announce(message) {
  $("announce").textContent = message;
}
