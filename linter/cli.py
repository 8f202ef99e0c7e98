"""The ``postlint`` command line.

Exit codes: 0 the post is ok, 1 it needs review or is blocked, 2 usage or
input error (always one line on stderr, never a traceback).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model import TIERS, PostError, parse_datetime, parse_post
from .rules import RulePackError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, like every other input error
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="postlint", description="Check a police social media post before it is published.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    check = commands.add_parser("check", help="lint one post")
    _post_arguments(check)
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.set_defaults(func=cmd_check)

    fix = commands.add_parser("fix", help="print the post with every safe rewrite applied")
    _post_arguments(fix)
    fix.add_argument("--diff", action="store_true", help="print a unified diff instead of the rewritten post")
    fix.set_defaults(func=cmd_fix)

    explain = commands.add_parser("explain", help="show the people the engine saw in a post, and why each finding fired")
    _post_arguments(explain)
    explain.set_defaults(func=cmd_explain)

    rules = commands.add_parser("rules", help="list the rules and what they rest on")
    rules.add_argument("--profile", help="show the rules as this profile applies them")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.set_defaults(func=cmd_rules)

    evaluate = commands.add_parser("eval", help="measure detection quality on a labelled JSONL corpus")
    evaluate.add_argument("file", help="JSONL: one post per line with an 'expect' list of categories")
    evaluate.add_argument("--calendar", help="pre-election calendar TOML")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument("--summary", action="store_true", help="print the table only, not each miss")
    evaluate.set_defaults(func=cmd_eval)

    try:
        from api.cli import register
    except ImportError:  # the API is optional for the linter alone
        register = None
    if register is not None:
        register(commands)
    return parser


def _post_arguments(command) -> None:
    command.add_argument("file", nargs="?", default="-", help="a file with the post text (or JSON with --json); - for stdin")
    command.add_argument("--json", action="store_true", help="the input is a post object in JSON")
    command.add_argument("--profile", help="force profile (default uk-police, the strictest)")
    command.add_argument("--tier", choices=TIERS, help="account tier (default local)")
    command.add_argument("--at", help="publication time, ISO 8601 (default: the post's scheduled_for, or now)")
    command.add_argument("--calendar", help="pre-election calendar TOML (default: the bundled one)")


def _engine(args):
    from . import load_engine
    calendar = getattr(args, "calendar", None)
    if calendar and not Path(calendar).is_file():
        raise UsageError(f"calendar file not found: {calendar}")
    return load_engine(calendar_path=calendar)


def _read_input(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{name}: input is not UTF-8 text") from None


def _read_post(args, engine):
    """The post the command line names, and the moment it is linted for."""
    if args.profile and args.profile not in engine.profiles:
        raise UsageError(f"unknown profile {args.profile!r}; known: {', '.join(sorted(engine.profiles))}")
    raw = _read_input(args.file)
    if args.json:
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            raise UsageError(f"{args.file}: not valid JSON") from None
    else:
        # A file's final newline is the editor's, not the officer's.
        obj = {"text": raw[:-1] if raw.endswith("\n") else raw}
    if isinstance(obj, dict):
        if args.tier:
            obj["account_tier"] = args.tier
        if args.profile:
            obj["profile"] = args.profile
    post = parse_post(obj, known_profiles=engine.profiles)
    at = parse_datetime(args.at, "--at") if args.at is not None else None
    return post, at


def cmd_check(args) -> int:
    engine = _engine(args)
    post, at = _read_post(args, engine)
    result = engine.lint(post, at=at)
    source = "<stdin>" if args.file == "-" else args.file
    from . import report
    if args.format == "json":
        sys.stdout.write(report.json_report(result))
    elif args.format == "sarif":
        sys.stdout.write(report.sarif_report(result, post, engine.catalogue(result.profile), source))
    else:
        sys.stdout.write(report.text_report(result, post, source))
    return EXIT_OK if result.verdict == "ok" else EXIT_FINDINGS


def cmd_fix(args) -> int:
    """The rewritten post; the exit status is that of checking the rewritten post."""
    import dataclasses

    from . import fixes
    engine = _engine(args)
    post, at = _read_post(args, engine)
    rewritten = fixes.apply(post.text, fixes.edits_of(engine.lint(post, at=at).findings))
    if args.diff:
        import difflib
        name = "<stdin>" if args.file == "-" else args.file
        sys.stdout.writelines(difflib.unified_diff(post.text.splitlines(keepends=True), rewritten.splitlines(keepends=True),
                                                   fromfile=name, tofile=f"{name} (fixed)"))
    elif args.json:
        sys.stdout.write(json.dumps(dataclasses.replace(post, text=rewritten).to_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(rewritten + ("" if rewritten.endswith("\n") else "\n"))
    after = engine.lint(dataclasses.replace(post, text=rewritten), at=at)
    return EXIT_OK if after.verdict == "ok" else EXIT_FINDINGS


def cmd_explain(args) -> int:
    from .people.explain import explain_case
    engine = _engine(args)
    post, at = _read_post(args, engine)
    result, case = engine.explain(post, at=at)
    sys.stdout.write(explain_case(case))
    sys.stdout.write(f"\nverdict: {result.verdict}\n")
    for finding in result.findings:
        where = f"{finding.start}-{finding.end}" if finding.start is not None else f"attachment {finding.attachment}"
        sys.stdout.write(f"  {finding.severity:<6} {finding.rule} at {where}: {finding.detected_by}\n")
    return EXIT_OK if result.verdict == "ok" else EXIT_FINDINGS


def cmd_rules(args) -> int:
    engine = _engine(args)
    if args.profile and args.profile not in engine.profiles:
        raise UsageError(f"unknown profile {args.profile!r}; known: {', '.join(sorted(engine.profiles))}")
    catalogue = engine.catalogue(args.profile)
    if args.format == "json":
        sys.stdout.write(json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if args.format == "markdown":
        sys.stdout.write(rules_markdown(catalogue))
        return EXIT_OK
    for rule in catalogue:
        cites = ", ".join(f"{p['profile']} {p['section']}" for p in rule["policy"])
        print(f"{rule['id']}  [{rule['category']}, {rule['severity']}]")
        print(f"    {rule['message']}")
        print(f"    why: {rule['why']}")
        print(f"    policy: {cites}")
        if rule["suggestion"]:
            print(f"    instead: {rule['suggestion']}")
    print(f"{len(catalogue)} rules, profile {args.profile or engine.default_profile}")
    return EXIT_OK


def rules_markdown(catalogue) -> str:
    lines = ["| rule | category | severity | what it catches | policy |", "|---|---|---|---|---|"]
    for rule in catalogue:
        cites = ", ".join(f"{p['profile']} {p['section']}" for p in rule["policy"])
        lines.append(f"| `{rule['id']}` | {rule['category']} | {rule['severity']} | {rule['message']} | {cites} |")
    return "\n".join(lines) + "\n"


def cmd_eval(args) -> int:
    from .evaluate import CorpusError, evaluate, format_eval, read_corpus
    engine = _engine(args)
    try:
        with open(args.file, encoding="utf-8") as handle:
            rows = read_corpus(handle)
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{args.file}: not UTF-8 text") from None
    except CorpusError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    try:
        report = evaluate(engine, rows)
    except CorpusError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_eval(report, misses=not args.summary))
    return EXIT_OK


def main(argv=None) -> int:
    # JSON can carry lone surrogates; print them escaped rather than die mid-report.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return args.func(args)
    except UsageError as exc:
        print(f"postlint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PostError as exc:
        print(f"postlint: error: invalid post: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RulePackError as exc:
        print(f"postlint: error: rule pack: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
