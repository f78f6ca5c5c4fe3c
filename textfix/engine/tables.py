"""The shapes of the compiled tables: word readings, term and rule entries, and the whole set.

Everything the matcher needs per word is a dict lookup in a :class:`Compiled`; these are the
types it is made of (built by :mod:`textfix.engine.compile`, pickled in the compile cache).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from textfix.engine.prefilter import Prefilter

EXACT, INFLECT, SYN, FUZZY = 0, 1, 2, 3
#: Confidence of one word matched each way; a match scores the sum over its words.
WEIGHTS = {EXACT: 1.0, INFLECT: 0.95, SYN: 0.8, FUZZY: 0.6}
END = "\x00"
"""Trie key marking the end of an entry (no token key can be a NUL character alone)."""


Cand = tuple[str, int, str, tuple[str, ...], Any, str]
"""One reading of a word: (canonical word, kind, inflection tag, keys of the following words a
multi-word substitute also consumes, the term trie's node for terms that begin with the
canonical word (see :func:`_seal`) or None, the canonical word inflected by the tag).

A plain tuple, not a NamedTuple: hundreds of thousands of them are unpickled from the compile
cache, and plain tuples load several times faster. The trie node saves a walk's first step
three reads of memory that large glossaries rarely have in cache; the inflected word saves an
edit a call to the inflection dictionary (10 us, as much as the rest of the edit)."""


class TermInfo(NamedTuple):
    """A compiled canonical term; the term trie's END entries hold these themselves."""

    ref: int
    """Index in :attr:`Compiled.terms`."""
    rule: str
    keys: tuple[str, ...]
    words: tuple[str, ...]
    proper: tuple[bool, ...]
    seps: tuple[str, ...]
    tier: str | None


class RuleInfo(NamedTuple):
    """A compiled phrase rule (or exception, with ``canonical`` None)."""

    rule: str
    keys: tuple[str, ...]
    seps: tuple[str, ...]
    canonical: str | None
    tier: str
    condition: Any
    score: float
    words: tuple[str, ...] = ()
    """The canonical phrase's words as written (empty for an exception)."""
    word_keys: tuple[str, ...] = ()
    """Their matching keys."""
    proper: tuple[bool, ...] = ()
    """Whether each is written with a capital (keeps its own case)."""


class Compiled(NamedTuple):
    """All lookup tables of a set of glossaries."""

    forms: dict[str, tuple[Cand, ...]]
    term_trie: dict[str, Any]
    """Canonical keys word by word; its leaves are tuples of TermInfo (see :func:`_seal`)."""
    terms: tuple[TermInfo, ...]
    rule_trie: dict[str, Any]
    rules: tuple[RuleInfo, ...]
    starts: frozenset[str]
    """Keys that can begin a term, a rule or an exception: the only words worth a walk
    (a possessive "x's" is a hit when "x" is here)."""
    prefilter: Prefilter | None
    """An Aho-Corasick automaton of the ASCII keys of ``starts`` (see :func:`_automaton`),
    or None when texts are better split whole (common words among the start words)."""
    solo: frozenset[str]
    """Start keys worth a walk wherever they occur (whole-split path)."""
    pairs: frozenset[tuple[str, str]]
    """(start key, next key) pairs for the other start keys, those that begin only entries of
    two words or more with a closed set of second words ("the" -> "the two nations"): such a
    key is worth a walk only before one of them (see :func:`_pairs`). Built only for
    glossaries without a prefilter, whose start words include common ones."""
