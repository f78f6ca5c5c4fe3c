"""``textfix fix``: repair files, folders, stdin or JSON Lines, with black/codespell modes.

Modes: print the repaired text (one input), ``--write`` in place, ``--output-dir``,
``--check`` or ``--diff``; ``--report`` adds every edit as JSON Lines to any of them.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
from bisect import bisect_right
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, BinaryIO

from textfix import Edit, Result
from textfix.cli import formats
from textfix.cli.adapt import adapt
from textfix.cli.common import (
    Commands,
    SourceRun,
    StrictError,
    begin,
    input_options,
    reading,
    ready,
    run_units,
)
from textfix.cli.diff import DiffWriter
from textfix.cli.report import EX_USAGE, Console, EditReport, Summary
from textfix.run import io
from textfix.run.jsonl import RecordOut
from textfix.run.tables import ParquetSink
from textfix.run.units import CellResults, Reading, Unit, output_name, source_format, work_fix


def register(commands: Commands) -> None:
    """Add ``fix`` to the commands."""
    f = commands.sub.add_parser("fix", help="repair files, folders, stdin or JSON Lines",
                                description="Repair spun text. One input: the repaired text "
                                            "on stdout.")
    input_options(f)
    mode = f.add_mutually_exclusive_group()
    mode.add_argument("-w", "--write", action="store_true",
                      help="rewrite files in place (atomically)")
    mode.add_argument("-o", "--output-dir", metavar="DIR",
                      help="write the repaired tree under DIR, mirroring the inputs")
    mode.add_argument("--check", action="store_true",
                      help="write nothing; list files that would change; exit 1 if any")
    mode.add_argument("--diff", action="store_true",
                      help="write nothing; print a unified diff (applies with patch -p0)")
    f.add_argument("--backup", metavar="SUFFIX", help="with -w, keep the original as FILE+SUFFIX")
    f.add_argument("--adapt", action="store_true",
                   help="first learn the inputs' spinner from the inputs themselves (as learn "
                        "--spun-corpus does), then repair with what was learned added")
    f.add_argument("--adapt-save", metavar="FILE",
                   help="with --adapt, also write the learned glossary to FILE")
    f.add_argument("--report", metavar="FILE|-",
                   help="write every edit as JSON Lines to FILE (- for stdout)")
    f.add_argument("--dask", metavar="SCHEDULER_ADDRESS",
                   help="run on a Dask cluster (needs the dask extra)")
    f.set_defaults(func=run_fix)


def _mode(args: argparse.Namespace) -> str:
    if args.write:
        return "write"
    if args.output_dir:
        return "outdir"
    if args.check:
        return "check"
    if args.diff:
        return "diff"
    return "none" if args.report == "-" else "stdout"


def _usage(args: argparse.Namespace, mode: str, found: io.Found) -> str | None:
    """Why these options cannot run together, or None."""
    if args.jsonl and not args.field:
        return "--jsonl needs at least one --field NAME"
    problem = formats.usage(args, found, (mode,))
    if problem:
        return problem
    if args.report == "-" and mode in ("check", "diff"):
        return "--report - would mix with the listing on stdout; give --report a file"
    if args.backup and mode != "write":
        return "--backup only goes with -w/--write"
    stdin = any(s.path is None for s in found.sources)
    if stdin and mode in ("write", "outdir"):
        return "stdin cannot be written in place or mirrored; name files instead"
    if stdin and len(found.sources) > 1:
        return "'-' (stdin) cannot be mixed with other inputs"
    if mode == "write":
        for s in found.sources:
            if s.path is not None and not s.path.is_file():
                return f"{s.name}: not a regular file (a pipe?): it cannot be written in place"
    several = len(args.paths) > 1 or any(Path(p).is_dir() for p in args.paths if p != "-")
    if mode == "stdout" and several and not args.report and found.sources:
        return "several inputs: use -w, -o DIR, --check, --diff or --report"
    if mode == "outdir":
        seen: dict[Path, str] = {}
        out = Path(args.output_dir)
        if out.exists() and not out.is_dir():
            return f"{args.output_dir}: not a folder (-o takes the folder to write into)"
        for s, fmt in zip(found.sources, formats.formats_of(args, found), strict=True):
            dest = out / output_name(s.rel, fmt)
            assert s.path is not None
            if dest.exists() and dest.resolve() == s.path.resolve():
                return f"{s.name}: output would overwrite the input (use -w to write in place)"
            if dest in seen:
                return f"{s.name} and {seen[dest]} would both be written to {dest}"
            seen[dest] = s.name
    return None


class _Stdout:
    """The repaired text on stdout, encoded like the input, written in batches of about 1 MiB
    (a JSONL corpus is repaired record by record: one system call per record cost a parent
    process 0.4 s per 200 MB)."""

    BATCH = 1 << 20

    def __init__(self, encoding: str, errors: str) -> None:
        self.encoding, self.errors = encoding, errors
        # one encoder for the whole output: UTF-16 and UTF-32 write their byte order mark once
        self._enc = codecs.getincrementalencoder(encoding)(errors)
        self._parts: list[bytes] = []
        self._size = 0
        sys.stdout.flush()  # text printed before goes out first

    def write(self, text: str) -> None:
        buf = getattr(sys.stdout, "buffer", None)
        if buf is None:
            sys.stdout.write(text)
            return
        data = self._enc.encode(text)
        self._parts.append(data)
        self._size += len(data)
        if self._size >= self.BATCH:
            self._drain(buf)

    def _drain(self, buf: BinaryIO) -> None:
        buf.write(b"".join(self._parts))
        self._parts, self._size = [], 0

    def flush(self) -> None:
        buf = getattr(sys.stdout, "buffer", None)
        if buf is not None and self._parts:
            self._drain(buf)
        sys.stdout.flush()


class _FileRun(SourceRun):
    """Everything that happens to one source while its units stream by."""

    def __init__(self, src: io.Source, mode: str, args: argparse.Namespace, console: Console,
                 summary: Summary, report: EditReport | None) -> None:
        self.src, self.mode = src, mode
        self.console, self.summary, self.report = console, summary, report
        self.strict = bool(args.strict)
        self.changed = False
        self.edits = 0
        self.writer: io.AtomicWriter | None = None
        self.stdout: _Stdout | None = None
        self.diff: DiffWriter | None = None
        self.sink: ParquetSink | None = None
        fmt = source_format(src.name, Reading(jsonl=bool(args.jsonl), fields=tuple(args.field),
                                              format=args.format))
        if mode == "write":
            assert src.path is not None
            target = Path(os.path.realpath(src.path))
            self.writer = io.AtomicWriter(target, args.encoding, args.errors,
                                          mode_from=target, backup=args.backup)
        elif mode == "outdir":
            assert src.path is not None
            self.writer = io.AtomicWriter(Path(args.output_dir) / output_name(src.rel, fmt),
                                          args.encoding, args.errors, mode_from=src.path)
        elif mode == "stdout":
            self.stdout = _Stdout(args.encoding, args.errors)
        elif mode == "diff":
            self.diff = DiffWriter(src.name, sys.stdout)
        if fmt == "parquet" and self.writer is not None:
            assert src.path is not None
            try:
                self.sink = ParquetSink(src.path, self.writer.stream)
            except BaseException:
                self.writer.discard()
                raise

    def emit(self, old: str, new: str, edits: Sequence[Edit], count: int) -> None:
        """Pass on the next piece of the file: old text, new text, its edits (offsets into
        ``old``) and how many edits to count."""
        if count:
            self.changed = True
            self.edits += count
        if self.writer is not None:
            self.writer.write(new)
        elif self.stdout is not None:
            self.stdout.write(new)
        elif self.diff is not None:
            self.diff.feed(old, edits)

    def piece(self, unit: Unit, result: Any) -> bool:
        try:
            self._piece(unit, result)
        except UnicodeEncodeError as exc:
            self.console.error(f"{self.src.name}: cannot encode as {exc.encoding} "
                               f"({exc.reason}); nothing written")
            self.summary.errors += 1
            self.abort()
            return False
        except OSError as exc:
            return self._failed(exc)
        return True

    def _failed(self, exc: OSError) -> bool:
        """Drop this source's output after a write error; a closed stdout stops the run."""
        self.abort()
        if isinstance(exc, BrokenPipeError):  # the reader of stdout went away
            raise exc
        _unwritable(self.console, self.summary, self.src.name, exc)
        return False

    def end(self) -> bool:
        """Commit the output of a file read to its end, and count it."""
        try:
            self._finish()
        except OSError as exc:
            return self._failed(exc)
        summary = self.summary
        summary.changed += self.changed
        summary.edits += self.edits
        summary.found = summary.found or (self.mode == "check" and self.changed)
        return True

    def _finish(self) -> None:
        if self.sink is not None:
            self.sink.close()
        if self.writer is not None:
            if self.changed or self.mode == "outdir":
                self.writer.commit()
            else:
                self.writer.discard()
        if self.diff is not None:
            self.diff.close()
        if self.stdout is not None:
            self.stdout.flush()
        if self.mode == "check" and self.changed:
            print(self.src.name, flush=True)

    def abort(self) -> None:
        """Drop whatever was prepared for this file; the original stays as it was."""
        if self.sink is not None:
            self.sink.abort()
            self.sink = None
        if self.writer is not None:
            self.writer.discard()

    def _piece(self, unit: Unit, result: Any) -> None:
        name, report = self.src.name, self.report
        if unit.kind == "raw":  # a CSV header, a PDF's page break
            self.emit(unit.data, unit.data, (), 0)
            return
        if unit.kind == "cells":
            self._cells(unit, result)
            return
        if unit.kind == "text":
            assert isinstance(result, Result)
            new = result.text if result.edits else unit.data
            if report is not None and result.edits:
                starts = io.line_starts(unit.data)
                for e in result.edits:
                    k = bisect_right(starts, e.start) - 1
                    shifted = e._replace(start=e.start + unit.offset, end=e.end + unit.offset)
                    report.write(name, shifted, unit.line + k + 1, e.start - starts[k] + 1,
                                 page=unit.page or None)
            self.emit(unit.data, new, result.edits, len(result.edits))
            return
        records: list[RecordOut | None] = result
        for k, got in enumerate(records):
            rec = RecordOut(unit.data[k]) if got is None else got
            number = unit.offset + k
            self.summary.records += 1
            if rec.error is not None:
                self.console.error(f"{name}:{number}: {rec.error}" + (
                    "" if self.strict else "; passed through"))
                if self.strict:
                    raise StrictError
            if report is not None:
                for field_name, edits, value in rec.edits:
                    starts = io.line_starts(value)
                    for e in edits:
                        j = bisect_right(starts, e.start) - 1
                        report.write(name, e, j + 1, e.start - starts[j] + 1, record=number,
                                     field_name=field_name)
            old = unit.data[k]
            count = rec.n_edits
            whole = (Edit(0, len(old), old, rec.line, "", "", 0.0),) if count else ()
            self.emit(old, rec.line, whole, count)

    def _cells(self, unit: Unit, result: CellResults) -> None:
        """A slice of a Parquet row group: report its edits, hand its columns to the sink."""
        rows = len(unit.data[0][1]) if unit.data else 0
        self.summary.records += rows
        for (field_name, values), (_, results) in zip(unit.data, result, strict=True):
            new: list[str | None] | None = None
            for r, res in enumerate(results):
                if res is None or not res.edits:
                    continue
                if new is None:
                    new = list(values)
                new[r] = res.text
                self.changed = True
                self.edits += len(res.edits)
                if self.report is not None:
                    starts = io.line_starts(values[r])
                    for e in res.edits:
                        j = bisect_right(starts, e.start) - 1
                        self.report.write(self.src.name, e, j + 1, e.start - starts[j] + 1,
                                          record=unit.offset + r, field_name=field_name)
            if self.sink is not None:
                self.sink.add(unit.line, unit.offset, field_name, rows, new)
        if self.sink is not None and not unit.data:
            self.sink.add(unit.line, unit.offset, "", 0, None)


def run_fix(args: argparse.Namespace) -> int:
    """Run ``textfix fix``; return the exit code."""
    if args.field:
        args.jsonl = True
    if args.dask:
        return _dask(args)
    mode = _mode(args)
    found, console, summary, failed = begin(
        args, "would change" if mode in ("check", "diff") else "changed")
    if failed is not None:
        return failed
    problem = _usage(args, mode, found)
    if problem:
        console.error(problem)
        return EX_USAGE
    if args.adapt:
        failed = adapt(args, found, console)
        if failed is not None:
            return failed
    failed = ready(args, found, console)
    if failed is not None:
        return failed
    if mode == "outdir":
        _note_leftovers(args, found, console)
    how = reading(args, prescan=mode in ("stdout", "diff") or bool(args.report),
                  edits=bool(args.report))
    with ExitStack() as stack:
        report = None
        if args.report:
            try:
                out: IO[str] = sys.stdout if args.report == "-" else stack.enter_context(
                    Path(args.report).open("w", encoding="utf-8"))
            except OSError as exc:
                console.error(f"{args.report}: cannot write ({exc.strerror or exc})")
                return EX_USAGE
            report = EditReport(out)

        def start(src: io.Source) -> _FileRun | None:
            try:
                return _FileRun(src, mode, args, console, summary, report)
            except OSError as exc:
                _unwritable(console, summary, src.name, exc)
                return None

        code = run_units(args, found, how, work_fix, console, summary, start)
    console.close(summary)
    return code if code is not None else summary.return_code


def _note_leftovers(args: argparse.Namespace, found: io.Found, console: Console) -> None:
    """Name temporary files that an interrupted run (kill -9) left beside the outputs."""
    out = Path(args.output_dir)
    for s, fmt in zip(found.sources, formats.formats_of(args, found), strict=True):
        for t in io.leftovers(out / output_name(s.rel, fmt)):
            console.note(f"{t}: left by an interrupted run (its target was not changed); "
                         f"remove it")


def _unwritable(console: Console, summary: Summary, name: str, exc: OSError) -> None:
    """A file whose output could not be written (read-only, disk full): say so, count it,
    and go on with the others; the file itself was not touched."""
    console.error(f"{name}: cannot write ({exc.strerror or exc}); left unchanged")
    summary.errors += 1


def _dask(args: argparse.Namespace) -> int:
    """Hand the run to the Dask engine (optional): a one-line message if it is missing."""
    try:
        from textfix.cli.dask import fix_with_dask
    except ImportError as exc:
        print(f"textfix: --dask needs the dask extra (pip install 'textfix[dask]'): {exc}",
              file=sys.stderr)
        return EX_USAGE
    try:
        return fix_with_dask(args)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in ("dask", "distributed"):
            print(f"textfix: --dask needs the dask extra (pip install 'textfix[dask]'): {exc}",
                  file=sys.stderr)
            return EX_USAGE
        raise
