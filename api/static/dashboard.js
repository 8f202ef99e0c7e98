// The review dashboard's start: sign-in, the link in the address bar (#id) and the quiet
// refresh. The queue and the detail pane live in their own modules.
import { ApiError, api, currentSession, describe, resumeSession, signIn, signOut, whenSignedOut } from "./dashboard-api.js";
import { setCategoryNames, setRuleMessages } from "./dashboard-words.js";
import { $, announce } from "./dashboard-dom.js";
import { currentTab, focusSelected, initQueue, loadQueue, markSelected, pollQueue, resetQueue, selectTab } from "./dashboard-queue.js";
import { closeReview, initReview, openId, openReview, refreshOpenReview } from "./dashboard-review.js";
import { closeTokens, initTokens, openTokens } from "./dashboard-tokens.js";

const POLL_MS = 1000 * (Number(document.querySelector("meta[name='postlint-poll-seconds']").content) || 20);
let pollTimer = null;

function linkedId() {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch (_) {
    return "";
  }
}

function setLink(id) {
  const wanted = id ? `#${id}` : "";
  if (location.hash !== wanted) history.replaceState(null, "", `${location.pathname}${wanted}`);
}

// --- signed in, or not -------------------------------------------------------------------

function showWorkspace(session) {
  $("sign-in").hidden = true;
  $("workspace").hidden = false;
  $("session").hidden = false;
  $("session-name").textContent = `Signed in as ${session.name}${session.role === "admin" ? " (admin)" : ""}`;
  $("tokens-toggle").hidden = session.role !== "admin";
}

// Admins switch between the drafts and the people and tokens panel.
function toggleTokens() {
  const opening = $("tokens").hidden;
  $("tokens-toggle").textContent = opening ? "Back to drafts" : "People and tokens";
  $("tokens-toggle").setAttribute("aria-expanded", String(opening));
  if (opening) {
    $("workspace").hidden = true;
    openTokens().catch(() => {});
  } else {
    closeTokens();
    $("workspace").hidden = false;
  }
}

function showSignIn(message) {
  clearInterval(pollTimer);
  pollTimer = null;
  resetQueue();
  closeReview();
  closeTokens();
  $("tokens-toggle").textContent = "People and tokens";
  $("workspace").hidden = true;
  $("session").hidden = true;
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = message || "";
  $("sign-in-error").hidden = !message;
  $("token-input").focus();
}

async function enter(session) {
  showWorkspace(session);
  const [categories, rules] = await Promise.allSettled([api("/v1/categories"), api("/v1/rules")]);
  // Without them the ids' own words, and each finding's own message, stand in.
  if (categories.status === "fulfilled") setCategoryNames(categories.value.categories);
  if (rules.status === "fulfilled") setRuleMessages(rules.value.rules);
  await loadQueue({ reset: true }).catch(() => {});
  clearInterval(pollTimer);
  pollTimer = setInterval(poll, POLL_MS);
  followLink();
}

function poll() {
  if (!currentSession().name) return;
  pollQueue().catch(() => {});
  refreshOpenReview().catch(() => {});
}

async function submitSignIn(event) {
  event.preventDefault();
  const token = $("token-input").value.trim();
  const errorBox = $("sign-in-error");
  errorBox.hidden = true;
  if (!token) {
    errorBox.textContent = "Paste your reviewer token first.";
    errorBox.hidden = false;
    return;
  }
  $("sign-in-button").disabled = true;
  try {
    await signIn(token);
    // A browser drops a Secure cookie sent over plain HTTP: say so rather than fail later.
    const session = await resumeSession();
    if (!session) {
      errorBox.textContent = "This browser would not keep the sign-in. Open the dashboard at its https:// address.";
      errorBox.hidden = false;
      return;
    }
    $("token-input").value = "";
    announce(`Signed in as ${session.name}.`);
    await enter(session);
  } catch (error) {
    errorBox.textContent = error instanceof ApiError && (error.status === 401 || error.status === 403)
      ? error.message : describe(error);
    errorBox.hidden = false;
  } finally {
    $("sign-in-button").disabled = false;
  }
}

async function submitSignOut() {
  try {
    await signOut();
  } catch (_) { /* signed out here whatever the server said */ }
  setLink(null);
  showSignIn(null);
  announce("Signed out.");
}

// --- which draft is open ---------------------------------------------------------------

async function open(id, { fromList = false } = {}) {
  setLink(id);
  markSelected(id);
  const review = await openReview(id);
  // A link to a draft in another tab opens that tab too, so list and draft agree.
  if (review && !fromList && review.status !== currentTab()) {
    await selectTab(review.status).catch(() => {});
    markSelected(id);
  }
}

function followLink() {
  if (!currentSession().name) return;
  const id = linkedId();
  if (!id) {
    closeReview();
    markSelected(null);
  } else if (id !== openId()) {
    open(id);
  }
}

function start() {
  $("script-missing").hidden = true;
  $("sign-in-form").addEventListener("submit", submitSignIn);
  $("sign-out").addEventListener("click", submitSignOut);
  $("tokens-toggle").addEventListener("click", toggleTokens);
  initTokens();
  whenSignedOut(() => showSignIn("Your sign-in has ended. Sign in again to carry on where you were."));
  initQueue({
    onOpen: (id, options) => open(id, options),
    onTabChange: () => { closeReview(); markSelected(null); setLink(null); },
  });
  initReview({
    onDecided: () => loadQueue({ reset: true }).catch(() => {}),
    onBack: () => focusSelected(),
  });
  // Refresh also brings the open draft up to date (someone may have decided it).
  $("refresh").addEventListener("click", () => refreshOpenReview().catch(() => {}));
  window.addEventListener("hashchange", followLink);
  resumeSession()
    .then((session) => (session ? enter(session) : showSignIn($("sign-in-error").textContent.trim() || null)))
    .catch((error) => showSignIn(describe(error)));
}

start();
