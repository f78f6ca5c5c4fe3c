"""What the input formats ask of the commands: the options they need, and what they allow.

PDF and Parquet are binary: a PDF's text is written as text (``-o`` names it ``.txt``; it
cannot be written in place), and a Parquet file is written only as a Parquet file (``-w`` or
``-o``), never to stdout or as a diff.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from textfix.run import io
from textfix.run.units import Reading, source_format


def formats_of(args: argparse.Namespace, found: io.Found) -> list[str]:
    """The format each source of ``found`` is read in."""
    how = Reading(jsonl=bool(args.jsonl), fields=tuple(args.field), format=args.format)
    return [source_format(s.name, how) for s in found.sources]


def usage(args: argparse.Namespace, found: io.Found, modes: Sequence[str] = ()) -> str | None:
    """Why the inputs' formats do not go with these options (``modes``: what the run writes:
    ``write``, ``outdir``, ``stdout``, ``diff``), or None."""
    if args.format in ("jsonl", "csv", "parquet") and not args.field:
        return f"--format {args.format} needs at least one --field NAME"
    for src, fmt in zip(found.sources, formats_of(args, found), strict=True):
        if fmt == "pdf" and "write" in modes:
            return f"{src.name}: a PDF cannot be written in place; use -o DIR (text files)"
        if fmt == "parquet" and ("stdout" in modes or "diff" in modes):
            return (f"{src.name}: Parquet is written with -w or -o DIR "
                    "(or use --check or --report)")
    return None
