"""What the spinner model costs: throughput with it on and off, its load time and memory, and
``-j 2`` against ``-j 1`` on JSON Lines.

This machine's speed swings from minute to minute, so every comparison is interleaved in one
run and only ratios of neighbouring passes are reported:

- **Throughput**: the default rewriter with ``model=True`` and with ``model=False`` (both built
  in this process, warm), and the tokenize-plus-lookup floor, repair the same documents one by
  one through the API in alternating passes (the order flips every round); CPU MB/s per pass,
  the median over rounds, and the median of the per-round ratios.
- **Load**: ``LanguageModel.load()`` timed in fresh processes (the first may read the file
  cold; the others are warm).
- **Memory**: VmRSS of fresh processes after importing textfix, after building the default
  rewriter, and after repairing the spun documents (which loads the language model), model
  on and model off alternating.
- **Workers**: ``textfix fix --jsonl --field text -j 1`` and ``-j 2`` (and ``-j 1`` with the
  default set minus the spinner model) on a JSONL of the documents repeated to ``--jsonl-mb``,
  alternating; wall time.

    python benchmarks/model_speed.py --clean tests/data/clean tests/data/terms-clean \\
        ../shared/corpus/clean --spun ../shared/spun-samples ../shared/corpus/spun
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import textfix

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (
    cpu,
    dict_floor,
    fix_all,
    interleaved,
    jsonl_of,
    read_texts,
    returned,
    write_jsonl,
)


def throughput(sets: dict[str, list[str]], copies: int, rounds: int) -> dict[str, Any]:
    """Interleaved CPU MB/s of model on, model off and the floor, per set of documents."""
    on = textfix.Rewriter(textfix.default_glossaries())
    off = textfix.Rewriter(textfix.default_glossaries(), model=False)
    arms: dict[str, Callable[[list[str]], object]] = {
        "model on": functools.partial(fix_all, on.fix),
        "model off": functools.partial(fix_all, off.fix),
        "floor": dict_floor,
    }
    out: dict[str, Any] = {}
    for name, base in sets.items():
        docs = base * copies
        mb = sum(len(d) for d in docs) / 1e6
        for d in base:  # warm both: lazy tables, the language model
            on.fix(d)
            off.fix(d)
        edits_on = sum(len(on.fix(d).edits) for d in base)
        edits_off = sum(len(off.fix(d).edits) for d in base)
        changed = sum(on.fix(d).text != off.fix(d).text for d in base)
        secs = interleaved({a: functools.partial(fn, docs) for a, fn in arms.items()},
                           rounds, cpu)
        speeds = {a: [mb / s for s in ts] for a, ts in secs.items()}
        ratios = [x / y for x, y in zip(speeds["model on"], speeds["model off"], strict=True)]
        out[name] = {"documents": len(base), "mb_per_pass": mb, "speeds": speeds,
                     "ratios": ratios, "edits_on": edits_on, "edits_off": edits_off,
                     "documents_that_differ": changed}
    return out


_LOAD = """
import time, textfix
from textfix.model.lm import LanguageModel
t = time.perf_counter()
LanguageModel.load()
print(time.perf_counter() - t)
"""

_RSS = """
import json, sys
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
r0 = rss()
import textfix
r1 = rss()
rw = textfix.Rewriter(textfix.default_glossaries(), model=sys.argv[1] == "on")
r2 = rss()
for p in sys.argv[2:]:
    rw.fix(open(p, encoding="utf-8").read())
r3 = rss()
print(json.dumps({"start": r0, "imported": r1, "built": r2, "after_spun": r3}))
"""


def load_times(n: int) -> list[float]:
    """Seconds of ``LanguageModel.load()`` in ``n`` fresh processes."""
    return [float(subprocess.run([sys.executable, "-c", _LOAD], check=True, capture_output=True,
                                 text=True).stdout) for _ in range(n)]


def memory(spun_files: Sequence[Path], rounds: int) -> dict[str, list[dict[str, float]]]:
    """VmRSS (MB) stages of fresh processes, model on and off alternating."""
    out: dict[str, list[dict[str, float]]] = {"on": [], "off": []}
    for r in range(rounds):
        for arm in (("on", "off") if r % 2 == 0 else ("off", "on")):
            res = subprocess.run([sys.executable, "-c", _RSS, arm, *map(str, spun_files)],
                                 check=True, capture_output=True, text=True)
            out[arm].append(json.loads(res.stdout))
    return out


def jobs(docs: list[str], mb: float, rounds: int) -> dict[str, Any]:
    """Wall seconds of the command line on a JSONL of ``docs`` repeated to ``mb`` MB."""
    others = [g.name for g in textfix.default_glossaries() if g.name != "spinner-model"]
    arms = {
        "-j 1": ["-j", "1"],
        "-j 2": ["-j", "2"],
        "-j 1, model off": ["-j", "1", *[x for g in others for x in ("-g", g)]],
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        lines = jsonl_of(docs, mb)
        size = write_jsonl(path, lines)

        def run(a: str) -> float:
            cmd = [sys.executable, "-m", "textfix", "fix", "--jsonl", "--field", "text",
                   "-q", *arms[a], str(path)]
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            return time.perf_counter() - t0

        secs = interleaved({a: functools.partial(run, a) for a in arms}, rounds, returned)
    return {"mb": size, "lines": len(lines), "seconds": secs}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clean", type=Path, nargs="+", required=True,
                    help="clean news: folders or files of .txt")
    ap.add_argument("--spun", type=Path, nargs="+", required=True,
                    help="spun news: folders or files of .txt")
    ap.add_argument("--copies", type=int, default=3, help="copies of each set per pass")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--mem-rounds", type=int, default=2)
    ap.add_argument("--jsonl-mb", type=float, default=8.0)
    ap.add_argument("--jsonl-rounds", type=int, default=3)
    ap.add_argument("--parts", default="throughput,load,memory,jobs")
    ap.add_argument("--json", type=Path, help="write every number here too")
    args = ap.parse_args(argv)
    for p in [*args.clean, *args.spun]:
        if not p.exists():
            print(f"no such path: {p}", file=sys.stderr)
            return 2
    clean, spun = read_texts(args.clean), read_texts(args.spun)
    parts = set(args.parts.split(","))
    out: dict[str, Any] = {"textfix": textfix.__version__, "cpus": os.cpu_count(),
                              "load_average": os.getloadavg()[0]}
    print(f"textfix {textfix.__version__}, {os.cpu_count()} cpus, load average "
          f"{os.getloadavg()[0]:.2f} at start\n")
    if "throughput" in parts:
        res = throughput({"clean news": clean, "spun news": spun}, args.copies, args.rounds)
        out["throughput"] = res
        print(f"## Throughput per document, CPU MB/s (median of {args.rounds} interleaved "
              f"passes)\n")
        print("| text | documents | MB per pass | model on | model off | floor | on/off "
              "(median, min-max of rounds) | on/floor | edits on / off | documents that "
              "differ |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for name, r in res.items():
            sp, ra = r["speeds"], r["ratios"]
            med = {a: statistics.median(v) for a, v in sp.items()}
            print(f"| {name} | {r['documents']} | {r['mb_per_pass']:.2f} | "
                  f"{med['model on']:.2f} | {med['model off']:.2f} | {med['floor']:.1f} | "
                  f"{statistics.median(ra):.3f} ({min(ra):.3f}-{max(ra):.3f}) | "
                  f"{med['model on'] / med['floor']:.3f} | {r['edits_on']} / {r['edits_off']} "
                  f"| {r['documents_that_differ']} |")
        print()
    if "load" in parts:
        times = load_times(args.loads)
        out["load"] = times
        print(f"## Language model load, fresh processes (s): "
              f"{', '.join(f'{t:.3f}' for t in times)}; warm median "
              f"{statistics.median(times[1:] or times):.3f}\n")
    if "memory" in parts:
        files = [f for p in args.spun for f in (sorted(p.rglob("*.txt")) if p.is_dir() else [p])]
        mem = memory(files[:20], args.mem_rounds)
        out["memory"] = mem
        print("## Resident memory (VmRSS MB, fresh processes)\n")
        print("| model | after import | after building the default rewriter | after repairing "
              "20 spun documents |")
        print("|---|---|---|---|")
        for arm, rs in mem.items():
            print(f"| {arm} | " + " | ".join(
                f"{statistics.median(r[k] for r in rs):.0f}"
                for k in ("imported", "built", "after_spun")) + " |")
        add = (statistics.median(r["after_spun"] for r in mem["on"])
               - statistics.median(r["after_spun"] for r in mem["off"]))
        print(f"\nThe model adds {add:.0f} MB resident once it has repaired spun text.\n")
    if "jobs" in parts:
        res_j = jobs(clean + spun, args.jsonl_mb, args.jsonl_rounds)
        out["jobs"] = res_j
        secs = res_j["seconds"]
        print(f"## Command line on {res_j['mb']:.1f} MB of JSONL ({res_j['lines']} documents), "
              f"wall s\n")
        print("| command | runs (s) | median s | MB/s |")
        print("|---|---|---|---|")
        for a, ts in secs.items():
            print(f"| `textfix fix --jsonl --field text {a}` | "
                  + ", ".join(f"{t:.1f}" for t in ts)
                  + f" | {statistics.median(ts):.1f} | {res_j['mb'] / statistics.median(ts):.2f} |")
        sp = [a / b for a, b in zip(secs["-j 1"], secs["-j 2"], strict=True)]
        print(f"\n-j 2 / -j 1 speed-up per round: {', '.join(f'{x:.2f}' for x in sp)} "
              f"(median {statistics.median(sp):.2f})\n")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
