"""Peak memory of ``textfix fix --field body`` on a large Parquet file: bounded by row groups.

Writes an uncompressed Parquet file with ``--mb`` MB of text (2 KB cells: clean news
sentences from ``seeds/000`` with a spun sentence of ``seeds/001`` in every cell, ``--group-mb``
MB of text per row group, an id and a float column beside), runs the command line on it with
``-o`` in a subprocess, samples the resident memory of its whole process tree (parent, fork
server, workers) from ``/proc``, and checks that the output's other columns and schema equal
the input's.

    python benchmarks/parquet_memory.py                  # 1024 MB, 64 MB row groups, -j 1 and 2
    python benchmarks/parquet_memory.py --mb 128 --jobs 1
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
CELL = 2000


def _sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [s.strip() + ". " for s in text.replace("\n", " ").split(". ") if s.strip()]


def make_input(path: Path, mb: int, group_mb: int) -> int:
    """The Parquet file; returns its number of rows."""
    rng = random.Random(18)
    clean = _sentences(ROOT / "seeds" / "000_263983dd82603a38.txt")
    spun = _sentences(ROOT / "seeds" / "001_73e4453e2cad5e0e.txt")

    def body(i: int) -> str:
        out = f"{i} {rng.choice(spun)}"
        while len(out) < CELL:
            out += rng.choice(clean)
        return out[:CELL]

    rows = group_mb * 1_000_000 // CELL
    groups = max(1, mb // group_mb)
    schema = pa.schema([("id", pa.int64()), ("body", pa.string()), ("w", pa.float64())])
    with pq.ParquetWriter(path, schema, compression="none") as w:
        for g in range(groups):
            ids = range(g * rows, (g + 1) * rows)
            w.write_table(pa.table({"id": pa.array(ids, pa.int64()),
                                    "body": pa.array([body(i) for i in ids]),
                                    "w": pa.array([i * 0.5 for i in ids], pa.float64())},
                                   schema=schema))
    return rows * groups


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return out


def _status(pid: int, key: str) -> float:
    """A memory line of /proc/PID/status in MB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(src: Path, jobs: int) -> dict[str, float]:
    """Run the command line on ``src``; peak RSS of the tree (sampled) and the sum of the
    per-process peaks (VmHWM, exact), in MB, and the seconds it took."""
    out = Path(tempfile.mkdtemp(dir=DATA, prefix="parquet-out-"))
    cmd = [sys.executable, "-m", "textfix", "fix", "-q", "-j", str(jobs), "--field", "body",
           "-o", str(out), str(src)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak, hwm = 0.0, {}
    while proc.poll() is None:
        tree = _tree(proc.pid)
        for p in tree:
            hwm[p] = max(hwm.get(p, 0.0), _status(p, "VmHWM:"))
        peak = max(peak, sum(_status(p, "VmRSS:") for p in tree))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"textfix exited with {proc.returncode}")
    a, b = pq.ParquetFile(src), pq.ParquetFile(out / src.name)
    same = b.schema_arrow.equals(a.schema_arrow, check_metadata=True) and all(
        a.read_row_group(g, columns=["id", "w"]).equals(b.read_row_group(g, columns=["id", "w"]))
        for g in range(a.num_row_groups))
    shutil.rmtree(out, ignore_errors=True)
    if not same:
        raise SystemExit("the output's other columns or schema differ from the input's")
    return {"seconds": seconds, "peak": peak, "hwm_sum": sum(hwm.values()),
            "hwm_parent": hwm.get(proc.pid, 0.0)}


def main() -> int:
    """Build the file, run each ``--jobs``, print one line per run."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=1024, help="MB of text (default: 1024)")
    ap.add_argument("--group-mb", type=int, default=64, help="MB of text per row group")
    ap.add_argument("--jobs", default="1,2", help="comma-separated -j values (default: 1,2)")
    args = ap.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    src = DATA / f"parquet-{args.mb}mb-{args.group_mb}.parquet"
    if not src.exists():
        t = time.perf_counter()
        rows = make_input(src, args.mb, args.group_mb)
        print(f"wrote {rows:,} rows, {src.stat().st_size / 1e6:,.0f} MB on disk, in"
              f" {time.perf_counter() - t:.0f} s")
    size = src.stat().st_size / 1e6
    for jobs in (int(j) for j in args.jobs.split(",")):
        got = run(src, jobs)
        print(f"-j {jobs}: {size:,.0f} MB file, {args.group_mb} MB row groups: peak RSS of all "
              f"processes {got['peak']:.0f} MB (sum of per-process peaks {got['hwm_sum']:.0f},"
              f" parent {got['hwm_parent']:.0f}), {got['seconds']:.0f} s, "
              f"{size / got['seconds']:.1f} MB/s; other columns and schema identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
