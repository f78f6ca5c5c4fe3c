"""Regressions of issue 17: how textfix behaves under faults and hostile input."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.harness import alive, descendants

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "001_73e4453e2cad5e0e.txt"


def _textfix(*args: str, cwd: Path, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "textfix", *args], cwd=cwd,
                            **kw)  # type: ignore[call-overload]


def _big(tmp_path: Path, copies: int = 1200) -> Path:
    path = tmp_path / "big.txt"
    path.write_text((SEED.read_text(encoding="utf-8") + "\n\n") * copies, encoding="utf-8")
    return path


@pytest.mark.parametrize("extra", [(), ("--report", "-")])
def test_closed_pipe_stops_the_run_at_once(tmp_path: Path, extra: tuple[str, ...]) -> None:
    """``textfix fix big.txt | head -1``: the run stops within a second of the reader going
    away, exit 0 (or 141), nothing on stderr; the same with ``--report -``."""
    big = _big(tmp_path)
    p = _textfix("fix", "-j", "2", "--chunk-size", "50000", big.name, *extra, cwd=tmp_path,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.readline()
    kids = descendants(p.pid)
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
    assert not [k for k in kids if alive(k)]


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
    kids = descendants(p.pid)
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
    while [k for k in kids if alive(k)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [k for k in kids if alive(k)]


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


# Issue 17, item 12: smaller ones.

def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from textfix import cli

    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("mode", [(), ("-w",), ("--check",)])
def test_an_empty_folder_says_it_holds_no_files(tmp_path: Path, mode: tuple[str, ...],
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty folder as the only input is not "several inputs": it is named as holding no
    files, and the run does 0 files (exit 0)."""
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "fix", "-j", "1", *mode, "empty")
    assert code == 0 and out == ""
    assert err.splitlines()[0] == "textfix: empty: holds no files to read"
    assert "several inputs" not in err and "0 files" in err


def test_output_dir_that_is_a_file_is_named_before_any_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in.txt").write_text("the final yr\n")
    Path("out.txt").write_text("keep\n")
    code, out, err = _run(capsys, "fix", "-j", "1", "-o", "out.txt", "in.txt")
    assert (code, out) == (2, "")
    assert err == "textfix: out.txt: not a folder (-o takes the folder to write into)\n"
    assert Path("out.txt").read_text() == "keep\n"


@pytest.mark.parametrize(("where", "why"), [("folder", "Is a directory"),
                                            ("missing/r.jsonl", "No such file or directory")])
def test_report_that_cannot_be_written_is_one_line(tmp_path: Path, where: str, why: str,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("folder").mkdir()
    Path("in.txt").write_text("the final yr\n")
    code, out, err = _run(capsys, "fix", "-j", "1", "--check", "--report", where, "in.txt")
    assert (code, out) == (2, "")
    assert err == f"textfix: {where}: cannot write ({why})\n"


def test_glossary_repr_is_short() -> None:
    import textfix

    shown = repr(textfix.default_glossaries())
    assert len(shown) < 1000
    g = textfix.get_glossary("news-spin")
    assert repr(g).startswith("<Glossary 'news-spin' from ") and f"{len(g.terms)} terms" in repr(g)


def test_rewriter_takes_names_and_paths_or_says_what_it_wants(starter_path: Path) -> None:
    import textfix

    by_name = textfix.Rewriter(["news-spin"])
    assert by_name.glossaries == (textfix.get_glossary("news-spin"),)
    assert by_name.fix("the final yr").text == "the last year"
    assert textfix.Rewriter([starter_path]).glossaries == (textfix.load_glossary(starter_path),)
    with pytest.raises(TypeError, match="takes a list of glossaries, not one str"):
        textfix.Rewriter("news-spin")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Glossary objects or shipped glossary names or paths, "
                                        "not int"):
        textfix.Rewriter([3])  # type: ignore[list-item]
    with pytest.raises(textfix.GlossaryError, match="no-such-glossary"):
        textfix.Rewriter(["no-such-glossary"])


def test_default_rewriter_is_built_once_by_concurrent_threads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight threads calling ``textfix.fix`` first at once build the default Rewriter once."""
    import threading

    import textfix

    built: list[int] = []
    real = textfix.Rewriter

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *a: object, **kw: object) -> None:
            built.append(1)
            time.sleep(0.2)  # a slow build: the others arrive meanwhile
            super().__init__(*a, **kw)

    monkeypatch.setattr(textfix, "Rewriter", Counting)
    monkeypatch.setattr(textfix, "_DEFAULT", [])
    go = threading.Barrier(8)
    out: list[str] = []

    def work() -> None:
        go.wait()
        out.append(textfix.fix("the final yr"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == ["the last year"] * 8
    assert built == [1]


def test_detect_and_glossary_commands_have_their_own_help(
        capsys: pytest.CaptureFixture[str]) -> None:
    from textfix import cli

    def helps(*argv: str) -> str:
        with pytest.raises(SystemExit):
            cli.main([*argv, "--help"])
        return " ".join(capsys.readouterr().out.split())

    detect = helps("detect")
    assert "score the --field values" in detect and "repair the" not in detect
    assert "repair the --field values" in helps("fix")
    _, commands = cli._parser()
    for sub, command in commands.glossary.choices.items():
        assert command.description, f"glossary {sub} has no description"
        assert command.description in helps("glossary", sub)


def test_a_leftover_temporary_file_in_the_output_folder_is_reported(tmp_path: Path) -> None:
    """A kill -9 during ``-o DIR`` leaves its temporary file in DIR: the next run into DIR
    names it (and still writes the output)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("the final yr\n")
    (tmp_path / "out").mkdir()
    left = tmp_path / "out" / ".a.txt.k9k9k9.textfix-tmp"
    left.write_text("half")
    done = subprocess.run([sys.executable, "-m", "textfix", "fix", "-j", "1", "-o", "out", "in"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "out/.a.txt.k9k9k9.textfix-tmp: left by an interrupted run" in done.stderr
    assert (tmp_path / "out" / "a.txt").read_text() == "the last year\n"
