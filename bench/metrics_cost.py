"""What counting for ``/metrics`` adds to each lint: ``api.metrics.observe_lint`` over the corpus's
own results, in the multiprocess mode ``postlint serve`` runs it in (each count written to a shared
file), beside the lint itself.

Run in a fresh interpreter, because prometheus_client picks its value store when first imported.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

ROUNDS = 5


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="postlint-bench-metrics-") as folder:
        done = subprocess.run([sys.executable, "-m", "bench.metrics_cost"], capture_output=True, text=True,
                              env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": folder}, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-300:])
    return json.loads(done.stdout)


def _measure() -> dict:
    from api import metrics
    from linter import Post, load_engine

    from .corpus import load as load_corpus

    corpus = load_corpus()
    engine = load_engine(calendar_path=corpus.calendar)
    results, lint_seconds = [], []
    for text in corpus.texts:
        post = Post(text=text)
        started = time.perf_counter()
        result = engine.lint(post).to_dict()
        lint_seconds.append(time.perf_counter() - started)
        results.append(result)
    for result in results:  # first use of each label makes its file entry; not what a lint pays later
        metrics.observe_lint(result, 0.001, "lint.lint_one")
    best = None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for result in results:
            metrics.observe_lint(result, 0.001, "lint.lint_one")
        elapsed = (time.perf_counter() - started) / len(results)
        best = elapsed if best is None else min(best, elapsed)
    lint_seconds.sort()
    median_lint = lint_seconds[len(lint_seconds) // 2]
    return {"posts": len(results), "us_per_lint": round(best * 1e6, 1),
            "median_lint_us": round(median_lint * 1e6, 1),
            "share_of_median_lint": round(best / median_lint, 3),
            "findings_per_post": round(sum(len(r["findings"]) for r in results) / len(results), 2)}


if __name__ == "__main__":
    print(json.dumps(_measure()))
