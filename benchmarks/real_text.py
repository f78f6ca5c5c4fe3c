"""Speed of the default glossaries on real text: clean news and real spun articles.

The throughput benchmark uses generated glossaries; this one measures what a user of the shipped
glossaries gets. Clean news is the clean test texts (``tests/data/clean`` and
``tests/data/terms-clean``); spun news is the spinner samples and the aligned pair's spun text in
``../shared`` when present (or any folders of ``.txt`` given with ``--spun``). Each set is
measured as separate documents, as one string, and as that string in pieces of a few sizes (the
command line repairs big files in pieces of ``--chunk-size`` characters, 1 MiB by default).
CPU time, best of ``--runs``.

    python benchmarks/real_text.py
    python benchmarks/real_text.py --copies 40 --runs 5
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import textfix

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _texts(folders: Sequence[Path], pattern: str = "*.txt") -> list[str]:
    return [p.read_text(encoding="utf-8") for f in folders for p in sorted(f.glob(pattern))]


def _pieces(text: str, size: int) -> list[str]:
    """``text`` cut after the first blank line past every ``size`` characters."""
    out, i = [], 0
    while i < len(text):
        j = text.find("\n\n", i + size)
        j = len(text) if j < 0 else j + 2
        out.append(text[i:j])
        i = j
    return out


def _best(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def measure(name: str, docs: list[str], rw: textfix.Rewriter, copies: int, runs: int,
            sizes: Sequence[int]) -> list[tuple[str, str, int, float, int]]:
    """Rows (set, how, pieces, MB/s, edits) for one set of documents."""
    big = "\n\n".join(docs * copies)
    mb = len(big) / 1e6
    for d in docs:  # warm: compile cache loaded, lazy tables built
        rw.fix(d)
    ways: list[tuple[str, list[str]]] = [("documents", docs * copies), ("one string", [big])]
    ways += [(f"pieces of {s >> 10} KiB", _pieces(big, s)) for s in sizes]
    rows = []
    for how, parts in ways:
        edits = sum(len(rw.fix(p).edits) for p in parts)
        secs = _best(lambda parts=parts: [rw.fix(p) for p in parts], runs)
        rows.append((name, how, len(parts), mb / secs, edits))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clean", type=Path, nargs="*",
                   default=[ROOT / "tests" / "data" / "clean",
                            ROOT / "tests" / "data" / "terms-clean"])
    p.add_argument("--spun", type=Path, nargs="*", default=None,
                   help="folders of spun .txt files (default: ../shared's samples and pairs)")
    p.add_argument("--copies", type=int, default=20, help="copies of each set, for volume")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sizes", default="1048576,262144,65536", help="piece sizes in characters")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rw = textfix.default_rewriter()
    sets = [("clean news", _texts(args.clean))]
    if args.spun is not None:
        sets.append(("spun news", _texts(args.spun)))
    elif SHARED.is_dir():
        spun = _texts([SHARED / "spun-samples"]) + _texts(
            sorted((SHARED / "pairs").glob("*")), "spun.txt")
        sets.append(("spun news", spun))
    print(f"textfix {textfix.__version__}, default glossaries, {args.copies} copies, "
          f"best of {args.runs} (CPU time)")
    print("| text | as | pieces | MB/s | edits |")
    print("|---|---|---|---|---|")
    for name, docs in sets:
        if not docs:
            continue
        for row in measure(name, docs, rw, args.copies, args.runs, sizes):
            print(f"| {row[0]} ({len(docs)} texts) | {row[1]} | {row[2]} | {row[3]:.2f} | "
                  f"{row[4]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
