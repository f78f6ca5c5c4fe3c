"""Parquet and CSV corpora, streamed: repair named text columns, keep everything else as it is.

A Parquet file is read and written one row group at a time (memory follows the largest row
group, not the file), with the input's schema, metadata, row groups and compression. A CSV file
is read record by record; only the bytes of the cells that change are rewritten, so every
other cell, quote and line ending stays byte for byte. Outputs are written to a temporary file
beside the target and renamed into place, so a failed run leaves no half-written file.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from textfix.engine.rewrite import Rewriter
from textfix.run import io
from textfix.run.jsonl import RecordOut


class Cell(NamedTuple):
    """Where a text sits: its row (1-based, over the whole file) and its column."""

    row: int
    field: str


#: What is applied to each text: either ``fn(text)`` or ``cell_fn(cell, text)``.
TextFn = Callable[[str], str]
CellFn = Callable[[Cell, str], str]


class TableError(ValueError):
    """A table that cannot be processed as asked (missing column, unreadable file)."""


@dataclass
class TableStats:
    """Counts of one run: rows read, text cells seen and changed, row groups or chunks."""

    rows: int = 0
    cells: int = 0
    changed: int = 0
    parts: int = 0


def _cell_fn(fn: TextFn | None, cell_fn: CellFn | None) -> CellFn:
    if (fn is None) == (cell_fn is None):
        raise TypeError("give exactly one of fn and cell_fn")
    if cell_fn is not None:
        return cell_fn
    assert fn is not None
    return lambda _cell, text: fn(text)


@contextlib.contextmanager
def atomic_output(dst: str | Path, encoding: str = "utf-8", *,
                  mode_from: Path | None = None) -> Iterator[io.AtomicWriter]:
    """An :class:`~textfix.run.io.AtomicWriter` that becomes ``dst`` only when the block ends
    without error (``mode_from``: copy that file's mode; default ``dst``'s own, if it exists)."""
    target = Path(dst)
    writer = io.AtomicWriter(target, encoding, "strict",
                             mode_from=mode_from or (target if target.exists() else None))
    try:
        yield writer
    except BaseException:
        writer.discard()
        raise
    writer.commit()


def need_pyarrow() -> Any:
    """``pyarrow.parquet``, or a :class:`TableError` naming the extra that installs it."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise TableError("Parquet needs the parquet extra: pip install 'textfix[parquet]'"
                         ) from None
    return pq


# ---- Parquet -------------------------------------------------------------------------------

#: Rows of one text column turned into Python strings at a time.
_SLICE_ROWS = 4096

def _compression(meta: Any, names: Sequence[str]) -> dict[str, str] | str:
    """Codec per top-level column as the input's first row group has it."""
    if meta.num_row_groups == 0:
        return "snappy"
    rg = meta.row_group(0)
    out: dict[str, str] = {}
    for i in range(rg.num_columns):
        col = rg.column(i)
        top = col.path_in_schema.split(".", 1)[0]
        if top in names and top not in out:
            codec = str(col.compression).lower()
            out[top] = "none" if codec == "uncompressed" else codec
    return out


def map_parquet(src: str | Path, dst: str | Path, fields: Sequence[str],
                fn: TextFn | None = None, *, cell_fn: CellFn | None = None) -> TableStats:
    """Write ``src`` to ``dst`` with ``fn`` applied to every string in the ``fields`` columns.

    Row groups are processed one at a time and written as row groups of the same size, with
    the input's schema (metadata included) and codecs. Nulls, and columns that are not
    string-typed, pass through unchanged; a field that is not a column is a ``TableError``.
    ``src`` and ``dst`` may be the same path.
    """
    pq = need_pyarrow()
    import pyarrow as pa

    apply = _cell_fn(fn, cell_fn)
    pf = pq.ParquetFile(src)
    schema = pf.schema_arrow
    missing = [f for f in fields if f not in schema.names]
    if missing:
        raise TableError(f"{src}: no column {missing[0]!r} (columns: {', '.join(schema.names)})")
    text_cols = [f for f in dict.fromkeys(fields)
                 if pa.types.is_string(schema.field(f).type)
                 or pa.types.is_large_string(schema.field(f).type)]
    meta = pf.metadata
    stats = TableStats()
    target = Path(dst)
    with atomic_output(target, mode_from=Path(src)) as out, pq.ParquetWriter(
            out.stream, schema, compression=_compression(meta, schema.names),
            version=meta.format_version if meta.format_version in ("1.0", "2.4", "2.6")
            else "2.6") as writer:
        for g in range(pf.num_row_groups):
            table = pf.read_row_group(g)
            for name in text_cols:
                idx = table.schema.get_field_index(name)
                column = table.column(idx)
                pieces = []
                changed = False
                # a slice of rows at a time: Python holds the strings of one slice, not of
                # the whole row group
                for lo in range(0, len(column), _SLICE_ROWS):
                    part = column.slice(lo, _SLICE_ROWS)
                    values = part.to_pylist()
                    touched = False
                    for r, text in enumerate(values):
                        if text is None:
                            continue
                        stats.cells += 1
                        new = apply(Cell(stats.rows + lo + r + 1, name), text)
                        if new != text:
                            values[r] = new
                            stats.changed += 1
                            touched = True
                    if touched:
                        pieces.extend([pa.array(values, type=column.type)])
                        changed = True
                    else:
                        pieces.extend(part.chunks)
                    del values, part
                if changed:
                    table = table.set_column(idx, schema.field(idx),
                                             pa.chunked_array(pieces, type=column.type))
                del pieces, column
            writer.write_table(table, row_group_size=max(1, table.num_rows))
            stats.rows += table.num_rows
            stats.parts += 1
            del table
    return stats


# ---- CSV -----------------------------------------------------------------------------------

class _Splitter:
    """Cuts one raw record into raw cells (spans), quoting kept, as RFC 4180 reads them."""

    def __init__(self, delimiter: str, quote: str) -> None:
        d, q = re.escape(delimiter), re.escape(quote)
        self.cell = re.compile(rf"{q}(?:[^{q}]|{q}{q})*{q}|[^{d}{q}\r\n]*")
        self.quoted = re.compile(rf"{q}(?:[^{q}]|{q}{q})*{q}")
        self.delimiter = delimiter
        self.quote = quote

    def split(self, record: str) -> tuple[list[str], str]:
        """The raw cells of ``record`` and its line ending."""
        body = record.rstrip("\r\n")
        end = record[len(body):]
        cells: list[str] = []
        pos = 0
        while True:
            m = self.cell.match(body, pos)
            assert m is not None  # the pattern matches the empty string
            stop = m.end()
            # a stray quote inside an unquoted cell: take up to the next delimiter as is
            nxt = body.find(self.delimiter, stop)
            if stop < len(body) and body[stop] != self.delimiter:
                stop = len(body) if nxt < 0 else nxt
            cells.append(body[pos:stop])
            if stop >= len(body):
                return cells, end
            pos = stop + 1

    def complete(self, text: str) -> bool:
        """Whether ``text`` ends outside a quoted cell (a quote opens one only at a cell's
        start; elsewhere it is an ordinary character, as Python's csv reads it)."""
        pos, q = 0, self.quote
        while True:
            if text.startswith(q, pos):
                m = self.quoted.match(text, pos)
                if m is None:
                    return False
                pos = m.end()
            nxt = text.find(self.delimiter, pos)
            if nxt < 0:
                return True
            pos = nxt + 1

    def value(self, raw: str) -> str:
        q = self.quote
        if len(raw) >= 2 and raw[0] == q and raw[-1] == q:
            return raw[1:-1].replace(q + q, q)
        return raw

    def encode(self, value: str, was_quoted: bool) -> str:
        q = self.quote
        if was_quoted or any(c in value for c in (self.delimiter, q, "\n", "\r")):
            return q + value.replace(q, q + q) + q
        return value


def _records(fh: IO[str], split: _Splitter) -> Iterator[str]:
    """Raw CSV records (line ending included), a quoted field's newlines kept inside."""
    pending = ""
    for line in fh:
        pending = pending + line if pending else line
        if split.quote not in pending or split.complete(pending):
            yield pending
            pending = ""
    if pending:
        yield pending


def map_csv(src: str | Path, dst: str | Path, fields: Sequence[str], fn: TextFn | None = None,
            *, cell_fn: CellFn | None = None, delimiter: str = ",", quote: str = '"',
            encoding: str = "utf-8", chunk_rows: int = 10_000) -> TableStats:
    """Write the CSV ``src`` to ``dst`` with ``fn`` applied to the ``fields`` cells.

    The first record is the header. Empty cells pass through without a call; a changed cell
    keeps its quoting (and is quoted when its new value needs it); all other bytes are copied.
    ``chunk_rows`` records are held at a time. ``src`` and ``dst`` may be the same path.
    """
    apply = _cell_fn(fn, cell_fn)
    split = _Splitter(delimiter, quote)
    stats = TableStats()
    with Path(src).open(encoding=encoding, newline="") as fin, \
            atomic_output(dst, encoding, mode_from=Path(src)) as fout:
        records = _records(fin, split)
        header = next(records, None)
        if header is None:
            return stats
        fout.write(header)
        names = [split.value(c).lstrip("\ufeff") for c in split.split(header)[0]]
        cols: list[tuple[int, str]] = []
        for f in dict.fromkeys(fields):
            if names.count(f) != 1:
                why = "no" if f not in names else "more than one"
                raise TableError(f"{src}: {why} column {f!r} in the header")
            cols.append((names.index(f), f))
        chunk: list[str] = []
        for record in records:
            stats.rows += 1
            cells, end = split.split(record)
            touched = False
            for i, name in cols:
                if i >= len(cells) or not cells[i]:
                    continue
                raw = cells[i]
                text = split.value(raw)
                if not text:
                    continue
                stats.cells += 1
                new = apply(Cell(stats.rows, name), text)
                if new != text:
                    cells[i] = split.encode(new, raw.startswith(quote))
                    stats.changed += 1
                    touched = True
            chunk.append(delimiter.join(cells) + end if touched else record)
            if len(chunk) >= chunk_rows:
                fout.write("".join(chunk))
                chunk.clear()
                stats.parts += 1
        if chunk:
            fout.write("".join(chunk))
            stats.parts += 1
    return stats


# ---- streaming for the command line ----------------------------------------------------------

#: Rows of a Parquet row group sent to a worker as one unit of work.
SLICE_ROWS = 1024


def csv_splitter(delimiter: str = ",", quote: str = '"') -> _Splitter:
    """The record splitter the CSV functions use (RFC 4180 quoting, raw cells kept)."""
    return _Splitter(delimiter, quote)


def csv_header(header: str, fields: Sequence[str], name: str, split: _Splitter | None = None
               ) -> tuple[int, ...]:
    """Column indices of ``fields`` in a CSV header record; TableError if one is missing or
    named twice."""
    split = split or _Splitter(",", '"')
    names = [split.value(c).lstrip("\ufeff") for c in split.split(header)[0]]
    cols = []
    for f in fields:
        if names.count(f) != 1:
            why = "no" if f not in names else "more than one"
            raise TableError(f"{name}: {why} column {f!r} in the header")
        cols.append(names.index(f))
    return tuple(cols)


def csv_records(stream: IO[str], fields: Sequence[str], name: str, batch: int
                ) -> Iterator[tuple[str, tuple[int, ...]] | tuple[int, list[str]]]:
    """The header of a CSV stream with the columns of ``fields`` (first item: ``(header,
    cols)``), then ``(first row number, raw records)`` batches of about ``batch`` chars."""
    split = _Splitter(",", '"')
    records = _records(stream, split)
    header = next(records, None)
    if header is None:
        return
    yield header, csv_header(header, list(dict.fromkeys(fields)), name, split)
    rows: list[str] = []
    size, first = 0, 1
    for record in records:
        rows.append(record)
        size += len(record)
        if size >= batch:
            yield first, rows
            first += len(rows)
            rows, size = [], 0
    if rows:
        yield first, rows


def csv_cells(record: str, cols: Sequence[int], fields: Sequence[str]
              ) -> list[tuple[str, str]]:
    """The non-empty values of the named cells of one raw CSV record, as (field, value)."""
    split = _Splitter(",", '"')
    cells, _ = split.split(record)
    out = []
    for i, name in zip(cols, fields, strict=True):
        if i < len(cells) and cells[i]:
            value = split.value(cells[i])
            if value:
                out.append((name, value))
    return out


def fix_record(record: str, cols: Sequence[int], fields: Sequence[str], rw: Rewriter
               ) -> RecordOut:
    """Repair the named cells of one raw CSV record; every other byte stays as it was."""
    split = _Splitter(",", '"')
    cells, end = split.split(record)
    changed = []
    seen = 0
    for i, name in zip(cols, fields, strict=True):
        if i >= len(cells) or not cells[i]:
            continue
        raw = cells[i]
        text = split.value(raw)
        if not text:
            continue
        seen += 1
        res = rw.fix(text)
        if res.edits:
            cells[i] = split.encode(res.text, raw.startswith(split.quote))
            changed.append((name, res.edits, text))
    if not changed:
        return RecordOut(record, fields=seen)
    return RecordOut(",".join(cells) + end, tuple(changed), fields=seen,
                     n_edits=sum(len(e) for _, e, _ in changed))


def detect_record(record: str, cols: Sequence[int], fields: Sequence[str], rw: Rewriter
                  ) -> float | None:
    """Spin score of a CSV record's named cells (joined as paragraphs); None if all empty."""
    values = [v for _, v in csv_cells(record, cols, fields)]
    return rw.detect("\n\n".join(values)) if values else None


def _is_text(t: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def parquet_slices(path: Path, fields: Sequence[str], rows: int = SLICE_ROWS
                   ) -> Iterator[tuple[int, int, tuple[tuple[str, tuple[str | None, ...]], ...],
                                       int]]:
    """``(row group, first row (1-based), ((field, values), ...), bytes)`` for slices of
    ``rows`` rows of the string columns among ``fields``; every row group gives at least one
    slice (an empty one when it has no rows or no string column is named). TableError for a
    field that is not a column."""
    pq = need_pyarrow()
    pf = pq.ParquetFile(path)
    schema = pf.schema_arrow
    missing = [f for f in fields if f not in schema.names]
    if missing:
        raise TableError(f"{path}: no column {missing[0]!r} "
                         f"(columns: {', '.join(schema.names)})")
    text_cols = [f for f in dict.fromkeys(fields) if _is_text(schema.field(f).type)]
    size = path.stat().st_size
    total = max(1, pf.metadata.num_rows)
    first = 1
    for g in range(pf.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        table = pf.read_row_group(g, columns=text_cols) if text_cols and n else None
        for lo in range(0, max(n, 1), rows):
            count = min(rows, n - lo) if n else 0
            data: tuple[tuple[str, tuple[str | None, ...]], ...] = ()
            if table is not None:
                data = tuple((f, tuple(table.column(f).slice(lo, count).to_pylist()))
                             for f in text_cols)
            yield g, first + lo, data, size * count // total
        first += n
        del table


class ParquetSink:
    """Writes a Parquet file row group by row group while repaired slices come back.

    Only the changed slices are held (as Arrow arrays); when the next row group starts, the
    finished one is read again from the input, its repaired columns are put in, and it is
    written as one row group of the same size with the input's schema and codecs.
    """

    def __init__(self, src: Path, out: IO[bytes]) -> None:
        pq = need_pyarrow()
        self.pf = pq.ParquetFile(src)
        meta = self.pf.metadata
        schema = self.pf.schema_arrow
        self.writer = pq.ParquetWriter(
            out, schema, compression=_compression(meta, schema.names),
            version=meta.format_version if meta.format_version in ("1.0", "2.4", "2.6")
            else "2.6")
        self.group = -1
        self.slices: dict[str, list[tuple[int, int, Any]]] = {}
        self.first = 1

    def add(self, group: int, first: int, field: str, count: int,
            values: list[str | None] | None) -> None:
        """The repaired values of ``count`` rows of ``field`` from row ``first`` (None:
        unchanged; an empty ``field`` only says that row group ``group`` has begun)."""
        import pyarrow as pa

        while self.group < group:
            self._flush()
        if not field:  # a row group with no string column named: written as it is
            return
        col_type = self.pf.schema_arrow.field(field).type
        arr = None if values is None else pa.array(values, type=col_type)
        self.slices.setdefault(field, []).append((first - self.first, count, arr))

    def _flush(self) -> None:
        import pyarrow as pa

        if self.group >= 0:
            table = self.pf.read_row_group(self.group)
            for name, parts in self.slices.items():
                if all(arr is None for _, _, arr in parts):
                    continue
                idx = table.schema.get_field_index(name)
                column = table.column(idx)
                pieces: list[Any] = []
                for lo, count, arr in parts:
                    pieces.extend(column.slice(lo, count).chunks if arr is None else [arr])
                table = table.set_column(idx, table.schema.field(idx),
                                         pa.chunked_array(pieces, type=column.type))
            self.writer.write_table(table, row_group_size=max(1, table.num_rows))
            self.first += table.num_rows
            del table
        self.group += 1
        self.slices = {}

    def close(self) -> None:
        """Write the remaining row groups and the file's footer."""
        while self.group < self.pf.num_row_groups:
            self._flush()
        self.writer.close()

    def abort(self) -> None:
        """Stop without finishing the file (its temporary file is discarded by the caller)."""
        with contextlib.suppress(Exception):
            self.writer.close()
