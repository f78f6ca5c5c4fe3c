"""The Rewriter: matches -> gated selection -> edits with case and inflection carried over.

Sure matches are selected first and give the document's spin score; only when that score
passes the threshold are ``likely`` matches (ambiguous words) allowed in a second selection.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any, NamedTuple

from ._compile import EXACT, INFLECT, Cand, Compiled, compile_glossaries, spin_score
from ._doc import Doc, condition_holds
from ._glossary import TIERS, Glossary
from ._inflect import apply_case, case_of, inflect
from ._match import EXCEPTION, RULE, TERM, Match, Matcher
from ._select import add_sharing, clashes, select
from ._tokenize import normalize_key

#: From this length on, :meth:`Rewriter.fix` pauses the cyclic garbage collector.
_GC_PAUSE = 1 << 20


class Edit(NamedTuple):
    """One change: ``input[start:end] == before`` became ``after`` because of ``rule``."""

    start: int
    end: int
    before: str
    after: str
    rule: str
    """``"glossary:entry"`` that justified the change."""
    tier: str
    score: float
    """Confidence in 0..1: the mean weight of the words the match read."""


@dataclass(frozen=True)
class Result:
    """The repaired text, every edit made, and how spun the input looked (0..1)."""

    text: str
    edits: tuple[Edit, ...] = ()
    spin_score: float = 0.0

    def replay(self, source: str) -> str:
        """Apply this result's edits to ``source`` (the input); gives :attr:`text` back."""
        return apply_edits(source, self.edits)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (any order) to ``text``.

    >>> apply_edits("final yr", [Edit(6, 8, "yr", "year", "g:yr", "sure", 1.0)])
    'final year'
    """
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        if e.start < pos or text[e.start : e.end] != e.before:
            raise ValueError(f"edit {e.start}:{e.end} does not fit the text")
        out += [text[pos : e.start], e.after]
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True)
class RewriteConfig:
    """Options of a :class:`Rewriter`, all with defaults.

    - ``threshold``: spin score from which ``likely`` rules apply (0..1).
    - ``tier``: the most permissive tier allowed, ``"likely"`` or ``"sure"`` (never gated in).
    - ``min_score``: edits whose score is below this are not made.
    - ``fuzzy_cutoff``: rapidfuzz ratio (0..100) for a close spelling inside a term.
    - ``assume_context``: take every context condition as met (used by glossary validation).
    """

    threshold: float = 0.5
    tier: str = "likely"
    min_score: float = 0.0
    fuzzy_cutoff: float = 88.0
    assume_context: bool = False

    def __post_init__(self) -> None:
        if self.tier not in TIERS:
            raise ValueError(f"tier must be one of {TIERS}, not {self.tier!r}")
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError("threshold must be within 0..1")


class Rewriter:
    """Compiled glossaries ready to repair text. Immutable, thread-safe and picklable.

    >>> from textfix import parse_glossary
    >>> g = parse_glossary('''
    ... name = "demo"
    ... terms = ["Security Consultative Meeting"]
    ... [synonyms]
    ... security = ["safety"]
    ... meeting = ["assembly"]
    ... ''')
    >>> Rewriter([g]).fix("the 57th Safety Consultative Assembly (SCM)").text
    'the 57th Security Consultative Meeting (SCM)'
    """

    def __init__(self, glossaries: Sequence[Glossary] | None = None,
                 config: RewriteConfig | None = None, **options: Any) -> None:
        if glossaries is None:
            from ._registry import default_glossaries

            glossaries = default_glossaries()
        self.glossaries: tuple[Glossary, ...] = tuple(glossaries)
        self.config = replace(config or RewriteConfig(), **options)
        self._compiled: Compiled = compile_glossaries(self.glossaries)
        self._matcher = Matcher(self._compiled, self.config.fuzzy_cutoff,
                                self.config.assume_context)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Rewriter, (self.glossaries, self.config))

    def __repr__(self) -> str:
        names = ", ".join(g.name for g in self.glossaries)
        return f"Rewriter([{names}], {self.config})"

    def fix(self, text: str) -> Result:
        """Repair ``text``: return the new text, the edits, and the spin score.

        On a text of a million characters or more the cyclic garbage collector is paused for
        the call: what it builds has no cycles, and the collector's full passes over the
        growing lists of matches would otherwise make time grow faster than the text.
        """
        if not isinstance(text, str):
            raise TypeError(f"fix() takes str, not {type(text).__name__}; decode bytes first")
        if len(text) < _GC_PAUSE or not gc.isenabled():
            return self._fix(text)
        gc.disable()
        try:
            return self._fix(text)
        finally:
            gc.enable()

    def _fix(self, text: str) -> Result:
        doc, matches = self._matcher.match(text)
        if not matches:
            return Result(text)
        edits, score = self._choose(doc, matches)
        while doc.pending and edits:
            # a rule whose context was missing may find it in what the other edits wrote; take
            # it now, or fixing the output again would (conditions hold on the final text)
            woken = self._woken(doc, apply_edits(text, edits), edits)
            if not woken:
                break
            matches += woken
            edits, score = self._choose(doc, matches)
        if not edits:
            return Result(text, (), score)
        return Result(apply_edits(text, edits), tuple(edits), score)

    def _choose(self, doc: Doc, matches: list[Match]) -> tuple[list[Edit], float]:
        """Select matches (sure first; likely too when the spin score opens the gate)."""
        tiers = frozenset({"sure"})
        chosen = select(matches, tiers)
        spun = [m for m in chosen if m.spun]
        score = spin_score(sum(m.end - m.start for m in spun),
                           len({(m.kind, m.ref) for m in spun}), doc.words)
        if self.config.tier == "likely" and score >= self.config.threshold and any(
            m.tier == "likely" for m in matches
        ):
            tiers = frozenset(TIERS)
            chosen = select(matches, tiers)
        edits = [e for m in chosen if m.spun for e in self._edits(doc, m)]
        if len(chosen) < len(matches):
            edits = add_sharing(doc, matches, chosen, tiers, edits, self._edits)
        return [e for e in edits if e.score >= self.config.min_score], score

    def _woken(self, doc: Doc, output: str, edits: list[Edit]) -> list[Match]:
        """Pending rule matches whose condition holds on ``output`` (their own words as is)."""
        out_doc = Doc(output)
        starts = {out_doc.start(j): j for j in range(out_doc.n)}
        # edits are sorted and disjoint: bisections and running sums, not a scan per match
        e_starts = [e.start for e in edits]
        e_ends = [e.end for e in edits]
        shifts = list(accumulate((len(e.after) - (e.end - e.start) for e in edits), initial=0))
        woken = []
        for m in doc.pending:
            a, b = doc.start(m.start), doc.end(m.end - 1)
            if clashes(e_starts, e_ends, a, b):
                continue  # another edit took these words
            j = starts.get(a + shifts[bisect_right(e_ends, a)])
            cond = self._compiled.rules[m.ref].condition
            if j is not None and condition_holds(cond, out_doc, j, j + m.end - m.start):
                woken.append(m)
        gone = set(map(id, woken))
        doc.pending = [m for m in doc.pending if id(m) not in gone]
        return woken

    def spun_readings(self, text: str) -> list[tuple[str, str, str, bool]]:
        """Every spun reading of ``text`` before selection: (rule, before, after, is_term).

        Used to validate glossaries: a canonical term must have no spun reading but its own.
        """
        doc = Doc(text)
        out = []
        for m in self._matcher.find(doc):
            if m.spun:
                for e in self._edits(doc, m):
                    out.append((e.rule, e.before, e.after, m.kind == TERM))
        return out

    def detect(self, text: str) -> float:
        """How spun ``text`` looks, 0..1, from sure evidence only."""
        return self.fix(text).spin_score

    # -- building edits ---------------------------------------------------------------------
    def _edits(self, doc: Doc, m: Match) -> list[Edit]:
        if m.kind == TERM:
            return self._term_edit(doc, m)
        if m.kind == RULE:
            return self._rule_edit(doc, m)
        assert m.kind == EXCEPTION
        return []

    def _term_edit(self, doc: Doc, m: Match) -> list[Edit]:
        info = m.info
        assert info is not None
        pieces: list[tuple[int, int, str]] = []  # word range and new text
        pos = m.start
        for k, (cand, width) in enumerate(m.path):
            if cand[1] not in (EXACT, INFLECT):
                last = pos + width - 1
                word = _inflect_display(info.words[k], cand)
                new = apply_case(word, case_of(doc.word(pos)), info.proper[k]) + doc.suffix(last)
                if new != doc.text[doc.start(pos) : doc.end(last)]:
                    pieces.append((pos, pos + width, new))
            pos += width
        if not pieces:
            return []
        value = m.value / 1000 / max(len(m.path), 1)
        return [self._edit(doc, pieces, info.rule, m.tier, value)]

    def _rule_edit(self, doc: Doc, m: Match) -> list[Edit]:
        info = self._compiled.rules[m.ref]
        assert info.canonical is not None
        idx = range(m.start, m.end)
        canon, ckeys, proper = info.words, info.word_keys, info.proper
        skeys = [doc.keys[j] for j in idx]
        skeys[-1] = doc.stem(m.end - 1)
        last_suffix = doc.suffix(m.end - 1)
        a = 0
        while a < min(len(skeys), len(ckeys)) - 1 and skeys[a] == ckeys[a]:
            a += 1
        b = 0
        while (b < min(len(skeys), len(ckeys)) - a - 1
               and skeys[-1 - b] == ckeys[-1 - b] and not (b == 0 and last_suffix)):
            b += 1
        src = [doc.word(j) for j in idx[a : len(idx) - b]]
        out = canon[a : len(canon) - b]
        caps = proper[a : len(canon) - b]
        suffix = last_suffix if b == 0 else ""
        pieces: list[tuple[int, int, str]] = []
        if len(src) == len(out):
            for k, (t, w, cap) in enumerate(zip(src, out, caps, strict=True)):
                new = apply_case(w, case_of(t), cap)
                if k == len(src) - 1:
                    new += suffix
                if new != t:
                    pieces.append((m.start + a + k, m.start + a + k + 1, new))
        else:
            new = " ".join(out)
            if new:
                # the first word takes the case of the first word replaced; the others follow
                # when every replaced word shares one case ("Counterfeit Consciousness")
                patterns = {case_of(w) for w in src}
                rest_case = patterns.pop() if len(patterns) == 1 else "lower"
                first_case = case_of(src[0])
                if len(src) == 1 and first_case == "upper" and len(src[0]) <= 5:
                    first_case = rest_case = "lower"  # an acronym ("USA"), not a shout
                first = apply_case(out[0], first_case, caps[0])
                rest = [apply_case(w, rest_case, cap) for w, cap in zip(out[1:], caps[1:],
                                                                          strict=True)]
                new = " ".join([first, *rest]) + suffix
            pieces.append((m.start + a, m.end - b, new))
        if not pieces:
            return []
        return [self._edit(doc, pieces, info.rule, m.tier, info.score)]

    @staticmethod
    def _edit(doc: Doc, pieces: list[tuple[int, int, str]], rule: str, tier: str,
              score: float) -> Edit:
        """One edit from the first to the last changed word, original separators kept."""
        text = doc.text
        lo, hi = pieces[0][0], pieces[-1][1]
        start, end = doc.start(lo), doc.end(hi - 1)
        parts: list[str] = []
        cursor = start
        for a, b, new in pieces:
            parts.append(text[cursor : doc.start(a)])
            parts.append(new)
            cursor = doc.end(b - 1)
        parts.append(text[cursor:end])
        after = "".join(parts)
        if after == "":
            # a deleted word takes the separator before it (or after it, at the start)
            a, b, _ = pieces[0]
            prev = doc.before(a)
            if prev is not None:
                start = prev[1]
            elif doc.grow(b):
                end = doc.start(b)
        elif _after_article(text, start) and (prev := doc.before(lo)) is not None and normalize_key(
                text[prev[0] : prev[1]]) in ("a", "an") and text[prev[1] : start].isspace():
            # "an irregular woodland" -> "a random forest": the article follows the new word
            article = _article(text[prev[0] : prev[1]], doc.word(lo), after)
            if article is not None:
                after = article + text[prev[1] : start] + after
                start = prev[0]
        return Edit(start, end, text[start:end], after, rule, tier, round(min(score, 1.0), 4))


def _after_article(text: str, start: int) -> bool:
    """Whether the text before ``start`` may end with the article "a" or "an" and spaces: a
    cheap test before the word is looked up."""
    k = start
    while k and text[k - 1].isspace():
        k -= 1
    return k < start and text[k - 1 : k] in ("a", "A", "n", "N")


def _an(word: str) -> bool | None:
    """Whether ``word`` takes "an"; None when spelling cannot tell (digits, acronyms)."""
    w = word.lower()
    if not w[:1].isalpha() or (word.isupper() and len(word) > 1):
        return None
    if w.startswith(("uni", "use", "usu", "uti", "ure", "uro", "eu", "ew", "one", "once")):
        return False
    if w.startswith(("hour", "honest", "honor", "honour", "heir")):
        return True
    return w[0] in "aeiou"


def _article(article: str, old: str, new: str) -> str | None:
    """The article to write before ``new`` in place of ``article`` (which fit ``old``), if other.

    >>> _article("an", "irregular", "random forest"), _article("A", "fight", "armed clash")
    ('a', 'An')
    """
    had, wants = _an(old), _an(new)
    if had is None or wants is None or had != (article.lower() == "an") or had == wants:
        return None
    word = "an" if wants else "a"
    if article.isupper() and len(article) > 1:
        return word.upper()
    return word.capitalize() if article[:1].isupper() else word


def _inflect_display(word: str, cand: Cand) -> str:
    """Inflect a canonical word as written ("Meeting" + NNS -> "Meetings") by the tag of the
    reading ``cand``, which carries the inflected form of its key."""
    lower = word.lower()
    form = cand[5] if lower == cand[0] else inflect(lower, cand[2])
    if word == lower:
        return form
    if word.isupper() and len(word) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if word[:1].isupper() else form

