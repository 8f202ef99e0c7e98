// The review dashboard. Everything drawn here uses textContent and DOM nodes,
// never HTML strings: drafts are untrusted text written by many people.
"use strict";

const TOKEN_KEY = "postlint.reviewerToken";
const SEVERITY_RANK = { advice: 1, review: 2, block: 3 };
const VERDICT_LABEL = { block: "Linter: block", review: "Linter: review", ok: "Linter: ok" };
const STATUS_LABEL = { pending: "Pending", approved: "Approved", rejected: "Rejected", expired: "Expired",
  withdrawn: "Withdrawn" };
const ACTION_LABEL = {
  submitted: "Submitted", viewed: "Viewed", approved: "Approved", rejected: "Rejected", withdrawn: "Approval withdrawn",
  purged: "Draft text purged", expired: "Expired unreviewed",
};

const state = { status: "pending", cursor: null, selected: null };

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function announce(message) {
  $("announce").textContent = message;
}

function formatTime(value, timeStyle = "short") {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value
    : date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle });
}

// --- talking to the API ------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, cache: "no-store", credentials: "omit",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch (_) { data = null; }
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.code || "http_error", error.message || `HTTP ${response.status}`);
  }
  return data;
}

// --- signing in and out --------------------------------------------------------

function showSignedIn(signedIn) {
  $("sign-in").hidden = signedIn;
  $("workspace").hidden = !signedIn;
  $("session").hidden = !signedIn;
}

function signInMessage(error) {
  if (error.status === 401) return "That token was not recognised, or it has been revoked.";
  if (error.status === 403) return "That token cannot review drafts. Ask for a reviewer token.";
  return `Could not sign in: ${error.message}`;
}

async function signIn(event) {
  event.preventDefault();
  const token = $("token-input").value.trim();
  const errorBox = $("sign-in-error");
  errorBox.hidden = true;
  if (!token) {
    errorBox.textContent = "Paste your reviewer token first.";
    errorBox.hidden = false;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  try {
    await loadQueue({ reset: true });
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    errorBox.textContent = signInMessage(error);
    errorBox.hidden = false;
    return;
  }
  $("token-input").value = "";
  showSignedIn(true);
  announce("Signed in.");
  openFromLocation();
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  state.selected = null;
  $("queue-list").replaceChildren();
  $("review").hidden = true;
  $("detail-placeholder").hidden = false;
  showSignedIn(false);
  $("token-input").focus();
}

// A 401 mid-session means the token was revoked: go back to the sign-in form.
function handleFailure(error, where) {
  if (error instanceof ApiError && error.status === 401) {
    signOut();
    $("sign-in-error").textContent = "Your token is no longer accepted. Sign in again.";
    $("sign-in-error").hidden = false;
    return;
  }
  announce(`${where}: ${error.message}`);
}

// --- the queue -------------------------------------------------------------------

function verdictBadge(verdict) {
  return el("span", `badge verdict-${verdict}`, VERDICT_LABEL[verdict] || verdict);
}

function queueItem(review) {
  const item = el("li");
  const button = el("button", "queue-item");
  button.type = "button";
  button.dataset.id = review.id;
  if (review.id === state.selected) button.setAttribute("aria-current", "true");

  const top = el("span", "queue-item-top");
  top.append(verdictBadge(review.verdict), el("span", "queue-time", formatTime(review.submitted_at)));
  const preview = el("span", "queue-preview", review.preview === null ? "(draft text purged)" : review.preview);
  const categories = el("span", "chips");
  for (const category of review.categories) categories.append(el("span", "chip", category));
  const who = el("span", "queue-who", `from ${review.submitted_by}`);
  button.append(top, preview, categories, who);
  button.addEventListener("click", () => openReview(review.id));
  item.append(button);
  return item;
}

async function loadQueue({ reset }) {
  if (reset) state.cursor = null;
  let path = `/v1/reviews?status=${encodeURIComponent(state.status)}&limit=25`;
  if (state.cursor) path += `&cursor=${encodeURIComponent(state.cursor)}`;
  const page = await api(path);
  const list = $("queue-list");
  if (reset) list.replaceChildren();
  for (const review of page.reviews) list.append(queueItem(review));
  state.cursor = page.next ? new URL(page.next, location.origin).searchParams.get("cursor") : null;
  $("load-more").hidden = !state.cursor;
  $("queue-empty").hidden = list.children.length > 0;
  $("queue-empty").textContent = `No ${STATUS_LABEL[state.status].toLowerCase()} drafts.`;
}

async function chooseTab(button) {
  state.status = button.dataset.status;
  for (const tab of document.querySelectorAll(".tab")) {
    tab.setAttribute("aria-pressed", String(tab === button));
  }
  try {
    await loadQueue({ reset: true });
    announce(`Showing ${STATUS_LABEL[state.status].toLowerCase()} drafts.`);
  } catch (error) {
    handleFailure(error, "Could not load the drafts");
  }
}

// --- one review ------------------------------------------------------------------

// Offsets are code points: Array.from splits a string the same way.
function renderHighlightedText(container, text, findings) {
  container.replaceChildren();
  const chars = Array.from(text);
  const spans = [];
  findings.forEach((finding, index) => {
    const { start, end } = finding;
    if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= chars.length) {
      spans.push({ finding, index });
    }
  });
  const cuts = new Set([0, chars.length]);
  for (const { finding } of spans) { cuts.add(finding.start); cuts.add(finding.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let k = 0; k + 1 < points.length; k += 1) {
    const from = points[k];
    const to = points[k + 1];
    const piece = chars.slice(from, to).join("");
    const covering = spans.filter(({ finding }) => finding.start <= from && finding.end >= to);
    if (covering.length === 0) {
      container.append(document.createTextNode(piece));
      continue;
    }
    const strongest = covering.reduce((a, b) =>
      (SEVERITY_RANK[b.finding.severity] || 0) > (SEVERITY_RANK[a.finding.severity] || 0) ? b : a);
    const mark = el("mark", `highlight severity-${strongest.finding.severity}`, piece);
    mark.dataset.findings = covering.map(({ index }) => index).join(" ");
    mark.title = covering.map(({ finding }) => finding.message).join("\n");
    mark.tabIndex = -1;
    container.append(mark);
  }
}

function showInText(index) {
  const mark = [...document.querySelectorAll("#post-text mark")]
    .find((node) => node.dataset.findings.split(" ").includes(String(index)));
  if (!mark) return;
  for (const node of document.querySelectorAll("#post-text mark.current")) node.classList.remove("current");
  mark.classList.add("current");
  mark.scrollIntoView({ block: "center", behavior: "smooth" });
  mark.focus({ preventScroll: true });
}

function policyText(policy) {
  return policy.map((p) => `${p.profile} §${p.section}`).join(", ");
}

function findingItem(finding, index, attachments) {
  const item = el("li", `finding severity-${finding.severity}`);
  const head = el("div", "finding-head");
  head.append(el("span", `badge severity-${finding.severity}`, finding.severity),
    el("span", "finding-category", finding.category), el("code", "finding-rule", finding.rule));
  item.append(head, el("p", "finding-message", finding.message));

  if (finding.attachment !== null && finding.attachment !== undefined) {
    const attachment = attachments[finding.attachment] || {};
    item.append(el("p", "finding-where",
      `In attachment ${finding.attachment + 1} (${attachment.kind || "file"} ${attachment.filename || ""})`.trim()));
  } else if (finding.excerpt) {
    const where = el("p", "finding-where");
    const quote = el("q", "excerpt", finding.excerpt);
    const jump = el("button", "link-button", "Show in text");
    jump.type = "button";
    jump.addEventListener("click", () => showInText(index));
    where.append(quote, " ", jump);
    item.append(where);
  }
  if (finding.why) item.append(labelled("Why", finding.why));
  if (finding.suggestion) item.append(labelled("Instead", finding.suggestion));
  if (finding.policy && finding.policy.length) item.append(labelled("Policy", policyText(finding.policy)));
  return item;
}

function labelled(label, text) {
  const paragraph = el("p", "finding-detail");
  paragraph.append(el("span", "detail-label", `${label}: `), document.createTextNode(text));
  return paragraph;
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

// Where and when the post goes out, as the server resolved it from the account registry.
function contextLine(context) {
  if (!context) return "";
  const account = context.account
    ? `${context.account_name || context.account} (${context.account}, ${context.network})` : "no registered account";
  const contributors = context.contributors ? ` · ${context.contributors} contributors` : "";
  const when = context.scheduled_for ? `scheduled for ${formatTime(context.scheduled_for)}` : "to go out when submitted";
  const period = context.in_election_period ? ` · inside the pre-election period (${context.election_period})` : " · outside any pre-election period";
  return `${account} · ${context.tier} account${contributors} · ${when}${period}`;
}

function renderDecision(review) {
  const pending = review.status === "pending";
  $("withdraw-form").hidden = review.status !== "approved";
  $("withdraw-note").value = "";
  $("withdraw-error").hidden = true;
  $("decision-form").hidden = !pending;
  $("decision-error").hidden = true;
  const summary = $("decision-summary");
  summary.replaceChildren();
  summary.hidden = pending;
  if (pending) {
    const needsNote = review.verdict === "block";
    $("note-hint").textContent = needsNote
      ? "This draft has a block finding: a note is required to approve it, and always to reject."
      : "Optional when approving; required when rejecting.";
    $("decision-note").value = "";
    return;
  }
  const decision = review.decision;
  if (!decision) {
    summary.append(el("p", null, "This draft expired without a decision."));
    return;
  }
  summary.className = `decision-summary decision-${review.withdrawal ? "withdrawn" : decision.decision}`;
  summary.append(el("p", "decision-line",
    `${decision.decision === "approve" ? "Approved" : "Rejected"} by ${decision.by}, ${formatTime(decision.at)}`));
  if (decision.note) summary.append(el("p", "decision-note", decision.note));
  const withdrawal = review.withdrawal;
  if (withdrawal) {
    summary.append(el("p", "decision-line", `Approval withdrawn by ${withdrawal.by}, ${formatTime(withdrawal.at)}`));
    if (withdrawal.note) summary.append(el("p", "decision-note", withdrawal.note));
  }
}

function renderAudit(events) {
  const rows = $("audit-rows");
  rows.replaceChildren();
  for (const event of events) {
    const row = el("tr");
    row.append(el("td", null, formatTime(event.at, "medium")), el("td", null, `${event.actor} (${event.role})`),
      el("td", null, ACTION_LABEL[event.action] || event.action));
    rows.append(row);
  }
}

function renderReview(review, events) {
  const status = $("review-status");
  status.className = `badge status-${review.status}`;
  status.textContent = STATUS_LABEL[review.status] || review.status;
  const verdict = $("review-verdict");
  verdict.className = `badge verdict-${review.verdict}`;
  verdict.textContent = VERDICT_LABEL[review.verdict] || review.verdict;
  $("review-title").textContent = `Draft from ${review.submitted_by}`;
  const categories = review.categories.length ? review.categories.join(", ") : "no findings";
  $("review-meta").textContent =
    `Submitted ${formatTime(review.submitted_at)} · profile ${review.profile} · ${categories}`;
  $("review-context").textContent = contextLine(review.context);

  const post = review.post;
  if (post) {
    renderHighlightedText($("post-text"), post.text, review.findings);
    renderAttachments(post.attachments || []);
  } else {
    $("post-text").replaceChildren(el("em", "muted", "The draft text was purged after the retention period."));
    $("attachments").replaceChildren();
  }
  $("submit-note-block").hidden = !review.note;
  $("submit-note").textContent = review.note || "";

  const findings = $("findings");
  findings.replaceChildren();
  review.findings.forEach((f, i) => findings.append(findingItem(f, i, post ? post.attachments || [] : [])));
  if (!review.findings.length) findings.append(el("li", "muted", "postlint found nothing to flag."));
  $("findings-title").textContent = `Findings (${review.findings.length})`;

  renderDecision(review);
  renderAudit(events);
}

async function openReview(id) {
  try {
    const review = await api(`/v1/reviews/${encodeURIComponent(id)}`);
    const audit = await api(`/v1/reviews/${encodeURIComponent(id)}/audit`);
    state.selected = id;
    renderReview(review, audit.events);
  } catch (error) {
    handleFailure(error, "Could not open the draft");
    return;
  }
  for (const button of document.querySelectorAll(".queue-item")) {
    if (button.dataset.id === id) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
  $("detail-placeholder").hidden = true;
  $("review").hidden = false;
  history.replaceState(null, "", `#${id}`);
  $("review-title").focus();
}

async function decide(decision) {
  const note = $("decision-note").value.trim();
  const errorBox = $("decision-error");
  errorBox.hidden = true;
  const id = state.selected;
  try {
    await api(`/v1/reviews/${encodeURIComponent(id)}/decision`, {
      method: "POST", body: { decision, note: note || null },
    });
  } catch (error) {
    if (error.status === 401) { handleFailure(error, "Decision"); return; }
    errorBox.textContent = error.message;
    errorBox.hidden = false;
    $("decision-note").focus();
    return;
  }
  announce(decision === "approve" ? "Draft approved." : "Draft rejected.");
  await loadQueue({ reset: true }).catch((error) => handleFailure(error, "Could not refresh the drafts"));
  await openReview(id);
}

async function withdraw() {
  const note = $("withdraw-note").value.trim();
  const errorBox = $("withdraw-error");
  errorBox.hidden = true;
  const id = state.selected;
  try {
    await api(`/v1/reviews/${encodeURIComponent(id)}/withdrawal`, { method: "POST", body: { note } });
  } catch (error) {
    if (error.status === 401) { handleFailure(error, "Withdrawal"); return; }
    errorBox.textContent = error.message;
    errorBox.hidden = false;
    $("withdraw-note").focus();
    return;
  }
  announce("Approval withdrawn.");
  await loadQueue({ reset: true }).catch((error) => handleFailure(error, "Could not refresh the drafts"));
  await openReview(id);
}

function openFromLocation() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (id) openReview(id);
}

function start() {
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", signOut);
  $("refresh").addEventListener("click", () =>
    loadQueue({ reset: true }).then(() => announce("Drafts refreshed."))
      .catch((error) => handleFailure(error, "Could not refresh")));
  $("load-more").addEventListener("click", () =>
    loadQueue({ reset: false }).catch((error) => handleFailure(error, "Could not load more")));
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", () => chooseTab(tab));
  $("decision-form").addEventListener("submit", (event) => {
    event.preventDefault();
    // Only an explicit press of Approve or Reject decides; nothing is implied.
    if (event.submitter && event.submitter.value) decide(event.submitter.value);
  });
  $("withdraw-form").addEventListener("submit", (event) => {
    event.preventDefault();
    withdraw();
  });

  if (sessionStorage.getItem(TOKEN_KEY)) {
    loadQueue({ reset: true })
      .then(() => { showSignedIn(true); openFromLocation(); })
      .catch(() => { sessionStorage.removeItem(TOKEN_KEY); showSignedIn(false); });
  } else {
    showSignedIn(false);
  }
}

document.addEventListener("DOMContentLoaded", start);
