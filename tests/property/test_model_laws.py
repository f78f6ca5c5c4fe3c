"""Laws of the spinner model's repairs: replay, locality, idempotence, clean text untouched.

The shipped model's spun forms are drawn densely enough that the document score opens the
gate, so the model's in-context decisions are what is exercised.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

import textfix
from textfix.testing import SEPARATORS

pytestmark = pytest.mark.property

FILLER = ("the", "a", "an", "of", "in", "on", "to", "and", "he", "she", "it", "was", "will",
          "that", "council", "company", "report", "Seoul", "Kim", "2025", "its", "after")


@lru_cache(maxsize=1)
def model_rewriter() -> textfix.Rewriter:
    return textfix.Rewriter([textfix.get_glossary("spinner-model")])


@lru_cache(maxsize=1)
def vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    g = textfix.get_glossary("spinner-model")
    return tuple(sorted(e.spun for e in g.learned)), tuple(sorted({e.canonical
                                                                   for e in g.learned}))


@st.composite
def spun_texts(draw: st.DrawFn) -> str:
    """Mostly spun forms, some canonical forms and filler, in any case, with any separators."""
    spun, canonical = vocabulary()
    word = st.one_of(st.sampled_from(spun), st.sampled_from(spun), st.sampled_from(spun),
                     st.sampled_from(canonical), st.sampled_from(FILLER), st.sampled_from(FILLER))
    cased = word.flatmap(lambda w: st.sampled_from((w, w.capitalize(), w.upper())))
    sep = st.one_of(st.just(" "), st.just(" "), st.sampled_from(SEPARATORS),
                    st.sampled_from((". ", ", ", "\n", "’s ")))
    parts = draw(st.lists(st.tuples(cased, sep), min_size=30, max_size=120))
    return "".join(w + s for w, s in parts)


@given(spun_texts())
def test_model_edits_replay_and_stay_local(text: str) -> None:
    """The edits are sorted and disjoint, fit the input, and rebuild the output exactly."""
    res = model_rewriter().fix(text)
    pos = 0
    for e in res.edits:
        assert pos <= e.start < e.end or (e.start == e.end and pos <= e.start)
        assert text[e.start:e.end] == e.before
        pos = e.end
    assert res.replay(text) == res.text


@given(spun_texts())
def test_model_is_idempotent(text: str) -> None:
    """Fixing the fixed text changes nothing."""
    once = model_rewriter().fix(text).text
    assert model_rewriter().fix(once).text == once


@given(spun_texts())
def test_model_off_makes_no_model_edit(text: str) -> None:
    """With ``model=False`` no learned entry edits anything."""
    rw = textfix.Rewriter([textfix.get_glossary("spinner-model")], model=False)
    assert rw.fix(text).edits == ()


def test_strategy_reaches_the_model() -> None:
    """The texts drawn above do open the gate and get model edits (else the laws say little)."""
    spun, _ = vocabulary()
    text = " ".join(spun[i] for i in range(0, len(spun), 7))
    res = model_rewriter().fix(text)
    assert res.spin_score >= 0.5 and len(res.edits) >= 10


@lru_cache(maxsize=1)
def odd_vocabulary() -> tuple[str, ...]:
    """Odd words whose common synonyms a word-by-word spinner replaced ("beryllium")."""
    from textfix.model.sources import odd_words

    return tuple(sorted(w for w, (_, strong) in odd_words().items() if strong))[::7]


@st.composite
def word_by_word_texts(draw: st.DrawFn) -> str:
    """Dense odd words among common ones, so the word-by-word family is often judged."""
    odd = odd_vocabulary()
    word = st.one_of(st.sampled_from(odd), st.sampled_from(("beryllium", "arsenic", "clip")),
                     st.sampled_from(FILLER), st.sampled_from(FILLER))
    cased = word.flatmap(lambda w: st.sampled_from((w, w, w.capitalize())))
    sep = st.one_of(st.just(" "), st.just(" "), st.sampled_from((". ", ", ", "\n")))
    parts = draw(st.lists(st.tuples(cased, sep), min_size=40, max_size=120))
    return "".join(w + s for w, s in parts)


@given(word_by_word_texts())
def test_word_by_word_repairs_replay_and_are_idempotent(text: str) -> None:
    """The word-by-word family's repairs rebuild the output exactly, and fixing the fixed
    text changes nothing."""
    res = model_rewriter().fix(text)
    assert res.replay(text) == res.text
    assert model_rewriter().fix(res.text).text == res.text


def test_word_by_word_strategy_reaches_the_family() -> None:
    """Such texts do score as the family and get its repairs."""
    text = ("The rocket will beryllium ready soon. Engineers worked intimately with the agency "
            "arsenic they prepared it, and the flight will beryllium streamed unrecorded. "
            "Officials said the alteration was small, and the crew moved at a rapid clip. ")
    res = model_rewriter().fix(text)
    assert any(e.rule.startswith("word-by-word:") for e in res.edits)
