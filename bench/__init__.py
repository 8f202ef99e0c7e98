"""postlint's benchmark: ``python -m bench`` (or ``make bench``) prints a table and writes bench/results.json.

Timings live here, never in tests. Each module measures one thing; ``__main__``
runs them in order and ``report`` sets every figure beside its goal.
"""
