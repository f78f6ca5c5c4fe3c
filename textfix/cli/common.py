"""What the commands share: their options, the setup of a run, and the loop over work units.

Every command module adds its commands with ``register(commands)``; ``fix`` and ``detect`` read
their inputs through :func:`run_units`, which does what both do with each unit (notes, errors,
progress) and hands each source's pieces to the command's :class:`SourceRun`.
"""

from __future__ import annotations

import argparse
import codecs
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from textfix import RewriteConfig
from textfix.catalog import TIERS
from textfix.cli.report import EX_USAGE, Console, Summary
from textfix.run import io
from textfix.run.batch import OrderedMap, check_rewriter, default_jobs
from textfix.run.units import FORMATS, Reading, Unit, units

_DEFAULTS = {f.name: f.default for f in fields(RewriteConfig)}


@dataclass
class Commands:
    """Where command modules add their commands: top-level ones, and under ``glossary``."""

    sub: Any
    glossary: Any = None
    """The ``glossary`` subcommands, once the glossary module has added that command."""


def positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r}") from None


def _score(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be within 0..1")
    return value


def rewriter_options(p: argparse.ArgumentParser) -> None:
    """The options that choose the Rewriter: glossaries, tier and minimum score."""
    p.add_argument("-g", "--glossary", action="append", metavar="NAME|PATH",
                   help="glossary to use (repeatable; replaces the default set)")
    p.add_argument("--tier", choices=TIERS, default=_DEFAULTS["tier"],
                   help="most permissive tier of rules to apply (default: %(default)s)")
    p.add_argument("--min-score", type=_score, default=_DEFAULTS["min_score"], metavar="X",
                   help="skip edits scored below X (default: %(default)s)")
    p.add_argument("--no-model", dest="model", action="store_false",
                   help="leave out the spinner model (the learned entries' document score and "
                        "in-context repairs); glossary rules still apply")


def input_options(p: argparse.ArgumentParser, action: str = "repair") -> None:
    """Options shared by commands that read inputs; ``action`` is what the command does to
    the text it reads (repair, score, review), for the help."""
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, folders (recursed) or - for stdin (default: stdin)")
    rewriter_options(p)
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="in folders, only files matching GLOB (path or name; repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="in folders, skip files matching GLOB (repeatable)")
    p.add_argument("--jsonl", action="store_true",
                   help=f"inputs are JSON Lines; {action} the --field values")
    p.add_argument("--field", action="append", default=[], metavar="NAME",
                   help="string field of each JSON record (dotted path), or column of a CSV "
                        "or Parquet table (repeatable)")
    p.add_argument("--format", choices=FORMATS, metavar="|".join(FORMATS),
                   help="read every input as this format (default: from the extension: .pdf, "
                        ".parquet/.pq, .csv with --field; else JSON Lines with --field, else "
                        "text)")
    p.add_argument("--strict", action="store_true",
                   help="a malformed JSON line is an error (exit 2), not passed through")
    p.add_argument("--encoding", type=_encoding, default="utf-8",
                   help="encoding of inputs and outputs (default: utf-8)")
    p.add_argument("--errors", default="strict",
                   choices=("strict", "replace", "ignore", "surrogateescape"),
                   help="undecodable bytes: skip the file (strict, the default), or decode "
                        "them with this error handler")
    p.add_argument("-j", "--jobs", type=positive, default=default_jobs(), metavar="N",
                   help="worker processes (default: all cores, %(default)s)")
    p.add_argument("--chunk-size", type=positive, default=io.CHUNK_CHARS, metavar="CHARS",
                   help="characters per chunk of a large file; a chunk ends where no entry "
                        "can match across, up to 8 times this far (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar, notes or summary; errors only")


def reading(args: argparse.Namespace, *, prescan: bool, edits: bool = True) -> Reading:
    """How to read the inputs, from the options every reading command has."""
    return Reading(args.encoding, args.errors, args.jsonl, tuple(args.field), prescan=prescan,
                   chunk=args.chunk_size, edits=edits, format=args.format)


def rewriter_args(args: argparse.Namespace) -> tuple[list[str] | None, dict[str, Any]]:
    """Glossary names/paths and Rewriter options from the parsed arguments."""
    options: dict[str, Any] = {"tier": args.tier, "min_score": args.min_score,
                               "model": getattr(args, "model", True)}
    return args.glossary, options


def begin(args: argparse.Namespace, verb: str
          ) -> tuple[io.Found, Console, Summary, int | None]:
    """Find the inputs and set up the console and summary; an exit code if a path is missing."""
    found = io.find_inputs(args.paths, args.include, args.exclude)
    total = sum(s.path.stat().st_size for s in found.sources if s.path is not None
                and s.path.is_file())
    console = Console(args.quiet, total)
    for path in found.missing:
        console.error(f"{path}: no such file or folder")
    summary = Summary(verb=verb)
    for problem in found.unreadable:  # the others are still read; the run ends with exit 2
        console.error(problem)
        summary.errors += 1
    for arg in args.paths:
        if arg != "-" and Path(arg).is_dir() and not any(
                s.path is not None and s.path.is_relative_to(arg) for s in found.sources):
            console.note(f"{arg}: holds no files to read")
    return found, console, summary, EX_USAGE if found.missing else None


def ready(args: argparse.Namespace, found: io.Found, console: Console) -> int | None:
    """Build the Rewriter (or, with workers, check that it builds) and show the notes of the
    input search; an exit code on failure."""
    try:
        check_rewriter(*rewriter_args(args), getattr(args, "jobs", 1))
    except ValueError as exc:  # GlossaryError included: file, line and entry in the message
        console.error(str(exc))
        return EX_USAGE
    for note in found.notes:
        console.note(note)
    return None


class StrictError(Exception):
    """A malformed JSON line under ``--strict``: the run stops with exit code 2."""


class SourceRun:
    """What a command does with the pieces of one source, from its start to its end.

    :meth:`piece` and :meth:`end` return False when the source failed on the way (they have
    then said why and counted it); the rest of the source is passed over.
    """

    def piece(self, unit: Unit, result: Any) -> bool:
        """Take one text chunk or batch of records and its result."""
        raise NotImplementedError

    def end(self) -> bool:
        """The source was read to its end."""
        return True

    def abort(self) -> None:
        """The source failed or the run stops: drop what was prepared for it."""


def run_units(args: argparse.Namespace, found: io.Found, how: Reading,
              work: Callable[[Unit], Any], console: Console, summary: Summary,
              start: Callable[[io.Source], SourceRun | None]) -> int | None:
    """Stream the units of ``found``'s sources through ``work`` (in workers with ``--jobs``)
    and hand them to the :class:`SourceRun` that ``start`` opens for each source (None: it
    could not, and said why). Returns EX_USAGE when a ``--strict`` error stops the run."""
    stream: Iterable[tuple[Unit, Any]] = OrderedMap(work, units(found.sources, how), args.jobs,
                                                    rewriter_args(args))
    run: SourceRun | None = None
    try:
        for unit, result in stream:
            src = found.sources[unit.source]
            if unit.kind == "skip":
                console.note(f"{src.name}: {unit.data}")
                summary.skipped += 1
            elif unit.kind == "fail":
                console.error(f"{src.name}: {unit.data}")
                summary.errors += 1
                if run is not None:
                    run.abort()
                run = None
            elif unit.kind == "start":
                run = start(src)
            elif run is None:
                pass  # the rest of a source that already failed
            elif unit.kind == "end":
                done, run = run.end(), None
                if done:
                    summary.files += 1
            else:
                try:
                    alive = run.piece(unit, result)
                except StrictError:
                    summary.errors += 1
                    return EX_USAGE
                if not alive:
                    run = None
            console.advance(unit.nbytes, summary)
    finally:
        if run is not None:
            run.abort()
    return None
