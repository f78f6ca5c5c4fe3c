"""textfix: repair synonym-spun text, and explain every edit.

>>> import textfix
>>> g = textfix.parse_glossary('''
... name = "demo"
... terms = ["defense chief"]
... [synonyms]
... defense = ["protection"]
... ''')
>>> res = textfix.Rewriter([g]).fix("The protection chiefs met.")
>>> res.text
'The defense chiefs met.'
>>> res.edits[0].before, res.edits[0].after, res.edits[0].rule
('protection', 'defense', 'demo:defense chief')
"""

from __future__ import annotations

from functools import lru_cache

from ._glossary import Condition, Glossary, GlossaryError, Rule, Term, load_glossary, parse_glossary
from ._registry import available as available_glossaries
from ._registry import default_glossaries, get_glossary
from ._rewrite import Edit, Result, RewriteConfig, Rewriter, apply_edits
from ._spin import spin

__version__ = "0.1.0"

__all__ = [
    "Condition",
    "Edit",
    "Glossary",
    "GlossaryError",
    "Result",
    "RewriteConfig",
    "Rewriter",
    "Rule",
    "Term",
    "__version__",
    "apply_edits",
    "available_glossaries",
    "default_glossaries",
    "default_rewriter",
    "detect",
    "fix",
    "fix_and_explain",
    "get_glossary",
    "load_glossary",
    "parse_glossary",
    "spin",
]


@lru_cache(maxsize=1)
def default_rewriter() -> Rewriter:
    """The :class:`Rewriter` over the shipped default glossaries, built once."""
    return Rewriter(default_glossaries())


def fix(text: str) -> str:
    """Repair ``text`` with the default glossaries."""
    return default_rewriter().fix(text).text


def fix_and_explain(text: str) -> Result:
    """Repair ``text`` with the default glossaries; the :class:`Result` lists every edit."""
    return default_rewriter().fix(text)


def detect(text: str) -> float:
    """Spin score of ``text`` (0 clean .. 1 spun) with the default glossaries."""
    return default_rewriter().detect(text)
