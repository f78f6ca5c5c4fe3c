"""The prefilter: where a start word may begin in a text, found at C speed.

An Aho-Corasick automaton (``ahocorasick_rs``, contiguous NFA) of every ASCII start key written
" key " runs over the text with each non-word character made a space
(:func:`~textfix.text.tokenize.prefilter_bytes`), so the matcher tokenizes only around its hits.
The contiguous layout keeps the states a hit walks through close together, which matters for
large glossaries: there, nearly every hit reads its path from main memory.

Each key carries a value (for the matcher: the key's readings), found by the hit's index in
one read instead of a dict lookup of the word, which with a large glossary costs three reads
of main memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any

_START = itemgetter(1)


class Prefilter:
    """An automaton of start keys with a value per key. It pickles as its keys and values
    (the automaton itself does not pickle) and is built by :meth:`build`, or on first use:
    0.15 s for 380k keys."""

    __slots__ = ("_find", "keys", "values")

    def __init__(self, keys: Iterable[bytes], values: Iterable[Any]) -> None:
        self.keys: tuple[bytes, ...] = tuple(keys)
        self.values: tuple[Any, ...] = tuple(values)
        if len(self.values) != len(self.keys):
            raise ValueError("one value per key")
        self._find: Any = None

    def __getstate__(self) -> tuple[tuple[bytes, ...], tuple[Any, ...]]:
        return self.keys, self.values

    def __setstate__(self, state: tuple[tuple[bytes, ...], tuple[Any, ...]]) -> None:
        (self.keys, self.values), self._find = state, None

    def __len__(self) -> int:
        return len(self.keys)

    def build(self) -> Any:
        """The automaton's search function, built once."""
        if self._find is None:
            import ahocorasick_rs

            self._find = ahocorasick_rs.BytesAhoCorasick(
                list(self.keys), implementation=ahocorasick_rs.Implementation.ContiguousNFA
            ).find_matches_as_indexes
        return self._find

    def hits(self, text: bytes) -> list[tuple[int, int, int]]:
        """Every " key " found in ``text`` (overlaps included) as (key index, start, end),
        by start: with the one space ``prefilter_bytes`` puts in front, the start is where
        the key's word begins in the text it was made from, and ``end - 2`` where it ends."""
        find = self._find or self.build()
        return sorted(find(text, overlapping=True), key=_START)
