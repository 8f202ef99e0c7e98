// The queue: tabs with counts, filters, search, the list and its quiet refresh.
import { api, describe } from "./dashboard-api.js";
import {
  STATUS_WORDS, TAB_WORDS, VERDICT_WORDS, SEVERITY_WORDS, allCategories, categoryName, formatTime, plural,
} from "./dashboard-words.js";
import { $, el, announce } from "./dashboard-dom.js";

const PAGE_SIZE = 25;
const FILTER_FIELDS = { q: "filter-text", category: "filter-category", verdict: "filter-verdict",
  submitted_by: "filter-officer", account: "filter-account" };
const BASE_TITLE = "Review queue · postlint";

const state = {
  status: "pending", cursor: null, latest: null, counts: {}, selected: null,
  generation: 0, onOpen: () => {}, retry: null, pollFailed: false,
};

export function currentTab() {
  return state.status;
}

function filters() {
  const values = {};
  for (const [name, id] of Object.entries(FILTER_FIELDS)) {
    const value = $(id).value.trim();
    if (value) values[name] = value;
  }
  return values;
}

function query(extra) {
  return new URLSearchParams({ ...filters(), ...extra }).toString();
}

// --- errors next to the list, with a way to try again --------------------------------

function showError(error, retry, lead = "") {
  if (error && error.status === 401) return; // the sign-in form says it
  state.retry = retry;
  $("queue-error-text").textContent = `${lead}${describe(error)}`;
  $("queue-error").hidden = false;
}

function clearError() {
  $("queue-error").hidden = true;
  state.retry = null;
  state.pollFailed = false;
}

// --- counts, the tab title and the filter choices -------------------------------------

function renderCounts(counts) {
  state.counts = counts;
  for (const node of document.querySelectorAll("[data-count]")) {
    const count = counts[node.dataset.count];
    node.textContent = Number.isInteger(count) ? `(${count})` : "";
  }
  const pending = counts.pending || 0;
  document.title = pending ? `(${pending}) ${BASE_TITLE}` : BASE_TITLE;
}

function fillSelect(id, options, words) {
  const select = $(id);
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(first);
  for (const value of options) {
    const option = el("option", null, words(value));
    option.value = value;
    select.append(option);
  }
  if (chosen && !options.includes(chosen)) { // keep a choice that has no drafts just now
    const option = el("option", null, words(chosen));
    option.value = chosen;
    select.append(option);
  }
  select.value = chosen;
}

function renderChoices(facets) {
  fillSelect("filter-category", allCategories().map((c) => c.id), categoryName);
  fillSelect("filter-verdict", Object.keys(VERDICT_WORDS), (v) => VERDICT_WORDS[v]);
  fillSelect("filter-officer", facets.submitted_by, (name) => name);
  fillSelect("filter-account", facets.accounts, (account) => account);
  $("filter-account-field").hidden = facets.accounts.length === 0 && !$("filter-account").value;
}

// --- the list ------------------------------------------------------------------------

function whenLine(review) {
  if (review.status === "pending" || review.status === "changes_requested") {
    return review.scheduled_for ? `Goes out ${formatTime(review.scheduled_for)}`
      : `Not scheduled · sent ${formatTime(review.submitted_at)}`;
  }
  return review.decision ? `${STATUS_WORDS[review.status]} ${formatTime(review.decision.at)}`
    : `Sent ${formatTime(review.submitted_at)}`;
}

function queueItem(review) {
  const item = el("li");
  const button = el("button", "queue-item");
  button.type = "button";
  button.dataset.id = review.id;
  if (review.id === state.selected) button.setAttribute("aria-current", "true");
  const top = el("span", "queue-item-top");
  top.append(el("span", `badge verdict-${review.verdict}`, SEVERITY_WORDS[review.verdict] || "Nothing found"),
    el("span", "queue-time", whenLine(review)));
  const preview = el("span", "queue-preview", review.preview === null ? "(draft text removed)" : review.preview);
  const chips = el("span", "chips");
  if (review.replaces) chips.append(el("span", "chip chip-resubmitted", "Resubmitted"));
  for (const category of review.categories) chips.append(el("span", "chip", categoryName(category)));
  const context = review.context || {};
  const account = context.account_name || context.account || review.account;
  const who = el("span", "queue-who", `from ${review.submitted_by}${account ? ` · ${account}` : ""}`);
  button.append(top, preview, chips, who);
  button.addEventListener("click", () => state.onOpen(review.id, { fromList: true }));
  item.append(button);
  return item;
}

export async function loadQueue({ reset = true } = {}) {
  const generation = ++state.generation;
  const order = state.status === "pending" ? "due" : "newest";
  const params = { status: state.status, limit: PAGE_SIZE, order };
  if (!reset && state.cursor) params.cursor = state.cursor;
  try {
    const [page, facets] = await Promise.all([
      api(`/v1/reviews?${query(params)}`),
      reset ? api(`/v1/reviews/facets?${query({})}`) : Promise.resolve(null),
    ]);
    if (generation !== state.generation) return false; // a newer load (another tab, a filter) won
    clearError();
    const list = $("queue-list");
    if (reset) list.replaceChildren();
    for (const review of page.reviews) list.append(queueItem(review));
    state.cursor = page.next ? new URL(page.next, location.origin).searchParams.get("cursor") : null;
    $("load-more").hidden = !state.cursor;
    const empty = list.children.length === 0;
    $("queue-empty").hidden = !empty;
    $("queue-empty").textContent = Object.keys(filters()).length
      ? "No drafts match these filters." : `No ${TAB_WORDS[state.status]} drafts.`;
    $("queue-order").textContent = order === "due"
      ? "Soonest to go out first; unscheduled drafts by when they were sent." : "Newest first.";
    if (facets) {
      state.latest = facets.latest;
      renderCounts(facets.counts);
      renderChoices(facets);
      $("new-drafts").hidden = true;
    }
    return true;
  } catch (error) {
    if (generation === state.generation) showError(error, () => loadQueue({ reset }));
    throw error;
  }
}

// A quiet check for new drafts: counts and the title update, the list never jumps.
export async function pollQueue() {
  if (state.latest === null) return;
  let facets;
  try {
    facets = await api(`/v1/reviews/facets?${query({ since: state.latest })}`);
  } catch (error) {
    // Say the list may be out of date; the next check that works clears it.
    showError(error, () => loadQueue({ reset: true }), "Could not check for new drafts. ");
    state.pollFailed = true;
    throw error;
  }
  if (state.pollFailed) {
    state.pollFailed = false;
    clearError();
  }
  renderCounts(facets.counts);
  const arrived = facets.arrived;
  const button = $("new-drafts");
  const show = arrived > 0 && state.status === "pending";
  if (show) button.textContent = `${plural(arrived, "new draft")}: show`;
  if (show && button.hidden) announce(`${plural(arrived, "new draft")} waiting.`);
  button.hidden = !show;
}

export function markSelected(id) {
  state.selected = id;
  for (const button of document.querySelectorAll(".queue-item")) {
    if (button.dataset.id === id) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
}

export function focusSelected() {
  const button = [...document.querySelectorAll(".queue-item")].find((b) => b.dataset.id === state.selected);
  (button || document.querySelector(".tab[aria-pressed='true']")).focus();
}

export async function selectTab(status) {
  state.status = status;
  for (const tab of document.querySelectorAll(".tab")) {
    tab.setAttribute("aria-pressed", String(tab.dataset.status === status));
  }
  $("queue-list").replaceChildren();
  $("queue-empty").hidden = true;
  $("load-more").hidden = true;
  const loaded = await loadQueue({ reset: true });
  if (loaded) announce(`Showing ${TAB_WORDS[status]} drafts.`);
}

export function resetQueue() {
  state.generation += 1;
  state.latest = null;
  state.selected = null;
  $("queue-list").replaceChildren();
  document.title = BASE_TITLE;
}

function debounce(action, wait) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(action, wait); };
}

export function initQueue({ onOpen, onTabChange }) {
  state.onOpen = onOpen;
  const reload = () => loadQueue({ reset: true }).catch(() => {});
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      onTabChange(tab.dataset.status);
      selectTab(tab.dataset.status).catch(() => {});
    });
  }
  $("refresh").addEventListener("click", () =>
    loadQueue({ reset: true }).then((done) => done && announce("Drafts refreshed.")).catch(() => {}));
  $("load-more").addEventListener("click", () => loadQueue({ reset: false }).catch(() => {}));
  $("new-drafts").addEventListener("click", () => {
    loadQueue({ reset: true }).then(() => { const first = document.querySelector(".queue-item"); if (first) first.focus(); })
      .catch(() => {});
  });
  $("queue-retry").addEventListener("click", () => { if (state.retry) state.retry().catch(() => {}); });
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); reload(); });
  $("filter-text").addEventListener("input", debounce(reload, 300));
  for (const id of ["filter-category", "filter-verdict", "filter-officer", "filter-account"]) {
    $(id).addEventListener("change", reload);
  }
}
