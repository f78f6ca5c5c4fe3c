"""What the fault-injection tests share: inputs, the real command line as a subprocess, and
its process tree."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

import textfix

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "seeds" / "001_73e4453e2cad5e0e.txt").read_text(encoding="utf-8")
#: A chunk size that cuts each input into several units, so faults land inside files.
CHUNK = "50000"


def spun(copies: int, head: str = "") -> str:
    """A spun text: the seed file ``copies`` times (with ``head`` first, to tell files apart)."""
    return head + (SEED + "\n\n") * copies


@lru_cache(maxsize=16)
def repaired(text: str) -> str:
    """What a complete run makes of ``text``: the library's repair of it."""
    return textfix.fix(text)


def start(cwd: Path, *args: str, **kw: object) -> subprocess.Popen[bytes]:
    """``textfix ARGS...`` started in ``cwd``."""
    return subprocess.Popen([sys.executable, "-m", "textfix", *args], cwd=cwd,
                            **kw)  # type: ignore[call-overload]


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` now (children of each of its threads, recursively)."""
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for k in map(int, kids):
                if k not in out:
                    out.add(k)
                    todo.append(k)
    return out


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def catches_sigterm(pid: int) -> bool:
    """Whether ``pid`` has installed its SIGTERM handler (the command line is running)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) >> (15 - 1) & 1)


def wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    """Wait up to ``seconds`` for every process in ``pids`` to end; those still running."""
    deadline = time.monotonic() + seconds
    while (left := {p for p in pids if alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def temporaries(folder: Path) -> list[Path]:
    """Temporary files of an atomic write under ``folder``."""
    return sorted(folder.rglob(".*.textfix-tmp"))


def env() -> dict[str, str]:
    """The environment of a run: this one's, with the package importable from the checkout."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path)
