"""Where the time goes: pyinstrument over one benchmark case.

    python -m bench profile 280          # as-you-type post
    python -m bench profile 65536        # any length of joined corpus text
    python -m bench profile adversarial:apostrophes-hyphens-glued
    python -m bench profile corpus       # every corpus post once
    python -m bench profile startup      # imports and rule loading
"""
from __future__ import annotations

import time


def _target(case: str, corpus):
    from linter import Post, load_engine
    from .adversarial import CASES
    from .corpus import texts_of_length

    if case == "startup":
        return lambda: load_engine(calendar_path=corpus.calendar), 1
    engine = load_engine(calendar_path=corpus.calendar)
    if case == "corpus":
        posts = [Post(text=t) for t in corpus.texts]
    elif case.startswith("adversarial:"):
        posts = [Post(text=CASES[case.split(":", 1)[1]][1])]
    else:
        posts = [Post(text=t) for t in texts_of_length(corpus.texts, int(case), 10)]
    for post in posts:
        engine.lint(post)  # warm lazily built patterns before profiling
    started = time.perf_counter()
    for post in posts:
        engine.lint(post)
    once = time.perf_counter() - started
    repeats = max(1, int(2.0 / max(once, 1e-6)))  # about two seconds of samples

    def lint_all():
        for post in posts:
            engine.lint(post)
    return lambda: [lint_all() for _ in range(repeats)], repeats


def run(case: str, corpus, *, show_all: bool = False) -> str:
    from pyinstrument import Profiler
    call, repeats = _target(case, corpus)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    call()
    profiler.stop()
    return f"{case}: {repeats} repeat(s)\n" + profiler.output_text(unicode=True, color=False, show_all=show_all)
