"""Turn inputs into a stream of work units, and the work done on a unit in a worker process.

A source yields ``start``, then ``text`` chunks (or ``lines`` batches for JSON Lines), then
``end``; a source that cannot be read yields ``fail`` (an error) or ``skip`` (a note) instead.
Only ``text`` and ``lines`` units go to workers; the others keep their place in the order.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from textfix.engine.edit import Result
from textfix.run import io
from textfix.run.batch import rewriter
from textfix.run.jsonl import RecordOut, detect_line, field_trie, fix_line

WORK_KINDS = frozenset({"text", "lines"})


class Unit(NamedTuple):
    """One step of the stream of a source (see the module docstring for the kinds)."""

    kind: str
    source: int
    offset: int = 0
    """``text``: offset of the chunk in the decoded file; ``lines``: first line number."""
    line: int = 0
    """``text``: line number (0-based) where the chunk starts."""
    data: Any = None
    """``text``: the chunk; ``lines``: tuple of lines; ``fail``/``skip``: the message."""
    nbytes: int = 0
    fields: tuple[str, ...] = ()
    edits: bool = True
    """``lines``: whether the edits of each record go back to the parent (a report wants them);
    without, unchanged records come back as None and changed ones without their edits."""


class Reading(NamedTuple):
    """How to read the sources."""

    encoding: str = "utf-8"
    errors: str = "strict"
    jsonl: bool = False
    fields: tuple[str, ...] = ()
    prescan: bool = False
    """Decode each file fully first, so nothing at all is output for an undecodable file."""
    chunk: int = io.CHUNK_CHARS
    edits: bool = True
    """Whether every edit of a JSON record is wanted (see :attr:`Unit.edits`)."""


def units(sources: Sequence[io.Source], how: Reading) -> Iterator[tuple[Unit, bool]]:
    """The units of every source in order, each paired with whether it is work."""
    for idx, src in enumerate(sources):
        for u in _source_units(idx, src, how):
            yield u, u.kind in WORK_KINDS


def _describe(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"cannot decode as {exc.encoding} (byte {exc.start}: {exc.reason}); skipped"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return str(exc)


def _source_units(idx: int, src: io.Source, how: Reading) -> Iterator[Unit]:
    try:
        if src.path is not None and src.path.is_file():  # a pipe is read once, as it comes
            if io.is_binary(src.path):
                # in a folder, a binary file is noted and passed over; named, it is an error,
                # so `textfix fix a.bin > out` cannot lose data with exit status 0
                yield Unit("fail" if src.named else "skip", idx, data="skipped (binary file)")
                return
            if how.prescan and how.errors == "strict":
                io.check_decodes(src.path, how.encoding, how.errors)
    except (OSError, UnicodeDecodeError) as exc:
        yield Unit("fail", idx, data=_describe(exc))
        return
    yield Unit("start", idx)
    try:
        if src.path is None:
            stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
            yield from _stream_units(idx, stream, how)
        else:
            with src.path.open("rb") as fh:
                yield from _stream_units(idx, fh, how)
    except (OSError, UnicodeDecodeError) as exc:
        yield Unit("fail", idx, data=_describe(exc))
        return
    yield Unit("end", idx)


def _stream_units(idx: int, stream: Any, how: Reading) -> Iterator[Unit]:
    if how.jsonl:
        for first, lines, n in io.read_lines(stream, how.encoding, how.errors, how.chunk):
            yield Unit("lines", idx, first, 0, tuple(lines), n, how.fields, how.edits)
    else:
        for p in io.read_chunks(stream, how.encoding, how.errors, how.chunk):
            yield Unit("text", idx, p.offset, p.line, p.text, p.nbytes)


def work_fix(unit: Unit) -> Result | list[RecordOut | None]:
    """Repair a text chunk (a Result) or a batch of JSON lines (one RecordOut per line, or
    None for a line left as it was when the unit says edits are not wanted)."""
    rw = rewriter()
    if unit.kind == "text":
        res = rw.fix(unit.data)
        # the input is kept by the parent: do not send the text back when nothing changed
        return res if res.edits else Result("", (), res.spin_score)
    trie = field_trie(unit.fields)
    records = [fix_line(line, trie, rw) for line in unit.data]
    if unit.edits:
        return list(records)
    # the parent holds the input lines: send back only what changed, and no edit objects
    return [r._replace(edits=()) if r.n_edits or r.error is not None else None for r in records]


def work_detect(unit: Unit) -> float | list[float | str | None]:
    """Spin score of a text chunk, or of each record of a batch of JSON lines."""
    rw = rewriter()
    if unit.kind == "text":
        return rw.detect(unit.data)
    trie = field_trie(unit.fields)
    return [detect_line(line, trie, rw) for line in unit.data]
