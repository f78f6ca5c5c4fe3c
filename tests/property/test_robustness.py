"""Law 7: fix and detect never raise on any str; the glossary loader raises only GlossaryError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import textfix
from textfix.testing import glossaries, glossary_texts, glossary_toml, texts

pytestmark = pytest.mark.property

#: Keys the loader knows, so generated files reach the checks behind the TOML parser.
KEYS = ["name", "description", "terms", "term", "synonyms", "phrases", "rule", "exceptions",
        "channel", "text", "tier", "proper", "spun", "canonical", "require", "require_any",
        "forbid", "window", "score", "=", "defense", "sure", "likely", "x y"]


def _toml_value() -> st.SearchStrategy[str]:
    """TOML values of every type, nested in arrays and inline tables."""
    scalar = st.one_of(
        st.text(max_size=12).map(json.dumps),
        st.sampled_from(KEYS).map(json.dumps),
        st.integers(-5, 10**20).map(str),
        st.sampled_from(("true", "false", "0.5", "1.0", "-0.0", "inf", "nan", "1979-05-27")),
    )
    return st.recursive(scalar, lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{json.dumps(k)} = {v}" for k, v in kv) + "}"),
    ), max_leaves=8)


@st.composite
def toml_documents(draw: st.DrawFn) -> str:
    """Glossary-shaped TOML: keys the loader knows with values of any type, under any header."""
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 3)) == 0:
            header = draw(st.sampled_from(("[synonyms]", "[phrases]", "[[term]]", "[[rule]]",
                                           "[channel.said]", "[channel]", "[meta]")))
            lines.append(header)
        lines.append(f"{json.dumps(draw(st.sampled_from(KEYS)))} = {draw(_toml_value())}")
    return "\n".join(lines)


@st.composite
def mutated_glossaries(draw: st.DrawFn) -> str:
    """A valid glossary's source with a slice cut out and a random piece put in."""
    src = draw(glossary_toml())
    a = draw(st.integers(0, len(src)))
    b = draw(st.integers(a, len(src)))
    piece = draw(st.one_of(st.text(max_size=20), _toml_value(), st.sampled_from(
        ('"', "[", "]", "\n[[term]]\n", "\n[synonyms]\n", " = ", "\x00", "\ufeff", "\\"))))
    return src[:a] + piece + src[b:]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("glossaries")


@given(data=st.data())
def test_robustness_fix_detect(data: st.DataObject) -> None:
    """fix, fix_and_explain and detect return normally on any str (random or shipped glossaries)."""
    g = data.draw(glossaries(), label="glossary")
    text = data.draw(st.one_of(texts(), glossary_texts(g)), label="text")
    for rw in (textfix.Rewriter([g]), textfix.default_rewriter()):
        res = rw.fix(text)
        assert isinstance(res.text, str)
        assert 0.0 <= rw.detect(text) <= 1.0
    assert isinstance(textfix.fix(text), str)
    assert 0.0 <= textfix.detect(text) <= 1.0


EXTREMES = {
    "lone surrogates": "\ud800 protection \udfff chiefs\udc80",
    "NUL": "the protection\x00chiefs \x00 met\x00",
    "1 MB single word": "a" * (1 << 20),
    "1 MB single spun word": "protection" * (1 << 17),
    "100k tiny lines": "a\n" * 100_000,
    "100k tiny CRLF lines": "b.\r\n" * 100_000,
    "combining marks alone": "\u0301" * 10_000,
    "one possessive per word": "’s " * 50_000,
}


@pytest.mark.parametrize("text", EXTREMES.values(), ids=EXTREMES.keys())
def test_robustness_extremes(text: str) -> None:
    """Extreme inputs are repaired and scored without raising, and edits still replay."""
    res = textfix.fix_and_explain(text)
    assert res.replay(text) == res.text
    assert 0.0 <= textfix.detect(text) <= 1.0


@given(content=st.one_of(st.binary(max_size=300), toml_documents().map(str.encode),
                         mutated_glossaries().map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_robustness_loader(folder: Path, content: bytes) -> None:
    """load_glossary raises nothing but GlossaryError (a ValueError naming the file)."""
    path = folder / "g.toml"
    path.write_bytes(content)
    try:
        g = textfix.load_glossary(path)
    except textfix.GlossaryError as exc:
        assert exc.path == str(path)
        assert str(path) in str(exc)
    else:
        assert isinstance(g, textfix.Glossary)
        textfix.Rewriter([g]).fix("a text with some words")
