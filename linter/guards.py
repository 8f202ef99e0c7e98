"""Untimed pre-checks ("guards") for rule patterns tried at one position.

A pattern tried where its first word starts (``matching.Matcher``) mostly fails at once: "the" is
followed by the wrong word. Every rule-pattern call carries a timeout, and the regex module reads
the process clock twice per timed call (a system call on a VM, about 1.2 µs of a 2.5 µs failed
try), so the clock, not the matching, was most of what such a try cost. A guard is a pattern
postlint derives from the rule pattern at load: it is tried first, untimed, and the timed call is
made only where it matches.

What a guard promises, and ``tests/test_guards.py`` checks:

* It never rejects a position where the pattern matches. It is a prefix of each alternative with
  look-arounds dropped (and a group repeated a few times written out), so anything the pattern
  matches there it matches too; the one change is that runs become possessive (``\\s++``,
  ``[\\p{L}-]++``), and only where giving characters back could never let the rest match: a
  whitespace run where what follows never starts with whitespace (a letter, ",", ``[–—-]``), a run
  of a class that never matches whitespace (letters, ``\\w``) where what follows must start with
  whitespace, or either where the guard may end. Each class is tried against every whitespace
  character when the guard is made.
* It cannot backtrack badly. It holds only literal characters, single-character classes, zero-width
  ``\\b``-style assertions, possessive runs, characters repeated at most a few times, and groups of
  alternatives made of the same, taken once, optionally or a few times. Such a pattern is a fixed
  set of at most ``MAX_PATHS`` ways through it, and a possessive run never gives back what it read,
  so a try at one position reads no character more than ``MAX_PATHS`` times, and a whitespace run
  or a word only as far as it goes. Anything else (``[^.]{0,60}``, a group repeated without bound,
  a back-reference) ends the guard before it.

The timed call still decides every match, so a pattern that could run away still runs out of time
and still blocks the post.
"""
from __future__ import annotations

import functools

import regex

# How many ways through a guard there may be: "(?:a|the|this) (?:man|woman)s?" is 3 * 2 * 2. A way
# that fails mostly fails at its first character, so even a thousand cost a few microseconds.
MAX_PATHS = 1024
# A character repeated a bounded number of times ("\\d{1,2}") is that many ways through.
MAX_SPREAD = 3
# A group repeated a bounded number of times ("(?:\\w+\\s+){0,6}") is written out, at most this often.
MAX_GROUP_REPEAT = 6

# What a guard goes on with: only whitespace, never whitespace, either, or nothing (it may end).
SPACE, SOLID, OTHER, END = "space", "solid", "other", "end"

# Every character ``\\s`` matches under any flags (tests/test_guards.py checks this against all of
# Unicode), and a few more that are whitespace to str.isspace: a superset only makes guards shorter.
WHITESPACE = "".join(map(chr, [*range(0x09, 0x0E), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680, 0x180E,
                               *range(0x2000, 0x200C), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]))

_QUANTIFIER = regex.compile(r"\{(\d*)(?:,(\d*))?\}")
_SCOPED_FLAGS = regex.compile(r"\(\?([imsau]*)(?:-([imsau]+))?:")  # not x (verbose) or w (Unicode \b)
_ZERO_WIDTH = {r"\b": True, r"\B": False, r"\A": False, r"\Z": False, "^": False, "$": False}  # True: holds only beside a word character
_CLASS_ESCAPES = set("sSdDwWntrfv")


class _Unsupported(Exception):
    """Syntax a guard does not take: the guard ends before it."""


class _Node:
    __slots__ = ("kind", "text", "low", "high", "branches")

    def __init__(self, kind, text, branches=None):
        self.kind = kind            # "lit", "char", "space", "zero", "look" or "group"
        self.text = text            # its source, or a group's opening
        self.low = self.high = 1    # how many times it is taken (high None: unbounded)
        self.branches = branches    # a group's alternatives, each a list of nodes


def guard_source(source: str, flags: int = 0) -> str | None:
    """The guard of one alternative's source (compiled with ``flags``), or None when it would check
    nothing the first word's position does not (nothing after a literal)."""
    nodes = _parse_prefix(source)
    solid = functools.partial(_never_whitespace, flags=flags)
    kept, paths = [], 1
    for index in range(len(nodes)):
        candidate = nodes[:index + 1]
        ways = _paths([nodes[index]])
        if ways is None or paths * ways > MAX_PATHS or not _safe(candidate, {END}, solid):
            break
        kept, paths = candidate, paths * ways
    return "".join(_emit(kept)) if _checks_more_than_its_word(kept) else None


# Flags under which the reasoning above holds: no verbose syntax, no Unicode word boundaries (under
# which a whitespace run may hold a boundary before a line break), no reversed or fuzzy matching.
_PLAIN_FLAGS = regex.IGNORECASE | regex.UNICODE | regex.ASCII | regex.MULTILINE | regex.DOTALL | regex.V0


def combined(sources, flags: int) -> str | None:
    """One guard for a pattern made of these alternatives (compiled with ``flags``): it matches
    where any of theirs does. None when some alternative has no guard (a try there must be made
    anyway) or the flags are ones the guard's reasoning does not cover."""
    if flags & ~_PLAIN_FLAGS:
        return None
    guards = [guard_source(source, flags) for source in sources]
    if not guards or any(g is None for g in guards):
        return None
    return "(?:" + "|".join(guards) + ")"


# -- parsing: a sequence of nodes from the start of a source, up to what a guard cannot hold -------

def _parse_prefix(source: str) -> list[_Node]:
    nodes: list[_Node] = []
    i = 0
    try:
        while i < len(source) and source[i] not in "|)":
            node, i = _item(source, i)
            i = _quantify(node, source, i)
            nodes.extend(_written_out(node))
    except _Unsupported:
        pass
    return nodes


def _written_out(node: _Node) -> list[_Node]:
    """A group repeated a few times as that many copies, the optional ones nested:
    ``(?:X){1,3}`` is ``X(?:X(?:X)?)?``. Anything else as it is."""
    if node.kind != "group" or (node.low, node.high) in ((1, 1), (0, 1)) or node.high is None \
            or node.high > MAX_GROUP_REPEAT:
        return [node]
    once = _Node("group", node.text, node.branches)
    tail = None
    for _ in range(node.high - node.low):
        tail = _Node("group", "(?:", [[once] + ([tail] if tail else [])])
        tail.low = 0
    return [once] * node.low + ([tail] if tail else [])


def _sequence(source: str, i: int) -> tuple[list[list[_Node]], int]:
    """A group's alternatives, from just after its opening to just after its ')'; every item must
    be one a guard takes."""
    branches, current = [], []
    while True:
        if i >= len(source):
            raise _Unsupported
        c = source[i]
        if c == ")":
            branches.append(current)
            return branches, i + 1
        if c == "|":
            branches.append(current)
            current, i = [], i + 1
            continue
        node, i = _item(source, i)
        i = _quantify(node, source, i)
        current.extend(_written_out(node))


def _item(source: str, i: int) -> tuple[_Node, int]:
    c = source[i]
    if c == "\\":
        return _escape(source, i)
    if c == "[":
        end = _class_end(source, i)
        return _Node("char", source[i:end]), end
    if c == ".":
        return _Node("char", c), i + 1
    if c in "^$":
        return _Node("zero", c), i + 1
    if c == "(":
        return _group(source, i)
    if c in "*+?{)|":
        raise _Unsupported
    return _Node("space" if c == " " else "lit", c), i + 1


def _escape(source: str, i: int) -> tuple[_Node, int]:
    if i + 1 >= len(source):
        raise _Unsupported
    d = source[i + 1]
    text = source[i:i + 2]
    if text in _ZERO_WIDTH:
        return _Node("zero", text), i + 2
    if d == "s":
        return _Node("space", text), i + 2
    if d in _CLASS_ESCAPES:
        return _Node("char", text), i + 2
    if d in "pP":
        if source.startswith("{", i + 2):
            end = source.find("}", i + 2)
            if end < 0:
                raise _Unsupported
            return _Node("char", source[i:end + 1]), end + 1
        if i + 2 < len(source) and source[i + 2].isalpha():
            return _Node("char", source[i:i + 3]), i + 3
        raise _Unsupported
    if d == " ":
        return _Node("space", text), i + 2
    if not d.isalnum() and d != "_":
        return _Node("lit", text), i + 2  # an escaped symbol is that symbol
    raise _Unsupported  # back-references, \x.., \N{..}, \g<..>, \m and the like


def _class_end(source: str, i: int) -> int:
    """The index after the class opening at i; a class holding '[' (a POSIX class or a set
    operation) is not taken."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source):
        c = source[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            raise _Unsupported
        if c == "]":
            return j + 1
        j += 1
    raise _Unsupported


def _group(source: str, i: int) -> tuple[_Node, int]:
    if source.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
        # A look-around is dropped from the guard (a guard without it matches wherever the pattern
        # does); its own content must still be read to find where it ends.
        opening = 4 if source.startswith(("(?<=", "(?<!"), i) else 3
        _, end = _sequence_any(source, i + opening)
        return _Node("look", ""), end
    if source.startswith("(?:", i):
        opening = "(?:"
    elif source.startswith("(?", i):
        flags = _SCOPED_FLAGS.match(source, i)
        if flags is None:
            raise _Unsupported  # named groups, atomic groups, conditionals, comments, global flags
        opening = flags.group()
    else:
        opening = "("
    branches, end = _sequence(source, i + len(opening))
    return _Node("group", "(?:" if opening == "(" else opening, branches), end


def _sequence_any(source: str, i: int) -> tuple[None, int]:
    """Skip to just after the ')' closing a group whose content starts at i (any syntax)."""
    depth = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(source, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return None, i + 1
            depth -= 1
        i += 1
    raise _Unsupported


def _quantify(node: _Node, source: str, i: int) -> int:
    """Read a quantifier after ``node`` into its low and high counts; the index after it."""
    if i >= len(source):
        return i
    c = source[i]
    if c == "?":
        low, high, i = 0, 1, i + 1
    elif c == "*":
        low, high, i = 0, None, i + 1
    elif c == "+":
        low, high, i = 1, None, i + 1
    elif c == "{":
        m = _QUANTIFIER.match(source, i)
        if m is None or not (m.group(1) or m.group(2)):
            raise _Unsupported  # a literal "{" or a fuzzy constraint
        low = int(m.group(1) or 0)
        high = low if m.group(2) is None and "," not in m.group() else (int(m.group(2)) if m.group(2) else None)
        i = m.end()
    else:
        return i
    if i < len(source) and source[i] == "+":
        raise _Unsupported  # a possessive quantifier already: not worth the reasoning
    if i < len(source) and source[i] == "?":
        i += 1  # lazy or greedy, the same positions match
    if node.kind in ("zero", "look"):
        raise _Unsupported
    node.low, node.high = low, high
    return i


# -- what a guard may hold ---------------------------------------------------------------------

def _paths(nodes) -> int | None:
    """Ways through ``nodes``; None when some node is not one a guard takes."""
    total = 1
    for node in nodes:
        if node.kind == "group":
            if (node.low, node.high) not in ((1, 1), (0, 1)):
                return None
            inner = 0
            for branch in node.branches:
                ways = _paths(branch)
                if ways is None:
                    return None
                inner += ways
            total *= inner + (node.low == 0)
        elif node.kind in ("lit", "char", "space"):
            if node.high is None:
                pass  # a run: one way through, made possessive where that is safe (_safe)
            elif node.high - node.low > MAX_SPREAD:
                return None
            else:
                total *= node.high - node.low + 1
        if total > MAX_PATHS:
            return None
    return total


def _first(nodes, after: set, solid, boundary_passes: bool) -> set:
    """The kinds of first character a match of ``nodes`` followed by ``after`` can start with.
    ``boundary_passes``: a ``\\b`` is passed over (it never holds inside a whitespace run, so after
    one it adds no way to go on); otherwise it counts as anything."""
    for index, node in enumerate(nodes):
        if node.kind == "look" or (node.kind == "zero" and boundary_passes and _ZERO_WIDTH[node.text]):
            continue
        if node.kind == "zero":
            return {OTHER}
        following = _first(nodes[index + 1:], after, solid, boundary_passes)
        if node.kind == "group":
            found = set()
            for branch in node.branches:
                found |= _first(branch, following, solid, boundary_passes)
        else:
            found = {_kind(node, solid)}
        return found | following if node.low == 0 else found
    return set(after)


def _kind(node: _Node, solid) -> str:
    if node.kind == "space":
        return SPACE
    return SOLID if solid(node.text) else OTHER


def _safe(nodes, after: set, solid) -> bool:
    """Whether every run in ``nodes`` (followed by ``after``) may be possessive: a whitespace run
    where what follows never starts with whitespace, a never-whitespace run where what follows
    starts with whitespace, either where the guard may end; a run of anything else never."""
    if _paths(nodes) is None:
        return False
    for index, node in enumerate(nodes):
        if node.kind in ("lit", "char", "space") and node.high is None:
            kind = _kind(node, solid)
            if kind == OTHER:
                return False
            follow = _first(nodes[index + 1:], after, solid, kind == SPACE)
            if not follow <= ({SOLID, END} if kind == SPACE else {SPACE, END}):
                return False
        if node.kind == "group":
            # What follows the group, with a \b counting as anything: right for a run of either kind.
            follow = _first(nodes[index + 1:], after, solid, False)
            if not all(_safe(branch, follow, solid) for branch in node.branches):
                return False
    return True


@functools.lru_cache(maxsize=None)
def _never_whitespace(text: str, flags: int) -> bool:
    """Whether the one-character item ``text`` can match no whitespace character, with or without
    IGNORECASE (an item inside a ``(?-i:...)`` group may be either)."""
    try:
        return not any(regex.compile(text, (flags | on) & ~off).search(WHITESPACE)
                       for on, off in ((regex.IGNORECASE, 0), (0, regex.IGNORECASE)))
    except regex.error:
        return False


def _checks_more_than_its_word(nodes) -> bool:
    """Whether a guard checks anything past its first word, which the try's position already says
    is there: something it must match after it ("the" then whitespace rejects "they" and "there")."""
    index = 0
    while index < len(nodes) and (nodes[index].kind in ("zero", "look") or
                                  (nodes[index].kind == "lit" and nodes[index].low == 1)):
        index += 1
    return any(node.kind == "zero" or (node.kind != "look" and node.low >= 1) for node in nodes[index:])


def _emit(nodes) -> list[str]:
    parts = []
    for node in nodes:
        if node.kind == "look":
            continue
        if node.kind == "group":
            inner = "|".join("".join(_emit(branch)) for branch in node.branches)
            parts.append(node.text + inner + ")" + ("?" if node.low == 0 else ""))
            continue
        parts.append(node.text + _quantifier_text(node))
    return parts


def _quantifier_text(node: _Node) -> str:
    if (node.low, node.high) == (1, 1):
        return ""
    if node.high is None:
        return ("*" if node.low == 0 else "+" if node.low == 1 else "{%d,}" % node.low) + "+"  # possessive
    if (node.low, node.high) == (0, 1):
        return "?"
    return "{%d,%d}" % (node.low, node.high)
