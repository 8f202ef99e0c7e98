"""Which of a profile's rules a post could trip, found from the words it holds.

Nearly every rule needs one of a handful of words (its ``needs`` and ``keywords``)
and a typical post holds the words of a few rules. Asking each of forty rules in
turn costs more than the few that run, so a plan indexes the rules by word once;
per lint, the post's words (from the one vocabulary pass) pick out the rules worth
asking, and rules that need no particular word are always asked.
"""
from __future__ import annotations


class Plan:
    """The rules chosen for one (profile, tier, date, attachments) shape of post,
    each with its severity, indexed by the words that could wake it."""

    __slots__ = ("rules", "_always", "_by_word", "_also")

    def __init__(self, rules: tuple):
        self.rules = rules
        always, by_word, also = [], {}, {}
        for position, (rule, _) in enumerate(rules):
            gate = _gate(rule)
            if gate is None:
                always.append(position)
            else:
                for word in gate:
                    by_word.setdefault(word, []).append(position)
                # The rule's other word sets: a post that wakes it by one and misses another cannot trip it.
                others = tuple(s for s in _word_sets(rule) if s is not gate)
                if others:
                    also[position] = others
        self._always = frozenset(always)
        self._by_word = {word: tuple(positions) for word, positions in by_word.items()}
        self._also = also

    def candidates(self, words) -> list:
        """(rule, severity) pairs, in plan order, that a post holding ``words`` could trip;
        every other rule certainly cannot."""
        positions = set(self._always)
        by_word = self._by_word
        for word in words:
            woken = by_word.get(word)
            if woken:
                positions.update(woken)
        rules, also = self.rules, self._also
        return [rules[i] for i in sorted(positions)
                if i not in also or not any(needed.isdisjoint(words) for needed in also[i])]


def _word_sets(rule) -> list[frozenset]:
    """Every word set the rule cannot fire without."""
    return list(rule.needs) + ([rule.keywords] if rule.keywords else [])


def _gate(rule) -> frozenset | None:
    """The smallest word set the rule cannot fire without, or None when it needs no word."""
    sets = _word_sets(rule)
    return min(sets, key=len) if sets else None
