"""Peak memory of ``textfix fix`` on large inputs: it must not grow with the input size.

Builds text and JSON Lines files of several sizes from the seed articles (in
``benchmarks/.data/``), runs the installed command on each in a subprocess, samples the
resident memory of the whole process tree (parent and worker processes), and prints peak RSS,
time and throughput per size. Needs ``psutil``.

    python benchmarks/memory.py                    # 16, 64 and 256 MB, text and JSONL, -j 2
    python benchmarks/memory.py --sizes 512 --kinds text --jobs 2
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
MB = 1 << 20


def make_input(kind: str, size_mb: int) -> Path:
    """A file of about ``size_mb`` MB of seed paragraphs (text) or records (JSONL)."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"memory-{size_mb}mb.{'jsonl' if kind == 'jsonl' else 'txt'}"
    if path.exists() and path.stat().st_size >= size_mb * MB:
        return path
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    paragraphs = [p for s in seeds for p in s.splitlines() if p.strip()]
    if kind == "jsonl":
        block = "".join(json.dumps({"id": k, "text": p, "meta": {"n": k}}, ensure_ascii=False)
                        + "\n" for k, p in enumerate(paragraphs))
    else:
        block = "\n\n".join(paragraphs) + "\n\n"
    raw = block.encode("utf-8")
    with path.open("wb") as fh:
        written = 0
        while written < size_mb * MB:
            fh.write(raw)
            written += len(raw)
    return path


def _hwm(pid: int) -> float:
    """Peak resident memory of a process so far (Linux VmHWM, MB); 0 where unavailable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(path: Path, jobs: int, jsonl: bool, interval: float = 0.05) -> dict[str, float]:
    """Run ``textfix fix -o`` on ``path``; return peak RSS (MB) of the tree, parent, worker.

    The tree peak is sampled; on Linux the per-process peaks (VmHWM) are exact, and their sum
    bounds the tree peak from above.
    """
    import psutil

    out = Path(tempfile.mkdtemp(dir=DATA, prefix="memory-out-"))
    cmd = [sys.executable, "-m", "textfix", "fix", "-q", "-j", str(jobs), "-o", str(out)]
    if jsonl:
        cmd += ["--jsonl", "--field", "text"]
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, str(path)])
    parent = psutil.Process(proc.pid)
    peak_total = peak_parent = peak_child = 0.0
    hwm: dict[int, float] = {}
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            for p in tree:
                hwm[p.pid] = max(hwm.get(p.pid, 0.0), _hwm(p.pid))
            rss = []
            for p in tree:
                try:
                    rss.append(p.memory_info().rss / MB)
                except psutil.Error:
                    rss.append(0.0)
        except psutil.Error:
            break
        peak_total = max(peak_total, sum(rss))
        peak_parent = max(peak_parent, rss[0])
        peak_child = max([peak_child, *rss[1:]])
        time.sleep(interval)
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"textfix exited with {proc.returncode} on {path}")
    size = path.stat().st_size / MB
    return {"size_mb": size, "seconds": seconds, "mb_per_s": size / seconds,
            "peak_total_mb": peak_total, "peak_parent_mb": peak_parent,
            "peak_worker_mb": peak_child, "hwm_sum_mb": sum(hwm.values()),
            "hwm_parent_mb": hwm.get(proc.pid, 0.0),
            "hwm_worker_mb": max([0.0, *(v for k, v in hwm.items() if k != proc.pid)])}


def main() -> int:
    """Measure every kind and size asked for and print one row per run."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="16,64,256", help="input sizes in MB (comma-separated)")
    ap.add_argument("--kinds", default="text,jsonl", help="text, jsonl or both")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    print(f"{'kind':<6} {'size MB':>8} {'s':>8} {'MB/s':>6} {'peak tree MB':>13} "
          f"{'parent MB':>10} {'worker MB':>10} {'sum HWM MB':>11} {'parent HWM':>11} "
          f"{'worker HWM':>11}")
    for kind in args.kinds.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            r = run(make_input(kind, size), args.jobs, kind == "jsonl")
            print(f"{kind:<6} {r['size_mb']:>8.0f} {r['seconds']:>8.1f} {r['mb_per_s']:>6.2f} "
                  f"{r['peak_total_mb']:>13.0f} {r['peak_parent_mb']:>10.0f} "
                  f"{r['peak_worker_mb']:>10.0f} {r['hwm_sum_mb']:>11.0f} "
                  f"{r['hwm_parent_mb']:>11.0f} {r['hwm_worker_mb']:>11.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
