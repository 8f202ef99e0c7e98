// A draft's findings: its text with each finding's words highlighted, and the findings
// grouped by category, each rule's reason once with every place it fires.
import { SEVERITY_WORDS, categoryName, ruleMessage } from "./dashboard-words.js";
import { $, el } from "./dashboard-dom.js";

const SEVERITY_RANK = { advice: 1, review: 2, block: 3 };
// Up to this many findings every group starts open; past it only the first (most serious) does.
const OPEN_ALL_UP_TO = 8;

// Offsets are code points: Array.from splits a string the same way.
export function renderHighlightedText(container, text, findings) {
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
    mark.addEventListener("click", () => showFinding(covering[0].index));
    container.append(mark);
  }
}

function showInText(index) {
  const mark = [...document.querySelectorAll("#post-text mark")]
    .find((node) => node.dataset.findings.split(" ").includes(String(index)));
  if (!mark) return;
  for (const node of document.querySelectorAll("#post-text mark.current")) node.classList.remove("current");
  mark.classList.add("current");
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
}

function showFinding(index) {
  const place = document.querySelector(`.finding-span[data-index="${index}"]`);
  if (!place) return;
  place.closest("details").open = true;
  place.scrollIntoView({ block: "center" });
  place.focus({ preventScroll: true });
}

function labelled(label, text) {
  const paragraph = el("p", "finding-detail");
  paragraph.append(el("span", "detail-label", `${label}: `), document.createTextNode(text));
  return paragraph;
}

// Where one finding is: its words in the text (with a way to jump there), or its attachment.
function findingPlace(finding, index, attachments, heading) {
  const place = el("li", "finding-span");
  place.dataset.index = String(index);
  place.tabIndex = -1;
  if (finding.attachment !== null && finding.attachment !== undefined) {
    const attachment = attachments[finding.attachment] || {};
    place.textContent =
      `In attachment ${finding.attachment + 1} (${attachment.kind || "file"} ${attachment.filename || ""})`.trim();
  } else if (finding.excerpt) {
    const jump = el("button", "link-button", "Show in text");
    jump.type = "button";
    jump.addEventListener("click", () => showInText(index));
    place.append(el("q", "excerpt", finding.excerpt), " ", jump);
  } else {
    place.textContent = "About the whole post";
  }
  // What this finding says beyond its rule's words, such as which person it is about.
  const extra = finding.message === heading ? ""
    : finding.message.startsWith(heading) ? finding.message.slice(heading.length).trim() : finding.message;
  if (extra) place.append(" ", el("span", "finding-extra", extra));
  return place;
}

// One rule's findings together: what is wrong and why once, then each place it occurs,
// so eleven names read as one problem in eleven places rather than eleven pages of the same text.
function ruleItem(items, attachments) {
  const { finding } = items[0];
  const heading = ruleMessage(finding.rule) || finding.message;
  const item = el("li", `finding severity-${finding.severity}`);
  const head = el("div", "finding-head");
  head.append(el("span", `badge severity-${finding.severity}`, SEVERITY_WORDS[finding.severity] || finding.severity),
    el("span", "finding-message", items.length > 1 ? `${heading} (${items.length} places)` : heading));
  const places = el("ul", "finding-places");
  for (const { finding: one, index } of items) places.append(findingPlace(one, index, attachments, heading));
  item.append(head, places);
  if (finding.why) item.append(labelled("Why", finding.why));
  if (finding.suggestion) item.append(labelled("Instead", finding.suggestion));
  if (finding.policy && finding.policy.length) {
    item.append(labelled("Policy", finding.policy.map((p) => `${p.profile} §${p.section}`).join(", ")));
  }
  item.append(el("p", "finding-rule", `Rule ${finding.rule}`));
  return item;
}

function byKey(items, key) {
  const groups = new Map();
  for (const entry of items) {
    const value = key(entry);
    if (!groups.has(value)) groups.set(value, []);
    groups.get(value).push(entry);
  }
  return groups;
}

export function renderFindings(findings, attachments) {
  const indexed = findings.map((finding, index) => ({ finding, index }));
  const strongest = (items) => Math.max(...items.map(({ finding }) => SEVERITY_RANK[finding.severity] || 0));
  const ordered = [...byKey(indexed, ({ finding }) => finding.category).entries()]
    .sort((a, b) => strongest(b[1]) - strongest(a[1]) || b[1].length - a[1].length);
  const container = $("findings");
  container.replaceChildren();
  ordered.forEach(([category, items], position) => {
    const group = el("details", "finding-group");
    group.open = findings.length <= OPEN_ALL_UP_TO || position === 0;
    const severity = Object.keys(SEVERITY_RANK).find((s) => SEVERITY_RANK[s] === strongest(items));
    const summary = el("summary", "finding-group-head");
    summary.append(el("span", "finding-category", categoryName(category)),
      el("span", "finding-count", `(${items.length})`),
      el("span", `badge severity-${severity}`, SEVERITY_WORDS[severity]));
    const list = el("ol", "findings");
    for (const ruleItems of byKey(items, ({ finding }) => `${finding.rule} ${finding.severity}`).values()) {
      list.append(ruleItem(ruleItems, attachments));
    }
    group.append(summary, list);
    container.append(group);
  });
  if (!findings.length) container.append(el("p", "muted", "postlint found nothing to flag."));
  $("findings-title").textContent = `Findings (${findings.length})`;
  $("expand-all").hidden = $("collapse-all").hidden = ordered.length < 2;
}

export function initFindings() {
  $("expand-all").addEventListener("click", () => {
    for (const group of document.querySelectorAll(".finding-group")) group.open = true;
  });
  $("collapse-all").addEventListener("click", () => {
    for (const group of document.querySelectorAll(".finding-group")) group.open = false;
  });
}
