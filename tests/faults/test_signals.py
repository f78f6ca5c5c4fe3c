"""kill -9, SIGTERM and Ctrl-C at random points of real runs: every input and output is as it
was or fully repaired, never half; no process of the run survives; temporary files are removed
(SIGTERM, Ctrl-C) or named by the next run (kill -9)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.harness import (
    CHUNK,
    alive,
    catches_sigterm,
    descendants,
    env,
    repaired,
    spun,
    start,
    temporaries,
    wait_until_gone,
)

#: Three files of different lengths, so a fault may fall inside one or between two.
FILES = {"a.txt": spun(40, "A.\n\n"), "b.txt": spun(70, "B.\n\n"), "c.txt": spun(25, "C.\n\n")}
#: The one input of the stdout mode: its output passes the 1 MiB batch of stdout once.
ONE = {"one.txt": spun(330)}


def _inputs(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _fault(tmp_path: Path, args: list[str], sig: int, delay: float,
           stdout: Path | None = None) -> tuple[int, set[int], bytes]:
    """Run ``textfix fix ARGS``; once it is running, wait ``delay`` s and send ``sig``.

    Returns the exit status, every process the run had started, and its stderr.
    """
    # output to files, not pipes: a process the run left behind would hold a pipe open, and
    # reading it would hang the test instead of failing it
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as err_fh, (stdout or Path("/dev/null")).open("wb") as out_fh:
        p = start(tmp_path, "fix", "-q", "--chunk-size", CHUNK, *args, stdout=out_fh,
                  stderr=err_fh, env=env())
    kids: set[int] = set()
    try:
        deadline = time.monotonic() + 30
        while not catches_sigterm(p.pid):
            assert p.poll() is None and time.monotonic() < deadline, "the run did not start"
            time.sleep(0.01)
        end = time.monotonic() + delay
        while time.monotonic() < end and p.poll() is None:
            kids |= descendants(p.pid)
            time.sleep(0.02)
        kids |= descendants(p.pid)
        if p.poll() is None:
            p.send_signal(sig)
        code = p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    err = errors.read_bytes()
    errors.unlink()
    return code, kids, err


def _whole(path: Path, old: str) -> None:
    """``path`` holds ``old`` exactly or its full repair, nothing in between."""
    got = path.read_text(encoding="utf-8")
    assert got in (old, repaired(old)), f"{path.name}: half-written ({len(got)} chars)"


def _no_survivors(kids: set[int], sig: int) -> None:
    """Every process of the run ends: at once after SIGTERM, within a few seconds after kill -9
    (the workers notice their parent is gone)."""
    left = wait_until_gone(kids, 5 if sig == signal.SIGKILL else 3)
    for pid in left:  # do not leave them to the machine
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes of the run still alive after {sig!r}: {sorted(left)}"


def _leftovers_named(tmp_path: Path, args: list[str], where: Path) -> None:
    """A temporary file left by kill -9 is named by the next run over the same files."""
    left = temporaries(where)
    if not left:
        return
    if args[0] == "-w":
        args = ["--check", *args[1:]]  # the same walk, nothing written
    done = subprocess.run([sys.executable, "-m", "textfix", "fix", *args], cwd=tmp_path,
                          capture_output=True, text=True, env=env(), check=False)
    for t in left:
        assert f"{t.relative_to(tmp_path)}: left by an interrupted run" in done.stderr, \
            done.stderr


CASES = [(mode, jobs, sig) for mode in ("write", "outdir", "stdout") for jobs in ("1", "2")
         for sig in (signal.SIGKILL, signal.SIGTERM)]


@pytest.mark.parametrize(("mode", "jobs", "sig"), CASES,
                         ids=[f"{m}-j{j}-{s.name}" for m, j, s in CASES])
def test_signal_at_a_random_point_leaves_nothing_half_done(tmp_path: Path, mode: str,
                                                           jobs: str,
                                                           sig: signal.Signals) -> None:
    rng = random.Random(f"{mode}-{jobs}-{sig.name}")
    delay = rng.uniform(0.0, 1.0)
    files = ONE if mode == "stdout" else FILES
    folder = _inputs(tmp_path, files)
    out = tmp_path / "out"
    stdout = tmp_path / "stdout.txt" if mode == "stdout" else None
    args = {"write": ["-w", "in"], "outdir": ["-o", "out", "in"],
            "stdout": ["in/one.txt"]}[mode]
    code, kids, err = _fault(tmp_path, ["-j", jobs, *args], sig, delay, stdout)

    if sig == signal.SIGTERM:
        # -15: the signal came as the interpreter was exiting, its work done and its handlers
        # gone; the files must then be whole just the same
        assert code in (0, 143, -signal.SIGTERM), err
        assert code != 143 or err == b"textfix: terminated\n"
        assert not temporaries(tmp_path)
    else:
        assert code in (0, -signal.SIGKILL), err
    _no_survivors(kids, sig)
    for name, old in files.items():
        if mode == "write":
            _whole(folder / name, old)
        else:
            assert (folder / name).read_text(encoding="utf-8") == old
        if mode == "outdir" and (out / name).exists():
            _whole(out / name, old)
    if mode == "stdout":
        assert stdout is not None
        full = repaired(ONE["one.txt"]).encode("utf-8")
        got = stdout.read_bytes()
        assert full.startswith(got), "stdout is not a prefix of the repaired text"
        assert code != 0 or got == full
    if code == 0:
        for name, old in files.items():
            target = (folder if mode == "write" else out) / name
            if mode != "stdout":
                assert target.read_text(encoding="utf-8") == repaired(old)
    if sig == signal.SIGKILL:
        _leftovers_named(tmp_path, args, folder if mode != "outdir" else out)


@pytest.mark.parametrize(("mode", "jobs"), [("write", "2"), ("outdir", "1")])
def test_ctrl_c_removes_the_temporary_file(tmp_path: Path, mode: str, jobs: str) -> None:
    rng = random.Random(f"int-{mode}-{jobs}")
    folder = _inputs(tmp_path, FILES)
    args = ["-w", "in"] if mode == "write" else ["-o", "out", "in"]
    code, kids, err = _fault(tmp_path, ["-j", jobs, *args], signal.SIGINT,
                             rng.uniform(0.2, 1.2))
    assert code in (0, 130, -signal.SIGINT), err  # -2: as the interpreter was exiting
    assert code != 130 or err == b"textfix: interrupted\n"
    assert not temporaries(tmp_path)
    _no_survivors(kids, signal.SIGINT)
    for name, old in FILES.items():
        target = (folder if mode == "write" else tmp_path / "out") / name
        if target.exists():
            _whole(target, old)


def test_alive_helper_sees_a_zombie_as_gone() -> None:
    """The process checks above are only as good as this: an ended child is not alive."""
    p = subprocess.Popen(["sleep", "0"])
    time.sleep(0.3)
    assert not alive(p.pid)
    p.wait()
