"""``textfix detect``: the spin score of each file or record, for review or quarantine.

A file read in several chunks scores the length-weighted mean of its chunks' scores.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from textfix.cli import common, formats
from textfix.cli.report import EX_USAGE, Console, Summary
from textfix.run import io
from textfix.run.units import Unit, source_format, work_detect


def register(commands: common.Commands) -> None:
    """Add ``detect`` to the commands."""
    d = commands.sub.add_parser("detect", help="spin score per file or record",
                                description="Print how spun each file or record looks (0..1).")
    common.input_options(d, "score")
    d.add_argument("--json", action="store_true", help="one JSON object per line")
    d.add_argument("--threshold", type=float, metavar="X",
                   help="exit 1 if any score reaches X (to quarantine spun documents)")
    d.set_defaults(func=run_detect)


def _show(path: str, record: int | None, score: float, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"path": path, "record": record, "score": round(score, 4)},
                         ensure_ascii=False))
    else:
        where = path if record is None else f"{path}:{record}"
        print(f"{score:.3f}  {where}")


class _Scores(common.SourceRun):
    """The scores of one source: per record as they come, or the file's at its end."""

    def __init__(self, src: io.Source, args: argparse.Namespace, console: Console,
                 summary: Summary) -> None:
        self.src, self.args, self.console, self.summary = src, args, console, summary
        self.weighted, self.length = 0.0, 0
        self.whole = source_format(src.name, common.reading(args, prescan=False)) in (
            "text", "pdf")
        """Whether the file has one score (text, PDF), not one per record or row."""

    def _hit(self, score: float) -> None:
        if self.args.threshold is not None and score >= self.args.threshold:
            self.summary.found = True
            self.summary.changed += 1

    def piece(self, unit: Unit, result: Any) -> bool:
        if unit.kind == "text":
            assert isinstance(result, float)
            self.weighted += result * len(unit.data)
            self.length += len(unit.data)
            return True
        if unit.kind == "raw":
            return True
        assert isinstance(result, list)
        for k, value in enumerate(result):
            self.summary.records += 1
            if isinstance(value, str):
                self.console.error(f"{self.src.name}:{unit.offset + k}: {value}")
                if self.args.strict:
                    raise common.StrictError
            elif value is not None:
                _show(self.src.name, unit.offset + k, value, self.args.json)
                self._hit(value)
        return True

    def end(self) -> bool:
        if self.whole:
            score = self.weighted / self.length if self.length else 0.0
            _show(self.src.name, None, score, self.args.json)
            self._hit(score)
        return True


def run_detect(args: argparse.Namespace) -> int:
    """Run ``textfix detect``; return the exit code (1 if a score reaches ``--threshold``)."""
    if args.field:
        args.jsonl = True
    counted = "records " if args.jsonl else ""
    verb = "" if args.threshold is None else f"{counted}at or over {args.threshold:g}"
    found, console, summary, failed = common.begin(args, verb)
    summary.shows_edits = False
    if failed is not None:
        return failed
    if args.jsonl and not args.field:
        console.error("--jsonl needs at least one --field NAME")
        return EX_USAGE
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        console.error("--threshold must be within 0..1")
        return EX_USAGE
    failed = common.ready(args, found, console)
    if failed is not None:
        return failed
    problem = formats.usage(args, found)
    if problem:
        console.error(problem)
        return EX_USAGE
    how = common.reading(args, prescan=True)
    code = common.run_units(args, found, how, work_detect, console, summary,
                     lambda src: _Scores(src, args, console, summary))
    sys.stdout.flush()
    console.close(summary)
    return code if code is not None else summary.return_code
