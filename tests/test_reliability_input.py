"""Regressions of issue 17 (items 3 to 10): hostile glossaries, files and streams."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import textfix
from textfix import cache
from textfix.engine.compile import _seal
from textfix.engine.tables import END
from textfix.glossary.model import Glossary, GlossaryError, Term
from textfix.glossary.parse import MAX_ENTRY_CHARS, MAX_ENTRY_WORDS
from textfix.review.decisions import text_sha256

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "textfix", *args], cwd=cwd, input=stdin,
                          capture_output=True, check=False)


def _one_line_error(done: subprocess.CompletedProcess[bytes], *needles: str) -> str:
    """The run failed with exit 2 and one line on stderr holding every needle."""
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    for needle in needles:
        assert needle in err, err
    return err


# -- item 3: long entries ------------------------------------------------------------------


def _words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


@pytest.mark.parametrize(("body", "limit"), [
    (f'terms = ["{_words(2000)}"]', f"longer than {MAX_ENTRY_CHARS} characters"),
    (f'[phrases]\n"{_words(500)}" = "short"', f"longer than {MAX_ENTRY_CHARS} characters"),
    ('terms = ["' + " ".join("a" * (MAX_ENTRY_WORDS + 1)) + '"]',
     f"longer than {MAX_ENTRY_WORDS} words ({MAX_ENTRY_WORDS + 1})"),
    ('[phrases]\n"' + " ".join("b" * 100) + '" = "short"', f"longer than {MAX_ENTRY_WORDS} words"),
])
def test_a_long_entry_is_a_glossary_error(tmp_path: Path, body: str, limit: str) -> None:
    """A term or rule beyond the stated limits: GlossaryError naming file, line, the limit and
    the entry (shortened); on the command line one line and exit 2."""
    path = tmp_path / "long.toml"
    path.write_text(f'name = "long"\n{body}\n', encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        textfix.load_glossary(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{2 if 'terms' in body else 3}: entry '")
    assert limit in message
    assert len(message) < 200
    err = _one_line_error(_cli("fix", "-g", str(path), "-", cwd=tmp_path, stdin=b"text\n"),
                          "long.toml", limit)
    assert err.startswith("textfix: ")


def test_entries_at_the_limits_load(tmp_path: Path) -> None:
    """An entry of exactly the stated number of words loads and repairs."""
    words = [f"x{i}" for i in range(MAX_ENTRY_WORDS)]
    spun = " ".join(words)
    path = tmp_path / "edge.toml"
    path.write_text(f'name = "edge"\n[phrases]\n"{spun}" = "canon"\n', encoding="utf-8")
    g = textfix.load_glossary(path)
    assert textfix.Rewriter([g]).fix(f"say {spun} now").text == "say canon now"


def test_a_glossary_built_in_code_keeps_the_limits() -> None:
    """A glossary built in code skips the parser; compiling it checks the same limits, with a
    GlossaryError (a 3,000-word term used to be a RecursionError)."""
    for n, ok in ((MAX_ENTRY_WORDS, True), (MAX_ENTRY_WORDS + 1, False), (3000, False)):
        text = " ".join(["w"] * n)
        g = Glossary(name="code", path="code", terms=(Term(text, line=7),))
        if ok:
            assert textfix.Rewriter([g]).fix(text).text == text
        else:
            with pytest.raises(GlossaryError, match=r"^code:7: entry 'w w .*': term is longer"):
                textfix.Rewriter([g])


def test_the_term_trie_is_sealed_without_recursion() -> None:
    """Sealing a trie far deeper than the recursion limit works (no glossary reaches it)."""
    root: dict[str, Any] = {}
    node = root
    for k in range(5000):
        node = node.setdefault(f"w{k}", {})
    node[END] = ["deepest"]
    sealed = _seal(root)
    assert isinstance(sealed, dict)
    for k in range(4999):
        sealed = sealed[f"w{k}"]
    assert sealed["w4999"] == ("deepest",)


def test_the_cache_skips_what_it_cannot_pickle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    """An object too deep to pickle is not cached, silently, and leaves no temporary file."""
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path))
    deep: dict[str, object] = {}
    node = deep
    for _ in range(100_000):
        node["a"] = node = {}
    cache.put("compiled", "deep", deep)
    assert cache.get("compiled", "deep") is None
    assert [p.name for p in tmp_path.iterdir()] in ([], ["hmac.key"])  # the key may stay


# -- item 10: punctuation the edit of a rule drops ----------------------------------------


@pytest.mark.parametrize(("spun", "canonical", "text", "fixed"), [
    ("(x) y", "zed", "(x) y and more", "zed and more"),
    ("x (y)", "zed", "a x (y) and more", "a zed and more"),
    ("x (y) z", "w z", "a x (y) z.", "a w z."),
    ("(x) y", "zed", "list: x) y", "list: zed"),  # no opening bracket in the text to take
    ("x (y)", "zed (y)", "a x (y) and more", "a zed (y) and more"),  # the bracket is kept
])
def test_a_rule_takes_the_bracket_it_would_orphan(spun: str, canonical: str, text: str,
                                                  fixed: str) -> None:
    """A rule whose edit drops a bracket between its words also takes that bracket's partner
    just outside the edit, so no half pair is left; the edit still replays."""
    g = textfix.parse_glossary(f'name = "p"\n[phrases]\n"{spun}" = "{canonical}"\n')
    res = textfix.Rewriter([g]).fix(text)
    assert res.text == fixed
    assert res.replay(text) == fixed
    assert textfix.Rewriter([g]).fix(fixed).text == fixed


def test_a_shipped_rule_with_a_closing_bracket_leaves_none_behind() -> None:
    """'polyethylene glycol (stake)' -> 'polyethylene glycol' takes the closing bracket."""
    out = textfix.fix("The polyethylene glycol (stake) was added.")
    assert out == "The polyethylene glycol was added."


# -- item 4: write-protected files ---------------------------------------------------------

SEED = ROOT / "seeds" / "001_73e4453e2cad5e0e.txt"


def test_write_leaves_a_read_only_file_alone(tmp_path: Path) -> None:
    """``-w`` over a folder: a file with no write bit that would change is named with the
    reason and left as it was (also for root, who may write anything), the others are
    written, and the exit code is 2; a read-only file with nothing to change is no error."""
    folder = tmp_path / "d"
    folder.mkdir()
    spun = SEED.read_bytes()
    for name in ("a.txt", "c.txt"):
        (folder / name).write_bytes(spun)
    (folder / "b.txt").write_text("plain words\n")
    (folder / "a.txt").chmod(0o444)
    (folder / "b.txt").chmod(0o444)
    done = _cli("fix", "-q", "-w", "d", cwd=tmp_path)
    _one_line_error(done, "d/a.txt: cannot write (read-only file); left unchanged")
    assert (folder / "a.txt").read_bytes() == spun
    assert (folder / "a.txt").stat().st_mode & 0o777 == 0o444
    assert (folder / "c.txt").read_bytes() != spun
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt", "c.txt"]
    alone = _cli("fix", "-q", "-w", "d/b.txt", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr



def test_apply_leaves_a_read_only_file_alone(tmp_path: Path) -> None:
    """``apply -w`` keeps the same promise as ``fix -w``."""
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").chmod(0o444)
    res = textfix.fix_and_explain(text)
    decisions = {"format": "textfix-review-decisions", "version": 1, "title": "t",
                 "documents": [{"name": "a.txt", "path": "a.txt", "record": None,
                                "field": None, "page": None, "sha256": text_sha256(text),
                                "edits": [[e.start, e.end, e.before, e.after, e.rule]
                                          for e in res.edits],
                                "accepted": list(range(len(res.edits))), "rejected": []}]}
    (tmp_path / "d.json").write_text(json.dumps(decisions), encoding="utf-8")
    _one_line_error(_cli("apply", "-q", "-w", "d.json", cwd=tmp_path),
                    "a.txt: cannot write (read-only file); left unchanged")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == text


# -- item 5: folders that cannot be read ---------------------------------------------------

#: Runs the command line as the unprivileged user 65534 (permissions do not stop root): the
#: privileges are dropped inside the interpreter, which needs no path root alone may reach.
_AS_NOBODY = """
import os, sys
import textfix.cli
os.setgroups([]); os.setgid(65534); os.setuid(65534)
sys.exit(textfix.cli.main(sys.argv[1:]))
"""


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary folder anyone may enter (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="textfix-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for sub in folder.rglob("*"):
            if sub.is_dir():
                sub.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="drops privileges from root to user 65534")
def test_an_unreadable_folder_is_an_error(open_tmp: Path) -> None:
    """``fix --check d3`` with ``d3/sub`` at mode 000: the folder is named as an error
    (exit 2), the readable files are still checked; before, it vanished with exit 0."""
    glossary = open_tmp / "g.toml"
    glossary.write_text('name = "g"\n[phrases]\n"this yr" = "this year"\n')
    d3 = open_tmp / "d3"
    (d3 / "sub").mkdir(parents=True)
    (d3 / "a.txt").write_text("Sales rose this yr.\n")
    (d3 / "sub" / "b.txt").write_text("Sales rose this yr.\n")
    for path in (glossary, d3 / "a.txt", d3 / "sub" / "b.txt"):
        path.chmod(0o644)
    d3.chmod(0o755)
    (d3 / "sub").chmod(0)
    env = dict(os.environ, TEXTFIX_CACHE="0", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _AS_NOBODY, "fix", "--check", "-j", "1",
                           "-g", "g.toml", "d3"], cwd=open_tmp, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "textfix: d3/sub: cannot read folder (Permission denied)\n" in done.stderr
    assert done.stdout == "d3/a.txt\n"
    inside = subprocess.run([sys.executable, "-c", _AS_NOBODY, "fix", "--check", "-j", "1",
                             "-g", "g.toml", "d3/sub/b.txt"], cwd=open_tmp, env=env,
                            capture_output=True, text=True, check=False)
    assert inside.returncode == 2, inside.stderr
    assert inside.stderr.splitlines()[0] == "textfix: d3/sub/b.txt: cannot read (Permission denied)"


# -- item 6: UTF-16 and UTF-32 files -------------------------------------------------------

SPUN_LINE = "Sales rose this yr in the 2 nations.\n"
FIXED_LINE = "Sales rose this year in the two nations.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_wide_encodings_are_read_as_text(tmp_path: Path, encoding: str) -> None:
    """A UTF-16/32 file is full of NUL bytes; with ``--encoding`` it is repaired (not called
    binary), to stdout in one piece (one byte order mark, however many chunks) and in place."""
    path = tmp_path / "wide.txt"
    path.write_bytes((SPUN_LINE * 40).encode(encoding))
    done = _cli("fix", "-q", "-g", "news-spin", "--encoding", encoding, "--chunk-size", "100",
                "wide.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (FIXED_LINE * 40).encode(encoding)
    written = _cli("fix", "-q", "-w", "-g", "news-spin", "--encoding", encoding, "wide.txt",
                   cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert path.read_bytes() == (FIXED_LINE * 40).encode(encoding)


def test_a_byte_order_mark_is_not_binary(tmp_path: Path) -> None:
    """A UTF-16 file read as UTF-8 is named as undecodable, not as a binary file."""
    (tmp_path / "wide.txt").write_bytes(SPUN_LINE.encode("utf-16"))
    err = _one_line_error(_cli("fix", "-q", "-g", "news-spin", "wide.txt", cwd=tmp_path),
                          "wide.txt: cannot decode as utf-8")
    assert "binary" not in err


# -- item 7: where a file fails to decode --------------------------------------------------


def _with_bad_byte(size: int, at: int, bad: bytes) -> bytes:
    data = bytearray(b"word " * (size // 5))
    data[at : at + len(bad)] = bad
    return bytes(data)


@pytest.mark.parametrize(("data", "where"), [
    (_with_bad_byte(5_500_000, 5_223_000, b"\xff"), "byte 5223000: invalid start byte"),
    (b"word " * 100_000 + b"\xe2\x82", "byte 500000: unexpected end of data"),
    # a character begun at the last byte of one read block and broken in the next
    (_with_bad_byte(600_000, (1 << 18) - 1, b"\xe2x"), f"byte {(1 << 18) - 1}: invalid"),
])
@pytest.mark.parametrize("mode", [(), ("-w",), ("--jsonl", "--field", "t")])
def test_a_decode_error_names_the_byte_in_the_file(tmp_path: Path, data: bytes, where: str,
                                                   mode: tuple[str, ...]) -> None:
    """The offset of an undecodable byte counts from the start of the file, whichever read
    block it is in, also when the file ends inside a character."""
    (tmp_path / "bad.txt").write_bytes(data)
    _one_line_error(_cli("fix", "-q", "-j", "1", *mode, "bad.txt", cwd=tmp_path),
                    f"bad.txt: cannot decode as utf-8 ({where}", "); skipped")
    assert (tmp_path / "bad.txt").read_bytes() == data


def test_a_decode_error_in_a_csv_names_the_byte_in_the_file(tmp_path: Path) -> None:
    """The CSV reader decodes in blocks of its own; its error is placed in the file too."""
    rows = b"id,body\n" + b"".join(b"%d,some words here\n" % i for i in range(20_000))
    rows = rows[:300_000] + b"\xff" + rows[300_001:]
    (tmp_path / "bad.csv").write_bytes(rows)
    for mode in (("-o", "out"), ("--check",)):
        _one_line_error(_cli("fix", "-q", "-j", "1", "--field", "body", *mode, "bad.csv",
                             cwd=tmp_path),
                        "bad.csv: cannot decode as utf-8 (byte 300000: invalid start byte)")


# -- item 8: undecodable stdin -------------------------------------------------------------


@pytest.mark.parametrize("mode", [(), ("--report", "-"), ("--jsonl", "--field", "t")])
def test_undecodable_stdin_writes_nothing(tmp_path: Path, mode: tuple[str, ...]) -> None:
    """4 MB of spun text then a bad byte on stdin: nothing on stdout, one line naming the
    byte, exit 2 (the stream is checked whole before any of it is written)."""
    data = SEED.read_bytes() * 1300 + b"\xff tail\n"
    done = _cli("fix", "-q", "-j", "1", *mode, "-", cwd=tmp_path, stdin=data)
    _one_line_error(done, f"-: cannot decode as utf-8 (byte {len(data) - 7}: invalid start")
    assert done.stdout == b""


def test_a_named_pipe_is_checked_whole(tmp_path: Path) -> None:
    """A pipe named as a file (``textfix fix <(zcat a.gz)``) is read once, and an undecodable
    one writes nothing either."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    data = SEED.read_bytes() * 1300 + b"\xff"
    p = subprocess.Popen([sys.executable, "-m", "textfix", "fix", "-q", "-j", "1", "pipe"],
                         cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    feeder = threading.Thread(target=fifo.write_bytes, args=(data,))
    feeder.start()
    try:
        out, err = p.communicate(timeout=60)
    finally:
        p.kill()
        feeder.join()
    assert p.returncode == 2, err
    assert out == b""
    assert err.decode() == (f"textfix: pipe: cannot decode as utf-8 (byte {len(data) - 1}: "
                            "invalid start byte); skipped\n")


# -- item 9: a line longer than the chunk size ---------------------------------------------


def test_a_long_line_is_cut_where_no_phrase_is(tmp_path: Path) -> None:
    """A single line of many sentences, longer than ``--chunk-size``: the chunks end where no
    entry can match across, so the repair equals the library's on the whole text."""
    path = tmp_path / "g.toml"
    path.write_text('name = "g"\n[phrases]\n"nuclear gasoline provides" = "nuclear fuel '
                    'supplies"\n')
    line = "".join(f"Plant {k} of {'x ' * (k % 5)}nuclear gasoline provides power! "
                   for k in range(40))
    (tmp_path / "long.txt").write_text(line)
    expected = textfix.Rewriter([textfix.load_glossary(path)]).fix(line).text
    assert expected.count("nuclear fuel supplies") == 40
    for size in ("30", "45", "77"):
        done = _cli("fix", "-q", "-j", "1", "-g", "g.toml", "--chunk-size", size, "long.txt",
                    cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.decode() == expected
