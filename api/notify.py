"""The optional webhook that tells the comms team a draft is waiting (a Teams or e-mail relay).

It says which review arrived, for which account, its verdict and categories and where to
open it; never the draft text or notes, which hold personal data and would leave the
force's systems with the message. Delivery runs on a background thread with a short
timeout, so a slow or broken relay never delays or fails a submission; a failure is
logged without the URL, which often carries the relay's secret key.
"""
from __future__ import annotations

import json
import logging
import threading
import urllib.request

from flask import current_app, request

from . import metrics
from .review_store import summary

log = logging.getLogger("postlint.api")
TIMEOUT_SECONDS = 5.0


def message(row, dashboard_base: str) -> dict:
    review = summary(row)
    return {
        "event": "review.submitted", "id": review["id"], "verdict": review["verdict"],
        "categories": review["categories"], "account": review["account"],
        "submitted_by": review["submitted_by"], "submitted_at": review["submitted_at"],
        "scheduled_for": review["scheduled_for"], "replaces": review["replaces"],
        "dashboard_url": dashboard_base.rstrip("/") + review["dashboard_link"],
        "text": f"A draft from {review['submitted_by']} is waiting for review"
                + (f" for {review['account']}" if review["account"] else "") + ".",
    }


def wanted(accounts: tuple[str, ...], account: str | None) -> bool:
    return not accounts or (account is not None and account in accounts)


def review_arrived(row) -> None:
    url = current_app.config["WEBHOOK_URL"]
    if not url or not wanted(current_app.config["WEBHOOK_ACCOUNTS"], row["account"]):
        return
    body = json.dumps(message(row, request.host_url)).encode("utf-8")
    threading.Thread(target=_deliver, args=(url, body), name="postlint-webhook", daemon=True).start()


def _deliver(url: str, body: bytes) -> None:
    post = urllib.request.Request(url, data=body, method="POST",
                                  headers={"Content-Type": "application/json", "User-Agent": "postlint"})
    try:
        with urllib.request.urlopen(post, timeout=TIMEOUT_SECONDS) as response:
            response.read(1024)
    except Exception as exc:  # noqa: BLE001 - any failure is the relay's, and is only logged
        log.warning("review webhook failed: %s", type(exc).__name__)
        metrics.webhook_failed(type(exc).__name__)
