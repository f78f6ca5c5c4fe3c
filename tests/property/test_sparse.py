"""Law 10 continued: the sparse path (prefilter, words tokenized only around hits) finds the
same matches and makes the same repair as splitting the whole text."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import regex
from hypothesis import given
from hypothesis import strategies as st

import textfix
from textfix.engine.compile import _automaton, compile_glossaries
from textfix.engine.doc import Doc
from textfix.engine.match import Match, Matcher
from textfix.engine.tables import Compiled
from textfix.testing import glossaries, glossary_texts, real_texts, texts
from textfix.text.tokenize import ascii_lower, count_words, tokenize

_FOREIGN = regex.compile(r"[\p{L}\p{N}\p{M}--\x00-\x7F]", regex.V1)
ROOT = Path(__file__).resolve().parent.parent.parent
REAL = sorted(str(p) for p in [*(ROOT / "tests" / "data").rglob("*.txt"),
                               *(ROOT / "seeds").glob("*.txt")])
SPUN = [s["spun"] for s in json.loads(
    (ROOT / "tests" / "data" / "spun" / "sentences.json").read_text(encoding="utf-8"))]


def asciified(text: str) -> str:
    """``text`` with every non-ASCII word character written "x": the sparse path takes it."""
    return _FOREIGN.sub("x", text)


def with_articles(text: str, at: Sequence[int]) -> str:
    """``text`` with "a " or "an " put before some of its words (articles follow edits)."""
    words = text.split(" ")
    for k in at:
        words.insert(k % (len(words) + 1), ("a", "an", "An")[k % 3])
    return " ".join(words)


def sparse_always(c: Compiled) -> Compiled:
    """``c`` with a prefilter even where the common start words would leave it out."""
    return c._replace(prefilter=_automaton(set(c.starts), c.forms, limit=math.inf))


def both(glossary_list: Sequence[textfix.Glossary]) -> tuple[textfix.Rewriter, textfix.Rewriter]:
    """Two rewriters of the same glossaries: one always sparse on ASCII text, one never."""
    sparse = textfix.Rewriter(glossary_list, threshold=0.0)
    sparse._compiled = sparse_always(sparse._compiled)
    sparse._matcher = Matcher(sparse._compiled, sparse.config.fuzzy_cutoff)
    whole = textfix.Rewriter(glossary_list, threshold=0.0)
    whole._matcher.sparse = False
    return sparse, whole


def spans(doc: Doc, matches: list[Match]) -> set[tuple[object, ...]]:
    """Matches in character offsets, which both kinds of Doc share."""
    return {(doc.start(m.start), doc.end(m.end - 1), m.end - m.start, m.kind, m.ref, m.tier,
             m.spun, m.value) for m in matches}


@given(data=st.data())
def test_sparse_finds_what_whole_finds(data: st.DataObject) -> None:
    g = data.draw(glossaries(max_rules=3), label="glossary")
    text = asciified(data.draw(glossary_texts(g, max_chunks=24), label="text"))
    low = ascii_lower(text)
    assert low is not None
    matcher = Matcher(sparse_always(compile_glossaries([g])), 88.0)
    whole = Doc(text)
    sparse = Doc(text, low)
    assert spans(sparse, matcher.find(sparse)) == spans(whole, matcher.find(whole))
    assert sparse.words == whole.words == len(tokenize(text))


@given(data=st.data())
def test_sparse_repairs_what_whole_repairs(data: st.DataObject) -> None:
    g = data.draw(glossaries(max_rules=3), label="glossary")
    text = data.draw(glossary_texts(g, max_chunks=24), label="text")
    if data.draw(st.booleans(), label="asciified"):
        text = asciified(text)
    text = with_articles(text, data.draw(st.lists(st.integers(0, 99), max_size=4)))
    sparse, whole = both([g])
    assert sparse.fix(text) == whole.fix(text)


_DEFAULT = both(textfix.default_glossaries())


@given(text=st.one_of(real_texts(REAL, max_lines=8),
                      st.lists(st.sampled_from(SPUN), min_size=1, max_size=4).map(" ".join)))
def test_sparse_repairs_real_text_as_whole(text: str) -> None:
    """The shipped glossaries (context conditions, exceptions, tortured phrases) agree too."""
    sparse, whole = _DEFAULT
    assert sparse.fix(text) == whole.fix(text)


def test_sparse_repairs_whole_documents_as_whole() -> None:
    sparse, whole = _DEFAULT
    texts_ = [Path(p).read_text(encoding="utf-8") for p in REAL] + [" ".join(SPUN)]
    edited = 0
    for text in texts_:
        got = sparse.fix(text)
        assert got == whole.fix(text)
        edited += bool(got.edits)
    assert edited >= 3  # the seeds and the spun sentences are repaired, on both paths


@given(text=texts())
def test_word_count_matches_the_tokenizer(text: str) -> None:
    low = ascii_lower(asciified(text))
    if low is not None:
        assert count_words(low) == len(tokenize(low))


@given(data=st.data())
def test_huge_texts_are_prefiltered_and_counted_in_pieces(data: st.DataObject) -> None:
    """Pieces cut at spaces change nothing: shown with pieces of 40 characters."""
    import textfix.engine.match as match_module
    import textfix.text.tokenize as tokenize_module

    g = data.draw(glossaries(max_rules=3), label="glossary")
    text = asciified(data.draw(glossary_texts(g, max_chunks=30), label="text"))
    sparse, whole = both([g])
    expected = whole.fix(text)
    words = len(tokenize(text))
    saved = tokenize_module.PIECE
    tokenize_module.PIECE = match_module.PIECE = 40
    try:
        low = ascii_lower(text)
        assert low is not None
        assert count_words(low) == words
        assert sparse.fix(text) == expected
    finally:
        tokenize_module.PIECE = match_module.PIECE = saved
