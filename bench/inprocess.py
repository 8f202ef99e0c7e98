"""Linting in this process: as-you-type latency, batch throughput and how cost grows with length."""
from __future__ import annotations

import os
import time

from linter import Post, parse_post

from .corpus import Corpus, texts_of_length
from .timing import percentile, summary_ms, time_calls

# (characters, distinct texts, recorded runs, time budget in seconds)
LATENCY_CASES = ((280, 40, 3000, 6.0), (2000, 30, 1000, 8.0), (10_000, 20, 300, 10.0))
SCALING_CASES = ((1024, 20, 400, 4.0), (10 * 1024, 10, 60, 6.0), (64 * 1024, 4, 12, 10.0))


def latency(engine, corpus: Corpus) -> list[dict]:
    """Median and p99 of one lint, per post length, on the default profile."""
    results = []
    for length, distinct, runs, budget in LATENCY_CASES:
        posts = [Post(text=t) for t in texts_of_length(corpus.texts, length, distinct)]
        durations, cpu = time_calls(engine.lint, posts, runs=runs, warmup=min(200, runs // 5),
                                    budget_seconds=budget)
        results.append({"chars": length, "distinct_texts": len(posts),
                        "mean_actual_chars": round(sum(len(p.text) for p in posts) / len(posts)),
                        **summary_ms(durations, cpu)})
    return results


def throughput(engine, corpus: Corpus, *, min_seconds: float = 4.0) -> dict:
    """``postlint eval``-style: parse then lint every corpus post, pinned to one core."""
    rows = corpus.rows
    pinned = _pin_to_one_core()
    try:
        for row in rows:  # warm-up pass
            engine.lint(parse_post(row, known_profiles=engine.profiles))
        passes, posts, started, cpu_started = 0, 0, time.perf_counter(), time.thread_time()
        while True:
            for row in rows:
                engine.lint(parse_post(row, known_profiles=engine.profiles))
            passes += 1
            posts += len(rows)
            elapsed = time.perf_counter() - started
            if elapsed >= min_seconds:
                break
        cpu = time.thread_time() - cpu_started
    finally:
        _restore_affinity(pinned)
    return {"posts": posts, "passes": passes, "corpus_posts": len(rows), "seconds": round(elapsed, 3),
            "posts_per_second": round(posts / elapsed, 1), "posts_per_cpu_second": round(posts / cpu, 1),
            "pinned_cpu": pinned[1] if pinned else None,
            "mean_chars": round(sum(len(r["text"]) for r in rows) / len(rows))}


def scaling(engine, corpus: Corpus) -> dict:
    """Time per character at 1 KB, 10 KB and 64 KB of realistic text. The ratio uses CPU time:
    it is about how the work grows, which other processes on the machine should not blur."""
    cases = []
    for length, distinct, runs, budget in SCALING_CASES:
        posts = [Post(text=t) for t in texts_of_length(corpus.texts, length, distinct)]
        durations, cpu = time_calls(engine.lint, posts, runs=runs, warmup=2, budget_seconds=budget)
        chars = sum(len(p.text) for p in posts) / len(posts)
        cases.append({"chars": length, "mean_actual_chars": round(chars), **summary_ms(durations, cpu),
                      "us_per_char": round(percentile(durations, 0.5) / chars * 1e6, 4),
                      "cpu_us_per_char": round(percentile(cpu, 0.5) / chars * 1e6, 4)})
    ratio = cases[-1]["cpu_us_per_char"] / cases[0]["cpu_us_per_char"]
    wall_ratio = cases[-1]["us_per_char"] / cases[0]["us_per_char"]
    return {"cases": cases, "ratio_largest_to_smallest": round(ratio, 2),
            "wall_ratio_largest_to_smallest": round(wall_ratio, 2)}


def _pin_to_one_core():
    """Pin this process to its last usable CPU; return (previous set, cpu) to restore."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    previous = os.sched_getaffinity(0)
    cpu = max(previous)
    os.sched_setaffinity(0, {cpu})
    return previous, cpu


def _restore_affinity(pinned) -> None:
    if pinned:
        os.sched_setaffinity(0, pinned[0])
