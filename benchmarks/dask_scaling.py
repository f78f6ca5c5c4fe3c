"""Dask scaling: ``textfix.dask.fix_jsonl`` on 1 and 2 local workers, or on a real cluster.

Run from the repository root::

    python benchmarks/dask_scaling.py                     # ~50 MB generated JSONL, 1 vs 2 workers
    python benchmarks/dask_scaling.py --mb 5 --workers 1,2,4
    python benchmarks/dask_scaling.py --scheduler tcp://host:8786 \\
        --data s3://bucket/corpus/ --out s3://bucket/fixed/

Locally, each worker count gets a fresh ``LocalCluster`` (one process per worker, one thread
each). The input is the generated corpus of ``benchmarks/gen.py`` (JSON Lines, documents of 2 to
10 KB) and its synthetic glossary, cut into ``--blocksize`` partitions. Every worker builds its
Rewriter before the clock starts (the build time is shown apart); the wall time covers reading,
repairing and writing every partition; "worker CPU s" sums the workers' CPU time over it, a
figure that other load on the machine barely moves. With ``--scheduler`` the run goes to that
cluster once; ``--data`` and ``--out`` must then be paths or URLs its workers can reach.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # benchmarks/ is not a package: found through sys.path
from distributed import Client, LocalCluster

import textfix.dask as tfd


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=50.0, help="size of the generated corpus")
    p.add_argument("--terms", type=int, default=10000, help="terms of the generated glossary")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", default="1,2", help="local worker counts to compare")
    p.add_argument("--blocksize", default="1MiB", help="partition size ('none': per file)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler instead")
    p.add_argument("--data", metavar="PATH|URL", help="JSON Lines input (default: generated)")
    p.add_argument("--out", metavar="DIR|URL", help="output folder (default: under .data/)")
    p.add_argument("-g", "--glossary", action="append", metavar="NAME|PATH",
                   help="glossaries (default: the generated one; 'default' for the shipped set)")
    p.add_argument("--field", action="append", default=None, help="JSON field (default text)")
    return p


def _glossaries(args: argparse.Namespace) -> list[str] | None:
    if not args.glossary:
        return [str(gen.ensure_glossary(args.terms, args.seed))]
    return None if args.glossary == ["default"] else list(args.glossary)


def _size(data: str) -> int:
    """Bytes of all input files (through fsspec, so URLs work too)."""
    return sum(_fs_size(f.url) for f in tfd.list_inputs(data))


def _fs_size(url: str) -> int:
    import fsspec

    fs, path = fsspec.core.url_to_fs(url)
    return int(fs.size(path))


def run(client: Client, data: str, out: str, args: argparse.Namespace) -> dict[str, Any]:
    """Build the Rewriter on every worker, then time one full fix_jsonl run."""
    glossaries = _glossaries(args)
    spec = tfd.rewriter_spec(glossaries)
    t0 = time.perf_counter()
    client.run(tfd.rewriter_for, spec)
    build = time.perf_counter() - t0
    blocksize = None if args.blocksize.lower() == "none" else args.blocksize
    cpu0 = client.run(time.process_time)
    t0 = time.perf_counter()
    report = tfd.fix_jsonl(data, out, args.field or ["text"], glossaries, blocksize=blocksize)
    wall = time.perf_counter() - t0
    cpu1 = client.run(time.process_time)
    cpu = sum(cpu1[w] - cpu0[w] for w in cpu1)
    return {"workers": len(cpu1), "build": build, "wall": wall, "cpu": cpu,
            "records": report.records, "edits": report.edits,
            "partitions": len(report.outputs)}


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print one line per worker count."""
    args = _parser().parse_args(argv)
    data = args.data or str(gen.ensure_corpus(args.terms, args.mb, args.seed))
    size = _size(data)
    print(f"input {data}: {size / 1e6:.1f} MB; glossary: {_glossaries(args) or 'default set'};"
          f" {os.cpu_count()} CPUs here, load average {os.getloadavg()[0]:.1f}")
    rows = []
    if args.scheduler:
        out = args.out or str(gen.DATA_DIR / "dask-out-cluster")
        with Client(args.scheduler) as client:
            rows.append(run(client, data, out, args))
    else:
        for n in (int(k) for k in args.workers.split(",")):
            out = args.out or str(gen.DATA_DIR / f"dask-out-{n}")
            shutil.rmtree(out, ignore_errors=True)
            with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                rows.append(run(client, data, out, args))
    base = rows[0]["wall"]
    print(f"{'workers':>7} {'build s':>8} {'wall s':>8} {'MB/s':>7} {'speedup':>8} "
          f"{'worker CPU s':>12} {'partitions':>10} {'records':>8} {'edits':>8}")
    for r in rows:
        print(f"{r['workers']:>7} {r['build']:>8.2f} {r['wall']:>8.2f} "
              f"{size / 1e6 / r['wall']:>7.2f} {base / r['wall']:>7.2f}x {r['cpu']:>12.1f} "
              f"{r['partitions']:>10} {r['records']:>8} {r['edits']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
