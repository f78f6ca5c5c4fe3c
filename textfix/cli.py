"""The ``textfix`` command line: ``fix``, ``detect`` and ``glossary``, plus plugin commands.

``main(argv)`` returns the exit code instead of exiting, so it can be called in-process.
Exit codes: :data:`EX_OK` (done), :data:`EX_FOUND` (``--check`` or ``--threshold`` found
something), :data:`EX_USAGE` (usage or input error).
"""

from __future__ import annotations

import argparse
import codecs
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from . import __version__
from ._batch import default_jobs
from ._cli_report import EX_FOUND, EX_OK, EX_USAGE
from ._glossary import TIERS
from ._io import CHUNK_CHARS
from ._rewrite import RewriteConfig

__all__ = ["EX_FOUND", "EX_INTERRUPTED", "EX_OK", "EX_USAGE", "main"]

#: Exit code after Ctrl-C (128 + SIGINT), as shells expect.
EX_INTERRUPTED = 130

#: Modules that may add commands: ``register(subparsers)`` and, if defined,
#: ``register_glossary(glossary_subparsers)``. A missing module is skipped.
_PLUGINS = ("textfix._eval_cli",)

_DEFAULTS = {f.name: f.default for f in fields(RewriteConfig)}


def _positive(text: str) -> int:
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


def _inputs(p: argparse.ArgumentParser) -> None:
    """Options shared by commands that read inputs."""
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, folders (recursed) or - for stdin (default: stdin)")
    rewriter_options(p)
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="in folders, only files matching GLOB (path or name; repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="in folders, skip files matching GLOB (repeatable)")
    p.add_argument("--jsonl", action="store_true",
                   help="inputs are JSON Lines; repair the --field values")
    p.add_argument("--field", action="append", default=[], metavar="NAME",
                   help="string field of each JSON record (dotted path; repeatable)")
    p.add_argument("--strict", action="store_true",
                   help="a malformed JSON line is an error (exit 2), not passed through")
    p.add_argument("--encoding", type=_encoding, default="utf-8",
                   help="encoding of inputs and outputs (default: utf-8)")
    p.add_argument("--errors", default="strict",
                   choices=("strict", "replace", "ignore", "surrogateescape"),
                   help="undecodable bytes: skip the file (strict, the default), or decode "
                        "them with this error handler")
    p.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
                   help="worker processes (default: all cores, %(default)s)")
    p.add_argument("--chunk-size", type=_positive, default=CHUNK_CHARS, metavar="CHARS",
                   help="characters per chunk of a large file (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar, notes or summary; errors only")


def _parser() -> tuple[argparse.ArgumentParser, Any, Any]:
    p = argparse.ArgumentParser(prog="textfix", description="Repair synonym-spun text.")
    p.add_argument("--version", action="version", version=f"textfix {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    f = sub.add_parser("fix", help="repair files, folders, stdin or JSON Lines",
                       description="Repair spun text. One input: the repaired text on stdout.")
    _inputs(f)
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
    f.add_argument("--report", metavar="FILE|-",
                   help="write every edit as JSON Lines to FILE (- for stdout)")
    f.add_argument("--dask", metavar="SCHEDULER_ADDRESS",
                   help="run on a Dask cluster (needs the dask extra)")
    f.set_defaults(func=_run_fix)

    d = sub.add_parser("detect", help="spin score per file or record",
                       description="Print how spun each file or record looks (0..1).")
    _inputs(d)
    d.add_argument("--json", action="store_true", help="one JSON object per line")
    d.add_argument("--threshold", type=float, metavar="X",
                   help="exit 1 if any score reaches X (to quarantine spun documents)")
    d.set_defaults(func=_run_detect)

    from ._cli_glossary import register

    gsub = register(sub)
    return p, sub, gsub


def _run_fix(args: argparse.Namespace) -> int:
    from ._cli_fix import run_fix

    return run_fix(args)


def _run_detect(args: argparse.Namespace) -> int:
    from ._cli_detect import run_detect

    return run_detect(args)


def _load_plugins(sub: Any, gsub: Any) -> None:
    """Let optional modules add their commands; skip those that are not installed."""
    for name in _PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
        if hasattr(module, "register_glossary"):
            module.register_glossary(gsub)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser, sub, gsub = _parser()
    _load_plugins(sub, gsub)
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        print("textfix: interrupted", file=sys.stderr)
        return EX_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, and keep Python from complaining
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EX_OK
    except OSError as exc:
        print(f"textfix: {exc}", file=sys.stderr)
        return EX_USAGE
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
