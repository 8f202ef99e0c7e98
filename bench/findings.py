"""``python -m bench.findings OUT``: the findings of every post of every corpus on this machine, one
JSON line each, so a change meant only to make linting faster can be shown to find exactly the same.

    python -m bench.findings /tmp/before.jsonl     # on the old engine
    python -m bench.findings /tmp/after.jsonl      # on the new one
    cmp /tmp/before.jsonl /tmp/after.jsonl

Every post is linted twice, outside and inside the calendar's pre-election period (unless it names its
own time), so the election rules are compared too. The output holds post text (the excerpts): keep it
out of the project and delete it after the comparison.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from linter import load_engine, parse_post

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
CORPORA = (EVAL / "dev.jsonl", EVAL / "dev2.jsonl", EVAL / "devx.jsonl", EVAL / "real" / "labelled.jsonl",
           EVAL / "real" / "posts.jsonl", REPO / "tests" / "data" / "holdout.jsonl")
CALENDAR = REPO / "tests" / "data" / "calendar-2027.toml"
MOMENTS = (dt.datetime(2027, 1, 15, 12, tzinfo=dt.timezone.utc), dt.datetime(2027, 4, 15, 12, tzinfo=dt.timezone.utc))


def dump(out, corpora=CORPORA) -> int:
    engine = load_engine(calendar_path=CALENDAR)
    count = 0
    for path in corpora:
        if not path.is_file():
            print(f"{path}: not on this machine, skipped", file=sys.stderr)
            continue
        with open(path, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        for number, row in enumerate(rows, 1):
            post = parse_post(row, known_profiles=engine.profiles)
            for moment in (None,) if post.scheduled_for else MOMENTS:
                result = engine.lint(post, at=moment)
                out.write(json.dumps({"corpus": path.name, "post": row.get("id", number),
                                      "at": moment.isoformat() if moment else None,
                                      "result": result.to_dict()}, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.findings", description=__doc__.splitlines()[0])
    parser.add_argument("out", help="file to write (JSON lines)")
    args = parser.parse_args(argv)
    with open(args.out, "w", encoding="utf-8") as out:
        count = dump(out)
    print(f"{count} lint results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
