"""One text as words: keys and offsets, split whole or held sparsely around prefilter hits,
with the views that walks, context conditions and edits read.

A whole Doc splits the text once (C-level). A sparse Doc, for text whose word characters are
all ASCII, holds only the words the matcher asks for and tokenizes them on demand.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import add

from textfix.glossary.model import Condition
from textfix.text.separators import norm_sep, plain_gap
from textfix.text.tokenize import (
    ENDS_POSSESSIVE,
    count_words,
    phrase_keys,
    scan,
    split_at,
    split_possessive,
    word_starts_at,
)


class Doc:
    """One text as parallel arrays of word keys and offsets, with lazily built views.

    A whole Doc splits the text once. A sparse Doc (given the text's :func:`ascii_lower` form)
    starts empty and holds only the words the matcher asks for: each start word found by the
    prefilter and the words a walk reads after it (the word before an edit is looked up when
    needed, see :meth:`before`). Its words keep their order; two words held side by side are
    neighbours in the text unless the gap between them has words in it, which no entry can
    cross, so every walk reads what it would read whole.
    """

    __slots__ = ("_joined", "_offsets", "_present", "_stems", "_whole", "_words", "bounds", "keys",
                 "low", "n", "pos", "text")

    def __init__(self, text: str, low: str | None = None) -> None:
        self.text = text
        self.low = low
        self.keys: list[str]
        self.bounds: list[int] | array[int]
        if low is None:
            self.keys, self.bounds = scan(text)
        else:
            self.keys, self.bounds = [], []
        self.n = len(self.keys)
        self.pos = 0
        """Sparse: where the last word held ends (the text before it is tokenized or skipped)."""
        self._words = -1
        self._whole: Doc | None = None
        self._joined: str | None = None
        self._offsets: list[int] = []
        self._stems: list[str] = []
        self._present: frozenset[str] | None = None

    @property
    def words(self) -> int:
        """Number of words in the whole text (the spin score's denominator)."""
        if self.low is None:
            return self.n
        if self._words < 0:
            self._words = count_words(self.low)
        return self._words

    def whole(self) -> Doc:
        """This Doc with every word held (itself, unless sparse): context conditions read it."""
        if self.low is None:
            return self
        if self._whole is None:
            self._whole = Doc(self.text)
        return self._whole

    def index(self, p: int) -> int:
        """Index of the word that starts at offset ``p`` (which must be a word start)."""
        return bisect_left(self.bounds, p) >> 1

    def grow(self, j: int) -> bool:
        """Whether word ``j`` exists; a sparse Doc tokenizes further to hold it."""
        if j < self.n:
            return True
        low = self.low
        if low is None:
            return False
        size = 64 + 16 * (j - self.n)
        while j >= self.n:
            if self.pos >= len(low):
                return False
            stop = self.pos + size
            keys, bounds = split_at(low, self.pos, stop)
            if keys:
                self._hold(keys, bounds)
            elif stop >= len(low):
                self.pos = len(low)
            else:
                size *= 4  # a long word or a long run of punctuation
        return True

    def open(self, p: int) -> int | None:
        """Index of the word of a sparse Doc that starts at ``p`` (a word start), holding it
        and a few words after it."""
        if p < self.pos:  # a walk from an earlier start already read it: a recent word
            b = self.bounds
            try:
                k = b.index(p, max(0, len(b) - 64))
            except ValueError:
                k = bisect_left(b, p)
            return k >> 1 if k < len(b) and not k & 1 and b[k] == p else None
        assert self.low is not None
        keys, bounds = split_at(self.low, p, p + 48)
        if keys:
            self._hold(keys, bounds)
            return self.n - len(keys)
        self.pos = p  # the word at p is long: hold it alone
        j = self.n
        return j if self.grow(j) and self.bounds[2 * j] == p else None

    def before(self, j: int) -> tuple[int, int] | None:
        """Start and end of the word before word ``j`` in the text, or None at the start.

        A sparse Doc may not hold it (the gap before ``j`` then has words): it is found now.
        """
        b = self.bounds
        if self.low is None:
            return (b[2 * j - 2], b[2 * j - 1]) if j else None
        low, p = self.low, b[2 * j]
        if j and not _HAS_WORD(low, b[2 * j - 1], p):
            return b[2 * j - 2], b[2 * j - 1]
        lo = max(0, p - 40)
        while True:
            _keys, found = split_at(low, lo, p, cut=False)
            if found and (lo == 0 or _starts_word(low, found[-2])):
                return found[-2], found[-1]
            if lo == 0:
                return None
            lo = max(0, lo - 256)

    def _hold(self, keys: list[str], bounds: list[int]) -> None:
        self.keys += keys
        self.bounds.extend(bounds)
        self.n += len(keys)
        self.pos = bounds[-1]

    def start(self, j: int) -> int:
        return self.bounds[2 * j]

    def end(self, j: int) -> int:
        return self.bounds[2 * j + 1]

    def word(self, j: int) -> str:
        """Word ``j`` as written."""
        return self.text[self.bounds[2 * j] : self.bounds[2 * j + 1]]

    def stem(self, j: int) -> str:
        """Key of word ``j`` without a possessive ``'s``."""
        k = self.keys[j]
        return k[:-2] if len(k) > 2 and k.endswith("'s") else k

    def suffix(self, j: int) -> str:
        """The possessive suffix of word ``j`` as written, or ""."""
        k = self.keys[j]
        if len(k) > 2 and k.endswith("'s"):
            e = self.bounds[2 * j + 1]
            return self.text[e - 2 : e]
        return ""

    def gap(self, j: int) -> str:
        """Text between word ``j - 1`` and word ``j``."""
        return self.text[self.bounds[2 * j - 1] : self.bounds[2 * j]]

    def sep(self, j: int) -> str:
        """Separator before word ``j`` as terms compare it: see :func:`norm_sep`."""
        g = self.gap(j)
        return "" if g == " " or g.isspace() else norm_sep(g)

    def present(self) -> frozenset[str]:
        """Every word key of the text, possessives cut off (as :meth:`contains` compares)."""
        if self._present is None:
            keys = self.keys
            stems = list(keys)
            if "'s" in self.text or "’s" in self.text:
                for j in compress(count(), map(ENDS_POSSESSIVE, keys)):
                    stems[j] = self.stem(j)
            self._stems = stems
            self._present = frozenset(stems)
        return self._present

    def _view(self) -> str:
        """The stems joined by spaces, and where each starts in it: what phrases are found in."""
        if self._joined is None:
            self.present()
            stems = self._stems
            # word j starts at 1 + (lengths of the words before it) + j: C-level running sums
            self._offsets = list(map(add, accumulate(map(len, stems), initial=0), count(1)))
            del self._offsets[-1]
            self._joined = " " + " ".join(stems) + " "
        return self._joined

    def contains(self, phrase: tuple[str, ...], lo: int = 0, hi: int | None = None) -> bool:
        """Whether the key sequence ``phrase`` occurs within words ``[lo, hi)``."""
        joined = self._view()
        hi = self.n if hi is None else min(hi, self.n)
        lo = max(lo, 0)
        if lo >= hi:
            return False
        a = self._offsets[lo] - 1
        b = self._offsets[hi - 1] + len(self._stems[hi - 1]) + 1
        return joined.find(" " + " ".join(phrase) + " ", a, b) >= 0


def condition_holds(cond: Condition, doc: Doc, start: int, end: int) -> bool:
    """Evaluate a rule's context condition around tokens ``[start, end)``."""
    if cond.window is None:
        lo, hi = 0, doc.n
    else:
        lo, hi = start - cond.window, end + cond.window
    present = doc.present()  # a phrase with a word the text lacks is absent: no search
    for p in cond.require:
        st = _stems(p)
        if not present.issuperset(st) or not doc.contains(st, lo, hi):
            return False
    if cond.require_any:
        for p in cond.require_any:
            st = _stems(p)
            if present.issuperset(st) and doc.contains(st, lo, hi):
                break
        else:
            return False
    for p in cond.forbid:
        st = _stems(p)
        if present.issuperset(st) and doc.contains(st, lo, hi):
            return False
    return True


@lru_cache(maxsize=4096)
def _stems(phrase: str) -> tuple[str, ...]:
    """Keys of a condition's phrase, possessives cut off (as :meth:`Doc.contains` compares)."""
    return tuple(split_possessive(k)[0] for k in phrase_keys(phrase))


_HAS_WORD = re.compile("[a-z0-9]").search


def _starts_word(low: str, p: int) -> bool:
    """Whether a word of ``low`` starts at ``p`` (a word character) in the whole text."""
    c = low[p - 1] if p else " "
    return not (c.isascii() and c.isalnum()) and word_starts_at(low, p)


def plain_sep(doc: Doc, j: int) -> bool:
    """Between words of a term: whitespace, or the light punctuation names carry ("U.S."),
    never a paragraph break (so a file cut into chunks at blank lines repairs the same)."""
    return plain_gap(doc.gap(j))
