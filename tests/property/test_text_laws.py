"""Laws of the rewriter on text: round trip, fixed point, idempotence, replay, locality, case."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import textfix
from textfix.testing import (
    canonical_texts,
    glossaries,
    glossary_texts,
    outside_words,
    real_texts,
    texts,
)

pytestmark = pytest.mark.property

ROOT = Path(__file__).resolve().parents[2]
REAL = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT.parent / "shared" / "pairs").glob(
    "*/*.txt"))
SHIPPED = [*textfix.available_glossaries(), "default"]


@lru_cache(maxsize=256)
def rewriter(g: textfix.Glossary) -> textfix.Rewriter:
    return textfix.Rewriter([g])


@lru_cache(maxsize=16)
def shipped(name: str) -> textfix.Rewriter:
    return textfix.default_rewriter() if name == "default" else textfix.Rewriter(
        [textfix.get_glossary(name)])


def shipped_inputs(name: str) -> st.SearchStrategy[str]:
    """Any text, text made of the glossary's own words, and runs of real documents."""
    rw = shipped(name)
    words = [glossary_texts(g) for g in rw.glossaries]
    return st.one_of(texts(), real_texts(REAL), *words)


@st.composite
def random_case(draw: st.DrawFn) -> tuple[textfix.Rewriter, str]:
    """A random glossary and a text built of its words among other text."""
    g = draw(glossaries())
    return rewriter(g), draw(st.one_of(glossary_texts(g), canonical_texts(g)))


def cases(name: str) -> st.SearchStrategy[tuple[textfix.Rewriter, str]]:
    if name == "random":
        return random_case()
    return st.tuples(st.just(shipped(name)), shipped_inputs(name))


def check_edits(source: str, res: textfix.Result) -> None:
    """Edits are sorted, non-overlapping, in bounds, and ``source[start:end] == before``."""
    pos = 0
    for e in res.edits:
        assert pos <= e.start <= e.end <= len(source), (e, pos)
        assert source[e.start : e.end] == e.before, e
        assert e.before != e.after, e
        pos = e.end


@given(data=st.data())
def test_round_trip(data: st.DataObject) -> None:
    """fix(spin(text)) == text for canonical text with outside words (canonical_texts' domain)."""
    g = data.draw(glossaries(), label="glossary")
    text = data.draw(canonical_texts(g), label="text")
    spun = textfix.spin(text, g, seed=data.draw(st.integers(0, 2**32), label="seed"))
    subs = [textfix.Edit(s.start, s.end, s.before, s.after, s.entry, "sure", 1.0)
            for s in spun.substitutions]
    assert textfix.apply_edits(text, subs) == spun.text
    res = rewriter(g).fix(spun.text)
    assert res.text == text
    assert spun.text == text or res.edits, "spin changed nothing the rewriter saw"
    entries = {f"{g.name}:{t.text}" for t in g.terms} | {f"{g.name}:{r.spun}" for r in g.rules}
    assert {e.rule for e in res.edits} <= entries


@given(data=st.data())
def test_fixed_point(data: st.DataObject) -> None:
    """Text with canonical words (any case and inflection) and outside words is left as is."""
    g = data.draw(glossaries(sure_single=False), label="glossary")
    canon = sorted({w for t in g.terms for w in t.text.split()} | {r.canonical for r in g.rules})
    forms = [f for w in canon for f in _forms(w)]
    word = st.one_of(st.sampled_from(forms).flatmap(_any_case), outside_words(g))
    sep = st.sampled_from((" ", "\n", "\r\n", "\t", ", ", ". ", "’s "))
    parts = data.draw(st.lists(st.tuples(word, sep), max_size=20), label="parts")
    text = "".join(w + s for w, s in parts)
    res = rewriter(g).fix(text)
    assert res.text == text and res.edits == ()


def _forms(phrase: str) -> list[str]:
    from textfix.text.inflect import word_forms

    words = phrase.split()
    if len(words) > 1:
        return [phrase]
    return list(word_forms(phrase.lower()))


def _any_case(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from((word, word.lower(), word.upper(), word.title()))


@pytest.mark.parametrize("name", ["random", *SHIPPED])
@given(data=st.data())
def test_idempotence(name: str, data: st.DataObject) -> None:
    """fix(fix(x)) == fix(x), with random glossaries and with every shipped glossary."""
    rw, text = data.draw(cases(name), label="case")
    once = rw.fix(text).text
    assert rw.fix(once).text == once


@pytest.mark.parametrize("name", ["random", *SHIPPED])
@given(data=st.data())
def test_replay(name: str, data: st.DataObject) -> None:
    """Applying result.edits to the input gives result.text; edits are sorted and fit."""
    rw, text = data.draw(cases(name), label="case")
    res = rw.fix(text)
    check_edits(text, res)
    assert res.replay(text) == res.text
    assert textfix.apply_edits(text, reversed(res.edits)) == res.text


@pytest.mark.parametrize("name", ["random", *SHIPPED])
@given(data=st.data())
def test_locality(name: str, data: st.DataObject) -> None:
    """Every character outside the edit spans is unchanged, and in the same order."""
    rw, text = data.draw(cases(name), label="case")
    res = rw.fix(text)
    out, src, dst = res.text, 0, 0
    for e in res.edits:
        gap = e.start - src
        assert out[dst : dst + gap] == text[src : e.start]
        dst += gap
        assert out[dst : dst + len(e.after)] == e.after
        dst += len(e.after)
        src = e.end
    assert out[dst:] == text[src:]


@given(data=st.data())
def test_case(data: st.DataObject) -> None:
    """A term spun in UPPER, Title or lower case comes back in that case; a name (left alone by
    the spinner where it is not written as a name) comes back as written."""
    g = data.draw(glossaries(names=True), label="glossary")
    term = data.draw(st.sampled_from(g.terms), label="term")
    words = term.text.split()
    pattern = data.draw(st.sampled_from(("upper", "title", "lower")), label="case")
    cased = [w.upper() if pattern == "upper" else w[:1].upper() + w[1:].lower()
             if pattern == "title" else w.lower() for w in words]
    text = "“" + " ".join(cased) + "” said"
    spun = textfix.spin(text, g, seed=data.draw(st.integers(0, 99), label="seed"))
    assert rewriter(g).fix(spun.text).text == text


_WORDS = ("alpha", "brava", "cobra")


@st.composite
def crowded_rules(draw: st.DrawFn) -> tuple[textfix.Rewriter, str]:
    """Many short phrase rules over three words (and their spun forms, the word plus "x"),
    and a text of the same words: nearly every match overlaps others, often on words both
    keep."""
    canon = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3)
    pairs: dict[str, str] = {}
    for _ in range(draw(st.integers(2, 10))):
        c = draw(canon)
        spun = list(c)
        spun[draw(st.integers(0, len(c) - 1))] = draw(st.sampled_from(_WORDS)).upper() + "X"
        pairs.setdefault(" ".join(spun).lower(), " ".join(c))
    body = "\n".join(f'"{s}" = "{c}"' for s, c in pairs.items())
    rw = textfix.Rewriter([textfix.parse_glossary(f'name = "crowd"\n[phrases]\n{body}\n')])
    # spun phrases one after another, a word shared where one ends as the next begins
    words: list[str] = []
    for phrase in draw(st.lists(st.sampled_from(sorted(pairs)), min_size=1, max_size=12)):
        ws = phrase.split()
        share = bool(words) and words[-1] == ws[0] and draw(st.booleans())
        words += ws[1:] if share else ws
        words += draw(st.lists(st.sampled_from(_WORDS), max_size=1))
    return rw, " ".join(words)


@given(case=crowded_rules())
def test_overlapping_rules_give_disjoint_edits_that_replay(
        case: tuple[textfix.Rewriter, str]) -> None:
    """However matches overlap (sharing words they keep, or not), the edits are sorted and
    disjoint and rebuild the output from the input."""
    rw, text = case
    res = rw.fix(text)
    check_edits(text, res)
    assert textfix.apply_edits(text, res.edits) == res.text
