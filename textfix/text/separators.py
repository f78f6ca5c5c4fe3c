"""What stands between words: how terms compare separators, and which gaps a term may cross.

A separator is compared without whitespace, quotes or apostrophe style, so a line break matches
a space and "Ministers’ Meeting" matches "Ministers' Meeting"; a term never crosses a paragraph
break, a full stop or a comma.
"""

from __future__ import annotations

from itertools import pairwise

import regex

from textfix.text.tokenize import WORD

#: Characters allowed between the words of a glossary entry.
ENTRY_GLUE = regex.compile(r"^[\s.,&/'’\-()]*$")

_SEP_FOLD = str.maketrans({"’": "'", "‘": "'", "“": None, "”": None, '"': None, "«": None,
                           "»": None, "„": None})
_TERM_GLUE = frozenset(".,&/'’-()“”\"«»„")


def norm_sep(sep: str) -> str:
    """A separator as terms compare it: no whitespace, no double quotes, ’ written as '.

    So a line break matches a space, a quoted word inside a term (“combat credible” partner)
    still matches, and "Ministers’ Meeting" matches "Ministers' Meeting".

    >>> norm_sep(" \\n"), norm_sep("’ "), norm_sep(". ")
    ('', "'", '.')
    """
    return "".join(sep.split()).translate(_SEP_FOLD)


def phrase_seps(phrase: str) -> tuple[str, ...]:
    """The normalized separators between the words of a phrase ("" for plain whitespace).

    >>> phrase_seps("Ministers’ Meeting"), phrase_seps("Forces Korea")
    (("'",), ('',))
    """
    spans = [m.span() for m in WORD.finditer(phrase)]
    return tuple(norm_sep(phrase[a[1]:b[0]]) for a, b in pairwise(spans))


def plain_gap(sep: str) -> bool:
    """Whether the words of a term may stand either side of ``sep``: whitespace, or the light
    punctuation names carry ("U.S."), never a paragraph break (so a file cut into chunks at
    blank lines repairs the same)."""
    if sep.count("\n") > 1:
        return False
    return sep.isspace() or all(c in _TERM_GLUE or c.isspace() for c in sep)
