"""Goals beside figures: the terminal table and bench/results.json."""
from __future__ import annotations

import json
from pathlib import Path

from .machine import one_line

RESULTS = Path(__file__).resolve().parent / "results.json"


def _goal(name, figure, goal, met):
    return {"measure": name, "figure": figure, "goal": goal, "met": met}


def _cpu(case: dict) -> str:
    return f" (CPU {case['cpu_median_ms']:.3f})" if "cpu_median_ms" in case else ""


def goals(results: dict) -> list[dict]:
    rows = []
    latency = {case["chars"]: case for case in results.get("latency", [])}
    if 280 in latency:
        c = latency[280]
        rows.append(_goal("280 chars: median", f"{c['median_ms']:.3f} ms{_cpu(c)}", "<= 1 ms", c["median_ms"] <= 1))
        rows.append(_goal("280 chars: p99", f"{c['p99_ms']:.3f} ms", "<= 3 ms", c["p99_ms"] <= 3))
    if 2000 in latency:
        c = latency[2000]
        rows.append(_goal("2,000 chars: median", f"{c['median_ms']:.3f} ms{_cpu(c)}", "<= 3 ms", c["median_ms"] <= 3))
        rows.append(_goal("2,000 chars: p99", f"{c['p99_ms']:.3f} ms", "(no goal)", None))
    if 10_000 in latency:
        c = latency[10_000]
        rows.append(_goal("10,000 chars: median / p99", f"{c['median_ms']:.2f} / {c['p99_ms']:.2f} ms{_cpu(c)}",
                          "(no goal)", None))
    if "throughput" in results:
        t = results["throughput"]
        rows.append(_goal("batch (eval-style), one core", f"{t['posts_per_second']:.0f} posts/s "
                          f"({t['posts_per_cpu_second']:.0f} per CPU-second)", "(no goal)", None))
    if "scaling" in results:
        s = results["scaling"]
        per = ", ".join(f"{c['chars'] // 1024} KB {c['cpu_us_per_char']:.3f}" for c in s["cases"])
        rows.append(_goal("CPU cost per char (us)", per, "(see ratio)", None))
        rows.append(_goal("per-char 64 KB / 1 KB (CPU)", f"{s['ratio_largest_to_smallest']:.2f}x "
                          f"(wall {s['wall_ratio_largest_to_smallest']:.2f}x)", "<= 1.5x",
                          s["ratio_largest_to_smallest"] <= 1.5))
    if "adversarial" in results:
        worst = max(results["adversarial"], key=lambda a: a["worst_ms"])
        over = sum(a["worst_ms"] > 100 for a in results["adversarial"])
        rows.append(_goal("worst adversarial 64 KB text", f"{worst['worst_ms']:.0f} ms, CPU {worst['worst_cpu_ms']:.0f} "
                          f"({worst['name']}); "
                          f"{over}/{len(results['adversarial'])} over 100 ms", "none > 100 ms", over == 0))
    if "startup" in results:
        s = results["startup"]
        rows.append(_goal("start-up to first result", f"{s['first_result_ms']:.0f} ms", "< 400 ms",
                          s["first_result_ms"] < 400))
        rows.append(_goal("one-shot process peak RSS", f"{s['maxrss_mb']:.0f} MB", "(no goal)", None))
    if "api" in results:
        a = results["api"]
        if "error" in a:
            rows.append(_goal("API load", a["error"], ">= 800 rps, p99 < 25 ms, 0 errors", False))
        else:
            rows.append(_goal(f"API rps (c={a['concurrency']}, n={a['requests']})",
                              f"{a['requests_per_second']:.0f} rps", ">= 800 rps", a["requests_per_second"] >= 800))
            rows.append(_goal("API p50 / p99", f"{a['p50_ms']:.1f} / {a['p99_ms']:.1f} ms", "p99 < 25 ms",
                              a["p99_ms"] < 25))
            rows.append(_goal("API errors", str(a["errors"]), "0", a["errors"] == 0))
            rows.append(_goal("API CPU per request: server / client",
                              f"{a['server']['cpu_ms_per_request']:.2f} / {a['client_cpu_ms_per_request']:.2f} ms",
                              "(no goal)", None))
            workers = [w["rss_mb"] for w in a["server"]["worker_memory"] if w["rss_mb"] is not None]
            if workers:
                rows.append(_goal("API worker RSS after load", " / ".join(f"{w:.0f}" for w in workers) + " MB",
                                  "(no goal)", None))
    if "metrics" in results:
        m = results["metrics"]
        if "error" in m:
            rows.append(_goal("/metrics counting per lint", m["error"], "<= 5% of a median lint", False))
        else:
            rows.append(_goal("/metrics counting per lint", f"{m['us_per_lint']:.1f} us "
                              f"({m['share_of_median_lint']:.0%} of a median lint, {m['median_lint_us']:.0f} us)",
                              "<= 5% of a median lint", m["share_of_median_lint"] <= 0.05))
    if "presidio" in results:
        p = results["presidio"]
        if "error" in p:
            rows.append(_goal("vs Presidio", p["error"], ">= 10x faster", False))
        else:
            rows.append(_goal("median per post: postlint / Presidio",
                              f"{p['postlint_median_ms']:.3f} / {p['presidio_median_ms']:.3f} ms", "", None))
            rows.append(_goal("Presidio time / postlint time", f"{p['presidio_over_postlint']:.2f}x",
                              ">= 10x", p["presidio_over_postlint"] >= 10))
    return rows


def table(results: dict) -> str:
    rows = results["goals"]
    mark = {True: "yes", False: "MISSED", None: ""}
    widths = [max((len(r["measure"]) for r in rows), default=7), max((len(r["figure"]) for r in rows), default=6),
              max((len(r["goal"]) for r in rows), default=4)]
    header = f"{'measure':<{widths[0]}}  {'figure':<{widths[1]}}  {'goal':<{widths[2]}}  met"
    lines = [f"postlint benchmark on {one_line(results['machine'])}",
             f"corpus: {results['corpus']['name']} ({results['corpus']['posts']} posts), "
             f"profile {results['profile']}, rules {results['rules_version']}"]
    info = results["machine"]
    loads = [info.get("load_average_at_start"), info.get("load_average_at_end")]
    if any(load is not None and load > 0.5 * info["cores"] for load in loads):
        lines.append(f"WARNING: 1-minute load average {loads[0]} at start, {loads[1]} at end on "
                     f"{info['cores']} cores: other processes shared the CPUs, so times are inflated")
    lines += ["", header, "-" * len(header)]
    for r in rows:
        lines.append(f"{r['measure']:<{widths[0]}}  {r['figure']:<{widths[1]}}  {r['goal']:<{widths[2]}}  "
                     f"{mark[r['met']]}")
    if "adversarial" in results:
        lines += ["", "adversarial 64 KB texts (worst of the runs):"]
        for a in sorted(results["adversarial"], key=lambda a: -a["worst_ms"]):
            flag = "  regex backstop fired" if a["regex_timeout_backstop_fired"] else ""
            lines.append(f"  {a['name']:<28}{a['worst_ms']:>10.1f} ms  (CPU {a['worst_cpu_ms']:>8.1f} ms)"
                         f"  {a['findings']:>5} findings{flag}")
    if "presidio" in results and "how" in results["presidio"]:
        lines += ["", "Presidio: " + results["presidio"]["how"]]
    if "storage" in results:
        lines += ["", "Storage backends (postlint serve's defaults; submissions are writes that wait for the disk):"]
        storage = results["storage"]
        for backend in ("sqlite", "postgresql"):
            figures = storage.get(backend, storage)
            if "error" in figures:
                lines.append(f"  {backend:<11} {figures['error']}")
                continue
            lines.append("  " + f"{backend:<11}" + "   ".join(
                f"{kind} {figures[kind]['requests_per_second']:.0f}/s, p50 {figures[kind]['p50_ms']:.1f} ms, "
                f"p99 {figures[kind]['p99_ms']:.1f} ms, {figures[kind]['errors']} errors" for kind in ("lint", "submit")))
    if "api" in results and "server" in results["api"]:
        a = results["api"]
        lines += ["", f"API: postlint serve (gunicorn gthread, {a['server']['workers']} workers x "
                      f"{a['server']['threads_per_worker']} threads), "
                      f"rate limit {a['server']['rate_limit']}; load from a second process "
                      f"(asyncio, keep-alive), {a['warmup']} warm-up requests; statuses {a['statuses']}"]
    return "\n".join(lines)


def write(results: dict) -> Path:
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return RESULTS
