// The post the worker sends: the draft with what the page says about it. The
// page's DOM is not ours, so every field is checked and bounded here before it
// reaches the API; the server still validates and takes tier, contributors and
// profile from its account registry.

const MAX_ATTACHMENTS = 20;
const MAX_FIELD = 4096;
const ACCOUNT = /^[a-z]{1,20}:@?[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/i;
const KINDS = new Set(['image', 'video', 'audio', 'link']);
const SCHEDULE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function field(value) {
  return typeof value === 'string' ? value.slice(0, MAX_FIELD) : '';
}

export function cleanAccount(value) {
  return typeof value === 'string' && ACCOUNT.test(value.trim()) ? value.trim() : null;
}

export function cleanSchedule(value) {
  return typeof value === 'string' && SCHEDULE.test(value.trim()) ? value.trim() : null;
}

export function cleanAttachments(list) {
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_ATTACHMENTS).filter((a) => a && typeof a === 'object').map((a) => ({
    kind: KINDS.has(a.kind) ? a.kind : 'image',
    filename: field(a.filename), alt: field(a.alt), caption: field(a.caption), source_url: field(a.source_url),
  }));
}

// `context` comes from the content script; `chosen` is the account the officer
// picked for this site when the page did not show one.
export function postFor(text, settings, context = {}, chosen = null) {
  const post = { text };
  const account = cleanAccount(context && context.account) || cleanAccount(chosen);
  if (account) post.account = account;
  const attachments = cleanAttachments(context && context.attachments);
  if (attachments.length) post.attachments = attachments;
  const scheduled = cleanSchedule(context && context.scheduled_for);
  if (scheduled) post.scheduled_for = scheduled;
  if (settings.profile && !account) post.profile = settings.profile;
  return post;
}
