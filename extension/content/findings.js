// What the officer is shown for a lint result: which findings are marked,
// which are listed, and what the badge says. No DOM here.

export const SEVERITY_LABEL = Object.freeze({
  block: 'Block',
  review: 'Needs review',
  advice: 'Advice',
});

export const SEVERITY_RANK = Object.freeze({ advice: 0, review: 1, block: 2 });

// Only advice may be hidden by the officer; a dismissed fingerprint never
// hides a block or review finding, whatever storage says.
export function isDismissible(finding) {
  return finding.severity === 'advice';
}

export function shownFindings(findings, dismissed) {
  const hidden = dismissed instanceof Set ? dismissed : new Set(dismissed || []);
  return (findings || []).filter((f) => !(isDismissible(f) && hidden.has(f.fingerprint)));
}

// Findings with a span in the text get marks; attachment findings do not.
export function markable(findings) {
  return findings.filter((f) => f.attachment === null || f.attachment === undefined)
    .filter((f) => Number.isInteger(f.start_utf16) && Number.isInteger(f.end_utf16));
}

export function strongestFirst(findings) {
  return [...findings].sort((a, b) => (SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])
    || ((a.start_utf16 ?? 1e9) - (b.start_utf16 ?? 1e9)));
}

// Whether a lint answer still describes the editor. The hash is the contract;
// identical text also counts, in case a server hashes a normalised form.
export function answerIsCurrent(result, currentHash, sentText, currentText) {
  if (!result || typeof result.text_sha256 !== 'string') return false;
  return result.text_sha256 === currentHash || sentText === currentText;
}

export function policyLines(finding) {
  return (finding.policy || []).map((p) => `${p.profile} ${p.section}`);
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// The badge: `verdict` goes into data-postlint-verdict (ok, review, block,
// approved, pending) or is null when there is no verdict to show; `state`
// says why (setup, checking, offline, error, ready).
export function badgeModel({ configured = true, checking = false, failure = null, result = null,
  findings = [], review = null } = {}) {
  if (!configured) {
    return { state: 'setup', verdict: null, count: null, label: 'Set up postlint: add your token in Options' };
  }
  if (failure) {
    return { state: failure.kind === 'unreachable' ? 'offline' : 'error', verdict: null, count: null,
      label: `postlint: ${failure.short || failure.message}` };
  }
  if (!result) {
    return { state: 'checking', verdict: null, count: null, label: checking ? 'postlint: checking…' : 'postlint' };
  }
  const count = findings.length;
  const problems = findings.filter((f) => f.severity !== 'advice').length;
  const advice = count - problems;
  if (result.verdict === 'approved') {
    return { state: 'ready', verdict: 'approved', count, label: 'Approved by comms team' };
  }
  if (review && review.status === 'pending' && result.verdict !== 'ok') {
    return { state: 'ready', verdict: 'pending', count, label: `Review pending · ${plural(problems, 'issue')}` };
  }
  const rejected = review && review.status === 'rejected' ? 'Review rejected · ' : '';
  const extra = advice ? ` + ${advice} advice` : '';
  if (result.verdict === 'block') {
    return { state: 'ready', verdict: 'block', count, label: `${rejected}Block · ${plural(problems, 'issue')}${extra}` };
  }
  if (result.verdict === 'review') {
    return { state: 'ready', verdict: 'review', count, label: `${rejected}Needs review · ${plural(problems, 'issue')}${extra}` };
  }
  return { state: 'ready', verdict: 'ok', count, label: advice ? `OK · ${advice} advice` : 'OK' };
}
