"""Regressions of issue 17: how textfix behaves under faults and hostile input."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "001_73e4453e2cad5e0e.txt"


def _textfix(*args: str, cwd: Path, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "textfix", *args], cwd=cwd,
                            **kw)  # type: ignore[call-overload]


def _big(tmp_path: Path, copies: int = 1200) -> Path:
    path = tmp_path / "big.txt"
    path.write_text((SEED.read_text(encoding="utf-8") + "\n\n") * copies, encoding="utf-8")
    return path


def _descendants(pid: int) -> set[int]:
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


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("extra", [(), ("--report", "-")])
def test_closed_pipe_stops_the_run_at_once(tmp_path: Path, extra: tuple[str, ...]) -> None:
    """``textfix fix big.txt | head -1``: the run stops within a second of the reader going
    away, exit 0 (or 141), nothing on stderr; the same with ``--report -``."""
    big = _big(tmp_path)
    p = _textfix("fix", "-j", "2", "--chunk-size", "50000", big.name, *extra, cwd=tmp_path,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.readline()
    kids = _descendants(p.pid)
    p.stdout.close()
    began = time.monotonic()
    try:
        p.wait(timeout=30)
    finally:
        p.kill()
    took = time.monotonic() - began
    err = p.stderr.read().decode()
    p.stderr.close()
    assert p.returncode in (0, 141), err
    assert err == ""
    assert took < 1.5, took
    time.sleep(0.3)
    assert not [k for k in kids if _alive(k)]


def test_sigterm_ends_workers_and_removes_the_temporary_file(tmp_path: Path) -> None:
    """SIGTERM during ``-w``: exit 143, the input as it was, no temporary file, no process of
    the run left."""
    big = _big(tmp_path, 2400)
    before = big.read_bytes()
    p = _textfix("fix", "-q", "-w", "-j", "2", "--chunk-size", "50000", big.name, cwd=tmp_path,
                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".big.txt.*.textfix-tmp")):
        assert p.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.3)
    kids = _descendants(p.pid)
    assert len(kids) >= 2  # the fork server and the workers
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=20)
    assert p.stderr is not None
    err = p.stderr.read()
    p.stderr.close()
    assert p.returncode == 143, err
    assert big.read_bytes() == before
    assert not list(tmp_path.glob(".*textfix-tmp"))
    deadline = time.monotonic() + 5
    while [k for k in kids if _alive(k)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [k for k in kids if _alive(k)]


def test_a_leftover_temporary_file_is_reported(tmp_path: Path) -> None:
    """A temporary file left by kill -9 is named by the next run, named or in a folder."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("plain text\n")
    left = tmp_path / "d" / ".a.txt.x1y2z3.textfix-tmp"
    left.write_text("half")
    for arg in ("d/a.txt", "d"):
        done = subprocess.run([sys.executable, "-m", "textfix", "fix", "--check", arg],
                              cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert ".a.txt.x1y2z3.textfix-tmp: left by an interrupted run" in done.stderr
