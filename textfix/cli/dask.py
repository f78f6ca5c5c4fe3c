"""``textfix fix --jsonl --dask ADDRESS``: the JSON Lines run of the command line, on Dask.

Only imported when ``--dask`` is given, so the rest of the command line never imports Dask.
Records are repaired by the function of the single-process ``--jsonl`` mode, and messages,
summary and exit codes are the same.
"""

from __future__ import annotations

import argparse
from typing import Any

from textfix import GlossaryError
from textfix.cli.report import EX_USAGE, Console, Summary

_OTHER_MODES = ("write", "check", "diff", "report")


def _usage_error(args: argparse.Namespace) -> str | None:
    """Why these options cannot run on Dask, or None."""
    if not getattr(args, "field", None):
        return "--jsonl needs at least one --field NAME"
    if any(getattr(args, m, None) for m in _OTHER_MODES):
        return "--dask writes with -o OUTDIR only (not -w, --check, --diff or --report)"
    if not getattr(args, "output_dir", None):
        return "--dask needs -o OUTDIR (the workers write the results)"
    paths = list(getattr(args, "paths", None) or [])
    if not paths or "-" in paths:
        return "--dask reads files, folders or URLs, not stdin"
    return None


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The Rewriter options given on the command line."""
    names = ("tier", "min_score")
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def fix_with_dask(args: argparse.Namespace) -> int:
    """Repair the JSON Lines inputs of ``args`` on the Dask scheduler ``args.dask``."""
    console = Console(bool(getattr(args, "quiet", False)), None)
    problem = _usage_error(args)
    if problem:
        console.error(problem)
        return EX_USAGE
    try:
        from distributed import Client

        from textfix.dask import fix_jsonl
    except ImportError as exc:
        message = str(exc)
        if "textfix[dask]" not in message:
            message = f"--dask needs the dask extra (pip install 'textfix[dask]'): {exc}"
        console.error(message)
        return EX_USAGE
    try:
        client = Client(args.dask, timeout="20s")  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as exc:
        console.error(f"cannot reach the Dask scheduler at {args.dask}: {exc}")
        return EX_USAGE
    strict = bool(getattr(args, "strict", False))
    summary = Summary()
    try:
        with client:
            report = fix_jsonl(
                list(args.paths), args.output_dir, list(args.field),
                list(args.glossary) if getattr(args, "glossary", None) else None,
                strict=strict, encoding=getattr(args, "encoding", None) or "utf-8",
                errors=getattr(args, "errors", None) or "strict",
                include=getattr(args, "include", None) or (),
                exclude=getattr(args, "exclude", None) or (), **_options(args))
    except (GlossaryError, FileNotFoundError, ValueError, OSError) as exc:
        console.error(str(exc))
        return EX_USAGE
    for f in report.files:
        for number, error in f.errors:
            console.error(f"{f.name}:{number}: {error}" + ("" if strict else "; passed through"))
        if f.failed and "binary" in f.failed:
            console.note(f"{f.name}: {f.failed}")
            summary.skipped += 1
        elif f.failed or (strict and f.errors):
            if f.failed:
                console.error(f"{f.name}: {f.failed}")
            summary.errors += 1
        else:
            summary.files += 1
            summary.changed += f.edits > 0
            summary.edits += f.edits
        summary.records += f.records
    console.close(summary)
    return summary.return_code
