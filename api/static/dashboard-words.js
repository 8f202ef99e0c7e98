// The words a reviewer reads: statuses, verdicts, categories, times and messages.
// Everything here is plain text; nothing is ever parsed as HTML.

export const STATUS_WORDS = {
  pending: "Waiting for review", changes_requested: "Changes requested", approved: "Approved",
  rejected: "Rejected", expired: "Expired", withdrawn: "Approval withdrawn",
};
export const TAB_WORDS = {
  pending: "pending", changes_requested: "sent back for changes", approved: "approved",
  rejected: "rejected", withdrawn: "withdrawn", expired: "expired",
};
// Nothing is stopped by postlint: a serious finding means the post needs a reviewer's
// approval (with a note) before it goes out, so the words must not say "blocked".
export const VERDICT_WORDS = {
  block: "Serious: needs approval before posting", review: "Needs approval before posting", ok: "Nothing found",
};
export const SEVERITY_WORDS = { block: "Serious", review: "Needs approval", advice: "Advice" };
export const DECISION_WORDS = { approve: "Approved", reject: "Rejected", request_changes: "Changes requested" };
export const ACTION_WORDS = {
  submitted: "Submitted", viewed: "First viewed", approved: "Approved", rejected: "Rejected",
  changes_requested: "Asked for changes", resubmitted: "Resubmitted with changes", withdrawn: "Approval withdrawn",
  purged: "Draft text removed after the retention period", expired: "Expired without a decision",
};

const categoryNames = new Map();

export function setCategoryNames(categories) {
  for (const { id, name } of categories) categoryNames.set(id, name);
}

export function categoryName(id) {
  if (categoryNames.has(id)) return categoryNames.get(id);
  const words = String(id).replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Each rule's own message from the catalogue: a finding's message may add which person it
// is about, and a group of findings of one rule is headed by the rule's words.
const ruleMessages = new Map();

export function setRuleMessages(rules) {
  for (const { id, message } of rules) ruleMessages.set(id, message);
}

export function ruleMessage(id) {
  return ruleMessages.get(id) || null;
}

export function allCategories() {
  return [...categoryNames.entries()].map(([id, name]) => ({ id, name }));
}

// Server messages are terse lower-case fragments ("no such review"): show them as sentences.
export function sentence(text) {
  const trimmed = String(text || "").trim();
  if (!trimmed) return "";
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

export function formatTime(value, timeStyle = "short") {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value)
    : date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle });
}
