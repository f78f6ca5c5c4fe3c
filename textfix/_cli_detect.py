"""``textfix detect``: the spin score of each file or record, for review or quarantine.

A file read in several chunks scores the length-weighted mean of its chunks' scores.
"""

from __future__ import annotations

import argparse
import json
import sys

from ._batch import OrderedMap
from ._cli_fix import begin, ready, rewriter_args
from ._cli_report import EX_USAGE
from ._cli_units import Reading, units, work_detect


def _show(path: str, record: int | None, score: float, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"path": path, "record": record, "score": round(score, 4)},
                         ensure_ascii=False))
    else:
        where = path if record is None else f"{path}:{record}"
        print(f"{score:.3f}  {where}")


def run_detect(args: argparse.Namespace) -> int:
    """Run ``textfix detect``; return the exit code (1 if a score reaches ``--threshold``)."""
    if args.field:
        args.jsonl = True
    counted = "records " if args.jsonl else ""
    verb = "" if args.threshold is None else f"{counted}at or over {args.threshold:g}"
    found, console, summary, failed = begin(args, verb)
    summary.shows_edits = False
    if failed is not None:
        return failed
    if args.jsonl and not args.field:
        console.error("--jsonl needs at least one --field NAME")
        return EX_USAGE
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        console.error("--threshold must be within 0..1")
        return EX_USAGE
    failed = ready(args, found, console)
    if failed is not None:
        return failed
    how = Reading(args.encoding, args.errors, args.jsonl, tuple(args.field), prescan=True,
                  chunk=args.chunk_size)
    weighted, length, alive = 0.0, 0, False

    def hit(score: float) -> None:
        if args.threshold is not None and score >= args.threshold:
            summary.found = True
            summary.changed += 1

    for unit, result in OrderedMap(work_detect, units(found.sources, how), args.jobs,
                                   rewriter_args(args)):
        src = found.sources[unit.source]
        if unit.kind == "skip":
            console.note(f"{src.name}: {unit.data}")
            summary.skipped += 1
        elif unit.kind == "fail":
            console.error(f"{src.name}: {unit.data}")
            summary.errors += 1
            alive = False
        elif unit.kind == "start":
            weighted, length, alive = 0.0, 0, True
        elif not alive:
            pass
        elif unit.kind == "end":
            summary.files += 1
            if not args.jsonl:
                score = weighted / length if length else 0.0
                _show(src.name, None, score, args.json)
                hit(score)
        elif unit.kind == "text":
            assert isinstance(result, float)
            weighted += result * len(unit.data)
            length += len(unit.data)
        else:
            assert isinstance(result, list)
            for k, value in enumerate(result):
                summary.records += 1
                if isinstance(value, str):
                    console.error(f"{src.name}:{unit.offset + k}: {value}")
                    if args.strict:
                        summary.errors += 1
                        console.close(summary)
                        return EX_USAGE
                elif value is not None:
                    _show(src.name, unit.offset + k, value, args.json)
                    hit(value)
        console.advance(unit.nbytes, summary)
    sys.stdout.flush()
    console.close(summary)
    return summary.return_code
