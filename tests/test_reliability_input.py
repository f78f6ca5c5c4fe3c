"""Regressions of issue 17 (items 3 to 10): hostile glossaries, files and streams."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import textfix
from textfix import cache
from textfix.glossary.model import Glossary, GlossaryError, Term
from textfix.glossary.parse import MAX_ENTRY_CHARS, MAX_ENTRY_WORDS

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


def test_a_term_of_thousands_of_words_compiles() -> None:
    """A glossary built in code is not limited by the parser: its term trie of 3,000 levels
    compiles (the trie is sealed without recursion)."""
    text = _words(3000)
    g = Glossary(name="deep", path="deep", terms=(Term(text),))
    assert textfix.Rewriter([g]).fix(text).text == text


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
    assert list(tmp_path.iterdir()) == []


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
