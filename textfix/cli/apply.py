"""``textfix apply DECISIONS.json``: write the text a review accepted.

The decisions file (exported by the page ``textfix review`` writes) names its inputs; each is
read again in the format it was reviewed in, checked against the text that was reviewed, and
written with only the accepted edits: to stdout (one text, PDF or JSON Lines input), in place
(``-w``) or under a folder (``-o DIR``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path, PurePath

from textfix.cli import common
from textfix.cli.report import EX_USAGE, Console, Summary
from textfix.review import DecisionsError, DocumentDecision, parse_decisions
from textfix.review.apply import apply_table, apply_text, guess_format
from textfix.run import io
from textfix.run.pdf import PdfError
from textfix.run.tables import TableError
from textfix.run.units import FORMATS, output_name


def register(commands: common.Commands) -> None:
    """Add ``apply`` to the commands."""
    a = commands.sub.add_parser(
        "apply", help="write the accepted edits of a review's decisions",
        description="Rebuild the inputs of a review with only the edits its decisions "
                    "accept. One text, PDF or JSON Lines input goes to stdout.")
    a.add_argument("decisions", metavar="DECISIONS.json",
                   help="the decisions exported by the review page (- for stdin)")
    mode = a.add_mutually_exclusive_group()
    mode.add_argument("-w", "--write", action="store_true",
                      help="rewrite the inputs in place (atomically)")
    mode.add_argument("-o", "--output-dir", metavar="DIR",
                      help="write each input under DIR, with its path as the decisions name "
                           "it (a PDF as .txt)")
    a.add_argument("--format", choices=FORMATS, metavar="|".join(FORMATS),
                   help="format of every input (default: as it was reviewed: a page means "
                        "PDF, a record CSV or Parquet by the extension, else JSON Lines)")
    a.add_argument("--encoding", default="utf-8",
                   help="encoding of text inputs and outputs (default: utf-8)")
    a.add_argument("--errors", default="strict",
                   choices=("strict", "replace", "ignore", "surrogateescape"),
                   help="undecodable bytes, as at review time (default: strict)")
    a.add_argument("-q", "--quiet", action="store_true", help="errors only")
    a.set_defaults(func=run_apply)


def _message(path: str, exc: Exception) -> str:
    """The one line that says why ``path`` was not applied."""
    if isinstance(exc, DecisionsError | PdfError | TableError):
        return str(exc)
    if isinstance(exc, PermissionError) and exc.strerror == "read-only file":
        return f"{path}: cannot write (read-only file); left unchanged"
    return f"{path}: {exc}"


def _dest(args: argparse.Namespace, path: str, fmt: str) -> Path:
    """Where the output of the input ``path`` goes with ``-w`` or ``-o DIR``."""
    if args.write:
        return Path(os.path.realpath(path))
    rel = PurePath(path)
    if rel.is_absolute() or ".." in rel.parts:
        rel = PurePath(rel.name)
    return Path(args.output_dir) / output_name(str(rel), fmt)


def run_apply(args: argparse.Namespace) -> int:
    """Run ``textfix apply``; return the exit code."""
    console = Console(args.quiet, None)
    summary = Summary(verb="written")
    try:
        raw = sys.stdin.buffer.read() if args.decisions == "-" else Path(
            args.decisions).read_bytes()
        decisions = parse_decisions(raw)
    except (OSError, DecisionsError) as exc:
        console.error(f"{args.decisions}: {exc}")
        return EX_USAGE
    by_path: dict[str, list[DocumentDecision]] = {}
    for d in decisions.documents:
        if d.path is None:
            console.error(f"{d.name}: was read from stdin at review time; nothing to apply to")
            return EX_USAGE
        by_path.setdefault(d.path, []).append(d)
    plan = [(path, docs, args.format or guess_format(path, docs))
            for path, docs in by_path.items()]
    to_stdout = not (args.write or args.output_dir)
    if to_stdout and (len(plan) > 1 or any(f in ("csv", "parquet") for _, _, f in plan)):
        console.error("several inputs or a table: use -w or -o DIR")
        return EX_USAGE
    if args.write and any(f == "pdf" for _, _, f in plan):
        console.error("a PDF cannot be written in place; use -o DIR (text files)")
        return EX_USAGE
    for path, docs, fmt in plan:
        try:
            if fmt in ("csv", "parquet"):
                dest = _dest(args, path, fmt)
                dest.parent.mkdir(parents=True, exist_ok=True)
                apply_table(Path(path), dest, docs, fmt, args.encoding)
            else:
                text = apply_text(Path(path), docs, fmt, args.encoding, args.errors)
                if to_stdout:
                    sys.stdout.buffer.write(text.encode(args.encoding, args.errors))
                    sys.stdout.flush()
                else:
                    writer = io.AtomicWriter(_dest(args, path, fmt), args.encoding,
                                             args.errors, mode_from=Path(path))
                    try:
                        writer.write(text)
                        writer.commit()
                    except BaseException:
                        writer.discard()
                        raise
        except (DecisionsError, PdfError, TableError, OSError, UnicodeError) as exc:
            console.error(_message(path, exc))
            summary.errors += 1
            continue
        summary.files += 1
        summary.changed += not to_stdout
        summary.edits += sum(len(d.accepted) for d in docs)
    console.close(summary)
    return summary.return_code
