"""Word alignment of two versions of a text: which words were kept, which were changed.

Alignment is the longest common subsequence of the word lists (rapidfuzz ``Indel`` opcodes, fast
on whole articles); the runs of words between two kept runs form one *gap*, scored as the larger
of its two sides, the way the official score (``difflib`` opcodes) counts a ``replace`` block.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from typing import NamedTuple

from rapidfuzz.distance import Indel

#: A word as the repair score counts it: letters and digits, with inner apostrophes and hyphens.
SCORE_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


class Word(NamedTuple):
    """One word of a text with its offsets."""

    start: int
    end: int
    text: str


class Gap(NamedTuple):
    """Words ``a[a_start:a_end]`` stand where ``b[b_start:b_end]`` stood; either may be empty."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int

    @property
    def cost(self) -> int:
        """Word edits this gap counts for: the larger side (substitutions plus the rest)."""
        return max(self.a_end - self.a_start, self.b_end - self.b_start)


def score_words(text: str) -> list[Word]:
    """Split ``text`` into the words the repair score compares (case kept, punctuation dropped).

    >>> [w.text for w in score_words("This yr’s “assembly”, co-chaired.")]
    ['This', 'yr’s', 'assembly', 'co-chaired']
    """
    return [Word(m.start(), m.end(), m.group()) for m in SCORE_WORD.finditer(text)]


def gaps(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Gap]:
    """The changed regions between ``a`` and ``b``, in order, around a longest common subsequence.

    >>> gaps("the safety talks in Seoul".split(), "the security talks Seoul".split())
    [Gap(a_start=1, a_end=2, b_start=1, b_end=2), Gap(a_start=3, a_end=4, b_start=3, b_end=3)]
    """
    out: list[Gap] = []
    i = j = 0
    for blk in Indel.opcodes(a, b).as_matching_blocks():
        if blk.a > i or blk.b > j:
            out.append(Gap(i, blk.a, j, blk.b))
        i, j = blk.a + blk.size, blk.b + blk.size
    if i < len(a) or j < len(b):
        out.append(Gap(i, len(a), j, len(b)))
    return out


def distance(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Word edit distance of the alignment: the sum of the gap costs.

    >>> distance("a b c d".split(), "a x c".split())
    2
    """
    return sum(g.cost for g in gaps(a, b))


def changed_positions(a: Sequence[Hashable], b: Sequence[Hashable]) -> set[int]:
    """Indices of ``a`` that ``b`` does not keep.

    >>> sorted(changed_positions("a b c d".split(), "a x c".split()))
    [1, 3]
    """
    return {i for g in gaps(a, b) for i in range(g.a_start, g.a_end)}
