"""Propose canonical terms from clean text of a domain, for a person to review.

Two kinds of candidates: recurring *names* (runs of capitalized words, with the short linking
words names carry: "Ministry of National Defense") and recurring *domain phrases* (n-grams that
neither start nor end with a common word and whose words are rarer than everyday English, by
wordfreq). A candidate must recur; phrases contained in a longer candidate seen as often are
left out, so "Consultative Meeting" does not shadow "Security Consultative Meeting".
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from textfix.text.tokenize import Token, tokenize

_SPACES = re.compile(r"\s+")
#: Words at least this common (Zipf scale) cannot start or end a domain phrase.
COMMON_ZIPF = 5.5
#: Words at least this common (function words) cannot be inside a domain phrase, but "of".
FUNCTION_ZIPF = 6.0
#: Lower-case words a name may hold between its capitalized words.
NAME_LINKS = frozenset({"of", "and", "for", "on", "the", "de", "in", "&"})


class Candidate(NamedTuple):
    """A proposed canonical term, how often it occurred, its kind and its ranking score."""

    term: str
    occurrences: int
    kind: str
    """``"name"`` or ``"phrase"``."""
    score: float


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _runs(text: str, tokens: Sequence[Token]) -> list[list[Token]]:
    """Token runs not broken by punctuation other than the light marks names carry."""
    runs: list[list[Token]] = []
    cur: list[Token] = []
    for k, t in enumerate(tokens):
        if cur and _breaks(text[tokens[k - 1].end : t.start], tokens[k - 1]):
            runs.append(cur)
            cur = []
        cur.append(t)
    if cur:
        runs.append(cur)
    return runs


def _breaks(sep: str, before: Token) -> bool:
    """Whether the separator after ``before`` ends a run: punctuation other than light marks,
    a possessive, or a full stop after a word longer than an abbreviation ("U.S." continues)."""
    if before.suffix or not all(c.isspace() or c in ".-&/'’" for c in sep):
        return True
    return "." in sep and sep[-1:].isspace() and len(before.text) > 2


def _phrase(text: str, toks: Sequence[Token]) -> str:
    parts = [toks[0].text]
    for a, b in itertools.pairwise(toks):
        sep = text[a.end : b.start]
        parts += [_SPACES.sub(" ", sep), b.text]
    last = toks[-1]
    return "".join(parts)[: len("".join(parts)) - len(last.suffix)] if last.suffix else "".join(
        parts)


def _names(text: str, run: Sequence[Token], out: Counter[str]) -> None:
    """Count the maximal runs of capitalized words (with linking words inside) in ``run``."""
    k = 0
    while k < len(run):
        if not run[k].text[:1].isupper():
            k += 1
            continue
        j = k + 1
        while j < len(run) and (run[j].text[:1].isupper() or (
            run[j].key in NAME_LINKS and j + 1 < len(run) and run[j + 1].text[:1].isupper()
        )):
            j += 1
        name = list(run[k:j])
        while name and _zipf(name[0].key) >= COMMON_ZIPF and name[0].key in _STARTERS:
            name = name[1:]  # "The Security Council" -> "Security Council"
        if len(name) >= 2:
            written = _phrase(text, name)
            end = name[-1].end
            if len(name[-1].text) == 1 and text[end : end + 1] == ".":
                written += "."  # "U.S."
            out[written] += 1
        k = j


#: Capitalized words that begin sentences rather than names.
_STARTERS = frozenset({"the", "a", "an", "in", "on", "at", "this", "that", "these", "those",
                       "it", "its", "he", "she", "they", "we", "but", "and", "as", "for",
                       "meanwhile", "also", "after", "before", "during", "while", "when"})


def _ngrams(text: str, run: Sequence[Token], max_words: int,
            out: Counter[tuple[str, ...]], surface: dict[tuple[str, ...], str],
            common: dict[str, float]) -> None:
    """Count the word n-grams of ``run`` that may be domain phrases: written in lower case,
    neither starting nor ending with a common word, holding no function word but "of"."""
    def zipf(w: str) -> float:
        if w not in common:
            common[w] = _zipf(w)
        return common[w]

    for i in range(len(run)):
        for n in range(2, max_words + 1):
            toks = run[i : i + n]
            if len(toks) < n or any(t.text != t.text.lower() or t.key.isdigit() for t in toks):
                break
            gram = tuple(t.key for t in toks)
            if zipf(gram[0]) >= COMMON_ZIPF or any(
                zipf(w) >= FUNCTION_ZIPF and w != "of" for w in gram
            ):
                break
            if zipf(gram[-1]) >= COMMON_ZIPF:
                continue
            out[gram] += 1
            surface.setdefault(gram, _phrase(text, toks))


def induce(texts: Iterable[str], min_count: int = 2, max_words: int = 5) -> list[Candidate]:
    """Candidate canonical terms of ``texts``, best first (see the module docstring).

    >>> text = "The Security Consultative Meeting met. The Security Consultative Meeting ended."
    >>> [c.term for c in induce([text])]
    ['Security Consultative Meeting']
    """
    names: Counter[str] = Counter()
    grams: Counter[tuple[str, ...]] = Counter()
    surface: dict[tuple[str, ...], str] = {}
    common: dict[str, float] = {}
    for text in texts:
        tokens = tokenize(text)
        for run in _runs(text, tokens):
            _names(text, run, names)
            _ngrams(text, run, max_words, grams, surface, common)
    out: list[Candidate] = []
    name_keys = set()
    for name, n in names.items():
        if n >= min_count:
            name_keys.add(tuple(t.key for t in tokenize(name)))
            out.append(Candidate(name, n, "name", n * math.log2(1 + len(name.split()))))
    kept = {g: n for g, n in grams.items() if n >= min_count and g not in name_keys}
    shadowed = _shadowed(kept)
    for g, n in kept.items():
        if g in shadowed or any(_inside(g, k) for k in name_keys):
            continue
        rarity = sum(max(0.0, 7.0 - _zipf(w)) for w in g) / len(g)
        out.append(Candidate(surface[g], n, "phrase", n * rarity))
    out = [c for c in out if not _shadowed_name(c, out)]
    return sorted(out, key=lambda c: (-c.score, c.term))


def _inside(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    m = len(small)
    return m < len(big) and any(big[i : i + m] == small for i in range(len(big) - m + 1))


def _shadowed(kept: dict[tuple[str, ...], int]) -> set[tuple[str, ...]]:
    """Phrases inside a longer kept phrase that occurs as often: they add nothing."""
    out: set[tuple[str, ...]] = set()
    for g, n in kept.items():
        for size in range(2, len(g)):
            for i in range(len(g) - size + 1):
                sub = g[i : i + size]
                if kept.get(sub, 0) and kept[sub] <= n:
                    out.add(sub)
    return out


def _shadowed_name(c: Candidate, all_: list[Candidate]) -> bool:
    if c.kind != "name":
        return False
    keys = tuple(t.key for t in tokenize(c.term))
    return any(o.kind == "name" and o.occurrences >= c.occurrences and _inside(keys, tuple(
        t.key for t in tokenize(o.term))) for o in all_)
