"""Speed of textfix on real text: clean news, spun news, one-in-ten mixes, JSON Lines and one
big file through the command line, against the tokenize floors; where the time goes; and the
current tree against another revision, with a check that their repairs are byte-identical.

Inputs. Clean news: ``tests/data/clean``, ``tests/data/terms-clean`` and
``../shared/corpus/clean`` when present. Spun news: ``../shared/spun-samples``,
``../shared/corpus/spun`` and every ``../shared/pairs/*/spun.txt`` when present. ``--clean``
and ``--spun`` name other folders or files. The one-in-ten mix is nine clean documents, then
one spun, each pool cycled.

Parts (``--parts``, comma-separated; the machine's speed drifts, so everything compared is
measured in the same run, in interleaved rounds whose order flips every round):

- ``api``: the default set (``Rewriter()``), each shipped default glossary alone, and the
  default set with ``model=False``, repairing clean news, spun news and the mix document by
  document in this process, beside the floors: ``WORD.findall`` (tokenize) and tokenize plus
  one dict lookup per word. CPU time, best of the rounds; MB/s and "x the tokenize floor".
- ``strings``: the default set on the mix as one string of ``--big-mb`` MB and in pieces of
  1 MiB and 64 KiB (the command line's chunks are 1 MiB), beside the floors on that string.
- ``cli``: ``textfix fix --jsonl --field text`` at ``-j 1`` and ``-j 2`` on about
  ``--jsonl-mb`` MB of the mix, and ``textfix fix -j 1`` on one file of the mix
  (``--big-mb`` MB), beside floors that read the same file, tokenize it (and look every word
  up) and write it back in a child process. Wall time, best of the rounds.
- ``profile``: where the default set's time goes on clean and spun news, by stage: the
  prefilter (``Matcher._hits``), the walks (the rest of ``Matcher.match``), selection
  (``select``, ``add_sharing``), edits (``EditBuilder.edits``, ``apply_edits``), the model
  (``SpinnerModel.scores``, ``SpinnerModel.proposals``) and the rest of ``Rewriter.fix``.
  Timers wrap those functions in this process (time inside nested timed calls goes to the
  inner stage); a function that no longer exists is skipped with a note.
- ``against`` (``--against REV``): exports REV with ``git archive``, runs the current tree
  and REV in two child processes (``PYTHONPATH`` at each), alternating, on the same clean,
  spun and mix documents (CPU MB/s of each, ratio current/REV per set) and on the mix file
  through ``textfix fix -j 1`` (wall); then checks that both repair every shared pair
  (spun and original), every clean and spun text used and every text of ``tests/data``
  identically, text and edits, under every configuration of ``api``, and that the command
  line writes the same bytes. Differences are printed (the first few) and the exit status is 1.

Run from the repository root (with ``PYTHONPATH=.`` when another checkout is installed):

    python benchmarks/real_text.py                      # api, cli, profile (about 10 minutes)
    python benchmarks/real_text.py --quick              # small copies, 2 rounds, < 1 minute
    python benchmarks/real_text.py --parts api,profile --rounds 9 --json out.json
    python benchmarks/real_text.py --against HEAD~1     # speed ratio and identity check
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import importlib
import inspect
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib as bl  # benchmarks/ is not a package: found through sys.path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_PARTS = "api,strings,cli,profile"


# -- inputs -----------------------------------------------------------------------------------
@dataclass
class Inputs:
    """The texts of a run: clean and spun news (and their files), and the texts to check."""

    clean_files: list[Path]
    spun_files: list[Path]
    clean: list[str] = field(default_factory=list)
    spun: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clean = [p.read_text(encoding="utf-8") for p in self.clean_files]
        self.spun = [p.read_text(encoding="utf-8") for p in self.spun_files]

    def mix(self) -> list[str]:
        """One spun document per nine clean: every clean document once."""
        n = len(self.clean) + len(self.clean) // 9
        return list(bl.one_in_ten(self.clean, self.spun, n))

    def sets(self) -> dict[str, list[str]]:
        return {"clean news": self.clean, "spun news": self.spun, "one-in-ten mix": self.mix()}

    def check_files(self) -> list[Path]:
        """Every text the identity check repairs: pairs, the texts used, tests/data."""
        pairs = bl.text_files([SHARED / "pairs"]) if (SHARED / "pairs").is_dir() else []
        files = [*pairs, *self.clean_files, *self.spun_files,
                 *bl.text_files([ROOT / "tests" / "data"])]
        return list(dict.fromkeys(p.resolve() for p in files))


def gather(clean: Sequence[Path] | None, spun: Sequence[Path] | None) -> Inputs:
    if clean is None:
        clean = [ROOT / "tests" / "data" / "clean", ROOT / "tests" / "data" / "terms-clean",
                 SHARED / "corpus" / "clean"]
    if spun is None:
        spun = [SHARED / "spun-samples", SHARED / "corpus" / "spun"]
        spun += sorted((SHARED / "pairs").glob("*/spun.txt")) if SHARED.is_dir() else []
    return Inputs(bl.text_files(clean), bl.text_files(spun))


def configs() -> dict[str, Callable[[], Any]]:
    """The rewriters measured, by name: the default set, each default glossary alone, and the
    default set without the spinner model."""
    import textfix

    out: dict[str, Callable[[], Any]] = {"default set": textfix.Rewriter}
    for g in textfix.default_glossaries():
        out[f"{g.name} alone"] = functools.partial(textfix.Rewriter, [g])
    out["default set (model off)"] = functools.partial(textfix.Rewriter, model=False)
    return out


def mb_of(docs: Sequence[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def _stats(xs: Sequence[float]) -> str:
    return f"{statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"


# -- api: in process --------------------------------------------------------------------------
def api(sets: dict[str, list[str]], copies: int, rounds: int,
        only: Sequence[str] | None = None) -> dict[str, Any]:
    """Interleaved CPU seconds of every configuration and both floors, per set."""
    rws = {name: make() for name, make in configs().items()
           if only is None or name in only}
    out: dict[str, Any] = {}
    for set_name, base in sets.items():
        docs = base * copies
        edits = {}
        for name, rw in rws.items():  # warm: compile cache, lazy tables, language model
            edits[name] = sum(len(rw.fix(d).edits) for d in base)
        arms: dict[str, Callable[[], object]] = {
            "tokenize floor": functools.partial(bl.tokenize_floor, docs),
            "tokenize+dict floor": functools.partial(bl.dict_floor, docs)}
        for name, rw in rws.items():
            arms[name] = functools.partial(bl.fix_all, rw.fix, docs)
        out[set_name] = {"documents": len(base), "mb": mb_of(docs), "edits": edits,
                         "seconds": bl.interleaved(arms, rounds)}
    return out


def print_api(res: dict[str, Any], rounds: int, copies: int) -> None:
    print(f"## Per document through the API (CPU, best of {rounds} interleaved rounds, "
          f"{copies} copies per pass)\n")
    print("| text | rewriter | MB/s | x tokenize floor | x tokenize+dict floor | "
          "x tokenize floor per round: median (min-max) | edits per copy |")
    print("|---|---|---|---|---|---|---|")
    for set_name, r in res.items():
        secs = r["seconds"]
        floor, dfloor = secs["tokenize floor"], secs["tokenize+dict floor"]
        for arm, ts in secs.items():
            per_round = [f / t for f, t in zip(floor, ts, strict=True)]
            label = f"{set_name} ({r['documents']} texts, {r['mb']:.2f} MB)"
            print(f"| {label} | {arm} | {r['mb'] / min(ts):.2f} | {min(floor) / min(ts):.3f} "
                  f"| {min(dfloor) / min(ts):.3f} | {_stats(per_round)} | "
                  f"{r['edits'].get(arm, '-')} |")
    print()


# -- strings: one big string and pieces of it, in process ------------------------------------
def pieces(text: str, size: int) -> list[str]:
    """``text`` cut after the first blank line past every ``size`` characters (as the command
    line cuts a big file into chunks)."""
    out, i = [], 0
    while i < len(text):
        j = text.find("\n\n", i + size)
        j = len(text) if j < 0 else j + 2
        out.append(text[i:j])
        i = j
    return out


def strings(mix: Sequence[str], mb: float, sizes: Sequence[int], rounds: int
            ) -> dict[str, Any]:
    """Interleaved CPU seconds of the default set on the mix as one string of ``mb`` MB and in
    pieces, and of the floors on it."""
    import textfix

    rw = textfix.Rewriter()
    text = "\n\n".join(bl.fill(iter(list(mix) * (int(mb * 1e6 / mb_of(mix)) + 2)), mb))
    ways = {"one string": [text], **{f"pieces of {s >> 10} KiB": pieces(text, s) for s in sizes}}
    arms: dict[str, Callable[[], object]] = {
        "tokenize floor": functools.partial(bl.tokenize_floor, [text]),
        "tokenize+dict floor": functools.partial(bl.dict_floor, [text])}
    edits = {}
    for how, parts in ways.items():
        edits[how] = sum(len(rw.fix(p).edits) for p in parts)  # warm, and count
        arms[how] = functools.partial(bl.fix_all, rw.fix, parts)
    return {"mb": mb_of([text]), "pieces": {h: len(p) for h, p in ways.items()},
            "edits": edits, "seconds": bl.interleaved(arms, rounds)}


def print_strings(res: dict[str, Any], rounds: int) -> None:
    secs, mb = res["seconds"], res["mb"]
    floor = secs["tokenize floor"]
    print(f"## The mix as one string of {mb:.1f} MB and in pieces, default set through the API "
          f"(CPU, best of {rounds} interleaved rounds)\n")
    print("| as | pieces | MB/s | x tokenize floor | edits |")
    print("|---|---|---|---|---|")
    for how, ts in secs.items():
        print(f"| {how} | {res['pieces'].get(how, '-')} | {mb / min(ts):.2f} | "
              f"{min(floor) / min(ts):.3f} | {res['edits'].get(how, '-')} |")
    print()


# -- cli: child processes ---------------------------------------------------------------------
_FLOOR = """
import json, sys
from textfix.text.tokenize import WORD
how, fmt, path = sys.argv[1:4]
findall, get, lookup, out = WORD.findall, {}.get, None, sys.stdout
def scan(text):
    if how == "dict":
        for w in findall(text):
            get(w.lower())
    else:
        findall(text)
with open(path, encoding="utf-8") as fh:
    if fmt == "jsonl":
        for line in fh:
            scan(json.loads(line)["text"])
            out.write(line)
    else:
        text = fh.read()
        scan(text)
        out.write(text)
"""


def child_env(tree: Path, cache: Path | None = None) -> dict[str, str]:
    """The environment of a child that imports textfix from ``tree``, with one hash seed for
    all (so that two trees' processes do not differ by the layout of their sets and dicts)."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0")
    if cache is not None:
        env["TEXTFIX_CACHE_DIR"] = str(cache)
    return env


def _busy() -> float:
    """CPU seconds every process of the machine has used (``/proc/stat``), 0 elsewhere."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _ours() -> float:
    """CPU seconds of this process and its finished children."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + r.ru_utime + r.ru_stime


def others_busy(seconds: float = 0.5) -> float:
    """Cores that other processes of the machine keep busy, over ``seconds``."""
    b0, o0 = _busy(), _ours()
    time.sleep(seconds)
    return max(0.0, (_busy() - b0) - (_ours() - o0)) / seconds


def wait_quiet(limit: float, cores: float = 0.25) -> None:
    """Wait, up to ``limit`` seconds, until other processes keep fewer than ``cores`` busy."""
    end = time.monotonic() + limit
    while time.monotonic() < end and others_busy() >= cores:
        pass


def wall(cmd: Sequence[str], env: dict[str, str], out: TextIO | int = subprocess.DEVNULL,
         others: list[float] | None = None, quiet: float = 0.0) -> float:
    """Wall seconds of ``cmd``, once other processes are quiet (waiting ``quiet`` seconds at
    most); appends to ``others`` how many cores other processes of the machine kept busy just
    before and just after (the greater; another job on a 2-core machine takes what ``-j 2``
    gains). Not during: the workers of ``-j 2`` are no children of ours to count."""
    if quiet:
        wait_quiet(quiet)
    before = others_busy(0.25) if others is not None else 0.0
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=out, env=env)
    dt = time.perf_counter() - t0
    if others is not None:
        others.append(max(before, others_busy(0.25)))
    return dt


def fix_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "textfix", "fix", "-q", *args]


def cli_files(tmp: Path, mix: Sequence[str], jsonl_mb: float, big_mb: float
              ) -> tuple[Path, float, Path, float]:
    """A JSONL of the mix cycled to ``jsonl_mb`` MB and one text file of it, ``big_mb`` MB."""
    jsonl = tmp / "mix.jsonl"
    jmb = bl.write_jsonl(jsonl, bl.jsonl_of(mix, jsonl_mb))
    big = tmp / "mix.txt"
    text = "\n\n".join(bl.fill(iter(list(mix) * (int(big_mb * 1e6 / mb_of(mix)) + 2)), big_mb))
    big.write_text(text, encoding="utf-8")
    return jsonl, jmb, big, len(text.encode("utf-8")) / 1e6


def cli(mix: Sequence[str], jsonl_mb: float, big_mb: float, rounds: int, tree: Path,
        quiet: float = 0.0) -> dict[str, Any]:
    """Interleaved wall seconds of the command line and of the floors in child processes."""
    env = child_env(tree)
    with tempfile.TemporaryDirectory() as tmp:
        jsonl, jmb, big, bmb = cli_files(Path(tmp), mix, jsonl_mb, big_mb)
        j, b, e = str(jsonl), str(big), str(Path(tmp) / "empty.txt")
        Path(e).write_text("", encoding="utf-8")
        arms: dict[str, list[str]] = {
            "jsonl: fix --jsonl --field text -j 1": fix_cmd("--jsonl", "--field", "text",
                                                            "-j", "1", j),
            "jsonl: fix --jsonl --field text -j 2": fix_cmd("--jsonl", "--field", "text",
                                                            "-j", "2", j),
            "jsonl: tokenize floor": [sys.executable, "-c", _FLOOR, "tokenize", "jsonl", j],
            "jsonl: tokenize+dict floor": [sys.executable, "-c", _FLOOR, "dict", "jsonl", j],
            "file: fix -j 1": fix_cmd("-j", "1", b),
            "file: tokenize floor": [sys.executable, "-c", _FLOOR, "tokenize", "text", b],
            "file: tokenize+dict floor": [sys.executable, "-c", _FLOOR, "dict", "text", b],
            "start-up: fix -j 1": fix_cmd("-j", "1", e),
            "start-up: tokenize floor": [sys.executable, "-c", _FLOOR, "tokenize", "text", e],
        }
        wall(fix_cmd("-j", "1", b), env)  # warm the compile cache and the page cache
        others: dict[str, list[float]] = {a: [] for a in arms}
        secs = bl.interleaved({a: functools.partial(wall, cmd, env, others=others[a],
                                                    quiet=quiet)
                               for a, cmd in arms.items()}, rounds, clock=bl.returned)
    return {"jsonl_mb": jmb, "file_mb": bmb, "jsonl_lines": len(bl.jsonl_of(mix, jsonl_mb)),
            "seconds": secs, "others_cores": others}


def print_cli(res: dict[str, Any], rounds: int) -> dict[str, float]:
    secs, others = res["seconds"], res["others_cores"]
    best = {a: min(ts) for a, ts in secs.items()}
    print(f"## Command line (wall, best of {rounds} interleaved rounds; start-up included)\n")
    print(f"JSONL: {res['jsonl_mb']:.1f} MB ({res['jsonl_lines']} documents of the mix); "
          f"file: {res['file_mb']:.1f} MB of the mix as one text; start-up: the same on an "
          f"empty file. The floors read the file, tokenize (and look up) every word and write "
          f"it back, in `python -c`.\n")
    print("| input | command | runs (s) | MB/s | x tokenize floor | x tokenize floor, start-up "
          "taken off | other processes' cores around the runs |")
    print("|---|---|---|---|---|---|---|")
    for arm, ts in secs.items():
        kind, what = arm.split(": ", 1)
        cmd = f"`textfix {what}`" if what.startswith("fix") else what
        busy = ", ".join(f"{x:.1f}" for x in others[arm])
        runs = ", ".join(f"{t:.2f}" for t in ts)
        if kind == "start-up":
            print(f"| (empty file) | {cmd} | {runs} | - | - | - | {busy} |")
            continue
        mb = res["jsonl_mb"] if kind == "jsonl" else res["file_mb"]
        floor = best[f"{kind}: tokenize floor"]
        start = best["start-up: fix -j 1" if what.startswith("fix")
                     else "start-up: tokenize floor"]
        work = best[arm] - start
        # an input so small that the run is all start-up has no ratio without it
        net = (f"{(floor - best['start-up: tokenize floor']) / work:.3f}" if work > 0.02
               else "-")
        print(f"| {kind} | {cmd} | {runs} | {mb / best[arm]:.2f} | {floor / best[arm]:.3f} | "
              f"{net} | {busy} |")
    k1, k2 = "jsonl: fix --jsonl --field text -j 1", "jsonl: fix --jsonl --field text -j 2"
    j1, j2 = secs[k1], secs[k2]
    per = [a / b for a, b in zip(j1, j2, strict=True)]
    quiet = [r for r, (x, y) in enumerate(zip(others[k1], others[k2], strict=True))
             if max(x, y) < 0.25]
    print(f"\n-j 2 / -j 1: {best[k1] / best[k2]:.2f}x best against best; per round "
          f"{', '.join(f'{x:.2f}' for x in per)}"
          + (f"; in the {len(quiet)} rounds where other processes kept less than a quarter "
             f"of a core busy: median {statistics.median(per[r] for r in quiet):.2f}"
             if quiet else "; no round was free of other processes") + "\n")
    return {"j2_over_j1": best[k1] / best[k2],
            "file_x_floor": best["file: tokenize floor"] / best["file: fix -j 1"]}


# -- profile: timers around the stages --------------------------------------------------------
STAGES: tuple[tuple[str, str, str], ...] = (
    ("prefilter", "textfix.engine.match", "Matcher._hits"),
    ("split into words", "textfix.engine.doc", "Doc.__init__"),
    ("walks", "textfix.engine.match", "Matcher.match"),
    ("selection", "textfix.engine.select", "select"),
    ("selection", "textfix.engine.select", "add_sharing"),
    ("edits", "textfix.engine.build", "EditBuilder.edits"),
    ("edits", "textfix.engine.edit", "apply_edits"),
    ("model", "textfix.model.spinner", "SpinnerModel.scores"),
    ("model", "textfix.model.spinner", "SpinnerModel.proposals"),
    ("rest of fix", "textfix.engine.rewrite", "Rewriter.fix"),
)
STAGE_ORDER = tuple(dict.fromkeys(stage for stage, _, _ in STAGES))


class StageTimers:
    """Exclusive wall time per stage: a timed call's time, less that of timed calls inside it.

    :meth:`install` wraps the functions of :data:`STAGES` where they are defined and wherever
    a ``textfix`` module imported them under any name; :meth:`remove` puts the originals back.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {path: 0.0 for _, _, path in STAGES}
        """Exclusive seconds by function (``STAGES``' paths)."""
        self.calls: dict[str, int] = {path: 0 for _, _, path in STAGES}
        self.notes: list[str] = []
        self._stack: list[float] = []
        self._undo: list[tuple[Any, str, Any]] = []

    def _wrap(self, key: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        clock, stack, seconds, calls = time.perf_counter, self._stack, self.seconds, self.calls

        @functools.wraps(fn)
        def timed(*a: Any, **k: Any) -> Any:
            stack.append(0.0)
            t0 = clock()
            try:
                return fn(*a, **k)
            finally:
                dt = clock() - t0
                seconds[key] += dt - stack.pop()
                calls[key] += 1
                if stack:
                    stack[-1] += dt

        return timed

    def _set(self, owner: Any, name: str, value: Any) -> None:
        self._undo.append((owner, name, owner.__dict__[name] if isinstance(owner, type)
                           else getattr(owner, name)))
        setattr(owner, name, value)

    def install(self) -> None:
        for stage, module_name, path in STAGES:
            try:
                module = importlib.import_module(module_name)
                owner: Any = module
                *outer, name = path.split(".")
                for part in outer:
                    owner = getattr(owner, part)
                raw = inspect.getattr_static(owner, name)
            except (ImportError, AttributeError):
                self.notes.append(f"{module_name}.{path} not found: not timed ({stage} "
                                  f"counts without it; its time falls to its caller)")
                continue
            if isinstance(owner, type):
                if isinstance(raw, staticmethod | classmethod):
                    self._set(owner, name, type(raw)(self._wrap(path, raw.__func__)))
                elif callable(raw):
                    self._set(owner, name, self._wrap(path, raw))
                else:
                    self.notes.append(f"{module_name}.{path} is not a function: not timed")
                continue
            if not (inspect.isfunction(raw) or inspect.isbuiltin(raw)):
                self.notes.append(f"{module_name}.{path} is not a function: not timed")
                continue
            wrapped = self._wrap(path, raw)
            users = [m for n, m in list(sys.modules.items())
                     if (n == "textfix" or n.startswith("textfix.")) and m is not None]
            for m in users:  # every module that imported it, under any name
                for attr, value in list(vars(m).items()):
                    if value is raw:
                        self._set(m, attr, wrapped)

    def remove(self) -> None:
        while self._undo:
            owner, name, value = self._undo.pop()
            setattr(owner, name, value)


def profile(sets: dict[str, list[str]], passes: int) -> dict[str, Any]:
    """Seconds per stage of the default set on each set, ``passes`` passes."""
    import textfix

    rw = textfix.Rewriter()
    out: dict[str, Any] = {}
    for set_name, docs in sets.items():
        for d in docs:
            rw.fix(d)  # warm
        plain = min(bl.cpu(functools.partial(bl.fix_all, rw.fix, docs)) for _ in range(passes))
        timers = StageTimers()
        timers.install()
        try:
            timed = min(bl.cpu(functools.partial(bl.fix_all, rw.fix, docs))
                        for _ in range(passes))
        finally:
            timers.remove()
        out[set_name] = {"mb": mb_of(docs) * passes, "seconds": timers.seconds,
                         "calls": timers.calls, "notes": timers.notes,
                         "untimed_pass_cpu": plain, "timed_pass_cpu": timed, "passes": passes}
    return out


def print_profile(res: dict[str, Any]) -> None:
    names = list(res)
    print("## Where the default set's time goes (share of `Rewriter.fix`, wall, timers "
          "wrapped around each function)\n")
    print("| stage | function | " + " | ".join(f"{n}: share | {n}: calls per MB"
                                              for n in names) + " |")
    print("|---|---|" + "---|---|" * len(names))
    for stage in STAGE_ORDER:
        paths = [path for st, _, path in STAGES if st == stage]
        for path in ([stage, *paths] if len(paths) > 1 else paths):
            cells = []
            for n in names:
                r = res[n]
                total = sum(r["seconds"].values()) or 1.0
                group = paths if path == stage else [path]
                secs = sum(r["seconds"][p] for p in group)
                calls = sum(r["calls"][p] for p in group)
                cells.append(f"{100 * secs / total:.1f}% | {calls / r['mb']:.0f}")
            what = "(together)" if path == stage else f"`{path}`"
            label = stage if path == stage or len(paths) == 1 else ""
            print(f"| {label} | {what} | " + " | ".join(cells) + " |")
    for n in names:
        r = res[n]
        total = sum(r["seconds"].values())
        unused = [p for p in r["calls"] if not r["calls"][p]]
        print(f"\n{n}: {total / r['passes']:.3f} s per pass in the stages (wall), best pass "
              f"{r['timed_pass_cpu']:.3f} s CPU with the timers, {r['untimed_pass_cpu']:.3f} s "
              f"without (the difference is their overhead). " + " ".join(r["notes"])
              + (f" Never called: {', '.join(unused)}." if unused else ""))
    print()


# -- against: this tree and another revision in child processes ------------------------------
class Child:
    """A benchmark process serving commands on stdin, importing textfix from ``tree``."""

    def __init__(self, label: str, tree: Path, cache: Path, inputs: Path) -> None:
        self.label, self.tree, self.cache = label, tree, cache
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve"], text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=child_env(tree, cache))
        self.info = self.ask({"op": "init", "inputs": str(inputs)})

    def send(self, msg: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(msg) + "\n")
        self.proc.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.label} child stopped (exit {self.proc.wait()})")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"the {self.label} child: {reply['error']}")
        return reply

    def ask(self, msg: dict[str, Any]) -> dict[str, Any]:
        self.send(msg)
        return self.receive()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send({"op": "quit"})
            self.proc.wait(timeout=30)


class _Server:
    """The child's side of :class:`Child`: one JSON command per line, one reply per line."""

    def __init__(self) -> None:
        self.makers = configs()
        self.rws: dict[str, Any] = {}
        self.sets: dict[str, list[str]] = {}
        self.check: dict[str, str] = {}

    def rewriter(self, name: str) -> Any:
        if name not in self.rws:
            self.rws[name] = self.makers[name]()
        return self.rws[name]

    def init(self, msg: dict[str, Any]) -> dict[str, Any]:
        import textfix

        data = json.loads(Path(msg["inputs"]).read_text(encoding="utf-8"))
        self.sets, self.check = data["sets"], data["check"]
        fix = self.rewriter("default set").fix
        for docs in self.sets.values():
            bl.fix_all(fix, docs)  # warm
        return {"version": textfix.__version__, "configs": list(self.makers)}

    def time(self, msg: dict[str, Any]) -> dict[str, Any]:
        docs = self.sets[msg["set"]] * msg["copies"]
        return {"cpu": bl.cpu(functools.partial(bl.fix_all, self.rewriter("default set").fix,
                                                docs))}

    def outputs(self, msg: dict[str, Any]) -> dict[str, Any]:
        res: dict[str, dict[str, Any]] = {}
        for name in msg["configs"]:
            if name in self.makers:
                fix = self.rewriter(name).fix
                res[name] = {}
                for key, text in self.check.items():
                    r = fix(text)
                    res[name][key] = [r.text, [list(e) for e in r.edits]]
        Path(msg["out"]).write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
        return {"ok": True}


def serve() -> int:
    """Answer :class:`Child`'s commands until ``quit`` or the end of stdin."""
    server = _Server()
    ops: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
        "init": server.init, "time": server.time, "outputs": server.outputs}
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["op"] == "quit":
            break
        try:
            reply = ops[msg["op"]](msg)
        except Exception as e:  # said to the parent, which stops
            reply = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


def export(rev: str, dest: Path) -> str:
    """Write the tree of ``rev`` into ``dest`` (``git archive``); return its short hash."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", f"{rev}^{{commit}}"],
                         check=True, capture_output=True, text=True).stdout.strip()
    dest.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(ROOT), "archive", "--format=tar", sha],
                               stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, check=True)
    if archive.wait() != 0:
        raise RuntimeError(f"git archive {rev} failed")
    return sha


def _first_difference(a: list[Any], b: list[Any]) -> str:
    """Where two repairs ([text, edits]) first differ, in words."""
    (ta, ea), (tb, eb) = a, b
    if ea != eb:
        for k, (x, y) in enumerate(zip(ea, eb, strict=False)):
            if x != y:
                return f"edit {k}: {x} / {y}"
        k = min(len(ea), len(eb))
        return f"{len(ea)} / {len(eb)} edits; edit {k}: {(ea + eb)[k] if ea[k:] else eb[k]}"
    k = next((i for i, (x, y) in enumerate(zip(ta, tb, strict=False)) if x != y),
             min(len(ta), len(tb)))
    return f"text at {k}: {ta[max(0, k - 30):k + 30]!r} / {tb[max(0, k - 30):k + 30]!r}"


def _short(p: str) -> str:
    path = Path(p)
    for base, name in ((ROOT, ""), (SHARED, "../shared/")):
        if path.is_relative_to(base):
            return name + str(path.relative_to(base))
    return path.name


def against(rev: str, inputs: Inputs, copies: int, rounds: int, big_mb: float,
            check_configs: Sequence[str] | None, show: int, quiet: float = 0.0
            ) -> dict[str, Any]:
    """Speed of this tree against ``rev`` and the identity of their repairs."""
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sha = export(rev, tmp / "rev")
        out["rev"] = sha
        files = inputs.check_files()
        sets = inputs.sets()
        (tmp / "inputs.json").write_text(json.dumps(
            {"sets": sets, "check": {str(p): p.read_text(encoding="utf-8") for p in files}},
            ensure_ascii=False), encoding="utf-8")
        labels = ("current", sha)
        trees = {"current": ROOT, sha: tmp / "rev"}
        caches = {lab: tmp / f"cache-{k}" for k, lab in enumerate(labels)}
        kids = {lab: Child(lab, trees[lab], caches[lab], tmp / "inputs.json") for lab in labels}
        try:
            # speed: the two children take turns on each set, order flipping every round
            speed: dict[str, dict[str, list[float]]] = {s: {lab: [] for lab in labels}
                                                        for s in sets}
            for r in range(rounds):
                for s in sets:
                    for lab in (labels if r % 2 == 0 else labels[::-1]):
                        speed[s][lab].append(kids[lab].ask(
                            {"op": "time", "set": s, "copies": copies})["cpu"])
            # the command line on the mix file
            _, _, big, bmb = cli_files(tmp, inputs.mix(), 0.0, big_mb)
            cli_out: dict[str, str] = {}
            for lab in labels:  # warm, and keep what it writes
                dest = tmp / f"out-{lab}.txt"
                with dest.open("w", encoding="utf-8") as fh:
                    wall(fix_cmd("-j", "1", str(big)), child_env(trees[lab], caches[lab]), fh)
                cli_out[lab] = hashlib.sha256(dest.read_bytes()).hexdigest()
            cli_secs = bl.interleaved(
                {lab: functools.partial(wall, fix_cmd("-j", "1", str(big)),
                                        child_env(trees[lab], caches[lab]), quiet=quiet)
                 for lab in labels},
                rounds, clock=bl.returned)
            # identity: both children repair every text under every configuration at once
            names = list(check_configs or kids["current"].info["configs"])
            for lab in labels:
                kids[lab].send({"op": "outputs", "configs": names,
                                "out": str(tmp / f"outputs-{lab}.json")})
            for lab in labels:
                kids[lab].receive()
        finally:
            for kid in kids.values():
                kid.close()
        res = {lab: json.loads((tmp / f"outputs-{lab}.json").read_text(encoding="utf-8"))
               for lab in labels}
    diffs: list[str] = []
    compared = 0
    for name in names:
        a, b = res["current"].get(name), res[sha].get(name)
        if a is None or b is None:
            diffs.append(f"{name}: missing in {'current' if a is None else sha}")
            continue
        for key in a:
            compared += 1
            if a[key] != b[key]:
                diffs.append(f"{name}, {_short(key)}: {_first_difference(a[key], b[key])}")
    if cli_out["current"] != cli_out[sha]:
        diffs.append(f"`textfix fix -j 1` on the {bmb:.1f} MB mix file writes other bytes")
    out.update({"sets": {s: {"mb": mb_of(sets[s]) * copies, "cpu": speed[s]} for s in sets},
                "cli": {"mb": bmb, "seconds": cli_secs}, "compared": compared,
                "texts": len(files), "configs": names, "differences": diffs})
    print(f"## This tree against {sha} (child processes taking turns, {rounds} rounds)\n")
    print(f"| input | MB per pass | current MB/s | {sha} MB/s | current / {sha} (best) | "
          f"per round: median (min-max) |")
    print("|---|---|---|---|---|---|")
    for s in sets:
        mb = mb_of(sets[s]) * copies
        cur, old = speed[s]["current"], speed[s][sha]
        per = [o / c for c, o in zip(cur, old, strict=True)]
        print(f"| {s} (API, CPU) | {mb:.2f} | {mb / min(cur):.2f} | {mb / min(old):.2f} | "
              f"{min(old) / min(cur):.3f} | {_stats(per)} |")
    cur, old = cli_secs["current"], cli_secs[sha]
    per = [o / c for c, o in zip(cur, old, strict=True)]
    print(f"| mix file, `textfix fix -j 1` (wall) | {bmb:.2f} | {bmb / min(cur):.2f} | "
          f"{bmb / min(old):.2f} | {min(old) / min(cur):.3f} | {_stats(per)} |")
    print(f"\nIdentity (current / {sha}): {compared} repairs compared ({len(files)} texts x "
          f"{len(names)} configurations: {', '.join(names)}), plus the command line's output "
          f"on the mix file: {len(diffs)} differences.")
    for d in diffs[:show]:
        print(f"  - {d}")
    if len(diffs) > show:
        print(f"  ... and {len(diffs) - show} more")
    print()
    return out


# -- main -------------------------------------------------------------------------------------
def _header() -> str:
    import textfix

    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True,
                                  check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    dirty = "+changes" if git("status", "--porcelain", "--", "textfix") else ""
    here = Path(textfix.__file__).resolve().parents[1] == ROOT
    return (f"textfix {textfix.__version__} ({git('rev-parse', '--short', 'HEAD')}{dirty}"
            f"{'' if here else ', imported from another checkout'}), python "
            f"{platform.python_version()}, {os.cpu_count()} cpus, load average "
            f"{os.getloadavg()[0]:.2f} at start, "
            f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")


def _targets(api_res: dict[str, Any] | None, cli_res: dict[str, float] | None) -> None:
    rows = []

    def x_floor(set_name: str) -> str:
        if api_res is None or set_name not in api_res:
            return "not run"
        secs = api_res[set_name]["seconds"]
        return f"{min(secs['tokenize floor']) / min(secs['default set']):.3f}"

    rows.append(("clean news, default set, >= 0.8x the tokenize floor", x_floor("clean news")))
    rows.append(("spun news, default set, >= 0.25x the tokenize floor", x_floor("spun news")))
    rows.append(("one-in-ten mix, one file through `fix -j 1`, >= 0.5x the tokenize floor",
                 f"{cli_res['file_x_floor']:.3f}" if cli_res else "not run"))
    rows.append(("`-j 2` >= 1.7x `-j 1` on JSONL",
                 f"{cli_res['j2_over_j1']:.2f}" if cli_res else "not run"))
    print("## Targets\n")
    print("| target | now |")
    print("|---|---|")
    for t, now in rows:
        print(f"| {t} | {now} |")
    print()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--clean", type=Path, nargs="+", help="folders or files of clean .txt")
    ap.add_argument("--spun", type=Path, nargs="+", help="folders or files of spun .txt")
    ap.add_argument("--parts", help=f"comma-separated among api, strings, cli, profile, against "
                                    f"(default: {DEFAULT_PARTS}; against with --against)")
    ap.add_argument("--against", metavar="REV", help="compare with this git revision")
    ap.add_argument("--quick", action="store_true",
                    help="small inputs and 2 rounds: a smoke run of under a minute")
    ap.add_argument("--rounds", type=int, help="interleaved rounds (default 7, quick 2)")
    ap.add_argument("--copies", type=int, help="copies of each set per pass (default 4)")
    ap.add_argument("--cli-rounds", type=int, help="rounds of the command line (default 5)")
    ap.add_argument("--jsonl-mb", type=float, help="MB of JSONL (default 8)")
    ap.add_argument("--big-mb", type=float, help="MB of the one big file (default 4)")
    ap.add_argument("--quiet-wait", type=float, metavar="S",
                    help="before each command-line run, wait up to S seconds for other "
                         "processes to leave the cores free (default 60, quick 0)")
    ap.add_argument("--passes", type=int, help="passes of the profile (default 3)")
    ap.add_argument("--check-configs", help="configurations the identity check repairs with "
                                            "(comma-separated; default all, quick: default set)")
    ap.add_argument("--show", type=int, default=5, help="differences printed")
    ap.add_argument("--json", type=Path, help="write every number here too")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        return serve()
    q = args.quick
    rounds = args.rounds or (2 if q else 7)
    copies = args.copies or (1 if q else 4)
    cli_rounds = args.cli_rounds or (1 if q else 5)
    jsonl_mb = args.jsonl_mb or (0.5 if q else 8.0)
    big_mb = args.big_mb or (0.3 if q else 4.0)
    passes = args.passes or (1 if q else 3)
    quiet = args.quiet_wait if args.quiet_wait is not None else 0 if q else 60
    parts = set((args.parts or ("against" if args.against else DEFAULT_PARTS)).split(","))
    if "against" in parts and not args.against:
        ap.error("the against part needs --against REV")
    inputs = gather(args.clean, args.spun)
    if not inputs.clean or not inputs.spun:
        ap.error(f"need clean and spun texts: found {len(inputs.clean)} clean, "
                 f"{len(inputs.spun)} spun")
    if q:  # a quarter of the texts, in both pools
        inputs.clean, inputs.spun = inputs.clean[::4], inputs.spun[::4]
    sets = inputs.sets()
    out: dict[str, Any] = {"header": _header(), "parts": sorted(parts)}
    print(out["header"])
    print("inputs: " + "; ".join(f"{s} {len(d)} texts, {mb_of(d):.2f} MB"
                                 for s, d in sets.items()) + "\n")
    api_res = cli_res = None
    if "api" in parts:
        api_res = out["api"] = api(sets, copies, rounds,
                                   only=["default set", "default set (model off)"] if q else None)
        print_api(api_res, rounds, copies)
    if "strings" in parts:
        out["strings"] = strings(sets["one-in-ten mix"], big_mb, (1 << 20, 1 << 16), rounds)
        print_strings(out["strings"], rounds)
    if "cli" in parts:
        out["cli"] = cli(sets["one-in-ten mix"], jsonl_mb, big_mb, cli_rounds, ROOT, quiet)
        cli_res = print_cli(out["cli"], cli_rounds)
    if api_res is not None or cli_res is not None:
        _targets(api_res, cli_res)
    if "profile" in parts:
        mix_text = "\n\n".join(bl.fill(iter(sets["one-in-ten mix"] * 20), 0.2 if q else 1.0))
        out["profile"] = profile({"clean news": inputs.clean, "spun news": inputs.spun,
                                  "mix as one string": [mix_text]}, passes)
        print_profile(out["profile"])
    status = 0
    if "against" in parts:
        names = (args.check_configs.split(",") if args.check_configs
                 else ["default set"] if q else None)
        unknown = set(names or ()) - set(configs())
        if unknown:
            ap.error(f"no such configuration: {', '.join(sorted(unknown))} (there are: "
                     f"{', '.join(configs())})")
        out["against"] = against(args.against, inputs, copies, rounds, big_mb, names, args.show,
                                 quiet)
        status = 1 if out["against"]["differences"] else 0
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
