"""``textfix review``: one self-contained HTML page to review every edit ``fix`` would make.

Reads any input ``fix`` reads, with the same options, and writes the page with ``-o``: one
document per text file, PDF page, or named field of a JSON Lines record or table row (with its
spin score, changed or not). The page exports decisions for ``textfix apply``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from textfix import Result
from textfix.cli import common, formats
from textfix.cli.report import EX_USAGE, Console, Summary
from textfix.review import ReviewDocument, render_review
from textfix.run import io
from textfix.run.units import CellResults, ReviewRecord, Unit, work_review


def register(commands: common.Commands) -> None:
    """Add ``review`` to the commands."""
    r = commands.sub.add_parser(
        "review", help="write an HTML page to review, accept and reject every edit",
        description="Write one self-contained HTML page showing every edit fix would make, "
                    "with filters, keyboard navigation, accept/reject and a decisions export "
                    "for textfix apply.")
    common.input_options(r, "review")
    r.add_argument("-o", "--output", required=True, metavar="FILE|-",
                   help="the HTML page to write (- for stdout)")
    r.add_argument("--title", help="title of the page (default: the input's name)")
    r.add_argument("--page-size", type=common.positive, default=50, metavar="N",
                   help="documents drawn per page of the review (default: %(default)s)")
    r.set_defaults(func=run_review)


def _edits(res: Result, shift: int = 0) -> list[dict[str, Any]]:
    return [{"start": e.start + shift, "end": e.end + shift, "before": e.before,
             "after": e.after, "rule": e.rule, "tier": e.tier, "score": e.score}
            for e in res.edits]


class _Collect(common.SourceRun):
    """The documents of one source, added to the page's list as they come."""

    def __init__(self, src: io.Source, args: argparse.Namespace, console: Console,
                 summary: Summary, docs: list[ReviewDocument]) -> None:
        self.src, self.args, self.console, self.summary, self.docs = (
            src, args, console, summary, docs)
        self.path = src.name if src.path is not None else None
        self.parts: list[str] = []
        self.edits: list[dict[str, Any]] = []
        self.weighted, self.length = 0.0, 0
        self.whole = False

    def _add(self, name: str, text: str, res: Result, **where: Any) -> None:
        self.summary.edits += len(res.edits)
        self.docs.append(ReviewDocument(name, text, _edits(res), res.spin_score,
                                        path=self.path, **where))

    def piece(self, unit: Unit, result: Any) -> bool:
        name = self.src.name
        if unit.kind == "raw":
            return True
        if unit.kind == "text" and unit.page:
            self._add(f"{name} · page {unit.page}", unit.data, result, page=unit.page)
        elif unit.kind == "text":
            self.whole = True
            res: Result = result
            self.parts.append(unit.data)
            self.edits += _edits(res, unit.offset)
            self.weighted += res.spin_score * len(unit.data)
            self.length += len(unit.data)
        elif unit.kind == "cells":
            cells: CellResults = result
            rows = len(unit.data[0][1]) if unit.data else 0
            self.summary.records += rows
            for (field_name, values), (_, results) in zip(unit.data, cells, strict=True):
                for r, (value, got) in enumerate(zip(values, results, strict=True)):
                    if isinstance(value, str) and value and got is not None:
                        row = unit.offset + r
                        self._add(f"{name}:{row} {field_name}", value, got, record=row,
                                  field=field_name)
        else:
            records: list[ReviewRecord] = result
            for k, rec in enumerate(records):
                number = unit.offset + k
                self.summary.records += 1
                if isinstance(rec, str):
                    self.console.error(f"{name}:{number}: {rec}" + (
                        "" if self.args.strict else "; passed through"))
                    if self.args.strict:
                        raise common.StrictError
                    continue
                for field_name, value, got in rec:
                    self._add(f"{name}:{number} {field_name}", value, got, record=number,
                              field=field_name)
        return True

    def end(self) -> bool:
        """A text file is one document: its chunks joined, its score their weighted mean."""
        if self.whole:
            score = self.weighted / self.length if self.length else 0.0
            self.summary.edits += len(self.edits)
            self.docs.append(ReviewDocument(self.src.name, "".join(self.parts), self.edits,
                                            score, path=self.path))
        return True


def run_review(args: argparse.Namespace) -> int:
    """Run ``textfix review``; return the exit code."""
    if args.field:
        args.jsonl = True
    found, console, summary, failed = common.begin(args, "reviewed")
    summary.verb = ""
    if failed is not None:
        return failed
    problem = formats.usage(args, found)
    if args.jsonl and not args.field:
        problem = "--jsonl needs at least one --field NAME"
    if problem is None and any(s.path is None for s in found.sources) and len(found.sources) > 1:
        problem = "'-' (stdin) cannot be mixed with other inputs"
    if problem:
        console.error(problem)
        return EX_USAGE
    failed = common.ready(args, found, console)
    if failed is not None:
        return failed
    docs: list[ReviewDocument] = []

    def start(src: io.Source) -> _Collect:
        return _Collect(src, args, console, summary, docs)

    code = common.run_units(args, found, common.reading(args, prescan=True), work_review,
                            console, summary, start)
    if code is not None:
        console.close(summary)
        return code
    names = [s.name for s in found.sources]
    title = args.title or (names[0] if len(names) == 1 else f"{len(names)} inputs")
    page = render_review(docs, title=title, page_size=args.page_size)
    if args.output == "-":
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        target = Path(args.output)
        writer = io.AtomicWriter(target, "utf-8", "strict",
                                 mode_from=target if target.exists() else None)
        try:
            writer.write(page)
            writer.commit()
        except BaseException:
            writer.discard()
            raise
        if not target.exists() or writer.mode_from is None:
            umask = os.umask(0)
            os.umask(umask)
            target.chmod(0o666 & ~umask)  # a new page is readable like any new file
        n = len(docs)
        console.note(f"{args.output}: {n:,} document{'' if n == 1 else 's'}, "
                     f"{summary.edits:,} edit{'' if summary.edits == 1 else 's'}")
    console.close(summary)
    return summary.return_code
