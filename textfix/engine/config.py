"""The options of a :class:`~textfix.Rewriter`."""

from __future__ import annotations

from dataclasses import dataclass

from textfix.glossary.model import TIERS


@dataclass(frozen=True)
class RewriteConfig:
    """Options of a :class:`Rewriter`, all with defaults.

    - ``threshold``: spin score from which ``likely`` rules apply (0..1).
    - ``tier``: the most permissive tier allowed, ``"likely"`` or ``"sure"`` (never gated in).
    - ``min_score``: edits whose score is below this are not made.
    - ``fuzzy_cutoff``: rapidfuzz ratio (0..100) for a close spelling inside a term.
    - ``assume_context``: take every context condition as met (used by glossary validation).
    - ``model``: use the spinner model of the glossaries' learned entries: its document score
      joins the gate, and in a document past the gate it repairs the places where the
      language model reads the learned canonical form clearly better.
    """

    threshold: float = 0.5
    tier: str = "likely"
    min_score: float = 0.0
    fuzzy_cutoff: float = 88.0
    assume_context: bool = False
    model: bool = True

    def __post_init__(self) -> None:
        if self.tier not in TIERS:
            raise ValueError(f"tier must be one of {TIERS}, not {self.tier!r}")
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError("threshold must be within 0..1")
