"""``python -m bench``: every measurement, a table of figures beside goals, and bench/results.json.

``python -m bench --only latency,startup`` runs a subset; ``python -m bench profile CASE``
prints where the time goes (see ``bench/profiling.py``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from . import machine, report
from .corpus import load as load_corpus

SECTIONS = ("latency", "throughput", "scaling", "adversarial", "startup", "api", "storage", "metrics", "presidio")


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def measure(sections) -> dict:
    from linter import load_engine

    corpus = load_corpus()
    engine = load_engine(calendar_path=corpus.calendar)
    results = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
               "machine": machine.describe() | {"load_average_at_start": machine.load_average()},
               "profile": engine.default_profile,
               "rules_version": engine.rules_version,
               "corpus": {"name": corpus.name, "path": str(corpus.path), "posts": len(corpus.rows)}}
    started = time.perf_counter()
    if "latency" in sections:
        from . import inprocess
        _progress("in-process latency (280, 2,000, 10,000 characters)")
        results["latency"] = inprocess.latency(engine, corpus)
    if "throughput" in sections:
        from . import inprocess
        _progress("batch throughput over the corpus, one core")
        results["throughput"] = inprocess.throughput(engine, corpus)
    if "scaling" in sections:
        from . import inprocess
        _progress("cost per character (1 KB, 10 KB, 64 KB)")
        results["scaling"] = inprocess.scaling(engine, corpus)
    if "adversarial" in sections:
        from . import adversarial
        _progress(f"adversarial texts ({len(adversarial.CASES)} of 64 KB)")
        results["adversarial"] = adversarial.run(engine)
    if "startup" in sections:
        from . import startup
        _progress("start-up in fresh interpreters")
        results["startup"] = startup.run()
    if "api" in sections:
        from . import api_load
        _progress(f"API under load ({api_load.REQUESTS} requests, concurrency {api_load.CONCURRENCY})")
        try:
            results["api"] = api_load.run(corpus.api_bodies)
        except RuntimeError as exc:
            results["api"] = {"error": str(exc)[:300]}
    if "storage" in sections:
        from . import storage_load
        _progress(f"each storage backend: {storage_load.LINTS} lints and {storage_load.SUBMISSIONS} submissions "
                  f"(concurrency {storage_load.CONCURRENCY})")
        try:
            results["storage"] = storage_load.run(corpus.api_bodies)
        except RuntimeError as exc:
            results["storage"] = {"error": str(exc)[:300]}
    if "metrics" in sections:
        from . import metrics_cost
        _progress("what counting for /metrics adds to a lint (multiprocess mode)")
        try:
            results["metrics"] = metrics_cost.run()
        except RuntimeError as exc:
            results["metrics"] = {"error": str(exc)[:300]}
    if "presidio" in sections:
        from . import peer
        _progress("Presidio side by side")
        try:
            results["presidio"] = peer.run(engine, corpus.texts)
        except ImportError as exc:
            results["presidio"] = {"error": f"presidio-analyzer not installed ({exc.name}); "
                                            "pip install -e '.[bench]'"}
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = machine.load_average()
    results["goals"] = report.goals(results)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    commands = parser.add_subparsers(dest="command")
    profile = commands.add_parser("profile", help="pyinstrument over one case")
    profile.add_argument("case", help="a length (280), corpus, startup or adversarial:NAME")
    profile.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args(argv)

    if args.command == "profile":
        from . import profiling
        print(profiling.run(args.case, load_corpus(), show_all=args.all))
        return 0
    sections = SECTIONS if not args.only else tuple(s.strip() for s in args.only.split(","))
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    results = measure(sections)
    print(report.table(results))
    if not args.no_write:
        path = report.write(results)
        print(f"\nwrote {path} ({results['seconds']} s of measuring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
