"""``textfix apply``: the accepted edits of a decisions file written into the inputs it names.

Each input is read in the format it was reviewed in and rebuilt with only the accepted edits:
a text file whole, a PDF page by page (its text, pages separated by form feeds, as ``fix``
writes it), the named fields of JSON Lines records, the named cells of a CSV or Parquet table.
Everything the decisions do not name stays byte for byte (a table's other columns, schema and
row groups too). Every document's text is checked against the SHA-256 taken at review time.
"""

from __future__ import annotations

import codecs
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath

from textfix.review.decisions import DecisionsError, DocumentDecision, apply_document
from textfix.run import pdf, tables
from textfix.run.jsonl import field_trie, find_fields, replace_fields


def guess_format(path: str, docs: Sequence[DocumentDecision]) -> str:
    """The format the decisions of one input were made in: a page means PDF; a record means
    CSV or Parquet by the extension, else JSON Lines; otherwise text."""
    suffix = PurePath(path).suffix.lower()
    if suffix == ".pdf" or any(d.page is not None for d in docs):
        return "pdf"
    if any(d.record is not None for d in docs):
        return {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}.get(suffix, "jsonl")
    return "text"


def _one(docs: Sequence[DocumentDecision], path: str) -> DocumentDecision:
    if len(docs) != 1:
        raise DecisionsError(f"{path}: {len(docs)} documents for one text file")
    return docs[0]


def apply_text(path: Path, docs: Sequence[DocumentDecision], fmt: str,
               encoding: str = "utf-8", errors: str = "strict") -> str:
    """The accepted text of a text, PDF or JSON Lines input (the whole output)."""
    name = str(path)
    if fmt == "pdf":
        pages = pdf.pdf_pages(path, name=name)
        by_page = {d.page: d for d in docs}
        unknown = [p for p in by_page if p is None or not 1 <= p <= len(pages)]
        if unknown:
            raise DecisionsError(f"{name}: no page {unknown[0]} in the PDF")
        return "\f".join(apply_document(by_page[n], t) if n in by_page else t
                         for n, t in enumerate(pages, 1))
    text = codecs.decode(path.read_bytes(), encoding, errors)
    if fmt == "text":
        return apply_document(_one(docs, name), text)
    if fmt != "jsonl":
        raise DecisionsError(f"{name}: {fmt} is written as a file (give -o DIR or -w)")
    by_record: dict[int, list[DocumentDecision]] = defaultdict(list)
    for d in docs:
        if d.record is None or d.field is None:
            raise DecisionsError(f"{d.where}: a JSON Lines document needs record and field")
        by_record[d.record].append(d)
    trie = field_trie(sorted({d.field for d in docs if d.field is not None}))
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines, 1):
        mine = by_record.pop(number, None)
        if mine:
            found = find_fields(line, trie)
            queue = {f: [d for d in mine if d.field == f] for f in {d.field for d in mine}}
            values: list[str | None] = []
            for f in found:
                todo = queue.get(f.field)
                values.append(apply_document(todo.pop(0), f.value) if todo else None)
            left = [d for ds in queue.values() for d in ds]
            if left:
                raise DecisionsError(f"{left[0].where}: no such field in the record")
            line = replace_fields(line, found, values)
        out.append(line)
    if by_record:
        raise DecisionsError(f"{name}: no record {min(by_record)} in the file")
    return "\n".join(out)


def apply_table(path: Path, dest: Path, docs: Sequence[DocumentDecision], fmt: str,
                encoding: str = "utf-8") -> None:
    """Write the CSV or Parquet ``path`` to ``dest`` (may be the same) with the accepted
    edits in the reviewed cells; other cells, columns and the schema stay as they are."""
    cells: dict[tuple[int, str], DocumentDecision] = {}
    for d in docs:
        if d.record is None or d.field is None:
            raise DecisionsError(f"{d.where}: a table document needs record and field")
        cells[(d.record, d.field)] = d
    used: set[tuple[int, str]] = set()

    def cell_fn(cell: tables.Cell, text: str) -> str:
        d = cells.get((cell.row, cell.field))
        if d is None:
            return text
        used.add((cell.row, cell.field))
        return apply_document(d, text)

    fields = sorted({f for _, f in cells})
    mapper: Callable[..., tables.TableStats] = (
        tables.map_parquet if fmt == "parquet" else tables.map_csv)
    kw = {"encoding": encoding} if fmt == "csv" else {}
    # apply_document raises before anything is renamed into place: a refused input is untouched
    mapper(path, dest, fields, cell_fn=cell_fn, **kw)
    if len(used) < len(cells):
        missing = min(set(cells) - used)
        raise DecisionsError(f"{cells[missing].where}: no such cell in the table")
