"""Small timing helpers shared by the measurements."""
from __future__ import annotations

import gc
import math
import time


def percentile(samples, fraction: float) -> float:
    """Linear interpolation between closest ranks (fraction 0.99 gives p99)."""
    ordered = sorted(samples)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary_ms(seconds) -> dict:
    """Median, p99, min and max of a list of durations, in milliseconds."""
    return {
        "runs": len(seconds),
        "median_ms": round(percentile(seconds, 0.5) * 1000, 4),
        "p99_ms": round(percentile(seconds, 0.99) * 1000, 4),
        "min_ms": round(min(seconds) * 1000, 4),
        "max_ms": round(max(seconds) * 1000, 4),
    }


def time_calls(call, items, *, runs: int, warmup: int, budget_seconds: float) -> list[float]:
    """Call ``call(item)`` over ``items`` in turn, ``warmup`` times unrecorded, then up to
    ``runs`` recorded times or until ``budget_seconds`` have passed (at least 20 runs)."""
    count = len(items)
    for i in range(warmup):
        call(items[i % count])
    gc.collect()
    durations = []
    clock = time.perf_counter
    deadline = clock() + budget_seconds
    for i in range(runs):
        item = items[i % count]
        started = clock()
        call(item)
        durations.append(clock() - started)
        if i >= 20 and durations and started > deadline:
            break
    return durations
