"""The ``textfix`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._glossary import GlossaryError

EX_OK, EX_FOUND, EX_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="textfix", description="Repair synonym-spun text.")
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fix", help="print the repaired text of FILE (or stdin)")
    f.add_argument("path", nargs="?", default="-")
    f.add_argument("-g", "--glossary", action="append", metavar="NAME|PATH",
                   help="glossary to use (repeatable; replaces the default set)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv``; return the exit code."""
    args = _parser().parse_args(argv)
    from . import Rewriter, default_rewriter, get_glossary

    try:
        rw = Rewriter([get_glossary(g) for g in args.glossary]) if args.glossary else (
            default_rewriter())
        if args.path == "-":
            text = sys.stdin.read()
        else:
            with open(args.path, encoding="utf-8", newline="") as fh:
                text = fh.read()
    except GlossaryError as exc:
        print(f"textfix: {exc}", file=sys.stderr)
        return EX_USAGE
    except (OSError, UnicodeDecodeError) as exc:
        print(f"textfix: {args.path}: {exc}", file=sys.stderr)
        return EX_USAGE
    sys.stdout.write(rw.fix(text).text)
    return EX_OK
