"""The review page and its decisions: see every edit in place, accept or reject it, apply.

:func:`~textfix.review.page.render_review` writes one self-contained HTML page (no external
scripts, fonts or styles) for any number of documents; the page exports the reviewer's
decisions as JSON (:mod:`textfix.review.decisions`, schema version 1), and
:func:`~textfix.review.decisions.apply_document` rebuilds the accepted text from them.
"""

from __future__ import annotations

from textfix.review.decisions import (
    Decisions,
    DecisionsError,
    DocumentDecision,
    apply_document,
    parse_decisions,
    text_sha256,
)
from textfix.review.page import ReviewDocument, render_review

__all__ = [
    "Decisions",
    "DecisionsError",
    "DocumentDecision",
    "ReviewDocument",
    "apply_document",
    "parse_decisions",
    "render_review",
    "text_sha256",
]
