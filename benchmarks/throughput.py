"""Throughput benchmark: textfix against the floors and exact matchers, side by side, one run.

Run from the repository root (see benchmarks/README.md)::

    python benchmarks/throughput.py                      # full: 1k/10k/100k terms, 50 MB, JSONL
    python benchmarks/throughput.py --quick              # 2-minute smoke run

Each method runs in its own subprocess, so build time and peak memory (``ru_maxrss`` of that
process) never mix. Methods:

- ``tokenize``: ``regex`` tokenization alone (textfix's word pattern, ``findall``);
- ``tokenize+dict``: tokenization plus one dict lookup per word in Python;
- ``textfix``: ``Rewriter.fix`` per document (load measured cold, then warm in a new process);
- ``flashtext``: ``KeywordProcessor.replace_keywords`` per document over the enumerated variants;
- ``regex-alternation``: one compiled ``regex`` alternation of the same variants, dict replace;
- ``pyahocorasick``: an automaton of the same variants, leftmost-longest, word boundaries checked;
- ``textfix-one``, ``pyahocorasick-one``, ``flashtext-one``: one call on the documents joined
  into a single string (``--one-mb``, 1 GB by default, the corpus repeated to reach it; at most
  1.6 MB for flashtext, whose replace is quadratic in input length).

Slow methods stop after ``--budget`` seconds per run and report the speed on what they did.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # benchmarks/ is not a package: found through sys.path

HERE = Path(__file__).resolve().parent
METHODS = ("tokenize", "tokenize+dict", "textfix", "flashtext", "regex-alternation",
           "pyahocorasick")
Fixer = Callable[[str], str]


# -- measuring helpers ------------------------------------------------------------------------
def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (Linux /proc), 0 when it is gone."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def tree_rss_mb(pid: int, cpu: dict[int, float] | None = None) -> float:
    """Summed resident memory of a process and all its descendants, in MB.

    ``cpu``, when given, is updated with each process's CPU seconds so far (user + system).
    """
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += rss_mb(p)
        if cpu is not None:
            cpu[p] = max(cpu.get(p, 0.0), cpu_seconds(p))
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                continue
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def score(doc: dict[str, Any], out: str) -> tuple[int, int, int, int]:
    """(spun restored ignoring case, spun restored exactly, spun total, damaged) of one output.

    The filler between occurrences is unchanged in a correct output, so each occurrence's output
    is what lies between the filler before it and the filler after it. Damaged counts unspun
    occurrences that changed, and filler that can no longer be found.
    """
    text: str = doc["text"]
    occ: list[list[Any]] = doc["occ"]
    ok_ci = ok = total = damaged = 0
    prev = 0
    pos = 0
    for k, (start, end, truth, spun) in enumerate(occ):
        filler = text[prev:start]
        if out.startswith(filler, pos):
            pos += len(filler)
        else:
            damaged += 1 + sum(1 for o in occ[k:] if not o[3])
            total += sum(1 for o in occ[k:] if o[3])
            return ok_ci, ok, total, damaged
        nxt = occ[k + 1][0] if k + 1 < len(occ) else len(text)
        following = text[end:nxt]
        stop = out.find(following, pos) if following else len(out)
        if stop < 0:
            stop = pos
        got = out[pos:stop]
        if spun:
            total += 1
            ok_ci += got.lower() == truth.lower()
            ok += got == truth
        elif got != truth:
            damaged += 1
        pos, prev = stop, end
    if out[pos:] != text[prev:]:
        damaged += 1
    return ok_ci, ok, total, damaged


# -- the contenders ---------------------------------------------------------------------------
def build(method: str, glossary: Path, variants: Path) -> Fixer:
    """Build one contender's index and return its per-document function (text -> text)."""
    if method in ("tokenize", "tokenize+dict"):
        from textfix.text.tokenize import WORD

        starts = {k.split()[0] for k in json.loads(variants.read_text())}

        def scan(text: str) -> str:
            words = WORD.findall(text)
            if method == "tokenize+dict":
                words = [w for w in words if w.lower() in starts]
            return text

        return scan
    if method in ("textfix", "textfix-warm", "textfix-one"):
        import textfix

        rw = textfix.Rewriter([textfix.get_glossary(glossary)])
        return lambda text: rw.fix(text).text
    table = json.loads(variants.read_text())
    if method in ("flashtext", "flashtext-one"):
        from flashtext import KeywordProcessor

        kp = KeywordProcessor()
        for spun, canon in table.items():
            kp.add_keyword(spun, canon)
        return kp.replace_keywords  # type: ignore[no-any-return]
    if method == "regex-alternation":
        import regex

        alts = "|".join(regex.escape(k) for k in sorted(table, key=len, reverse=True))
        pattern = regex.compile(rf"\b(?:{alts})\b", regex.IGNORECASE)
        return lambda text: pattern.sub(lambda m: table[m.group().lower()], text)
    if method in ("pyahocorasick", "pyahocorasick-one"):
        import ahocorasick

        auto = ahocorasick.Automaton()
        for spun, canon in table.items():
            auto.add_word(spun, (len(spun), canon))
        auto.make_automaton()

        def aho(text: str) -> str:
            low = text.lower()
            parts, pos = [], 0
            for end, (n, canon) in auto.iter_long(low):
                start = end - n + 1
                if (start and low[start - 1].isalnum()) or (
                    end + 1 < len(low) and low[end + 1].isalnum()
                ):
                    continue
                parts += [text[pos:start], canon]
                pos = end + 1
            parts.append(text[pos:])
            return "".join(parts)

        return aho
    raise SystemExit(f"unknown method {method!r}")


def child(args: argparse.Namespace) -> None:
    """Measure one method in this (fresh) process and print one JSON line."""
    with Path(args.corpus).open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    texts = [d["text"] for d in docs]
    before = rss_mb()
    t0 = time.perf_counter()
    fixer = build(args.child, Path(args.glossary), Path(args.variants))
    build_s = time.perf_counter() - t0
    index_mb = rss_mb() - before
    res: dict[str, Any] = {"method": args.child, "build_s": build_s, "index_mb": index_mb}
    if args.child == "textfix-warm":
        res["peak_mb"] = peak_mb()
        print(json.dumps(res))
        return
    if args.child.endswith("-one"):
        # flashtext's replace is quadratic in the input length: 1.6 MB shows it well enough
        mb = min(args.one_mb, 1.6) if args.child == "flashtext-one" else args.one_mb
        joined = "\n\n".join(texts)
        if len(joined) < mb * 1e6:  # a gigabyte from the 50 MB corpus: repeated
            joined = "\n\n".join([joined] * int(mb * 1e6 / len(joined) + 1))
        for text in texts[:20]:  # warm up lazily loaded data, as the per-document runs do
            fixer(text)
        del docs, texts
        for part in (4, 1):  # a quarter first: time should be linear in the input's size
            one = joined[: int(mb * 1e6 / part)]
            t0, c0 = time.perf_counter(), time.process_time()
            fixer(one)
            el, cpu = time.perf_counter() - t0, time.process_time() - c0
            if part == 4:
                res.update(quarter_cpu_mbs=len(one) / 1e6 / cpu)
        res.update(mbs=[len(one) / 1e6 / el], cpu_mbs=[len(one) / 1e6 / cpu],
                   mb=len(one) / 1e6, peak_mb=peak_mb())
        print(json.dumps(res))
        return
    speeds: list[float] = []
    cpu_speeds: list[float] = []
    done_mb, outs = 0.0, list[str]()
    for _ in range(args.runs):
        outs, size = [], 0
        t0, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            outs.append(fixer(text))
            size += len(text)
            if time.perf_counter() - t0 > args.budget:
                break
        el, cpu = time.perf_counter() - t0, time.process_time() - c0
        speeds.append(size / 1e6 / el)
        cpu_speeds.append(size / 1e6 / cpu)
        done_mb = size / 1e6
        if el > args.budget:
            break  # one partial run is enough for a method this slow
    res.update(mbs=speeds, cpu_mbs=cpu_speeds, mb=done_mb, peak_mb=peak_mb())
    if not args.child.startswith("tokenize"):
        tot = [0, 0, 0, 0]
        for doc, out in zip(docs, outs, strict=False):
            tot = [a + b for a, b in zip(tot, score(doc, out), strict=True)]
        res.update(restored_ci=tot[0], restored=tot[1], spun=tot[2], damaged=tot[3])
    print(json.dumps(res))


# -- the driver -------------------------------------------------------------------------------
def run_child(method: str, n: int, paths: dict[str, Path], args: argparse.Namespace,
              timeout: float, cache: Path) -> dict[str, Any]:
    """Run one method in a subprocess; a result dict, with ``error`` on failure or timeout.

    textfix's compile cache goes to ``cache``, fresh for each run of the benchmark, so the first
    load of a glossary is cold and the next one (in another process) is warm.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", method,
           "--glossary", str(paths["glossary"]), "--variants", str(paths["variants"]),
           "--corpus", str(paths["corpus"]), "--runs", str(args.runs),
           "--budget", str(args.budget), "--one-mb", str(args.one_mb)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                              env={**os.environ, "TEXTFIX_CACHE_DIR": str(cache)})
    except subprocess.TimeoutExpired:
        return {"method": method, "n": n, "error": f"timeout after {timeout:.0f} s"}
    if proc.returncode != 0 or not proc.stdout.strip():
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"method": method, "n": n, "error": tail[:120]}
    res: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    res.update(n=n, wall_s=time.perf_counter() - t0)
    return res


def _fmt(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "-"
    return f"{x:.{digits}f}" if abs(x) >= 0.1 or x == 0 or digits == 0 else f"{x:.2g}"


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The results as one Markdown table, with ratios against textfix at the same N."""
    head = ("| method | N | MB/s | textfix/method | MB/s CPU | textfix/method CPU | build s "
            "| index MB | peak MB | spun restored | case exact | damaged | measured on |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    speed = {(r["n"], r["method"]): statistics.median(r["mbs"]) for r in rows if "mbs" in r}
    cpu = {(r["n"], r["method"]): statistics.median(r["cpu_mbs"])
           for r in rows if "cpu_mbs" in r}
    for r in rows:
        n = r["n"]
        if "error" in r:
            lines.append(f"| {r['method']} | {n} | {r['error']} |" + " |" * 10)
            continue
        mbs = speed.get((n, r["method"]))
        tf = speed.get((n, "textfix"))
        ratio = tf / mbs if tf and mbs else None
        cmbs, ctf = cpu.get((n, r["method"])), cpu.get((n, "textfix"))
        cratio = ctf / cmbs if ctf and cmbs else None
        build_s = _fmt(r.get("build_s"))
        if r["method"] == "textfix" and "warm_s" in r:
            build_s = f"{r['build_s']:.2f} cold / {r['warm_s']:.2f} warm"
        spun = r.get("spun")
        ci, exact = (f"{100 * r[k] / spun:.1f}%" if spun else "-"
                     for k in ("restored_ci", "restored"))
        lines.append(
            f"| {r['method']} | {n} | {_fmt(mbs)} | {_fmt(ratio)} | {_fmt(cmbs)} "
            f"| {_fmt(cratio)} | {build_s} "
            f"| {_fmt(r.get('index_mb'), 0)} | {_fmt(r.get('peak_mb'), 0)} "
            f"| {ci} | {exact} | {r.get('damaged', '-')} "
            f"| {_fmt(r.get('mb'), 1)} MB |")
    return "\n".join(lines)


def jsonl_section(args: argparse.Namespace, n: int, cache: Path) -> str:
    """Time ``textfix fix --jsonl --field text -j N`` for N = 1, 2 on a large JSONL file."""
    helptext = subprocess.run([sys.executable, "-m", "textfix", "fix", "--help"],
                              capture_output=True, text=True, check=False).stdout
    if "--jsonl" not in helptext or "--field" not in helptext or " -j" not in helptext:
        return "JSONL: skipped, `textfix fix` has no --jsonl/--field/-j options yet."
    glossary = gen.ensure_glossary(n, args.seed)
    path = gen.DATA_DIR / f"jsonl-n{n}-{args.jsonl_mb:g}mb-s{args.seed}-v{gen.VERSION}.jsonl"
    if not path.exists():
        corpus = gen.ensure_corpus(n, args.mb, args.seed, args.zipf)
        docs = corpus.read_text(encoding="utf-8").splitlines()
        tmp, size, k = path.with_suffix(f".{os.getpid()}.tmp"), 0, 0
        with tmp.open("w", encoding="utf-8") as fh:
            while size < args.jsonl_mb * 1e6:
                text = json.loads(docs[k % len(docs)])["text"]
                fh.write(json.dumps({"id": k, "text": text}) + "\n")
                size += len(text)
                k += 1
        tmp.replace(path)
    lines_in = sum(1 for _ in path.open(encoding="utf-8"))
    mb = path.stat().st_size / 1e6
    out = ["| command | wall s | MB/s | CPU s (all processes) | peak RSS MB (all processes) "
           "| lines out |", "|---|---|---|---|---|---|"]
    walls = {}
    for jobs in (1, 2):
        cmd = [sys.executable, "-m", "textfix", "fix", "--jsonl", "--field", "text",
               "-j", str(jobs), "-g", str(glossary), str(path)]
        with tempfile.TemporaryFile() as sink:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE,
                                    env={**os.environ, "TEXTFIX_CACHE_DIR": str(cache)})
            peak, cpu = 0.0, dict[int, float]()
            while proc.poll() is None:
                peak = max(peak, tree_rss_mb(proc.pid, cpu))
                time.sleep(0.1)
            wall = time.perf_counter() - t0
            cpu_s = sum(cpu.values())
            sink.seek(0)
            lines_out = sum(1 for _ in sink)
        err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
        if proc.returncode != 0:
            out.append(f"| -j {jobs} | failed: {err.splitlines()[-1][:100] if err else '?'} "
                       "| | | | |")
            continue
        walls[jobs] = wall
        out.append(f"| `textfix fix --jsonl --field text -j {jobs}` | {wall:.1f} "
                   f"| {mb / wall:.2f} | {cpu_s:.1f} | {peak:.0f} | {lines_out}/{lines_in} |")
    if 1 in walls and 2 in walls:
        out.append(f"\n-j 2 speed-up over -j 1: {walls[1] / walls[2]:.2f}x "
                   f"({mb:.0f} MB JSONL, glossary of {n} terms, load time included)")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse options, generate (or reuse) the data, measure every method, print the table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,10000,100000", help="glossary sizes (terms)")
    p.add_argument("--mb", type=float, default=50.0, help="corpus size in MB per glossary")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--zipf", type=float, default=0.0, metavar="S",
                   help="draw the corpus's terms by Zipf's law with exponent S (real corpora: "
                        "about 1) instead of uniformly (the default, the worst case for caches)")
    p.add_argument("--runs", type=int, default=3, help="timed runs per method (median)")
    p.add_argument("--cap", type=int, default=8, help="spun variants enumerated per term")
    p.add_argument("--budget", type=float, default=60.0,
                   help="seconds per timed run before a slow method is cut short")
    p.add_argument("--timeout", type=float, default=1800.0, help="seconds per method process")
    p.add_argument("--one-mb", type=float, default=1000.0,
                   help="MB of the single-string runs (0: skip); the corpus is repeated to "
                        "reach it")
    p.add_argument("--methods", default=",".join(METHODS))
    p.add_argument("--jsonl-mb", type=float, default=200.0)
    p.add_argument("--jsonl-n", type=int, default=10000, help="glossary size for the JSONL run")
    p.add_argument("--skip-jsonl", action="store_true")
    p.add_argument("--quick", action="store_true", help="small sizes, about 2 minutes")
    p.add_argument("--out", type=Path, help="also write the results as JSON here")
    p.add_argument("--profile", type=int, metavar="N",
                   help="only profile textfix (pyinstrument) with N terms on --mb MB, and exit")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--glossary", help=argparse.SUPPRESS)
    p.add_argument("--variants", help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args)
        return 0
    if args.quick:  # smaller defaults; options given explicitly still win
        p.set_defaults(sizes="300,3000", mb=2.0, runs=1, budget=10.0, jsonl_mb=4.0,
                       jsonl_n=3000, one_mb=2.0)
        args = p.parse_args(argv)
    if args.profile:
        profile(args.profile, args)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    methods = [m for m in args.methods.split(",") if m]
    import textfix

    rev = subprocess.run(["git", "-C", str(HERE), "describe", "--always", "--dirty"],
                         capture_output=True, text=True, check=False).stdout.strip()
    print(f"textfix {textfix.__version__} ({rev or 'no git'}), python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cpus, seed {args.seed}, {args.mb:g} MB per size, "
          f"cap {args.cap} variants per term, {args.runs} runs (median), "
          f"terms drawn {f'by Zipf s={args.zipf:g}' if args.zipf > 0 else 'uniformly'}, "
          f"load average {os.getloadavg()[0]:.2f} at start", flush=True)
    rows: list[dict[str, Any]] = []
    gen.DATA_DIR.mkdir(parents=True, exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="textfix-cache-", dir=gen.DATA_DIR))
    try:
        for n in sizes:
            rows += measure(n, methods, args, cache)
        print()
        print(table(rows))
        speed = {(r["n"], r["method"]): statistics.median(r["mbs"]) for r in rows if "mbs" in r}
        if len(sizes) > 1 and (sizes[0], "textfix") in speed and (sizes[-1], "textfix") in speed:
            growth = speed[(sizes[-1], "textfix")] / speed[(sizes[0], "textfix")]
            print(f"\ntextfix growth: MB/s at {sizes[-1]} terms / at {sizes[0]} terms "
                  f"= {growth:.2f} (wall)", end="")
            cpu = {(r["n"], r["method"]): statistics.median(r["cpu_mbs"])
                   for r in rows if "cpu_mbs" in r}
            if (sizes[0], "textfix") in cpu and (sizes[-1], "textfix") in cpu:
                print(f", {cpu[(sizes[-1], 'textfix')] / cpu[(sizes[0], 'textfix')]:.2f} (CPU)",
                      end="")
            print()
        for r in rows:
            if "quarter_cpu_mbs" in r:
                print(f"{r['method']} ({r['n']} terms): CPU MB/s on {r['mb']:.1f} MB / on a "
                      f"quarter of it = {r['cpu_mbs'][0] / r['quarter_cpu_mbs']:.2f} "
                      "(1.00: time linear in size)")
        if not args.skip_jsonl:
            print()
            print(jsonl_section(args, args.jsonl_n, cache), flush=True)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))
    return 0


def profile(n: int, args: argparse.Namespace) -> None:
    """Print a pyinstrument profile of ``Rewriter.fix`` over the corpus for ``n`` terms."""
    from pyinstrument import Profiler

    import textfix

    glossary = gen.ensure_glossary(n, args.seed)
    with gen.ensure_corpus(n, args.mb, args.seed, args.zipf).open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    rw = textfix.Rewriter([textfix.get_glossary(glossary)])
    for text in texts[:50]:  # warm up: lazily loaded data (lemminflect) is not the steady state
        rw.fix(text)
    profiler = Profiler(interval=0.0005)
    t0 = time.perf_counter()
    with profiler:
        for text in texts:
            rw.fix(text)
    el = time.perf_counter() - t0
    print(f"{n} terms, {sum(map(len, texts)) / 1e6:.1f} MB in {el:.2f} s under the profiler")
    print(profiler.output_text(unicode=False, color=False))


def measure(n: int, methods: Sequence[str], args: argparse.Namespace,
            cache: Path) -> list[dict[str, Any]]:
    """Generate (or reuse) the data for a glossary of ``n`` terms and measure every method."""
    t0 = time.perf_counter()
    paths = {"glossary": gen.ensure_glossary(n, args.seed),
             "variants": gen.ensure_variants(n, args.seed, args.cap),
             "corpus": gen.ensure_corpus(n, args.mb, args.seed, args.zipf)}
    nvar = len(json.loads(paths["variants"].read_text()))
    print(f"N={n}: data ready in {time.perf_counter() - t0:.1f} s "
          f"({nvar} enumerated variants, corpus {gen.digest(paths['corpus'])})", flush=True)
    todo = list(methods)
    if args.one_mb and n == args.jsonl_n:
        todo += [f"{m}-one" for m in ("textfix", "flashtext", "pyahocorasick") if m in methods]
    rows = []
    for method in todo:
        timeout = args.timeout
        if method == "regex-alternation":  # its compile alone grows past any useful wait
            timeout = min(timeout, 2 * args.budget + 240)
        res = run_child(method, n, paths, args, timeout, cache)
        if method == "textfix" and "error" not in res:
            warm = run_child("textfix-warm", n, paths, args, args.timeout, cache)
            if "build_s" in warm:
                res["warm_s"] = warm["build_s"]
        rows.append(res)
        print(f"  {method}: " + (res.get("error") or
              f"{statistics.median(res['mbs']):.2f} MB/s, build {res['build_s']:.2f} s, "
              f"peak {res['peak_mb']:.0f} MB"), flush=True)
    return rows

if __name__ == "__main__":
    sys.exit(main())
