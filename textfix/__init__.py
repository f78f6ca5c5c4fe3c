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

import threading

from textfix.catalog import available as available_glossaries
from textfix.catalog import default_glossaries, get_glossary, load_glossary, parse_glossary
from textfix.engine.config import RewriteConfig
from textfix.engine.edit import Edit, Result, apply_edits
from textfix.engine.rewrite import Rewriter
from textfix.glossary.model import Condition, Glossary, GlossaryError, Rule, Term
from textfix.learn.spin import spin

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


_DEFAULT: list[Rewriter] = []
_DEFAULT_LOCK = threading.Lock()


def default_rewriter() -> Rewriter:
    """The :class:`Rewriter` over the shipped default glossaries, built once: threads that
    ask for it at the same time wait for the one that builds it."""
    if not _DEFAULT:
        with _DEFAULT_LOCK:
            if not _DEFAULT:
                _DEFAULT.append(Rewriter(default_glossaries()))
    return _DEFAULT[0]


def fix(text: str) -> str:
    """Repair ``text`` with the default glossaries.

    Args:
        text: the text to repair, any ``str``.

    Returns:
        The repaired text; ``text`` itself, byte for byte, when nothing in it is spun.

    Raises:
        TypeError: ``text`` is not a ``str`` (decode bytes first).

    >>> fix("The ministers met final yr in Seoul.")
    'The ministers met last year in Seoul.'
    """
    return default_rewriter().fix(text).text


def fix_and_explain(text: str) -> Result:
    """Repair ``text`` with the default glossaries; the :class:`Result` lists every edit.

    Args:
        text: the text to repair, any ``str``.

    Returns:
        A :class:`Result`: the repaired text, each :class:`Edit` (offsets into ``text``,
        before and after, the entry that justified it, its tier and score) and the spin score.

    Raises:
        TypeError: ``text`` is not a ``str``.

    >>> res = fix_and_explain("The ministers met final yr in Seoul.")
    >>> [(e.before, e.after, e.rule) for e in res.edits]
    [('final yr', 'last year', 'news-spin:final yr')]
    >>> res.replay("The ministers met final yr in Seoul.") == res.text
    True
    """
    return default_rewriter().fix(text)


def detect(text: str) -> float:
    """Spin score of ``text`` (0 clean .. 1 spun) with the default glossaries.

    Args:
        text: the text to score, any ``str``.

    Returns:
        The spin score from sure evidence alone: 0.0 for text with no sure spun match.

    Raises:
        TypeError: ``text`` is not a ``str``.

    >>> detect("The defense ministers met in Seoul.")
    0.0
    """
    return default_rewriter().detect(text)
