"""Word forms, generated once: a cue written as a lemma matches every tense.

The people vocabulary (``rules/people.toml``) writes verbs once, as lemmas
marked with ``*`` ("arrest*", "be arrest+ed"); this module turns them into
regular-expression alternations. English verb inflection is regular apart from
a short list of exceptions, which the vocabulary itself carries in its
``[irregular]`` table, so the data stays the one place a word lives.
"""
from __future__ import annotations

import threading
import unicodedata

import regex

_VOWELS = "aeiou"
# Auxiliaries that may stand before a participle: "was", "has been", "had now been", "will be".
_BE = (r"(?:(?:has|have|had|having|'ve|’ve|'s|’s)\s+(?:now\s+|since\s+|also\s+|already\s+|just\s+|previously\s+)?been"
       r"|was|were|is|are|am|been|being|be|got|get|gets|getting)"
       # "was also hit", "were both taken to hospital": an adverb between the auxiliary and the participle.
       r"(?:\s+(?:also|then|later|subsequently|both|all|each|quickly|soon|immediately|still|just|since))?")
# Between a phrase's words: spaces, and the emoji officers put between them ("requisition 📬 went out").
_GAP = r"[\s\p{So}\p{Sk}\u200d\ufe0f]+"
# "…": up to three other words, each with the space after it.
_ANY_WORDS = r"(?:[\w'’-]+\s+){0,3}?"


def _doubles(lemma: str) -> bool:
    """Whether a one-syllable consonant-vowel-consonant verb doubles its last letter (stab, rob)."""
    return (len(lemma) >= 3 and lemma[-1] not in _VOWELS + "wxy" and lemma[-2] in _VOWELS
            and lemma[-3] not in _VOWELS and sum(c in _VOWELS for c in lemma) == 1)


def inflections(lemma: str, irregular: dict[str, list[str]]) -> dict[str, set[str]]:
    """The forms of a verb: ``base``, ``s`` (third person), ``ed`` (past and participle), ``ing``."""
    if lemma in irregular:
        past = set(irregular[lemma])
    elif lemma.endswith("e"):
        past = {lemma + "d"}
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        past = {lemma[:-1] + "ied"}
    elif _doubles(lemma):
        past = {lemma + lemma[-1] + "ed"}
    else:
        past = {lemma + "ed"}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("ie"):
        gerund = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        gerund = lemma[:-1] + "ing"
    elif _doubles(lemma):
        gerund = lemma + lemma[-1] + "ing"
    else:
        gerund = lemma + "ing"
    return {"base": {lemma}, "s": {third}, "ed": past, "ing": {gerund}}


def _alternation(words) -> str:
    return "(?:" + "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def phrase_pattern(phrase: str, irregular: dict[str, list[str]]) -> str:
    """One vocabulary phrase as a pattern fragment.

    ``word*`` every form of a verb; ``word+ed`` / ``word+ing`` / ``word+s`` one form;
    ``BE`` any auxiliary before a participle ("was", "has been"); ``word?`` an
    optional word; ``this|that`` either word (each written as above); ``…`` up to
    three other words; anything else literally. Words are separated by any
    whitespace; apostrophes may be straight or curly.
    """
    parts = []
    for token in phrase.split():
        optional = token.endswith("?") and len(token) > 1
        token = token[:-1] if optional else token
        if token == "…":
            parts.append(_ANY_WORDS)
            continue
        piece = "|".join(_word_pattern(word, irregular) for word in token.split("|"))
        if "|" in token:
            piece = f"(?:{piece})"
        parts.append(f"(?:{piece}{_GAP})?" if optional else piece + _GAP)
    pattern = "".join(parts)
    if pattern.endswith(_GAP):
        pattern = pattern[:-len(_GAP)]
    elif pattern.endswith(_GAP + ")?"):
        pattern = pattern[:-len(_GAP) - 2] + ")?"
    return pattern


def _word_pattern(word: str, irregular: dict[str, list[str]]) -> str:
    if word == "BE":
        return _BE
    if word.endswith("*"):
        return _alternation(set().union(*inflections(word[:-1], irregular).values()))
    if "+" in word:
        lemma, _, form = word.partition("+")
        return _alternation(inflections(lemma, irregular)[form])
    return "['’]".join(regex.escape(part) for part in regex.split("['’]", word))


def cue_pattern(phrases, irregular: dict[str, list[str]]):
    """A compiled pattern for a list of phrases, as whole words, case-insensitive."""
    body = "|".join(phrase_pattern(p, irregular) for p in phrases)
    return regex.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])", regex.IGNORECASE | regex.V0)


# -- matching many phrases at once --------------------------------------------------
#
# A vocabulary holds a few thousand phrases in some thirty sets. Scanning a post once per set with
# a large alternation costs milliseconds, because the regex engine tries every alternative at
# every position. Instead one Aho-Corasick pass finds where any phrase's first word starts, and
# only the phrases that begin with that word are tried, anchored there. An auxiliary before a
# participle ("was", "has been") is checked looking back from the participle.

# Words a phrase may open with that are too common to look a phrase up by ("the murder of",
# "his family said"): the phrase is keyed on its first word after them, and they are checked
# looking back, like an auxiliary.
_LEAD_WORDS = frozenset("the a an his her their its to of in on at for with and or is was are were has have had be been being "
                        "we i it this that our my who which as by from if you she he they them".split())
# How far before a phrase's first looked-up word its leading words may reach ("had her new phone … snatched").
_LEAD_REACH = 100


def split_phrase(phrase: str) -> tuple[list[str], list[str]]:
    """The phrase's leading common words (and ``BE``, optional words and gaps among them), and the
    rest, which starts with the word the phrase is looked up by: "had her … snatched" by "snatched"."""
    tokens = phrase.split()
    i = 0
    while i < len(tokens) - 1:
        token = tokens[i]
        bare = token[:-1] if token.endswith("?") and len(token) > 1 else token
        words = bare.split("|")
        if token == "…" or bare != token or "BE" in words or all(word.lower() in _LEAD_WORDS for word in words):
            i += 1
        else:
            break
    if tokens[i] == "…":
        raise ValueError(f"a phrase cannot end with a gap: {phrase!r}")
    return tokens[:i], tokens[i:]


def _prefix_pattern(tokens: list[str], irregular) -> str:
    pieces = []
    for token in tokens:
        if token == "…":
            pieces.append(_ANY_WORDS)  # it takes the space after each word itself
            continue
        optional = token.endswith("?") and len(token) > 1
        core = token[:-1] if optional else token
        piece = phrase_pattern(core, irregular)
        pieces.append(f"(?:{piece}{_GAP})?" if optional else f"(?:{piece}){_GAP}")
    return "".join(pieces)


def first_words(tokens: list[str], irregular: dict[str, list[str]]) -> set[str]:
    """The words any match of ``tokens`` starts with."""
    words: set[str] = set()
    for token in tokens:
        optional = token.endswith("?") and len(token) > 1
        token = token[:-1] if optional else token
        for word in token.split("|"):
            if word.endswith("*"):
                words |= set().union(*inflections(word[:-1], irregular).values())
            elif "+" in word:
                lemma, _, form = word.partition("+")
                words |= inflections(lemma, irregular)[form]
            elif word not in ("…", "BE"):
                folded = word.lower()
                words |= {folded, folded.replace("'", "’"), folded.replace("’", "'")}
        if not optional:
            break
    return words


# Words too common in police posts to wake a rule by, where a phrase has a rarer one. Which word is
# chosen changes only how often a rule is asked, never what it finds.
_COMMON_WORDS = frozenset("after before following officer officers police back over into about will would could should there "
                          "then than what when where while yet not now last today also just still trying working being been "
                          "have were able".split())


def required_words(phrase: str, irregular: dict[str, list[str]]) -> frozenset[str]:
    """Words (lower-cased) one of which any text the phrase is found in holds: the forms of one of
    its required words, the least common-looking ("arrest" in "following the arrest of")."""
    best, best_rank = frozenset(), None
    for token in phrase.split():
        if token in ("BE", "…") or (token.endswith("?") and len(token) > 1) or not any(c.isalpha() for c in token):
            continue
        words = frozenset(first_words([token], irregular))
        if not words:
            continue
        rare = not words & (_LEAD_WORDS | _COMMON_WORDS)
        rank = (rare and min(len(w) for w in words) >= 4, rare, min(len(w) for w in words), -len(words))
        if best_rank is None or rank > best_rank:
            best, best_rank = words, rank
    return best


_last_lowered: tuple[str, str] = ("", "")


def lower_cased(text: str) -> str:
    """``text.lower()``, kept for the last text asked about: a lint's stages each want the post lower-cased."""
    global _last_lowered
    last = _last_lowered  # one read: another thread may replace it, never half of it
    if last[0] is text:
        return last[1]
    lowered = text.lower()
    _last_lowered = (text, lowered)
    return lowered


class Hit:
    """A phrase found in a text: the part of a regex match the people model reads."""

    __slots__ = ("_start", "_end")

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end


class PhraseIndex:
    """Every phrase set of a vocabulary, found in a text with one pass (see above)."""

    def __init__(self, irregular: dict[str, list[str]]):
        import ahocorasick

        self.irregular = irregular
        self._phrases: dict[int, list[str]] = {}
        self._required: dict[int, frozenset[str]] = {}
        self._by_word: dict[str, dict[int, list[str]]] = {}
        self._automaton = ahocorasick.Automaton()
        self._groups: dict[str, list] = {}    # first word -> (set, leading words, phrases) to compile
        self._patterns: dict[str, list] = {}  # first word -> compiled, once used
        self._cache: dict[tuple[str, int], regex.Pattern] = {}
        self._fallback: dict[int, regex.Pattern] = {}
        # The last few texts' hits, per thread: a lint asks every set about the same text.
        self._memo = threading.local()

    def add(self, phrases) -> "PhraseSet":
        set_id = len(self._phrases)
        self._phrases[set_id] = list(phrases)
        self._required[set_id] = frozenset().union(*(required_words(p, self.irregular) for p in phrases))
        for phrase in phrases:
            prefix, rest = split_phrase(phrase)
            for word in first_words(rest, self.irregular):
                self._by_word.setdefault(word, {}).setdefault(set_id, []).append((prefix, rest))
        return PhraseSet(self, set_id)

    def required(self, set_id: int) -> frozenset[str]:
        """Words one of which (lower-cased) a text holds if any of the set's phrases is in it."""
        return self._required[set_id]

    def seal(self) -> None:
        """Group, per first word, each set's phrases by the leading words they need. Patterns are
        compiled the first time their word turns up (most words never do in a given run), and each
        distinct pattern once: the auxiliary alone leads hundreds of phrases."""
        for word, sets in self._by_word.items():
            self._automaton.add_word(word, word)
            groups: dict[tuple[int, str], list[str]] = {}
            for set_id, parts in sets.items():
                for prefix, rest in parts:
                    lead = _prefix_pattern(prefix, self.irregular) if prefix else ""
                    groups.setdefault((set_id, lead), []).append(phrase_pattern(" ".join(rest), self.irregular))
            self._groups[word] = [(set_id, lead, "|".join(f"(?:{r})" for r in rests)) for (set_id, lead), rests in groups.items()]
        if self._by_word:
            self._automaton.make_automaton()

    def compile_all(self) -> None:
        """Compile every pattern now (a server does this before it forks its workers)."""
        for word in self._groups:
            self._entries(word)

    def _entries(self, word: str) -> list:
        entries = self._patterns.get(word)
        if entries is None:
            entries = self._patterns[word] = [(set_id, self._compiled(rf"(?:{body})(?![\w-])"),
                                               self._compiled(rf"(?<![\w'’-]){lead}$", regex.REVERSE) if lead else None)
                                              for set_id, lead, body in self._groups[word]]
        return entries

    def _compiled(self, source: str, flags: int = 0) -> regex.Pattern:
        # A leading-words pattern is searched backwards from where the phrase starts: it must end there,
        # and a forward search would try every place in the window before it.
        pattern = self._cache.get((source, flags))
        if pattern is None:
            pattern = self._cache[(source, flags)] = regex.compile(source, regex.IGNORECASE | regex.V0 | flags)
        return pattern

    def hits(self, text: str) -> dict[int, list[Hit]]:
        """Each set's phrases in ``text``: leftmost, longest, not overlapping."""
        memo = getattr(self._memo, "hits", None)
        if memo is None:
            memo = self._memo.hits = {}
        if text in memo:
            return memo[text]
        lowered = lower_cased(text)
        found: dict[int, list[tuple[int, int]]] = {}
        if len(lowered) != len(text):  # lower-casing moved offsets: scan set by set
            for set_id in self._phrases:
                found[set_id] = [m.span() for m in self._full(set_id).finditer(text)]
        else:
            compiled = self._patterns
            for end, word in self._automaton.iter(lowered):
                start = end - len(word) + 1
                if start:
                    c = text[start - 1]  # a letter, digit, joiner or mark before it runs the word on
                    if c.isalnum() or c in "_'’-" or (not c.isascii() and unicodedata.category(c).startswith("M")):
                        continue
                for set_id, pattern, lead in compiled.get(word) or self._entries(word):
                    m = pattern.match(text, start)
                    if m:
                        begin = m.start()
                        if lead is not None:  # the leading words the phrase needs, taken into the hit
                            led = lead.search(text, max(0, begin - _LEAD_REACH), begin)
                            if led is None:
                                continue
                            begin = led.start()
                        found.setdefault(set_id, []).append((begin, m.end()))
        result = {set_id: _leftmost_longest(spans, text) for set_id, spans in found.items()}
        if len(memo) >= 4:
            memo.clear()
        memo[text] = result
        return result

    def _full(self, set_id: int) -> regex.Pattern:
        if set_id not in self._fallback:
            self._fallback[set_id] = cue_pattern(self._phrases[set_id], self.irregular)
        return self._fallback[set_id]


def _leftmost_longest(spans, text: str) -> list[Hit]:
    widened = sorted(spans, key=lambda s: (s[0], -s[1]))
    kept: list[Hit] = []
    last_end = -1
    for start, end in widened:
        if start >= last_end:
            kept.append(Hit(start, end))
            last_end = end
    return kept


class PhraseSet:
    """One list of vocabulary phrases, searched like a compiled pattern."""

    __slots__ = ("index", "set_id")

    def __init__(self, index: PhraseIndex, set_id: int):
        self.index, self.set_id = index, set_id

    @property
    def words(self) -> frozenset[str]:
        """Words one of which a text must hold for any of the set's phrases to be found in it."""
        return self.index.required(self.set_id)

    def finditer(self, text: str):
        return iter(self.index.hits(text).get(self.set_id, ()))

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        hits = self.index.hits(text).get(self.set_id, ())
        limit = len(text) if endpos is None else endpos
        return next((h for h in hits if h.start() >= pos and h.end() <= limit), None)


class WordFinder:
    """Where any of a set of words stands as a whole word: one Aho-Corasick pass over the
    lower-cased text, shared by every finder (``_SharedPass``). Patterns that must hold one of these words are then tried only there,
    which keeps their cost to the few places that can match, however long or hostile the post."""

    def __init__(self, words, joined_after: str = ""):
        self.joined_after = joined_after  # characters a word may follow without a break ("17-year-old")
        self.words = frozenset(w.lower() for w in words)
        self._slot: int | None = None  # its place in the shared pass, once it has joined

    def find(self, text: str, lowered: str | None = None):
        """(start, end, word) left to right; a word followed by "s" (a plural) counts too."""
        if not self.words:
            return
        lowered = lower_cased(text) if lowered is None else lowered
        if len(lowered) != len(text):  # lower-casing moved offsets; case-insensitive search is exact
            pattern = regex.compile(r"(?<![\w'’-])(?:" + "|".join(regex.escape(w) for w in sorted(self.words, key=len, reverse=True))
                                    + r")(?=s?(?![\w-]))", regex.IGNORECASE)
            for m in pattern.finditer(text):
                yield m.start(), m.end(), m.group().lower()
            return
        yield from _SHARED.hits(self, lowered)


class _SharedPass:
    """One Aho-Corasick pass over a lower-cased post for every ``WordFinder`` at once: the case model
    asks a dozen of them about each post, and a pass costs about 15 µs over 2,000 characters before
    its first hit. A finder joins the first time it is asked; each one's hits are what its own
    automaton would give, in the same order (a place's words come longest first in both)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._state: tuple = ((), None)  # the finders that have joined, and their shared automaton
        self._memo = threading.local()   # the last post's hits, per thread

    def hits(self, finder: WordFinder, lowered: str) -> list[tuple[int, int, str]]:
        if finder._slot is None:
            self._join(finder)
        state = self._state
        last = getattr(self._memo, "last", None)
        if last is None or last[1] is not state or last[0] != lowered:
            last = self._memo.last = (lowered, state, _scan(state, lowered))
        return last[2][finder._slot]

    def _join(self, finder: WordFinder) -> None:
        import ahocorasick

        with self._lock:
            if finder._slot is not None:
                return
            finders = self._state[0] + (finder,)
            members: dict[str, list[int]] = {}
            for k, joined in enumerate(finders):
                for word in joined.words:
                    members.setdefault(word, []).append(k)
            automaton = ahocorasick.Automaton()
            for word, slots in members.items():
                automaton.add_word(word, (word, tuple(slots)))
            automaton.make_automaton()
            self._state = (finders, automaton)
            finder._slot = len(finders) - 1


def _scan(state, lowered: str) -> list[list[tuple[int, int, str]]]:
    """(start, end, word) for each joined finder, left to right; a word followed by "s" (a plural)
    counts too. Most hits are inside longer words ("man" in "woman", "many"): the checks are inlined
    and the one after the word, which rejects most, comes first."""
    finders, automaton = state
    found: list[list] = [[] for _ in finders]
    size = len(lowered)
    for end, (word, slots) in automaton.iter(lowered):
        after = end + 1
        if after < size:
            c = lowered[after]
            if c == "s":  # a plural
                after += 1
                if after < size:
                    c = lowered[after]
                    if c.isalnum() or c == "_" or c == "-":
                        continue
            elif c.isalnum() or c == "_" or c == "-":
                continue
        start = end - len(word) + 1
        joined_to = None  # a letter, digit, joiner or mark before the word runs it on, but where a finder allows
        if start:
            c = lowered[start - 1]
            if c.isalnum() or c in "_'’-" or (not c.isascii() and unicodedata.category(c).startswith("M")):
                joined_to = c
        hit = (start, end + 1, word)
        for k in slots:
            if joined_to is None or joined_to in finders[k].joined_after:
                found[k].append(hit)
    return found


_SHARED = _SharedPass()
