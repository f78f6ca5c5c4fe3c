"""The shipped term glossaries ``defense-diplomacy`` and ``news-terms``.

Each example is repaired to contain its term, every term comes back unchanged, and clean text
(the seed news digest and the texts in ``data/terms-clean``) is never touched.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import pytest

import textfix
from textfix import Glossary, Rewriter

ROOT = Path(__file__).resolve().parents[1]
CLEAN_DIR = Path(__file__).resolve().parent / "data" / "terms-clean"
NAMES = ("defense-diplomacy", "news-terms")
MIN_TERMS = 300
MIN_EXAMPLES = 40


@cache
def own_rewriter(name: str) -> Rewriter:
    """The glossary on its own, with ``likely`` entries open (an example is a spun fragment)."""
    return Rewriter([textfix.get_glossary(name)], threshold=0.0)


@lru_cache(maxsize=1)
def default_rewriter() -> Rewriter:
    """The full default set, as ``textfix.fix`` uses it."""
    return Rewriter(textfix.default_glossaries())


def _examples() -> list[tuple[str, str, str]]:
    return [(name, t.text, t.example) for name in NAMES
            for t in textfix.get_glossary(name).terms if t.example]


def _terms() -> list[tuple[str, str]]:
    return [(name, t.text) for name in NAMES for t in textfix.get_glossary(name).terms]


def _clean_texts() -> list[Path]:
    return [*sorted(CLEAN_DIR.glob("*.txt")), *sorted((ROOT / "seeds").glob("000_*.txt"))]


@pytest.mark.parametrize("name", NAMES)
def test_glossary_is_shipped_with_hundreds_of_terms(name: str) -> None:
    """Both glossaries are shipped, in the default set, and hold hundreds of terms."""
    g = textfix.get_glossary(name)
    assert isinstance(g, Glossary) and g.name == name
    assert name in textfix.available_glossaries()
    assert name in {d.name for d in textfix.default_glossaries()}
    assert len(g.terms) >= MIN_TERMS
    assert sum(1 for t in g.terms if t.example) >= MIN_EXAMPLES


@pytest.mark.parametrize(("name", "term", "example"), _examples(),
                         ids=[f"{n}:{t}" for n, t, _ in _examples()])
def test_example_is_repaired_to_its_term(name: str, term: str, example: str) -> None:
    """A term's spun example comes back containing the term, and the repair is stable."""
    rw = own_rewriter(name)
    res = rw.fix(example)
    assert res.edits, f"nothing repaired in {example!r}"
    assert term.casefold() in res.text.casefold(), res.text
    assert res.replay(example) == res.text
    assert rw.fix(res.text).text == res.text


@pytest.mark.parametrize(("name", "term"), _terms(), ids=[f"{n}:{t}" for n, t in _terms()])
def test_term_itself_is_left_alone(name: str, term: str) -> None:
    """The canonical term is unchanged by its own glossary (likely open) and by the default set."""
    assert own_rewriter(name).fix(term).text == term
    assert default_rewriter().fix(term).text == term


def test_clean_texts_are_written_for_the_purpose() -> None:
    """At least ten clean texts of 150 to 400 words, each using several canonical terms."""
    texts = sorted(CLEAN_DIR.glob("*.txt"))
    assert len(texts) >= 10
    terms = [t.text for name in NAMES for t in textfix.get_glossary(name).terms]
    for p in texts:
        text = p.read_text(encoding="utf-8")
        assert 150 <= len(text.split()) <= 400, p.name
        assert sum(1 for t in terms if t in text) >= 5, p.name


@pytest.mark.parametrize("path", _clean_texts(), ids=[p.name for p in _clean_texts()])
def test_clean_text_gets_no_edit(path: Path) -> None:
    """Clean news text is never changed by the default set, nor by any shipped glossary alone."""
    text = path.read_text(encoding="utf-8")
    assert textfix.fix(text) == text
    assert default_rewriter().fix(text).edits == ()
    for name in textfix.available_glossaries():
        edits = Rewriter([textfix.get_glossary(name)]).fix(text).edits
        assert edits == (), (name, [(e.before, e.after) for e in edits])
