"""Prometheus figures at ``GET /metrics``: what was linted, how long it took, the review queue and
deliveries that failed. Never draft text, names or notes: only counts, times, rule ids, verdicts
and categories.

``postlint serve`` runs several worker processes, each counting its own lints. They write their
counts to files in one folder (prometheus_client's multiprocess mode, set up by
``prepare_multiprocess`` before the workers fork), and a scrape of any worker adds them all up. The
queue figures and the callback outcomes are read from the database at scrape time
(``api.metrics_queries``), so they are the same whichever worker answers, and whichever instance.

Who may read it (``POSTLINT_METRICS``): ``loopback`` (the default) lets a scraper on this computer
in directly, but not through the reverse proxy, whose requests arrive from this computer too and
are told apart by their ``X-Forwarded-For``; ``token`` lets in only a scraper that sends
``POSTLINT_METRICS_TOKEN`` as its bearer token (which also works under ``loopback``); ``off``
answers 404.
"""
from __future__ import annotations

import hmac
import ipaddress
import os
import shutil
import tempfile
import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from . import metrics_queries

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")
LINT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

LINTS = Counter("postlint_lints", "Posts linted, by verdict and the route that asked", ["verdict", "route"])
LINT_SECONDS = Histogram("postlint_lint_seconds", "Time to lint one post, by verdict", ["verdict"],
                         buckets=LINT_BUCKETS)
FINDINGS = Counter("postlint_findings", "Findings raised, by rule and severity", ["rule", "severity"])
RULE_LINT_SECONDS = Histogram("postlint_rule_lint_seconds",
                              "Time to lint a post on which the rule fired, by rule", ["rule"],
                              buckets=LINT_BUCKETS)
WEBHOOK_FAILURES = Counter("postlint_webhook_failures", "Review webhook deliveries that failed", ["reason"])


def prepare_multiprocess() -> str:
    """Give every worker one folder to count in, empty at start; returns it."""
    folder = os.environ.get(MULTIPROCESS_VARIABLE)
    if folder:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for name in os.listdir(folder):  # counts left by an earlier run would be added again
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))
    else:
        folder = tempfile.mkdtemp(prefix="postlint-metrics-")
        os.environ[MULTIPROCESS_VARIABLE] = folder
    # prometheus_client chose its value store when first imported; values made from now on
    # (each label's first use, in the workers) go to the shared files.
    values.ValueClass = values.get_value_class()
    return folder


def remove_multiprocess(folder: str) -> None:
    if folder.startswith(tempfile.gettempdir()) and os.path.basename(folder).startswith("postlint-metrics-"):
        shutil.rmtree(folder, ignore_errors=True)


def worker_gone(pid: int) -> None:
    if os.environ.get(MULTIPROCESS_VARIABLE):
        multiprocess.mark_process_dead(pid)


def observe_lint(result: dict, seconds: float, route: str) -> None:
    verdict = result["verdict"]
    LINTS.labels(verdict, route).inc()
    LINT_SECONDS.labels(verdict).observe(seconds)
    fired = set()
    for finding in result["findings"]:
        FINDINGS.labels(finding["rule"], finding["severity"]).inc()
        fired.add(finding["rule"])
    for rule in fired:
        RULE_LINT_SECONDS.labels(rule).observe(seconds)


def webhook_failed(reason: str) -> None:
    WEBHOOK_FAILURES.labels(reason).inc()


# -- reading them ---------------------------------------------------------------------------

class QueueCollector:
    """The figures read from the database at scrape time."""

    def __init__(self, conn):
        self.conn = conn

    def collect(self):
        now = time.time()
        counts = GaugeMetricFamily("postlint_reviews", "Reviews by status", labels=["status"])
        for status, count in metrics_queries.reviews_by_status(self.conn).items():
            counts.add_metric([status], count)
        yield counts
        oldest = metrics_queries.oldest_pending_submitted(self.conn)
        yield GaugeMetricFamily("postlint_oldest_pending_review_age_seconds",
                                "How long the oldest pending review has waited (0 with none)",
                                value=max(0.0, now - oldest) if oldest is not None else 0.0)
        callbacks = GaugeMetricFamily("postlint_callbacks", "Decision callbacks by delivery state",
                                      labels=["state"])
        for state, count in metrics_queries.callbacks_by_state(self.conn).items():
            callbacks.add_metric([state], count)
        yield callbacks
        yield GaugeMetricFamily("postlint_callback_failed_attempts",
                                "Callback delivery attempts that did not get a 2xx answer",
                                value=metrics_queries.callback_failed_attempts(self.conn))


def render(conn) -> tuple[bytes, str]:
    """The exposition text and its content type."""
    registry = CollectorRegistry()
    if os.environ.get(MULTIPROCESS_VARIABLE):
        multiprocess.MultiProcessCollector(registry)
    else:  # one process (tests, or the app run some other way): this process's counts
        for metric in (LINTS, LINT_SECONDS, FINDINGS, RULE_LINT_SECONDS, WEBHOOK_FAILURES):
            registry.register(metric)
    registry.register(QueueCollector(conn))
    return generate_latest(registry), CONTENT_TYPE_LATEST


def may_read(settings, environ, headers) -> bool | None:
    """True to answer, False to refuse (403), None to pretend there is nothing here (404)."""
    access = settings["METRICS"]
    if access == "off":
        return None
    expected = settings["METRICS_TOKEN"]
    scheme, _, presented = headers.get("Authorization", "").strip().partition(" ")
    if expected and scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), expected.encode()):
        return True
    return access == "loopback" and _directly_from_this_computer(environ, headers)


def _directly_from_this_computer(environ, headers) -> bool:
    if any(name in headers for name in PROXY_HEADERS):
        return False
    # ProxyFix keeps the socket's own address here when it rewrites REMOTE_ADDR.
    address = environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR") or environ.get("REMOTE_ADDR", "")
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False
