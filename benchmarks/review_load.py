"""How long headless Chromium takes to open the review page of a 10,000-document corpus.

Builds a JSON Lines corpus (3 to 12 sentences of the spun article ``seeds/001`` per record),
writes its review page with ``textfix review --field text``, and loads the page in Debian's
headless Chromium (through selenium) several times, printing the page's own load time
(navigation start to the end of the load event, after the script has drawn the first page)
and the wall time of each load. The target is under 5 s.

    python benchmarks/review_load.py [--docs 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, missing  # noqa: E402


def corpus(path: Path, docs: int) -> None:
    """``docs`` records ``{"id", "text"}`` of 3 to 12 sentences each."""
    rng = random.Random(18)
    seed = (ROOT / "seeds" / "001_73e4453e2cad5e0e.txt").read_text(encoding="utf-8")
    sentences = [s.strip() + "." for s in seed.split(". ") if s.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for n in range(docs):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 12)))
            fh.write(json.dumps({"id": f"doc-{n:05}", "text": text}) + "\n")


def main() -> int:
    """Build the corpus and the page, then time Chromium loading it."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    why = missing()
    if why:
        print(f"cannot run: {why}", file=sys.stderr)
        return 2
    DATA.mkdir(parents=True, exist_ok=True)
    data = DATA / f"review-{args.docs}.jsonl"
    page = DATA / f"review-{args.docs}.html"
    corpus(data, args.docs)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "textfix", "review", "-q", "--field", "text",
                    str(data), "-o", str(page)], check=True)
    built = time.perf_counter() - t0
    print(f"corpus: {args.docs:,} documents, {data.stat().st_size / 1e6:.1f} MB; "
          f"textfix review {built:.1f} s, page {page.stat().st_size / 1e6:.1f} MB")
    loads, walls = [], []
    shown = 0
    with chromium() as d:
        for _ in range(args.runs):
            d.get("about:blank")
            start = time.perf_counter()
            d.get(page.as_uri())
            walls.append(time.perf_counter() - start)
            assert d.execute_script("return document.documentElement.dataset.ready") == "true"
            loads.append(d.execute_script(
                "const t = performance.getEntriesByType('navigation')[0];"
                " return (t.loadEventEnd - t.startTime) / 1000;"))
            shown = d.execute_script("return document.querySelectorAll('.doc').length")
    print(f"chromium load: median {statistics.median(loads):.2f} s (runs: "
          f"{', '.join(f'{x:.2f}' for x in loads)}); wall median {statistics.median(walls):.2f} s;"
          f" first page shows {shown} documents")
    print(f"target < 5 s: {'met' if statistics.median(walls) < 5 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
