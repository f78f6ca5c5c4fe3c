"""Split text into word tokens with exact offsets into the original string.

Matching works on *keys* (NFC, lower case, typographic apostrophe folded to ASCII); rewriting
works on *offsets*. Keys are derived per token, so case folding that changes length ("İ") or
decomposed input (NFD) never shifts an offset.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from itertools import accumulate
from typing import NamedTuple

import regex

#: A word: letters, digits and combining marks, with inner hyphens and apostrophes.
WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:['’‘\-‐][\p{L}\p{N}\p{M}]+)*")
_SPLIT = regex.compile("(" + WORD.pattern + ")")
#: The same split for text whose word characters are all ASCII: stdlib ``re`` runs it twice
#: as fast, and on such text it cuts exactly where ``_SPLIT`` does.
_ASCII_SPLIT = re.compile(r"([a-z0-9]+(?:['\-][a-z0-9]+)*)")
_FOREIGN_WORD_CHAR = regex.compile(r"[\p{L}\p{N}\p{M}--\x00-\x7F]", regex.V1)
_POSSESSIVE = regex.compile(r"['’]s$", regex.IGNORECASE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "‐": "-"})


class Token(NamedTuple):
    """One word of the input: its span, its text, its matching key and possessive suffix."""

    start: int
    end: int
    text: str
    key: str
    """Normalized form of the whole token, used for literal lookups."""
    stem: str
    """``key`` without a possessive ``'s``; the form used for term lookups."""
    suffix: str
    """The possessive suffix exactly as written ("’s"), or ""."""


def normalize_key(word: str) -> str:
    """Return the matching key of one word: NFC, lower case, ASCII apostrophe and hyphen."""
    if not word.isascii():
        word = unicodedata.normalize("NFC", word).translate(_APOSTROPHES)
    return word.lower()


def split_possessive(text: str) -> tuple[str, str]:
    """Split a trailing possessive ("ministry’s") into ("ministry", "’s")."""
    m = _POSSESSIVE.search(text)
    if m is None or m.start() == 0:
        return text, ""
    return text[: m.start()], text[m.start() :]


def make_token(start: int, end: int, text: str) -> Token:
    """Build a :class:`Token` for ``text`` found at ``start:end``."""
    key = normalize_key(text)
    body, suffix = split_possessive(text)
    stem = normalize_key(body) if suffix else key
    return Token(start, end, text, key, stem, suffix)


#: From this many characters on, offsets are kept in a compact array (a list is faster to build).
_COMPACT = 1 << 20


def scan(text: str) -> tuple[list[str], list[int] | array[int]]:
    """Keys of all words of ``text``, and the running end offsets of its words and gaps.

    Word ``j`` spans ``bounds[2 * j]`` to ``bounds[2 * j + 1]``. This is the hot path: the text
    is folded and lower-cased whole (C speed, one char for one char), split once, and the
    offsets are a running sum kept in a compact array, so nothing per word runs in Python.
    """
    folded = text
    if "’" in text or "‘" in text or "‐" in text:
        # one char for one char, so offsets are kept; str.replace is far faster than translate
        folded = text.replace("’", "'").replace("‘", "'").replace("‐", "-")
    low = folded.lower()
    if len(low) == len(folded) and (folded.isascii()
                                    or unicodedata.is_normalized("NFC", folded)):
        ascii_words = low.isascii() or not _FOREIGN_WORD_CHAR.search(low)
        # the words come out as keys already
        parts = (_ASCII_SPLIT if ascii_words else _SPLIT).split(low)
        keys = parts[1::2]
    else:  # "İ" lower-cases to two characters; NFD input needs composing per word
        parts = _SPLIT.split(folded)
        keys = [normalize_key(w) for w in parts[1::2]]
    ends = accumulate(map(len, parts))
    return keys, (array("q", ends) if len(text) >= _COMPACT else list(ends))


def tokenize(text: str) -> list[Token]:
    """Return the word tokens of ``text`` in order, with offsets into ``text``.

    >>> [t.text for t in tokenize("The ministry’s  co-chair\\r\\nsaid")]
    ['The', 'ministry’s', 'co-chair', 'said']
    """
    keys, bounds = scan(text)
    out = []
    for j, key in enumerate(keys):
        start, end = bounds[2 * j], bounds[2 * j + 1]
        word = text[start:end]
        _body, suffix = split_possessive(word)
        out.append(Token(start, end, word, key, key[: len(key) - len(suffix)] if suffix else key,
                         suffix))
    return out


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """Return the keys of the words of a glossary phrase (possessives kept whole)."""
    return tuple(normalize_key(m.group()) for m in WORD.finditer(phrase))


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Return the words of a glossary phrase as written."""
    return tuple(m.group() for m in WORD.finditer(phrase))
