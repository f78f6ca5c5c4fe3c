"""What a repair returns: one :class:`Edit` per change, the :class:`Result`, and
:func:`apply_edits`, which rebuilds the output from the input and the edits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


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
