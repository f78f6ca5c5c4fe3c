"""The command line, run in-process with ``main(argv)`` on temporary trees."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import textfix
from textfix import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CLEAN_SEED = SEEDS / "000_263983dd82603a38.txt"
SPUN_SEED = SEEDS / "001_73e4453e2cad5e0e.txt"

GLOSSARY = """\
name = "clitest"
description = "Terms of the command-line tests"
terms = ["defense chief", "Security Consultative Meeting", "defense ministry",
         "Defense Minister", "Defense Secretary"]

[synonyms]
defense = ["protection"]
security = ["safety"]
meeting = ["assembly"]

[phrases]
"earlier this yr" = "earlier this year"
"""

SPUN = ("The protection chiefs will maintain the 57th Safety Consultative Assembly"
        " earlier this yr.\n")
FIXED = ("The defense chiefs will maintain the 57th Security Consultative Meeting"
         " earlier this year.\n")
CLEAN = "The weather in Seoul was mild on Tuesday, and the talks went on.\n"


@pytest.fixture(scope="session")
def gloss(tmp_path_factory: pytest.TempPathFactory) -> str:
    p = tmp_path_factory.mktemp("glossary") / "clitest.toml"
    p.write_text(GLOSSARY, encoding="utf-8")
    return str(p)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes_are_pinned() -> None:
    """The exit codes are part of the interface: 0 done, 1 found, 2 usage or input error."""
    assert (cli.EX_OK, cli.EX_FOUND, cli.EX_USAGE) == (0, 1, 2)
    assert cli.EX_INTERRUPTED == 130


def test_single_file_prints_exactly_fix(capsys: pytest.CaptureFixture[str]) -> None:
    """One input with the default glossaries prints exactly ``textfix.fix(text)``."""
    for seed in (CLEAN_SEED, SPUN_SEED):
        text = seed.read_bytes().decode("utf-8")
        code, out, _ = run(capsys, "fix", "-q", str(seed))
        assert code == cli.EX_OK
        assert out == textfix.fix(text)


def test_single_file_with_glossary(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   gloss: str) -> None:
    """``-g`` replaces the default set; the repaired text goes to stdout, the summary to stderr."""
    f = tmp_path / "a.txt"
    f.write_text(SPUN + CLEAN, encoding="utf-8")
    code, out, err = run(capsys, "fix", "-g", gloss, str(f))
    assert (code, out) == (cli.EX_OK, FIXED + CLEAN)
    assert err.startswith("textfix: 1 file (1 changed)") and "3 edits" in err
    assert f.read_text(encoding="utf-8") == SPUN + CLEAN  # nothing written


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
               gloss: str) -> None:
    """Nothing or ``-`` reads stdin."""
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(SPUN))
    assert run(capsys, "fix", "-q", "-g", gloss)[:2] == (cli.EX_OK, FIXED)
    monkeypatch.setattr(sys, "stdin", io.StringIO(SPUN))
    assert run(capsys, "fix", "-q", "-g", gloss, "-")[:2] == (cli.EX_OK, FIXED)


def test_write_seeds_with_default_glossaries(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    """Acceptance: ``-w`` on a copy of seeds/ repairs 001 and leaves 000 byte-identical."""
    tree = tmp_path / "seeds"
    shutil.copytree(SEEDS, tree)
    code, _, err = run(capsys, "fix", "-w", str(tree))
    assert code == cli.EX_OK, err
    assert (tree / CLEAN_SEED.name).read_bytes() == CLEAN_SEED.read_bytes()
    repaired = (tree / SPUN_SEED.name).read_bytes()
    assert repaired != SPUN_SEED.read_bytes()
    assert repaired.decode("utf-8") == textfix.fix(SPUN_SEED.read_bytes().decode("utf-8"))
    assert sorted(p.name for p in tree.iterdir()) == sorted(p.name for p in SEEDS.iterdir())


def test_write_keeps_mode_line_endings_and_backup(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, gloss: str) -> None:
    """``-w`` keeps CRLF and the file mode, and ``--backup`` keeps the original beside it."""
    f = tmp_path / "crlf.txt"
    original = (SPUN.replace("\n", "\r\n") * 2).encode("utf-8")
    f.write_bytes(original)
    f.chmod(0o640)
    code, _, _ = run(capsys, "fix", "-q", "-w", "--backup", ".orig", "-g", gloss, str(f))
    assert code == cli.EX_OK
    assert f.read_bytes() == (FIXED.replace("\n", "\r\n") * 2).encode("utf-8")
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert (tmp_path / "crlf.txt.orig").read_bytes() == original
    assert not list(tmp_path.glob(".*textfix-tmp"))


def test_write_leaves_unchanged_files_untouched(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path, gloss: str) -> None:
    """A file with nothing to repair is not rewritten (same inode, same mtime)."""
    f = tmp_path / "clean.txt"
    f.write_text(CLEAN, encoding="utf-8")
    before = f.stat()
    assert run(capsys, "fix", "-q", "-w", "-g", gloss, str(f))[0] == cli.EX_OK
    after = f.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_failed_write_leaves_original(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch, gloss: str) -> None:
    """A write that fails midway leaves the original intact and no temporary file behind."""
    from textfix.run import io as _io

    f = tmp_path / "a.txt"
    f.write_text(SPUN * 50, encoding="utf-8")
    calls = []

    def failing_write(self: _io.AtomicWriter, text: str) -> None:
        calls.append(text)
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        assert self._fh is not None
        self._fh.write(text.encode())

    monkeypatch.setattr(_io.AtomicWriter, "write", failing_write)
    code, _, err = run(capsys, "fix", "-w", "-j", "1", "--chunk-size", "500", "-g", gloss,
                       str(f))
    assert code == cli.EX_USAGE
    assert "No space left on device" in err and "Traceback" not in err
    assert f.read_text(encoding="utf-8") == SPUN * 50
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_unwritable_file_is_reported_and_the_rest_are_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        gloss: str) -> None:
    """A file that cannot be replaced (read-only, disk full) is named with the reason and
    left as it was; the other files are still repaired, and the exit code is 2."""
    from textfix.run import io as _io

    files = [tmp_path / f"{k}.txt" for k in range(3)]
    for f in files:
        f.write_text(SPUN, encoding="utf-8")
    real_commit = _io.AtomicWriter.commit

    def commit_unless_1(self: _io.AtomicWriter) -> None:
        if self.target.name == "1.txt":
            raise PermissionError(1, "Operation not permitted")
        real_commit(self)

    monkeypatch.setattr(_io.AtomicWriter, "commit", commit_unless_1)
    code, _, err = run(capsys, "fix", "-w", "-j", "1", "-g", gloss, str(tmp_path))
    assert code == cli.EX_USAGE
    assert "1.txt: cannot write (Operation not permitted); left unchanged" in err
    assert "Traceback" not in err and "textfix-tmp" not in err
    assert "2 files (2 changed)" in err and "1 error" in err
    assert [f.read_text(encoding="utf-8") for f in files] == [FIXED, SPUN, FIXED]
    assert not list(tmp_path.glob(".*textfix-tmp"))


def test_interrupt_leaves_original(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch, gloss: str) -> None:
    """Ctrl-C during a write: exit 130, every file old or new, no temporary file."""
    from textfix.run import io as _io

    files = [tmp_path / f"{k}.txt" for k in range(3)]
    for f in files:
        f.write_text(SPUN, encoding="utf-8")
    real_commit = _io.AtomicWriter.commit
    done = []

    def commit_then_interrupt(self: _io.AtomicWriter) -> None:
        if done:
            raise KeyboardInterrupt
        real_commit(self)
        done.append(self.target)

    monkeypatch.setattr(_io.AtomicWriter, "commit", commit_then_interrupt)
    code, _, err = run(capsys, "fix", "-w", "-j", "1", "-g", gloss, str(tmp_path))
    assert code == cli.EX_INTERRUPTED and "interrupted" in err
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert texts == [FIXED, SPUN, SPUN]
    assert not list(tmp_path.glob(".*textfix-tmp"))


def test_check(capsys: pytest.CaptureFixture[str], tmp_path: Path, gloss: str) -> None:
    """``--check`` writes nothing, lists files that would change, exits 1 if any, else 0."""
    clean, spun = tmp_path / "clean", tmp_path / "spun"
    clean.mkdir()
    spun.mkdir()
    (clean / "a.txt").write_text(CLEAN, encoding="utf-8")
    (spun / "a.txt").write_text(CLEAN, encoding="utf-8")
    (spun / "b.txt").write_text(SPUN, encoding="utf-8")
    assert run(capsys, "fix", "--check", "-g", gloss, str(clean))[:2] == (cli.EX_OK, "")
    code, out, err = run(capsys, "fix", "--check", "-g", gloss, str(spun))
    assert (code, out) == (cli.EX_FOUND, f"{spun / 'b.txt'}\n")
    assert "2 files (1 would change)" in err
    assert (spun / "b.txt").read_text(encoding="utf-8") == SPUN


def test_diff_applies_with_patch(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, gloss: str) -> None:
    """``--diff`` output applied with ``patch -p0`` gives what ``-w`` writes."""
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    filler = [f"Line {k} says nothing new.\n" for k in range(40)]
    docs = {
        "plain.txt": SPUN + "".join(filler[:10]) + SPUN + "".join(filler) + SPUN,
        "crlf.txt": (SPUN + "".join(filler[:2]) + SPUN).replace("\n", "\r\n"),
        "noeol.txt": "".join(filler[:5]) + SPUN.rstrip("\n"),
        "clean.txt": CLEAN,
    }
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for doc, text in docs.items():
            (tmp_path / name / doc).write_bytes(text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    code, diff, _ = run(capsys, "fix", "--diff", "-g", gloss, "--chunk-size", "300", "a")
    assert code == cli.EX_OK
    assert "clean.txt" not in diff and diff.count("+++ a/") == 3
    (tmp_path / "fix.diff").write_bytes(diff.encode("utf-8"))
    subprocess.run(["patch", "-p0", "-s", "-i", "fix.diff"], check=True, cwd=tmp_path)
    assert run(capsys, "fix", "-q", "-w", "-g", gloss, "b")[0] == cli.EX_OK
    for doc in docs:
        assert (tmp_path / "a" / doc).read_bytes() == (tmp_path / "b" / doc).read_bytes(), doc


def test_output_dir_mirrors_tree(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 gloss: str) -> None:
    """``-o DIR`` writes every input under DIR at the same relative path; inputs untouched."""
    src = tmp_path / "in"
    (src / "sub" / "deep").mkdir(parents=True)
    (src / "a.txt").write_text(SPUN, encoding="utf-8")
    (src / "sub" / "deep" / "b.txt").write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = run(capsys, "fix", "-q", "-o", str(out), "-g", gloss, str(src))
    assert code == cli.EX_OK
    assert (out / "a.txt").read_text(encoding="utf-8") == FIXED
    assert (out / "sub" / "deep" / "b.txt").read_text(encoding="utf-8") == CLEAN
    assert (src / "a.txt").read_text(encoding="utf-8") == SPUN
    assert run(capsys, "fix", "-q", "-o", str(src), "-g", gloss, str(src))[0] == cli.EX_USAGE


def test_walk_skips_hidden_and_binary_and_filters(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, gloss: str) -> None:
    """Hidden and binary files are skipped with a note; --include/--exclude select files."""
    (tmp_path / "t" / ".git").mkdir(parents=True)
    (tmp_path / "t" / ".git" / "x.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "t" / ".hidden.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "t" / "blob.txt").write_bytes(b"\x00\x01" + SPUN.encode())
    (tmp_path / "t" / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "t" / "b.md").write_text(SPUN, encoding="utf-8")
    (tmp_path / "t" / "skip.txt").write_text(SPUN, encoding="utf-8")
    code, out, err = run(capsys, "fix", "--check", "-g", gloss, "--include", "*.txt",
                         "--exclude", "skip*", str(tmp_path / "t"))
    assert code == cli.EX_FOUND
    assert out.splitlines() == [str(tmp_path / "t" / "a.txt")]
    assert "hidden folder" in err and "hidden file" in err and "binary" in err


def test_named_binary_file_is_an_error(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path, gloss: str) -> None:
    """A binary file named on the command line is reported and exits 2: nothing is lost."""
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01" + SPUN.encode())
    code, out, err = run(capsys, "fix", "-g", gloss, str(blob))
    assert code == cli.EX_USAGE
    assert out == ""
    assert f"{blob}: skipped (binary file)" in err


def test_input_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   gloss: str) -> None:
    """Missing paths and bad glossaries: one line on stderr, exit 2, no traceback."""
    code, _, err = run(capsys, "fix", "-g", gloss, str(tmp_path / "nope.txt"))
    assert code == cli.EX_USAGE and err.count("\n") == 1 and "nope.txt" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nterms = ["x"]\nwhat = 1\n', encoding="utf-8")
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    code, out, err = run(capsys, "fix", "-g", str(bad), str(f))
    assert (code, out) == (cli.EX_USAGE, "")
    assert err.count("\n") == 1 and "bad.toml:3" in err and "Traceback" not in err
    code, _, err = run(capsys, "fix", "-g", "no-such-glossary", str(f))
    assert code == cli.EX_USAGE and "no such glossary" in err


def test_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path, gloss: str) -> None:
    """Several inputs need a mode; stdin cannot be written in place; --backup needs -w."""
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    assert run(capsys, "fix", "-g", gloss, str(tmp_path))[0] == cli.EX_USAGE
    assert run(capsys, "fix", "-w", "-g", gloss, "-")[0] == cli.EX_USAGE
    assert run(capsys, "fix", "--backup", "~", "-g", gloss, str(tmp_path))[0] == cli.EX_USAGE
    with pytest.raises(SystemExit) as exc:
        cli.main(["fix", "-w", "--check", str(tmp_path)])
    assert exc.value.code == cli.EX_USAGE


def test_undecodable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                          gloss: str) -> None:
    """Undecodable bytes: reported and skipped, nothing written; --errors decides otherwise."""
    bad = tmp_path / "latin1.txt"
    raw = SPUN.encode() + "Café\n".encode("latin-1")
    bad.write_bytes(raw)
    good = tmp_path / "good.txt"
    good.write_text(SPUN, encoding="utf-8")
    code, out, err = run(capsys, "fix", "-g", gloss, str(bad))
    assert (code, out) == (cli.EX_USAGE, "") and "cannot decode" in err
    code, _, err = run(capsys, "fix", "-w", "-g", gloss, str(tmp_path))
    assert code == cli.EX_USAGE and "latin1.txt" in err
    assert bad.read_bytes() == raw
    assert good.read_text(encoding="utf-8") == FIXED
    code, _, err = run(capsys, "fix", "-q", "-w", "--errors", "surrogateescape", "-g", gloss,
                       str(bad))
    assert code == cli.EX_OK, err
    assert bad.read_bytes() == FIXED.encode() + "Café\n".encode("latin-1")
    bad.write_bytes(raw)
    out = tmp_path / "out"
    code, _, _ = run(capsys, "fix", "-q", "--encoding", "latin-1", "-o", str(out), "-g", gloss,
                     str(bad))
    assert code == cli.EX_OK
    assert (out / bad.name).read_bytes() == (FIXED + "Café\n").encode("latin-1")


def test_report_lists_every_edit(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 gloss: str) -> None:
    """``--report`` gives one JSON object per edit, with offsets, line and column in the file."""
    f = tmp_path / "a.txt"
    text = CLEAN + "  " + SPUN
    f.write_text(text, encoding="utf-8")
    rep = tmp_path / "edits.jsonl"
    code, out, _ = run(capsys, "fix", "-q", "--report", str(rep), "-g", gloss, str(f))
    assert (code, out) == (cli.EX_OK, CLEAN + "  " + FIXED)
    edits = [json.loads(line) for line in rep.read_text(encoding="utf-8").splitlines()]
    assert [e["after"] for e in edits] == ["defense", "Security Consultative Meeting", "year"]
    for e in edits:
        assert set(e) >= {"path", "record", "start", "end", "line", "column", "before",
                          "after", "rule", "tier", "score"}
        assert text[e["start"] : e["end"]] == e["before"]
        assert e["line"] == 2 and e["column"] == e["start"] - len(CLEAN) + 1
        assert e["rule"].startswith("clitest:") and e["path"] == str(f)


def test_detect(capsys: pytest.CaptureFixture[str], tmp_path: Path, gloss: str) -> None:
    """``detect`` prints a score per file; ``--threshold`` exits 1 when one reaches it."""
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SPUN * 3, encoding="utf-8")
    code, out, _ = run(capsys, "detect", "-q", "-g", gloss, str(tmp_path))
    assert code == cli.EX_OK
    rows = [line.split() for line in out.splitlines()]
    assert [r[1] for r in rows] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert float(rows[0][0]) == 0.0 and float(rows[1][0]) > 0.5
    code, out, _ = run(capsys, "detect", "-q", "--json", "--threshold", "0.5", "-g", gloss,
                       str(tmp_path))
    assert code == cli.EX_FOUND
    scores = [json.loads(line) for line in out.splitlines()]
    rw = textfix.Rewriter([textfix.load_glossary(gloss)])
    assert scores[1]["score"] == round(rw.detect(SPUN * 3), 4)
    assert run(capsys, "detect", "-q", "--threshold", "0.99", "-g", gloss,
               str(tmp_path / "a.txt"))[0] == cli.EX_OK


def test_detect_summary_counts_files_and_scores_at_the_threshold(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, gloss: str) -> None:
    """The summary of ``detect`` counts files, and files at or over ``--threshold`` only
    when one is given; it never mentions edits (detect makes none)."""
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SPUN * 3, encoding="utf-8")
    _, _, err = run(capsys, "detect", "-g", gloss, str(tmp_path))
    summary = err.strip().splitlines()[-1]
    assert summary.startswith("textfix: 2 files in ") and "edit" not in summary
    _, _, err = run(capsys, "detect", "--threshold", "0.5", "-g", gloss, str(tmp_path))
    assert err.strip().splitlines()[-1].startswith("textfix: 2 files (1 at or over 0.5) in ")


def test_glossary_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                           gloss: str) -> None:
    """``glossary validate/stats/show/list`` report on glossary files."""
    code, out, _ = run(capsys, "glossary", "validate", gloss)
    assert code == cli.EX_OK and out.startswith("OK")
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[synonyms]\ndefense = []\n', encoding="utf-8")
    code, out, _ = run(capsys, "glossary", "validate", gloss, str(bad))
    assert code == cli.EX_USAGE and "ERROR" in out and "bad.toml" in out
    code, out, _ = run(capsys, "glossary", "stats", "--json", gloss)
    row = json.loads(out)
    assert (row["terms"], row["synonym_words"], row["rules_sure"]) == (5, 3, 1)
    code, out, _ = run(capsys, "glossary", "show", "--entries", gloss)
    assert code == cli.EX_OK and "clitest" in out and "defense <- protection" in out
    code, out, _ = run(capsys, "glossary", "list")
    assert code in (cli.EX_OK, cli.EX_USAGE)
    assert len(out.splitlines()) == len(textfix.available_glossaries())


def test_dask_missing_is_one_line(capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``--dask`` without the Dask module: a one-line message and exit 2."""
    monkeypatch.setitem(sys.modules, "textfix.cli.dask", None)
    code, _, err = run(capsys, "fix", "--dask", "tcp://127.0.0.1:1", "--jsonl", "--field",
                       "text", "-o", str(tmp_path / "o"), str(tmp_path))
    assert code == cli.EX_USAGE and err.count("\n") == 1 and "dask" in err


def test_console_script(tmp_path: Path) -> None:
    """The installed ``textfix`` script runs and exits with the documented codes."""
    script = shutil.which("textfix")
    cmd = [script] if script else [sys.executable, "-m", "textfix"]
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    g = tmp_path / "g.toml"
    g.write_text(GLOSSARY, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([*cmd, "fix", "-g", str(g), str(f)], capture_output=True, env=env,
                          check=False)
    assert done.returncode == cli.EX_OK
    assert done.stdout.decode() == FIXED
    done = subprocess.run([*cmd, "fix", "--check", "-g", str(g), str(f)],
                          capture_output=True, env=env, check=False)
    assert done.returncode == cli.EX_FOUND
    done = subprocess.run([*cmd, "fix", str(tmp_path / "missing")], capture_output=True,
                          env=env, check=False)
    assert done.returncode == cli.EX_USAGE and b"Traceback" not in done.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_glossaries_are_reported_before_any_work(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path, jobs: str) -> None:
    """With workers too, a broken glossary, or two that conflict, stop the run at once with
    the file, line and entry, and leave the input alone."""
    src = tmp_path / "in.txt"
    src.write_text(SPUN, encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "broken"\nterms = ["Security Council"]\ntier = "maybe"\n', "utf-8")
    code, out, err = run(capsys, "fix", "-w", "-j", jobs, "-g", str(broken), str(src))
    assert code == cli.EX_USAGE and out == ""
    assert f"{broken}:3: entry 'tier'" in err
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text('name = "one"\n[phrases]\n"final yr" = "last year"\n', "utf-8")
    two.write_text('name = "two"\n[phrases]\n"final yr" = "final year"\n', "utf-8")
    code, out, err = run(capsys, "fix", "-w", "-j", jobs, "-g", str(one), "-g", str(two),
                         str(src))
    assert code == cli.EX_USAGE and "conflicting rule" in err and str(two) in err
    assert src.read_text(encoding="utf-8") == SPUN


def _cli_command() -> list[str]:
    script = shutil.which("textfix")
    return [script] if script else [sys.executable, "-m", "textfix"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_named_pipe_is_read_once_and_a_pipe_in_a_folder_is_skipped(tmp_path: Path) -> None:
    """A pipe named on the command line (``textfix fix <(zcat x.gz)``) is read as it comes,
    once, so nothing is lost; a pipe met in a folder is noted and passed over (reading it would
    wait forever); and -w refuses a pipe."""
    import threading

    g = tmp_path / "g.toml"
    g.write_text(GLOSSARY, encoding="utf-8")
    pipe = tmp_path / "in.fifo"
    os.mkfifo(pipe)

    def feed() -> None:
        with pipe.open("w", encoding="utf-8") as fh:
            fh.write(SPUN * 200)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([*_cli_command(), "fix", "-g", str(g), str(pipe)],
                          capture_output=True, env=env, timeout=120, check=False)
    writer.join(timeout=10)
    assert done.returncode == cli.EX_OK, done.stderr
    assert done.stdout.decode() == FIXED * 200
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    done = subprocess.run([*_cli_command(), "fix", "--check", "-g", str(g), str(tmp_path)],
                          capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == cli.EX_FOUND
    assert b"in.fifo: skipped (not a regular file)" in done.stderr
    done = subprocess.run([*_cli_command(), "fix", "-w", "-g", str(g), str(pipe)],
                          capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == cli.EX_USAGE and b"not a regular file" in done.stderr
