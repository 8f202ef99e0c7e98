"""Start-up: a fresh interpreter until its first lint result, and its resident memory."""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

RUNS = 5

# Runs in the child. It reports its own split of the time and its peak memory.
CHILD = r"""
import time
began = time.perf_counter()
import json, resource
from linter import load_engine, parse_post
imported = time.perf_counter()
engine = load_engine()
loaded = time.perf_counter()
result = engine.lint(parse_post({"text": "Officers have arrested Callum Pexton, 31, on suspicion of affray."},
                                known_profiles=engine.profiles))
linted = time.perf_counter()
print(json.dumps({"verdict": result.verdict, "import_ms": (imported - began) * 1000,
                  "load_engine_ms": (loaded - imported) * 1000, "first_lint_ms": (linted - loaded) * 1000,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)
"""


def _one(env) -> dict:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    line = child.stdout.readline()
    first_result = time.perf_counter() - started
    _, errors = child.communicate(timeout=60)
    if child.returncode != 0 or not line:
        raise RuntimeError(f"start-up child failed ({child.returncode}): {errors.strip()[-400:]}")
    return {"first_result_ms": first_result * 1000, **json.loads(line)}


def run(env=None) -> dict:
    """One discarded run (bytecode caches), then ``RUNS`` timed ones; medians reported."""
    _one(env)
    runs = [_one(env) for _ in range(RUNS)]
    median = lambda key: round(statistics.median(r[key] for r in runs), 1)  # noqa: E731
    return {
        "runs": RUNS,
        "first_result_ms": median("first_result_ms"),
        "first_result_min_ms": round(min(r["first_result_ms"] for r in runs), 1),
        "interpreter_ms": round(statistics.median(
            r["first_result_ms"] - r["import_ms"] - r["load_engine_ms"] - r["first_lint_ms"] for r in runs), 1),
        "import_ms": median("import_ms"),
        "load_engine_ms": median("load_engine_ms"),
        "first_lint_ms": median("first_lint_ms"),
        "verdict": runs[0]["verdict"],
        "maxrss_mb": round(statistics.median(r["maxrss_kb"] for r in runs) / 1024, 1),
    }
