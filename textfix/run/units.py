"""Turn inputs into a stream of work units, and the work done on a unit in a worker process.

A source yields ``start``, then ``text`` chunks (or ``lines`` batches for JSON Lines,
``records`` batches for CSV, ``cells`` slices of a Parquet row group; a PDF gives one ``text``
unit per page with ``raw`` form feeds between them), then ``end``; a source that cannot be read
yields ``fail`` (an error) or ``skip`` (a note) instead. ``raw`` units carry text that passes
through as it is (a CSV header, the page breaks of a PDF). Only ``text``, ``lines``,
``records`` and ``cells`` units go to workers; the others keep their place in the order.
"""

from __future__ import annotations

import contextlib
import io as stdio
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from textfix.engine.edit import Result
from textfix.run import io, pdf, tables
from textfix.run.batch import rewriter
from textfix.run.jsonl import RecordOut, detect_line, field_trie, find_fields, fix_line

WORK_KINDS = frozenset({"text", "lines", "records", "cells"})

#: The input formats; ``text`` and ``jsonl`` are read as before, the others by extension too.
FORMATS = ("text", "jsonl", "csv", "parquet", "pdf")
_BY_SUFFIX = {".pdf": "pdf", ".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}


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
    page: int = 0
    """``text`` of a PDF: the page number (1-based); 0 for any other text."""
    cols: tuple[int, ...] = ()
    """``records``: the column index of each of ``fields``."""


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
    format: str | None = None
    """One of :data:`FORMATS` for every input, or None: by extension (see
    :func:`source_format`)."""

    @property
    def batch(self) -> int:
        """Characters of records (JSON lines, CSV rows) per unit of work: see
        :data:`~textfix.run.io.BATCH_CHARS`."""
        return min(self.chunk, io.BATCH_CHARS)


def source_format(name: str, how: Reading) -> str:
    """The format an input is read in: ``how.format`` if given; else ``.pdf`` is PDF,
    ``.parquet``/``.pq`` Parquet, ``.csv`` CSV when fields are named (without, CSV is text as
    before); else JSON Lines when fields are named, else text."""
    if how.format:
        return how.format
    fmt = _BY_SUFFIX.get(PurePath(name).suffix.lower())
    if fmt == "csv" and not how.fields:
        fmt = None
    return fmt or ("jsonl" if how.jsonl else "text")


def output_name(rel: str, fmt: str) -> str:
    """The name an output keeps: its input's, but a PDF's text is written as ``.txt``."""
    return str(PurePath(rel).with_suffix(".txt")) if fmt == "pdf" else rel


def units(sources: Sequence[io.Source], how: Reading) -> Iterator[tuple[Unit, bool]]:
    """The units of every source in order, each paired with whether it is work."""
    for idx, src in enumerate(sources):
        for u in _source_units(idx, src, how):
            yield u, u.kind in WORK_KINDS


def _describe(exc: BaseException, src: io.Source | None = None) -> str:
    if isinstance(exc, (pdf.PdfError, tables.TableError)):
        message = str(exc)
        if src is not None:  # the run names the source itself
            for prefix in {src.name, str(src.path)}:
                message = message.removeprefix(f"{prefix}: ")
        return message
    if isinstance(exc, UnicodeDecodeError):
        return f"cannot decode as {exc.encoding} (byte {exc.start}: {exc.reason}); skipped"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return str(exc)


def _source_units(idx: int, src: io.Source, how: Reading) -> Iterator[Unit]:
    fmt = source_format(src.name, how)
    if fmt in ("pdf", "parquet"):
        yield from _binary_units(idx, src, how, fmt)
        return
    try:
        if src.path is not None and src.path.is_file():  # a pipe is read once, as it comes
            if io.is_binary(src.path, how.encoding):
                # in a folder, a binary file is noted and passed over; named, it is an error,
                # so `textfix fix a.bin > out` cannot lose data with exit status 0
                yield Unit("fail" if src.named else "skip", idx, data="skipped (binary file)")
                return
            if how.prescan and how.errors == "strict":
                io.check_decodes(src.path, how.encoding, how.errors)
    except (OSError, UnicodeDecodeError) as exc:
        yield Unit("fail", idx, data=_describe(exc))
        return
    try:
        with contextlib.ExitStack() as stack:
            if src.path is None:
                stream: Any = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
            else:
                stream = stack.enter_context(src.path.open("rb"))
            if how.prescan and how.errors == "strict" and (
                    src.path is None or not src.path.is_file()):
                # read once, as it comes: checked whole before anything is written for it
                try:
                    spool = io.spool_checked(stream, how.encoding, how.errors)
                except (OSError, UnicodeDecodeError) as exc:
                    yield Unit("fail", idx, data=_describe(exc))
                    return
                if spool is not stream:
                    stream = stack.enter_context(spool)
            yield Unit("start", idx)
            yield from _stream_units(idx, stream, how, fmt, src.name)
    except (OSError, UnicodeDecodeError, tables.TableError) as exc:
        if isinstance(exc, UnicodeDecodeError) and src.path is not None:
            exc = _in_file(src.path, how, exc)
        yield Unit("fail", idx, data=_describe(exc, src))
        return
    yield Unit("end", idx)


def _in_file(path: Path, how: Reading, exc: UnicodeDecodeError) -> UnicodeDecodeError:
    """The first undecodable byte of a file with its offset in the file: a CSV reader's error
    counts from the block it was decoding, so the file is decoded again to find it."""
    try:
        if path.is_file():
            io.check_decodes(path, how.encoding, how.errors)
    except UnicodeDecodeError as found:
        return found
    except OSError:
        pass
    return exc


def _binary_units(idx: int, src: io.Source, how: Reading, fmt: str) -> Iterator[Unit]:
    """The units of a PDF (a ``text`` unit per page) or a Parquet file (``cells`` slices)."""
    try:
        if fmt == "pdf":
            data = src.path.read_bytes() if src.path is not None else sys.stdin.buffer.read()
            pages = pdf.pdf_pages(data, name=src.name)
            size = len(data) // max(1, len(pages))
            yield Unit("start", idx)
            for n, text in enumerate(pages, 1):
                if n > 1:
                    yield Unit("raw", idx, data="\f")
                yield Unit("text", idx, 0, 0, text, size, page=n)
        else:
            if src.path is None or not src.path.is_file():
                raise tables.TableError("Parquet input must be a file (not stdin or a pipe)")
            if not how.fields:
                raise tables.TableError("Parquet input needs --field NAME (a string column)")
            slices = tables.parquet_slices(src.path, how.fields)
            first = next(slices)  # reads the schema: a missing column fails before start
            yield Unit("start", idx)
            for group, row, data, nbytes in _chain_one(first, slices):
                yield Unit("cells", idx, row, group, data, nbytes, how.fields, how.edits)
    except (OSError, pdf.PdfError, tables.TableError) as exc:
        yield Unit("fail", idx, data=_describe(exc, src))
        return
    yield Unit("end", idx)


def _chain_one(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _stream_units(idx: int, stream: Any, how: Reading, fmt: str, name: str) -> Iterator[Unit]:
    if fmt == "csv":
        text = stdio.TextIOWrapper(stream, how.encoding, how.errors, newline="")
        parts = tables.csv_records(text, how.fields, name, how.batch)
        head = next(parts, None)
        if head is None:
            return
        header, cols = head
        assert isinstance(header, str) and isinstance(cols, tuple)
        yield Unit("raw", idx, data=header, nbytes=len(header))
        fields = tuple(dict.fromkeys(how.fields))
        for first, records in parts:
            assert isinstance(first, int) and isinstance(records, list)
            yield Unit("records", idx, first, 0, tuple(records),
                       sum(len(r) for r in records), fields, how.edits, cols=cols)
        text.detach()
        return
    if fmt == "jsonl":
        for first, lines, n in io.read_lines(stream, how.encoding, how.errors, how.batch):
            yield Unit("lines", idx, first, 0, tuple(lines), n, how.fields, how.edits)
    else:
        for p in io.read_chunks(stream, how.encoding, how.errors, how.chunk):
            yield Unit("text", idx, p.offset, p.line, p.text, p.nbytes)


#: What :func:`work_fix` gives for a ``cells`` unit: per field, per row, the Result (None for a
#: null cell, or an unchanged one when the unit's edits are not wanted).
CellResults = list[tuple[str, list[Result | None]]]


def work_fix(unit: Unit) -> Result | list[RecordOut | None] | CellResults:
    """Repair a text chunk (a Result) or a batch of JSON lines (one RecordOut per line, or
    None for a line left as it was when the unit says edits are not wanted)."""
    rw = rewriter()
    if unit.kind == "text":
        res = rw.fix(unit.data)
        # the input is kept by the parent: do not send the text back when nothing changed
        return res if res.edits else Result("", (), res.spin_score)
    if unit.kind == "cells":
        return _fix_cells(unit)
    if unit.kind == "records":
        records = [tables.fix_record(r, unit.cols, unit.fields, rw) for r in unit.data]
    else:
        trie = field_trie(unit.fields)
        records = [fix_line(line, trie, rw) for line in unit.data]
    if unit.edits:
        return list[RecordOut | None](records)
    # the parent holds the input lines: send back only what changed, and no edit objects
    return [r._replace(edits=()) if r.n_edits or r.error is not None else None for r in records]


def work_detect(unit: Unit) -> float | list[float | str | None]:
    """Spin score of a text chunk, or of each record of a batch of JSON lines."""
    rw = rewriter()
    if unit.kind == "text":
        return rw.detect(unit.data)
    if unit.kind == "records":
        return [tables.detect_record(r, unit.cols, unit.fields, rw) for r in unit.data]
    if unit.kind == "cells":
        columns = [values for _, values in unit.data]
        rows = len(columns[0]) if columns else 0
        scores: list[float | str | None] = []
        for r in range(rows):
            texts = [str(c[r]) for c in columns if c[r]]
            scores.append(rw.detect("\n\n".join(texts)) if texts else None)
        return scores
    trie = field_trie(unit.fields)
    return [detect_line(line, trie, rw) for line in unit.data]


def _fix_cells(unit: Unit) -> CellResults:
    rw = rewriter()
    out: CellResults = []
    for name, values in unit.data:
        results: list[Result | None] = []
        for value in values:
            res = rw.fix(value) if isinstance(value, str) else None
            if res is not None and not res.edits:
                res = Result("", (), res.spin_score) if unit.edits else None
            results.append(res)
        out.append((name, results))
    return out


#: What :func:`work_review` gives for each record of a ``lines`` or ``records`` unit: the
#: error message of a malformed line, or (field, value, Result) for every named value.
ReviewRecord = str | list[tuple[str, str, Result]]


def work_review(unit: Unit) -> Result | CellResults | list[ReviewRecord]:
    """What the review page shows: every value's Result with its spin score, changed or not
    (an unchanged value's text is left out of the Result; the parent holds it)."""
    if unit.kind == "text":
        res = rewriter().fix(unit.data)
        return res if res.edits else Result("", (), res.spin_score)
    if unit.kind == "cells":
        return _fix_cells(unit._replace(edits=True))
    rw = rewriter()
    trie = field_trie(unit.fields)
    out: list[ReviewRecord] = []
    for line in unit.data:
        if unit.kind == "records":
            values = tables.csv_cells(line, unit.cols, unit.fields)
        elif not line.strip():
            values = []
        else:
            try:
                values = [(f.field, f.value) for f in find_fields(line, trie)]
            except ValueError as exc:
                out.append(f"not valid JSON ({exc})")
                continue
        row = []
        for name, value in values:
            res = rw.fix(value)
            row.append((name, value, res if res.edits else Result("", (), res.spin_score)))
        out.append(row)
    return out
