// People and tokens, for admins: who holds a token, and issuing, expiring, revoking and
// importing them. A new token is drawn once into the page and forgotten when hidden; it is
// never stored by the page.
import { ApiError, api, describe } from "./dashboard-api.js";
import { formatTime } from "./dashboard-words.js";
import { $, el, announce } from "./dashboard-dom.js";

const STATE_WORDS = { active: "Working", expired: "Expired", revoked: "Revoked" };

function showError(id, error) {
  $(id).textContent = describe(error);
  $(id).hidden = false;
}

function actionButton(label, onClick) {
  const button = el("button", "button small", label);
  button.type = "button";
  button.addEventListener("click", onClick);
  return button;
}

// A second click confirms: revoking cannot be undone.
function confirmingButton(label, confirmLabel, action) {
  const button = actionButton(label, async () => {
    if (button.dataset.armed !== "yes") {
      button.dataset.armed = "yes";
      button.textContent = confirmLabel;
      return;
    }
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function tokenRow(token) {
  const row = el("tr");
  row.dataset.tokenId = token.token_id;
  const id = el("td");
  id.append(el("code", null, token.token_id));
  row.append(el("td", null, token.name), el("td", null, token.role), id,
    el("td", null, token.accounts.join(", ") || "–"),
    el("td", null, token.expires_at ? formatTime(token.expires_at) : "Never"),
    el("td", null, token.last_used_at ? formatTime(token.last_used_at) : "Never"),
    el("td", null, STATE_WORDS[token.state] || token.state));
  const actions = el("td");
  if (token.state === "active") {
    actions.append(
      confirmingButton("Expire now", `Expire ${token.name}'s token`, () => change(token,
        () => api(`/v1/tokens/${token.token_id}/expiry`, { method: "POST", body: { expires_at: null } }), "expired")),
      " ",
      confirmingButton("Revoke", `Revoke ${token.name}'s token`, () => change(token,
        () => api(`/v1/tokens/${token.token_id}`, { method: "DELETE" }), "revoked")));
  }
  row.append(actions);
  return row;
}

async function change(token, request, done) {
  $("tokens-error").hidden = true;
  try {
    await request();
    announce(`${token.name}'s token ${token.token_id} is ${done}.`);
  } catch (error) {
    showError("tokens-error", error);
  }
  await loadTokens();
}

export async function loadTokens() {
  try {
    const { tokens } = await api(`/v1/tokens?all=${$("tokens-all").checked ? 1 : 0}`);
    $("token-rows").replaceChildren(...tokens.map(tokenRow));
    $("tokens-error").hidden = true;
  } catch (error) {
    showError("tokens-error", error);
  }
}

function showNewTokens(issued) {
  $("new-token-list").replaceChildren(...issued.map((entry) => {
    const item = el("li");
    item.dataset.name = entry.name;
    item.append(el("strong", null, entry.name), ` (${entry.role}${entry.expires_at
      ? `, until ${formatTime(entry.expires_at)}` : ""}): `, el("code", "new-token", entry.token));
    return item;
  }));
  $("new-tokens").hidden = false;
  $("new-tokens-title").focus();
}

function hideNewTokens() {
  $("new-token-list").replaceChildren();
  $("new-tokens").hidden = true;
}

async function issue(event) {
  event.preventDefault();
  const error = $("issue-error");
  error.hidden = true;
  const name = $("issue-name").value.trim();
  if (!name) {
    error.textContent = "Give the holder's name.";
    error.hidden = false;
    return;
  }
  const body = { name, role: $("issue-role").value,
    accounts: $("issue-accounts").value.split(/[\s;,]+/).filter(Boolean) };
  if ($("issue-expires").value) body.expires_at = $("issue-expires").value;
  $("issue-button").disabled = true;
  try {
    const made = await api("/v1/tokens", { method: "POST", body });
    $("issue-form").reset();
    showNewTokens([made]);
    await loadTokens();
  } catch (failure) {
    showError("issue-error", failure);
  } finally {
    $("issue-button").disabled = false;
  }
}

async function importFile(event) {
  event.preventDefault();
  $("import-error").hidden = true;
  $("import-problems").replaceChildren();
  const file = $("import-file").files[0];
  if (!file) {
    $("import-error-text").textContent = "Choose the CSV file first.";
    $("import-error").hidden = false;
    return;
  }
  $("import-button").disabled = true;
  try {
    const { issued } = await api("/v1/tokens/import", { method: "POST", body: { csv: await file.text() } });
    $("import-form").reset();
    showNewTokens(issued);
    announce(`Imported ${issued.length} officers.`);
    await loadTokens();
  } catch (failure) {
    $("import-error-text").textContent = failure instanceof ApiError && failure.code === "invalid_rows"
      ? "Nobody was imported. Fix these rows and import the file again:" : describe(failure);
    $("import-problems").replaceChildren(...(failure.problems || []).map((problem) => el("li", null,
      `Row ${problem.row}${problem.column ? `, ${problem.column}` : ""}: ${problem.message}`)));
    $("import-error").hidden = false;
  } finally {
    $("import-button").disabled = false;
  }
}

export function openTokens() {
  $("tokens").hidden = false;
  $("tokens-title").focus();
  return loadTokens();
}

export function closeTokens() {
  hideNewTokens();
  $("tokens").hidden = true;
}

export function initTokens() {
  $("tokens-all").addEventListener("change", loadTokens);
  $("tokens-refresh").addEventListener("click", loadTokens);
  $("issue-form").addEventListener("submit", issue);
  $("import-form").addEventListener("submit", importFile);
  $("new-tokens-done").addEventListener("click", hideNewTokens);
}
