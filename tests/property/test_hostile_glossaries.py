"""Hostile glossaries: very long entries, deep chains of shared prefixes, thousands of entries
behind one first word, and terms of every Unicode category. Loading (validation, compilation,
the compile cache) raises nothing but GlossaryError, keeps to the stated limits and says which
one an entry exceeds; what loads also rewrites."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import textfix
from textfix.glossary.model import GlossaryError
from textfix.glossary.parse import MAX_ENTRY_CHARS, MAX_ENTRY_WORDS
from textfix.text.tokenize import WORD

from .conftest import scaled

pytestmark = pytest.mark.property


@contextmanager
def fresh_cache() -> Iterator[Path]:
    """A compile cache of its own, so every example is built, stored and loaded again."""
    before = os.environ.get("TEXTFIX_CACHE_DIR")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TEXTFIX_CACHE_DIR"] = folder
        try:
            yield Path(folder)
        finally:
            if before is None:
                del os.environ["TEXTFIX_CACHE_DIR"]
            else:
                os.environ["TEXTFIX_CACHE_DIR"] = before


def load_twice(source: str) -> textfix.Glossary | GlossaryError:
    """Load ``source`` from a file (validating and compiling it), then again from the cache;
    the result, or the GlossaryError. Any other exception fails the test."""
    with fresh_cache() as folder:
        path = folder / "hostile.toml"
        path.write_text(source, encoding="utf-8")
        try:
            first = textfix.load_glossary(path)
        except GlossaryError as exc:
            assert "Traceback" not in str(exc) and "\n" not in str(exc)
            return exc
        again = textfix.load_glossary(path)
        assert again == first
        return first


def _over_limit(entry: str) -> bool:
    return len(entry) > MAX_ENTRY_CHARS or len(WORD.findall(entry)) > MAX_ENTRY_WORDS


def _limit_named(exc: GlossaryError) -> bool:
    return (f"longer than {MAX_ENTRY_WORDS} words" in exc.problem
            or f"longer than {MAX_ENTRY_CHARS} characters" in exc.problem)


@st.composite
def long_entries(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A glossary of terms and phrase rules from 1 to 150 words of 1 to 12 letters, every
    entry with words of its own (so only length can make it fail)."""
    entries: list[str] = []
    lines = ['name = "long"', "terms = ["]
    rules = []
    for k in range(draw(st.integers(1, 4))):
        n = draw(st.integers(1, 150))
        size = draw(st.integers(1, 12))
        words = " ".join(f"q{k}{chr(97 + i % 26) * size}{i}" for i in range(n))
        entries.append(words)
        if draw(st.booleans()):
            lines.append(f"  {json.dumps(words)},")
        else:
            rules.append(f"{json.dumps(words)} = \"canon{k}\"")
    lines.append("]")
    if rules:
        lines += ["[phrases]", *rules]
    return "\n".join(lines) + "\n", entries


@scaled(0.2)
@given(long_entries())
def test_long_entries_fail_only_on_the_limit_they_exceed(case: tuple[str, list[str]]) -> None:
    """An entry beyond a limit fails with a GlossaryError naming that limit and its line; a
    glossary within the limits loads, compiles, caches and repairs its own spun phrases."""
    source, entries = case
    got = load_twice(source)
    event("over a limit" if any(map(_over_limit, entries)) else "within the limits")
    if any(map(_over_limit, entries)):
        assert isinstance(got, GlossaryError), "an entry over the limit loaded"
        assert _limit_named(got), got
        assert got.line
    else:
        assert isinstance(got, textfix.Glossary), got
        rw = textfix.Rewriter([got])
        for r in got.rules:
            assert rw.fix(f"say {r.spun} now").text == f"say {r.canonical} now"


@scaled(0.1)
@given(st.integers(1, 100), st.booleans())
def test_a_deep_chain_of_shared_prefixes_loads(depth: int, as_rules: bool) -> None:
    """"a1", "a1 a2", "a1 a2 a3", ...: every prefix an entry, as deep as the limit allows;
    beyond it, the limit is named."""
    chain = [" ".join(f"deep{i}" for i in range(1, n + 1)) for n in range(1, depth + 1)]
    if as_rules:
        body = "[phrases]\n" + "".join(f'"{c}" = "flat{n}"\n' for n, c in enumerate(chain))
    else:
        body = "terms = [\n" + "".join(f'  "{c}",\n' for c in chain) + "]\n"
    got = load_twice('name = "chain"\n' + body)
    if depth > MAX_ENTRY_WORDS:
        assert isinstance(got, GlossaryError) and _limit_named(got), got
    else:
        assert isinstance(got, textfix.Glossary), got
        text = chain[-1]
        rw = textfix.Rewriter([got])
        out = rw.fix(text).text
        assert out == (f"flat{depth - 1}" if as_rules else text)


def test_thousands_of_entries_behind_one_first_word() -> None:
    """5,000 terms and 5,000 rules that all begin with the same word load, cache and repair."""
    terms = ",\n".join(f'  "common term{i}x"' for i in range(5000))
    rules = "\n".join(f'"common spun{i}y" = "common term{i}x"' for i in range(5000))
    got = load_twice(f'name = "wide"\nterms = [\n{terms}\n]\n[phrases]\n{rules}\n')
    assert isinstance(got, textfix.Glossary), got
    assert len(got.terms) == len(got.rules) == 5000
    rw = textfix.Rewriter([got])
    assert rw.fix("the common spun4321y and common term7x").text == (
        "the common term4321x and common term7x")


#: Any character TOML can hold (every general category), and the letters, marks and numbers
#: of every script that words are made of.
_ANY_CHAR = st.characters(codec="utf-8")
_WORD_CHAR = st.characters(categories=("L", "M", "N"))
_WORDS = st.one_of(st.text(_WORD_CHAR, min_size=1, max_size=12),
                   st.text(_ANY_CHAR, min_size=1, max_size=12))


@scaled(0.5)
@given(st.lists(_WORDS, min_size=1, max_size=4),
       st.sampled_from(["terms", "rule", "synonym", "exception"]))
def test_terms_of_any_characters_load_or_fail_cleanly(words: list[str], kind: str) -> None:
    """Entries made of any characters (letters of every script, marks, digits, symbols,
    controls, format and private-use characters, unpaired surrogates excluded as TOML cannot
    hold them) either load, and then rewrite text without raising, or fail with a one-line
    GlossaryError naming the file."""
    entry = " ".join(words)
    quoted = json.dumps(entry)
    if kind == "terms":
        body = f"terms = [{quoted}]\n"
    elif kind == "rule":
        body = f"[phrases]\n{quoted} = \"plain words\"\n"
    elif kind == "synonym":
        body = f'terms = ["plain words"]\n[synonyms]\n"plain" = [{quoted}]\n'
    else:
        body = f"exceptions = [{quoted}]\n"
    got = load_twice('name = "chars"\n' + body)
    event("rejected" if isinstance(got, GlossaryError) else "loaded")
    if isinstance(got, GlossaryError):
        assert got.path.endswith("hostile.toml")
        return
    rw = textfix.Rewriter([got])
    for text in (entry, f"a {entry} b", entry.upper(), f"{entry}\n\n{entry}"):
        res = rw.fix(text)
        assert res.replay(text) == res.text


@scaled(0.1)
@given(st.integers(1, 3000), st.sampled_from(["[", "{a = "]))
def test_deeply_nested_toml_is_a_glossary_error(depth: int, opener: str) -> None:
    """Arrays or inline tables nested thousands deep: a GlossaryError, not a RecursionError."""
    closer = "]" if opener == "[" else "}"
    got = load_twice(f'name = "nest"\nterms = {opener * depth}1{closer * depth}\n')
    assert isinstance(got, GlossaryError)
