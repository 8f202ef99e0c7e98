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


def summary_ms(seconds, cpu_seconds=None) -> dict:
    """Median, p99, min and max of a list of durations, in milliseconds; with the median
    CPU time when given (on a shared machine it shows what a quiet one would)."""
    extra = {"cpu_median_ms": round(percentile(cpu_seconds, 0.5) * 1000, 4)} if cpu_seconds else {}
    return {
        "runs": len(seconds), **extra,
        "median_ms": round(percentile(seconds, 0.5) * 1000, 4),
        "p99_ms": round(percentile(seconds, 0.99) * 1000, 4),
        "min_ms": round(min(seconds) * 1000, 4),
        "max_ms": round(max(seconds) * 1000, 4),
    }


def time_calls(call, items, *, runs: int, warmup: int, budget_seconds: float) -> tuple[list[float], list[float]]:
    """Call ``call(item)`` over ``items`` in turn, ``warmup`` times unrecorded, then up to
    ``runs`` recorded times or until ``budget_seconds`` have passed (at least 20 runs).
    Returns wall-clock and CPU (this thread) durations."""
    count = len(items)
    for i in range(warmup):
        call(items[i % count])
    gc.collect()
    durations, cpu = [], []
    clock, cpu_clock = time.perf_counter, time.thread_time
    deadline = clock() + budget_seconds
    for i in range(runs):
        item = items[i % count]
        started, cpu_started = clock(), cpu_clock()
        call(item)
        cpu.append(cpu_clock() - cpu_started)
        durations.append(clock() - started)
        if i >= 20 and started > deadline:
            break
    return durations, cpu
