// The detail pane: one draft with its summary, findings, decision and audit trail.
import { api, currentSession, describe, ApiError } from "./dashboard-api.js";
import {
  ACTION_WORDS, DECISION_WORDS, STATUS_WORDS, VERDICT_WORDS, categoryName, formatTime, plural,
  sentence,
} from "./dashboard-words.js";
import { $, el, announce } from "./dashboard-dom.js";
import { initFindings, renderFindings, renderHighlightedText } from "./dashboard-findings.js";

const state = { id: null, review: null, generation: 0, retry: null, onDecided: () => {} };

export function openId() {
  return state.id;
}

export function openStatus() {
  return state.review ? state.review.status : null;
}

// --- showing the pane, or why it is empty --------------------------------------------

export function closeReview() {
  state.generation += 1;
  state.id = null;
  state.review = null;
  $("review").hidden = true;
  $("detail-error").hidden = true;
  $("detail-placeholder").hidden = false;
  $("placeholder-title").textContent = "No draft selected";
}

function showLoading() {
  $("review").hidden = true;
  $("detail-error").hidden = true;
  $("detail-placeholder").hidden = false;
  $("placeholder-title").textContent = "Opening the draft…";
}

function showError(error, retry) {
  state.retry = retry;
  $("review").hidden = true;
  $("detail-placeholder").hidden = true;
  $("detail-error-text").textContent = describe(error);
  $("detail-error").hidden = false;
  $("detail-error-title").focus();
}

async function fetchReview(id) {
  const path = `/v1/reviews/${encodeURIComponent(id)}`;
  const [review, audit] = await Promise.all([api(path), api(`${path}/audit`)]);
  return { review, events: audit.events };
}

// Open a draft; the pane shows only this draft (or why it could not), never the last one.
// ``notice`` is a line to show above it, or a function of the review that makes one.
export async function openReview(id, { notice = null, focus = true } = {}) {
  const generation = ++state.generation;
  state.id = id;
  state.review = null;
  showLoading();
  try {
    const { review, events } = await fetchReview(id);
    if (generation !== state.generation) return null;
    render(review, events, typeof notice === "function" ? notice(review) : notice);
    if (focus) $("review-title").focus();
    return review;
  } catch (error) {
    if (generation !== state.generation) return null;
    if (error instanceof ApiError && error.status === 401) return null; // the sign-in form takes over
    showError(error, () => openReview(id, { notice, focus }));
    return null;
  }
}

// The queue's quiet refresh: has someone else decided the draft on screen?
export async function refreshOpenReview() {
  const id = state.id;
  if (!id || !state.review || state.review.status !== "pending") return;
  const generation = state.generation;
  const { review, events } = await fetchReview(id);
  if (generation !== state.generation || review.status === "pending") return;
  const by = review.decision ? review.decision.by : "postlint";
  render(review, events, `${by} decided this draft while you had it open.`);
  announce(`${by} decided this draft while you had it open.`);
}

// --- the parts of one draft -----------------------------------------------------------

function render(review, events, notice) {
  state.review = review;
  const status = $("review-status");
  status.className = `badge status-${review.status}`;
  status.textContent = STATUS_WORDS[review.status] || review.status;
  const verdict = $("review-verdict");
  verdict.className = `badge verdict-${review.verdict}`;
  verdict.textContent = VERDICT_WORDS[review.verdict] || review.verdict;
  $("review-title").textContent = `Draft from ${review.submitted_by}`;
  $("review-meta").textContent = `Sent ${formatTime(review.submitted_at)} · force profile ${review.profile}`;

  const noticeBox = $("review-notice");
  const replaced = review.replaced_by ? "The officer has sent a new version of this draft." : null;
  noticeBox.replaceChildren();
  if (notice || replaced) noticeBox.append(document.createTextNode(notice || replaced));
  if (review.replaced_by) {
    const link = el("a", "notice-link", "Open the new version");
    link.href = `#${review.replaced_by}`;
    noticeBox.append(" ", link);
  }
  noticeBox.hidden = !(notice || replaced);

  renderSummary(review);
  renderResubmission(review);
  const post = review.post;
  if (post) {
    renderHighlightedText($("post-text"), post.text, review.findings);
    renderAttachments(post.attachments || []);
  } else {
    $("post-text").replaceChildren(el("em", "muted", "The draft text was removed after the retention period."));
    $("attachments").replaceChildren();
  }
  $("submit-note-block").hidden = !review.note;
  $("submit-note").textContent = review.note || "";
  renderRewrite(review);
  renderFindings(review.findings, post ? post.attachments || [] : []);
  renderDecision(review);
  renderWithdraw(review);
  renderAudit(events);
  $("detail-placeholder").hidden = true;
  $("detail-error").hidden = true;
  $("review").hidden = false;
}

function term(list, label, value) {
  if (value === null || value === undefined || value === "") return;
  list.append(el("dt", null, label));
  const dd = el("dd");
  if (value instanceof Node) dd.append(value); else dd.textContent = value;
  list.append(dd);
}

function countsByCategory(findings) {
  const counts = new Map();
  for (const finding of findings) counts.set(finding.category, (counts.get(finding.category) || 0) + 1);
  return [...counts.entries()].map(([category, count]) => `${categoryName(category)} (${count})`).join(" · ");
}

// Where and when the post goes out. A service that resolves accounts from its registry
// sends ``context`` (account name, network, tier, contributors, election state); it wins
// over what the post itself says.
function accountWords(review) {
  const context = review.context || {};
  const post = review.post || {};
  const account = context.account || review.account || (typeof post.account === "string" ? post.account : null);
  const named = account && context.account_name ? `${context.account_name} (${account}${context.network ? `, ${context.network}` : ""})` : account;
  const tier = context.tier || post.account_tier;
  const contributors = context.contributors || post.account_contributors;
  return [named, tier && `${tier} account`, contributors && plural(contributors, "contributor")]
    .filter(Boolean).join(" · ") || "Not given";
}

function electionWords(review) {
  const context = review.context || {};
  if (typeof context.in_election_period === "boolean") {
    return context.in_election_period ? `Yes: ${context.election_period || "a pre-election period"}` : "No";
  }
  const period = review.election_period;
  return period ? `Yes: ${period.name} (polling day ${formatTime(`${period.polling_day}T12:00:00Z`).split(",")[0]})`
    : "No";
}

function renderSummary(review) {
  const list = $("summary");
  list.replaceChildren();
  term(list, "Verdict", VERDICT_WORDS[review.verdict] || review.verdict);
  term(list, "Findings", review.findings.length
    ? `${plural(review.findings.length, "finding")}: ${countsByCategory(review.findings)}` : "None");
  term(list, "Account", accountWords(review));
  term(list, "Author", review.submitted_by);
  const scheduled = (review.context && review.context.scheduled_for) || review.scheduled_for;
  term(list, "Scheduled", scheduled ? formatTime(scheduled) : "Not scheduled: goes out when approved");
  term(list, "Pre-election period", electionWords(review));
}

function renderResubmission(review) {
  const block = $("resubmission-block");
  const earlier = review.resubmission_of;
  block.hidden = !earlier;
  if (!earlier) return;
  const intro = $("resubmission-intro");
  intro.replaceChildren("This draft replaces one that was sent back for changes. ");
  const link = el("a", null, "Open the earlier draft");
  link.href = `#${earlier.id}`;
  intro.append(link);
  const asked = earlier.decision;
  $("resubmission-request").hidden = !(asked && asked.note);
  $("resubmission-note").textContent = asked && asked.note
    ? `${asked.note} (${asked.by}, ${formatTime(asked.at)})` : "";
  const diff = $("resubmission-diff");
  diff.replaceChildren();
  if (!earlier.changes) {
    diff.append(el("em", "muted", "The earlier draft's text was removed after the retention period."));
    return;
  }
  for (const piece of earlier.changes) {
    if (piece.op === "equal") diff.append(document.createTextNode(piece.text));
    else {
      const node = el(piece.op === "insert" ? "ins" : "del", null, piece.text);
      node.title = piece.op === "insert" ? "Added" : "Removed";
      diff.append(node);
    }
  }
}

// The safe rewrite postlint can offer (each finding's fix applied, as ``POST /v1/fix`` does),
// with what the rewritten post would still raise; only while the draft waits for a decision.
function renderRewrite(review) {
  $("rewrite-block").hidden = true;
  const post = review.post;
  if (review.status !== "pending" || !post || !review.findings.some((f) => Array.isArray(f.fix) && f.fix.length)) {
    return;
  }
  const generation = state.generation;
  $("use-rewrite").hidden = review.submitted_by === currentSession().name;
  api("/v1/fix", { method: "POST", body: post }).then((fixed) => {
    if (generation !== state.generation || fixed.text === post.text) return;
    $("rewrite-text").textContent = fixed.text;
    $("rewrite-after").textContent = fixed.remaining.length
      ? `After the rewrite: ${VERDICT_WORDS[fixed.verdict] || fixed.verdict} (${plural(fixed.remaining.length, "finding")} left).`
      : "After the rewrite postlint finds nothing.";
    $("rewrite-block").hidden = false;
  }).catch(() => { /* an aid only: the draft and its findings stand without it */ });
}

function renderAttachments(attachments) {
  const list = $("attachments");
  list.replaceChildren();
  attachments.forEach((a, i) => {
    const parts = [`Attachment ${i + 1}: ${a.kind}`, a.filename, a.alt && `alt text “${a.alt}”`,
      a.caption && `caption “${a.caption}”`, a.source_url].filter(Boolean);
    list.append(el("li", null, parts.join(" · ")));
  });
}

function renderDecision(review) {
  const pending = review.status === "pending";
  const mine = pending && review.submitted_by === currentSession().name;
  $("decision-form").hidden = !pending || mine;
  $("own-draft").hidden = !mine;
  $("own-draft").textContent = mine
    ? "You sent this draft, so another reviewer has to decide it: nobody approves their own post." : "";
  hideDecisionError();
  const summary = $("decision-summary");
  summary.replaceChildren();
  summary.hidden = pending;
  if (pending) {
    $("note-hint").textContent = review.verdict === "block"
      ? "This draft has a serious finding: a note is needed to approve it, and always to reject it or ask for changes."
      : "Optional when approving; needed to reject or to ask for changes.";
    $("decision-note").value = "";
    return;
  }
  const decision = review.decision;
  summary.className = `decision-summary decision-${decision ? decision.decision : "none"}`;
  if (!decision) {
    summary.append(el("p", null, "This draft expired without a decision."));
    return;
  }
  summary.append(el("p", "decision-line",
    `${DECISION_WORDS[decision.decision]} by ${decision.by}, ${formatTime(decision.at)}`));
  if (decision.note) summary.append(el("p", "decision-note", decision.note));
  if (review.rewrite) {
    summary.append(el("p", null, "The officer was asked to use postlint's rewrite:"),
      el("div", "post-text rewrite", review.rewrite.text));
  }
  const withdrawal = review.withdrawal;
  if (withdrawal) {
    summary.className = "decision-summary decision-reject";
    summary.append(el("p", "decision-line", `Approval withdrawn by ${withdrawal.by}, ${formatTime(withdrawal.at)}`));
    if (withdrawal.note) summary.append(el("p", "decision-note", withdrawal.note));
  }
}

// A standing approval can be withdrawn, with a reason the officer sees.
function renderWithdraw(review) {
  const offered = review.status === "approved" && !review.withdrawal;
  $("withdraw-form").hidden = !offered;
  $("withdraw-note").value = "";
  $("withdraw-error").hidden = true;
}

async function withdraw() {
  const id = state.id;
  const note = $("withdraw-note").value.trim();
  $("withdraw-error").hidden = true;
  try {
    await api(`/v1/reviews/${encodeURIComponent(id)}/withdrawal`, { method: "POST", body: { note } });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    $("withdraw-error").textContent = describe(error);
    $("withdraw-error").hidden = false;
    $("withdraw-note").focus();
    return;
  }
  announce("Approval withdrawn.");
  state.onDecided();
  await openReview(id, { notice: "Approval withdrawn." });
}

function renderAudit(events) {
  const rows = $("audit-rows");
  rows.replaceChildren();
  for (const event of events) {
    const row = el("tr");
    row.append(el("td", null, formatTime(event.at, "medium")), el("td", null, `${event.actor} (${event.role})`),
      el("td", null, `${ACTION_WORDS[event.action] || sentence(event.action)}${
        event.detail && event.detail.use_rewrite ? ": use postlint's rewrite" : ""}`));
    rows.append(row);
  }
}

// --- deciding ---------------------------------------------------------------------------

function hideDecisionError() {
  $("decision-error").hidden = true;
  $("decision-retry").hidden = true;
}

function showDecisionError(message, retry) {
  $("decision-error-text").textContent = message;
  $("decision-retry").hidden = !retry;
  state.retry = retry;
  $("decision-error").hidden = false;
}

const DONE_WORDS = { approve: "Draft approved.", reject: "Draft rejected.", request_changes: "Sent back to the officer for changes." };
const REWRITE_DONE = "Draft rejected: the officer is offered postlint's rewrite.";

// ``useRewrite``: the officer is to use postlint's rewrite, which then needs no note.
async function decide(decision, useRewrite = false) {
  const id = state.id;
  const note = $("decision-note").value.trim();
  hideDecisionError();
  const buttons = document.querySelectorAll("#decision-form .actions button, #use-rewrite-button");
  for (const button of buttons) button.disabled = true;
  try {
    await api(`/v1/reviews/${encodeURIComponent(id)}/decision`, {
      method: "POST", body: { decision, note: note || null, ...(useRewrite ? { use_rewrite: true } : {}) },
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    if (error instanceof ApiError && error.status === 409) {
      // Someone else got there first: show what they decided instead of live buttons.
      state.onDecided();
      await openReview(id, { notice: (review) =>
        `${review.decision ? review.decision.by : "Another reviewer"} decided this draft before you did.` });
      return;
    }
    const retryable = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
    showDecisionError(describe(error), retryable ? () => decide(decision, useRewrite) : null);
    (retryable ? $("decision-retry") : $("decision-note")).focus();
    return;
  } finally {
    for (const button of buttons) button.disabled = false;
  }
  const done = useRewrite ? REWRITE_DONE : DONE_WORDS[decision];
  announce(done);
  state.onDecided();
  await openReview(id, { notice: done });
}

export function initReview({ onDecided, onBack }) {
  state.onDecided = onDecided;
  $("decision-form").addEventListener("submit", (event) => {
    event.preventDefault();
    // Only an explicit press of a decision button decides; Enter in the note does nothing.
    if (event.submitter && event.submitter.value) decide(event.submitter.value);
  });
  $("use-rewrite-button").addEventListener("click", () => decide("reject", true));
  $("decision-retry").addEventListener("click", () => { if (state.retry) state.retry(); });
  $("detail-retry").addEventListener("click", () => { if (state.retry) state.retry(); });
  initFindings();
  $("back-to-list").addEventListener("click", onBack);
  $("withdraw-form").addEventListener("submit", (event) => { event.preventDefault(); withdraw(); });
}
