"""JSON Lines records: find the named string fields and splice repaired values into the line.

Only the literal of a changed string is replaced; every other byte of the line (other fields,
key order, spacing, number spellings) stays as it was. A field path is dotted (``meta.title``);
an array met along the path applies the rest of the path to each of its elements (so a field
holding a list of strings has each string repaired); values that are not strings stay as is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from textfix.engine.edit import Edit
from textfix.engine.rewrite import Rewriter

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"
_LEAF = "\0leaf"

FieldTrie = dict[str, Any]


def field_trie(fields: Sequence[str]) -> FieldTrie:
    """Compile dotted field paths into a trie of keys (a leaf marks a wanted field)."""
    trie: FieldTrie = {}
    for f in fields:
        node = trie
        for part in f.split("."):
            node = node.setdefault(part, {})
        node[_LEAF] = f
    return trie


class Found(NamedTuple):
    """A string field in a line: its literal's span, its value, and its field path."""

    start: int
    end: int
    value: str
    field: str


def _skip(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def _walk(s: str, i: int, node: FieldTrie, out: list[Found]) -> int:
    """Find wanted fields in the JSON value at ``s[i]``; return the index after the value."""
    c = s[i] if i < len(s) else ""
    if c == "{":
        i = _skip(s, i + 1)
        if s[i] == "}":
            return i + 1
        while True:
            key, i = _DECODER.raw_decode(s, i)
            i = _skip(s, i)
            i = _skip(s, i + 1)  # the colon
            child = node.get(key)
            i = _DECODER.raw_decode(s, i)[1] if child is None else _walk(s, i, child, out)
            i = _skip(s, i)
            if s[i] == "}":
                return i + 1
            i = _skip(s, i + 1)  # the comma
    if c == "[":
        i = _skip(s, i + 1)
        if s[i] == "]":
            return i + 1
        while True:
            i = _walk(s, i, node, out)
            i = _skip(s, i)
            if s[i] == "]":
                return i + 1
            i = _skip(s, i + 1)
    value, end = _DECODER.raw_decode(s, i)
    if c == '"' and _LEAF in node:
        out.append(Found(i, end, value, node[_LEAF]))
    return end


def find_fields(line: str, trie: FieldTrie) -> list[Found]:
    """The wanted string fields of one JSON line; ValueError if the line is not valid JSON."""
    json.loads(line)  # validates the whole line (and its trailing content) in C
    out: list[Found] = []
    _walk(line, _skip(line, 0), trie, out)
    return out


def _literal(value: str, original: str) -> str:
    """JSON literal for ``value``, escaping non-ASCII only if the original literal did."""
    ascii_only = original.isascii() and "\\u" in original
    return json.dumps(value, ensure_ascii=ascii_only)


def replace_fields(line: str, found: Sequence[Found], values: Sequence[str | None]) -> str:
    """``line`` with the literal of each found field whose new value is not None replaced
    (``found`` in line order, as :func:`find_fields` gives them); the rest stays byte for byte."""
    parts: list[str] = []
    pos = 0
    for f, value in zip(found, values, strict=True):
        if value is None or value == f.value:
            continue
        parts += [line[pos : f.start], _literal(value, line[f.start : f.end])]
        pos = f.end
    parts.append(line[pos:])
    return "".join(parts)


class RecordOut(NamedTuple):
    """A processed line: new text, its edits per field, and an error message if malformed."""

    line: str
    edits: tuple[tuple[str, tuple[Edit, ...], str], ...] = ()
    """(field, edits, original value) for every field that changed."""
    error: str | None = None
    fields: int = 0
    n_edits: int = 0
    """Number of edits made in the line (kept when ``edits`` is dropped for transport)."""


def fix_line(line: str, trie: FieldTrie, rw: Rewriter) -> RecordOut:
    """Repair the wanted fields of one JSON line, keeping the rest of it byte for byte."""
    if not line.strip():
        return RecordOut(line)
    try:
        found = find_fields(line, trie)
    except ValueError as exc:
        return RecordOut(line, error=f"not valid JSON ({exc})")
    parts: list[str] = []
    changed: list[tuple[str, tuple[Edit, ...], str]] = []
    pos = 0
    for f in found:
        res = rw.fix(f.value)
        if res.edits:
            parts += [line[pos : f.start], _literal(res.text, line[f.start : f.end])]
            pos = f.end
            changed.append((f.field, res.edits, f.value))
    if not changed:
        return RecordOut(line, fields=len(found))
    parts.append(line[pos:])
    return RecordOut("".join(parts), tuple(changed), fields=len(found),
                     n_edits=sum(len(edits) for _, edits, _ in changed))


def detect_line(line: str, trie: FieldTrie, rw: Rewriter) -> float | str | None:
    """Spin score of a record's wanted fields (joined as paragraphs); None for a blank line
    or a record without them, the error message for a malformed line."""
    if not line.strip():
        return None
    try:
        found = find_fields(line, trie)
    except ValueError as exc:
        return f"not valid JSON ({exc})"
    if not found:
        return None
    return rw.detect("\n\n".join(f.value for f in found))
