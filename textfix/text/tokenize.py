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
from operator import methodcaller
from typing import NamedTuple

import regex

#: ``str.endswith("'s")`` as a C-level callable, for ``map`` over word keys (possessives).
ENDS_POSSESSIVE = methodcaller("endswith", "'s")

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


#: From this many characters on, offsets are kept in a compact array (a list is faster to build).
_COMPACT = 1 << 20


def _fold(text: str) -> str:
    """``text`` with ’ ‘ written ' and ‐ written -: one char for one char, so offsets are kept."""
    if "’" in text or "‘" in text or "‐" in text:
        # str.replace is far faster than translate
        return text.replace("’", "'").replace("‘", "'").replace("‐", "-")
    return text


def ascii_lower(text: str) -> str | None:
    """``text`` folded and lower-cased, when every word character in it is ASCII; else None.

    On such text the words are exactly the cuts of ``_ASCII_SPLIT`` and their keys are slices
    of this string at the same offsets, which lets the matcher tokenize only where it looks.
    """
    folded, low = _fold_lower(text)
    return low if _ascii_words(folded, low) else None


def _fold_lower(text: str) -> tuple[str, str]:
    folded = _fold(text)
    return folded, folded.lower()


def _ascii_words(folded: str, low: str) -> bool:
    return len(low) == len(folded) and (low.isascii() or not _FOREIGN_WORD_CHAR.search(low))


def scan(text: str) -> tuple[list[str], list[int] | array[int]]:
    """Keys of all words of ``text``, and the running end offsets of its words and gaps.

    Word ``j`` spans ``bounds[2 * j]`` to ``bounds[2 * j + 1]``. The text is folded and
    lower-cased whole (C speed, one char for one char), split once, and the offsets are a
    running sum, so nothing per word runs in Python.
    """
    folded, low = _fold_lower(text)
    if _ascii_words(folded, low):
        parts = _ASCII_SPLIT.split(low)  # the words come out as keys already
        keys = parts[1::2]
    else:
        if len(low) == len(folded) and unicodedata.is_normalized("NFC", folded):
            parts = _SPLIT.split(low)
            keys = parts[1::2]
        else:  # "İ" lower-cases to two characters; NFD input needs composing per word
            parts = _SPLIT.split(folded)
            keys = [normalize_key(w) for w in parts[1::2]]
    ends = accumulate(map(len, parts))
    return keys, (array("q", ends) if len(text) >= _COMPACT else list(ends))


def split_at(low: str, start: int, stop: int, cut: bool = True) -> tuple[list[str], list[int]]:
    """Keys and bounds (as :func:`scan` gives them) of the words of ``low[start:stop]``.

    ``low`` comes from :func:`ascii_lower` and ``start`` must not cut a word. With ``cut``, a
    word that ``stop`` may cut short is left out, unless ``stop`` is the end of the text.
    """
    parts = _ASCII_SPLIT.split(low[start:stop])
    if cut and stop < len(low):
        del parts[-2:]
    if len(parts) < 2:
        return [], []
    bounds = list(accumulate(map(len, parts[:-1]), initial=start))
    del bounds[0]
    return parts[1::2], bounds


def word_starts_at(low: str, p: int) -> bool:
    """Whether a word of ``low`` (from :func:`ascii_lower`) starts at ``p``, given that the
    character there is a word character and the one before is not (a joiner may be)."""
    if p < 2 or low[p - 1] not in "'-":
        return True
    c = low[p - 2]
    return not (c.isascii() and c.isalnum())


_ALNUM = b"abcdefghijklmnopqrstuvwxyz0123456789"
#: Lower-case ASCII word characters kept, every other byte a space: what the start-word
#: automaton reads (non-ASCII characters are encoded as "?" first, so offsets are kept).
PREFILTER_TABLE = bytes(c if c in _ALNUM else 32 for c in range(256))
_WORD_BYTE = bytes(c in _ALNUM for c in range(256))
_JOINER_BYTE = bytes(c in b"'-" for c in range(256))


def prefilter_bytes(low: str) -> bytes:
    """``low`` (from :func:`ascii_lower`) as ASCII bytes with every non-word character a space,
    between two spaces: a start word ``k`` of the text is then found as " k " by the
    automaton, at the word's own offset (the space put in front shifts it by one)."""
    return b" " + low.encode("ascii", "replace").translate(PREFILTER_TABLE) + b" "


#: Texts longer than this are prefiltered and counted piece by piece (bounded extra memory).
PIECE = 1 << 20


def pieces(low: str, size: int | None = None) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges covering ``low``, each at most about ``size`` long, cut just
    before a space or line break, so no word and no word boundary spans two pieces."""
    size = size or PIECE
    out, a = [], 0
    while len(low) - a > size:
        cut = max(low.rfind(" ", a + size // 2, a + size), low.rfind("\n", a + size // 2, a + size))
        if cut <= a:
            break  # no space in half a piece: keep the rest whole
        out.append((a, cut))
        a = cut
    out.append((a, len(low)))
    return out


def count_words(low: str) -> int:
    """Number of words in ``low`` (from :func:`ascii_lower`), counted at C speed.

    A word starts at a word character that follows neither a word character nor a joiner
    (' or -) that itself follows one ("co-chair" is one word, "a--b" two). With one byte per
    character as the digits of a big integer, "follows" is a shift and the count a popcount.
    """
    if len(low) > PIECE:
        return sum(_count_words(low[a:b]) for a, b in pieces(low))
    return _count_words(low)


def _count_words(low: str) -> int:
    raw = low.encode("ascii", "replace")
    w = int.from_bytes(raw.translate(_WORD_BYTE), "big")
    before = w >> 8
    if "'" in low or "-" in low:
        before |= (int.from_bytes(raw.translate(_JOINER_BYTE), "big") >> 8) & (w >> 16)
    return (w ^ (w & before)).bit_count()


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
        # a possessive ends the key in "'s" (’ is folded): only such words need the split
        if key[-2:] == "'s" and len(key) > 2 and word[-2] in "'’":
            out.append(Token(start, end, word, key, key[:-2], word[-2:]))
        else:
            out.append(Token(start, end, word, key, key, ""))
    return out


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """Return the keys of the words of a glossary phrase (possessives kept whole)."""
    return tuple(normalize_key(m.group()) for m in WORD.finditer(phrase))


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Return the words of a glossary phrase as written."""
    return tuple(m.group() for m in WORD.finditer(phrase))
