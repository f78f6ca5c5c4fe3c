"""A full disk and a closed stdout, met by the real command line: the file is named and left as
it was (exit 2), or the run stops at once and quietly."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.harness import (
    CHUNK,
    descendants,
    env,
    spun,
    start,
    temporaries,
    wait_until_gone,
)

FILES = {"a.txt": spun(40), "b.txt": spun(20, "B.\n\n")}
#: Bytes a file of the run may grow to: less than any output.
LIMIT = 40_000


def _small_files() -> None:
    """In the child: files may not grow past LIMIT, and a write past it fails (EFBIG) instead
    of killing the process with SIGXFSZ: a full disk, as far as the run can tell."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("mode", "jobs"), [("-w", "1"), ("-w", "2"), ("-o", "1"), ("-o", "2")])
def test_full_disk_names_the_file_and_leaves_it(tmp_path: Path, mode: str, jobs: str) -> None:
    folder = _inputs(tmp_path)
    args = ["-w", "in"] if mode == "-w" else ["-o", "out", "in"]
    p = start(tmp_path, "fix", "-q", "-j", jobs, "--chunk-size", CHUNK, *args,
              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(),
              preexec_fn=_small_files)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 2, err
    assert out == b""
    assert err.decode().splitlines() == [
        f"textfix: in/{name}: cannot write (File too large); left unchanged" for name in FILES]
    for name, text in FILES.items():
        assert (folder / name).read_text(encoding="utf-8") == text
    assert not temporaries(tmp_path)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_full_stdout_names_the_file(tmp_path: Path) -> None:
    """Writing the repaired text to a full device (/dev/full): the input is named, exit 2."""
    folder = _inputs(tmp_path)
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run([sys.executable, "-m", "textfix", "fix", "-q", "--chunk-size",
                               CHUNK, "in/a.txt"], cwd=tmp_path, stdout=full,
                              stderr=subprocess.PIPE, env=env(), check=False, timeout=60)
    assert done.returncode == 2
    assert done.stderr.decode() == \
        "textfix: in/a.txt: cannot write (No space left on device); left unchanged\n"
    assert (folder / "a.txt").read_text(encoding="utf-8") == FILES["a.txt"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_closed_stdout_stops_the_run_quietly(tmp_path: Path, jobs: str) -> None:
    """``textfix fix big.txt | head -c 1``: once the reader goes away the run ends within a
    second, exit 0 (or 141), nothing on stderr, no process left."""
    (tmp_path / "big.txt").write_text(spun(420), encoding="utf-8")
    p = start(tmp_path, "fix", "-j", jobs, "--chunk-size", CHUNK, "big.txt",
              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    assert p.stdout is not None and p.stderr is not None
    try:
        assert p.stdout.read(1)
        kids = descendants(p.pid)
        p.stdout.close()
        began = time.monotonic()
        p.wait(timeout=30)
        took = time.monotonic() - began
        err = p.stderr.read().decode()
    finally:
        if p.poll() is None:
            p.kill()
        p.stderr.close()
    assert p.returncode in (0, 141), err
    assert err == ""
    assert took < 1.0, took
    assert not wait_until_gone(kids, 3)
