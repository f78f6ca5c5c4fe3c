"""Repair quality over folders of real pairs and clean texts, as one table.

Each PATH is a folder of pairs (``original.txt`` and ``spun.txt``, here or in subfolders, such
as ``../shared/pairs``), a JSONL file of pairs, or clean text (a file, or a folder of ``.txt``
files) that must come back unchanged. The ``original.txt`` of every pair is scored as clean text
too. Numbers are those of the official repair score (``../shared/tools/score.py``).

usage: python benchmarks/quality.py PATH... [-g GLOSSARY]... [--json] [--floor 0.70]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import textfix
from textfix.learn.evaluate import Pair, Report, evaluate, read_pairs


def _has_pairs(p: Path) -> bool:
    return p.suffix == ".jsonl" or (p / "spun.txt").is_file() or (
        p.is_dir() and any((d / "spun.txt").is_file() for d in p.iterdir()))


def collect(paths: list[Path]) -> tuple[list[Pair], list[tuple[str, str]]]:
    """The pairs and the clean texts (name, text) named by ``paths``."""
    pairs: list[Pair] = []
    clean: list[tuple[str, str]] = []
    for p in paths:
        if _has_pairs(p):
            found = list(read_pairs(p))
            pairs += found
            clean += [(f"{q.name}/original", q.original) for q in found]
        elif p.is_dir():
            clean += [(str(f.relative_to(p)), f.read_text(encoding="utf-8"))
                      for f in sorted(p.rglob("*.txt"))]
        else:
            clean.append((p.name, p.read_text(encoding="utf-8")))
    return pairs, clean


def table(report: Report, seconds: float) -> str:
    """One table: a row per pair and per clean text, then the totals."""
    rows = [f"{'text':<34} {'kind':<5} {'words':>6} {'wer_spun':>8} {'wer_fixed':>9} "
            f"{'gap_closed':>10} {'damaged':>7} {'edits':>5}"]
    for s in [*report.scores, report.total(), report.total(clean=True)]:
        if s.name == "total" and not s.words:
            continue
        kind = "clean" if s.clean else "pair"
        if s.clean:
            rows.append(f"{s.name[:34]:<34} {kind:<5} {s.words:>6} {'':>8} {'':>9} {'':>10} "
                        f"{s.correct_words_damaged:>7} {s.edits:>5}")
        else:
            gc = "-" if s.gap_closed is None else f"{s.gap_closed:.4f}"
            rows.append(f"{s.name[:34]:<34} {kind:<5} {s.words:>6} {s.wer_spun:>8.4f} "
                        f"{s.wer_fixed:>9.4f} {gc:>10} {s.correct_words_damaged:>7} "
                        f"{s.edits:>5}")
    rows.append(f"time: {seconds:.2f}s")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 when the pairs' gap closed is under ``--floor`` or anything
    correct was changed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ap.add_argument("-g", "--glossary", action="append", metavar="NAME|PATH")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--floor", type=float, default=0.70,
                    help="least gap closed over all pairs (default: %(default)s)")
    args = ap.parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"no such path: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    glossaries = [textfix.get_glossary(g) for g in args.glossary] if args.glossary else None
    rewriter = textfix.Rewriter(glossaries)
    pairs, clean = collect(args.paths)
    t0 = time.perf_counter()
    report = evaluate(pairs, rewriter, clean)
    seconds = time.perf_counter() - t0
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        sys.stdout.write(table(report, seconds))
    total = report.total()
    gap = total.gap_closed
    damaged = total.correct_words_damaged + report.total(clean=True).correct_words_damaged
    return 1 if damaged or (gap is not None and gap < args.floor) else 0


if __name__ == "__main__":
    sys.exit(main())
