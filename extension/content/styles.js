// Styles for the overlay's shadow root, adopted as a constructed stylesheet
// so the page's CSP (which may forbid inline <style>) does not apply.

export const OVERLAY_CSS = `
:host { all: initial; }
.root { position: fixed; inset: 0; pointer-events: none; z-index: 2147483646;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d1d1f; }
.clip { position: fixed; overflow: hidden; pointer-events: none; }
.mark { position: absolute; pointer-events: none; box-sizing: border-box; border-bottom: 2px solid; }
.mark[data-postlint-severity="block"] { border-bottom: 3px solid #b3261e; }
.mark[data-postlint-severity="review"] { border-bottom: 3px dashed #b26a00; }
.mark[data-postlint-severity="advice"] { border-bottom: 2px dotted #1f5fbf; }
.mark.tint[data-postlint-severity="block"] { background: rgba(200, 30, 30, 0.16); }
.mark.tint[data-postlint-severity="review"] { background: rgba(215, 130, 0, 0.18); }
.mark.tint[data-postlint-severity="advice"] { background: rgba(30, 90, 200, 0.12); }
/* The mark whose card is open: a stronger tint, never drawn over neighbours. */
.mark.active[data-postlint-severity="block"] { background: rgba(200, 30, 30, 0.32); }
.mark.active[data-postlint-severity="review"] { background: rgba(215, 130, 0, 0.34); }
.mark.active[data-postlint-severity="advice"] { background: rgba(30, 90, 200, 0.26); }
/* An approved draft keeps its marks for reference, but quietly. */
.layer.approved .mark { opacity: .4; }
.mirror { position: fixed; visibility: hidden; overflow: hidden; pointer-events: none;
  border-style: solid; border-color: transparent; margin: 0; }
.badge { position: fixed; pointer-events: auto; display: inline-flex; align-items: center; gap: 6px;
  max-width: 360px; padding: 3px 10px 3px 6px; border-radius: 12px; border: 1px solid #8a8a8e;
  background: #fff; color: #1d1d1f; font: 600 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  cursor: pointer; box-shadow: 0 1px 3px rgba(0,0,0,.2); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.badge:focus-visible, .card button:focus-visible, .card:focus-visible, .panel button:focus-visible,
.card textarea:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.dot { flex: none; width: 10px; height: 10px; border-radius: 50%; background: #8a8a8e; }
.badge[data-postlint-verdict="block"] { border-color: #b3261e; } .badge[data-postlint-verdict="block"] .dot { background: #b3261e; }
.badge[data-postlint-verdict="review"] { border-color: #b26a00; } .badge[data-postlint-verdict="review"] .dot { background: #b26a00; }
.badge[data-postlint-verdict="ok"] .dot, .badge[data-postlint-verdict="approved"] .dot { background: #1e7b34; }
.badge[data-postlint-verdict="approved"] { border-color: #1e7b34; }
.badge[data-postlint-verdict="pending"] { border-color: #6b4fbb; } .badge[data-postlint-verdict="pending"] .dot { background: #6b4fbb; }
.badge[data-postlint-state="offline"], .badge[data-postlint-state="error"] { border-color: #5f6368; border-style: dashed; }
.badge[data-postlint-state="setup"] { border-color: #0b57d0; } .badge[data-postlint-state="setup"] .dot { background: #0b57d0; }
.card, .panel { pointer-events: auto; background: #fff; color: #1d1d1f; border: 1px solid #c4c4c8; border-radius: 8px;
  box-shadow: 0 4px 16px rgba(0,0,0,.18); }
.card { position: fixed; width: 340px; max-width: calc(100vw - 16px); max-height: calc(100vh - 8px); overflow: auto;
  padding: 10px 12px; box-sizing: border-box; }
.panel { position: fixed; width: 380px; max-width: calc(100vw - 16px); max-height: min(70vh, 560px); overflow: auto;
  padding: 8px; box-sizing: border-box; }
.panel .card { position: static; width: auto; box-shadow: none; margin-top: 8px; }
.panel-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; font-weight: 600; }
.chip { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 11px; font-weight: 700; color: #fff;
  text-transform: uppercase; letter-spacing: .03em; }
.chip.block { background: #b3261e; } .chip.review { background: #8a5200; } .chip.advice { background: #1f5fbf; }
.category { color: #5f6368; font-size: 12px; margin-left: 6px; }
.message { font-weight: 600; margin: 6px 0 4px; }
.why, .policy, .suggestion, .fix, .status { margin: 4px 0; }
.fix { padding: 6px 8px; border-left: 3px solid #0b57d0; background: #f1f5fd; }
.fix p { margin: 0 0 6px; }
.fix .rewrite-text { margin: 4px 0 6px; white-space: pre-wrap; max-height: 8.5em; overflow: auto; }
.label { font-weight: 600; }
.excerpt { font-style: italic; color: #3c4043; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.card button, .panel button { font: inherit; font-size: 12px; padding: 4px 10px; border-radius: 6px;
  border: 1px solid #8a8a8e; background: #f6f6f8; color: #1d1d1f; cursor: pointer; }
.card button.primary { background: #0b57d0; border-color: #0b57d0; color: #fff; }
.card button:disabled { opacity: .6; cursor: default; }
.card textarea { width: 100%; box-sizing: border-box; font: inherit; font-size: 12px; min-height: 34px; margin-top: 6px; }
.status[data-status="approved"] { color: #1e7b34; font-weight: 600; }
.status[data-status="rejected"] { color: #b3261e; font-weight: 600; }
.status[data-status="pending"] { color: #6b4fbb; font-weight: 600; }
.status[data-status="error"] { color: #b3261e; }
.hidden { display: none !important; }
.account { margin-top: 8px; padding: 8px 10px; border: 1px solid #c4c4c8; border-radius: 8px; background: #f8f9fb; }
.account p { margin: 2px 0 6px; }
.account select, .account input { display: block; width: 100%; box-sizing: border-box; font: inherit; font-size: 12px;
  margin: 2px 0 6px; }
.account label { display: block; font-size: 12px; }
.panel button.primary { background: #0b57d0; border-color: #0b57d0; color: #fff; }
`;
