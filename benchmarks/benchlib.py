"""Helpers shared by the real-text benchmarks (``real_text.py``, ``model_speed.py``): reading
texts, the tokenize floors, CPU timing, interleaved rounds and JSON Lines inputs.

Not a benchmark itself; ``benchmarks/`` is not a package, the scripts find this module through
``sys.path`` (the script's own folder comes first).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from textfix.text.tokenize import WORD

_LOOKUP: dict[str, int] = {}
T = TypeVar("T")


def read_texts(paths: Sequence[Path], pattern: str = "*.txt") -> list[str]:
    """Every file matching ``pattern`` below the folders (or the files) named, in name order;
    paths that do not exist are skipped."""
    return [f.read_text(encoding="utf-8") for f in text_files(paths, pattern)]


def text_files(paths: Sequence[Path], pattern: str = "*.txt") -> list[Path]:
    """The files :func:`read_texts` reads."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(p.rglob(pattern))
        elif p.is_file():
            out.append(p)
    return out


def tokenize_floor(docs: Iterable[str]) -> None:
    """The C-speed floor: textfix's word pattern, ``findall`` over each document."""
    findall = WORD.findall
    for d in docs:
        findall(d)


def dict_floor(docs: Iterable[str]) -> None:
    """The floor of any design doing Python work per word: tokenize plus one dict lookup per
    word (of its lower case)."""
    findall, get = WORD.findall, _LOOKUP.get
    for d in docs:
        for w in findall(d):
            get(w.lower())


def fix_all(fix: Callable[[str], object], docs: Iterable[str]) -> None:
    """``fix`` every document (a rewriter's ``fix``), results dropped."""
    for d in docs:
        fix(d)


def cpu(fn: Callable[[], object]) -> float:
    """CPU seconds of this process spent in ``fn()``."""
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def returned(fn: Callable[[], float]) -> float:
    """What ``fn()`` returns: the clock of :func:`interleaved` for arms that time themselves."""
    return fn()


def interleaved(arms: dict[str, Callable[[], T]], rounds: int,
                clock: Callable[[Callable[[], T]], float] = cpu) -> dict[str, list[float]]:
    """Seconds of every arm in each of ``rounds`` rounds (``clock(arm)``: CPU time by
    default); the order of the arms flips every round, so a machine whose speed drifts
    favours none."""
    secs: dict[str, list[float]] = {a: [] for a in arms}
    for r in range(rounds):
        for a in (list(arms) if r % 2 == 0 else list(reversed(arms))):
            secs[a].append(clock(arms[a]))
    return secs


def one_in_ten(clean: Sequence[str], spun: Sequence[str], n: int | None = None) -> Iterator[str]:
    """Documents in the order of a one-in-ten mix: nine clean, then one spun, each pool cycled;
    ``n`` documents (None: endless)."""
    k = 0
    while n is None or k < n:
        yield spun[(k // 10) % len(spun)] if k % 10 == 9 else clean[(k - k // 10) % len(clean)]
        k += 1


def fill(docs: Iterator[str], mb: float) -> list[str]:
    """Documents taken from ``docs`` until they hold ``mb`` MB of UTF-8."""
    out, size = [], 0
    while size < mb * 1e6:
        d = next(docs)
        out.append(d)
        size += len(d.encode("utf-8"))
    return out


def write_jsonl(path: Path, docs: Sequence[str], field: str = "text") -> float:
    """``docs`` as JSON Lines records ``{"id": n, field: doc}``; returns the MB written."""
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for n, d in enumerate(docs):
            line = json.dumps({"id": n, field: d}, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
    return size / 1e6


def jsonl_of(docs: Sequence[str], mb: float) -> list[str]:
    """``docs`` cycled until their JSON Lines records would hold about ``mb`` MB."""
    out, size, n = [], 0, 0
    while size < mb * 1e6:
        d = docs[n % len(docs)]
        out.append(d)
        size += len(json.dumps({"id": n, "text": d}, ensure_ascii=False).encode("utf-8")) + 1
        n += 1
    return out
