"""Law 10 continued: the sparse path (prefilter, words tokenized only around hits) finds the
same matches and makes the same repair as splitting the whole text."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

import textfix
from textfix._compile import compile_glossaries
from textfix._match import Doc, Matcher
from textfix._tokenize import ascii_lower, count_words, tokenize
from textfix.testing import glossaries, glossary_texts, texts

_FOREIGN = regex.compile(r"[\p{L}\p{N}\p{M}--\x00-\x7F]", regex.V1)


def asciified(text: str) -> str:
    """``text`` with every non-ASCII word character written "x": the sparse path takes it."""
    return _FOREIGN.sub("x", text)


def spans(doc: Doc, matches: list[textfix._match.Match]) -> set[tuple[object, ...]]:
    """Matches in character offsets, which both kinds of Doc share."""
    return {(doc.start(m.start), doc.end(m.end - 1), m.end - m.start, m.kind, m.ref, m.tier,
             m.spun, m.value) for m in matches}


@given(data=st.data())
def test_sparse_finds_what_whole_finds(data: st.DataObject) -> None:
    g = data.draw(glossaries(max_rules=3), label="glossary")
    text = asciified(data.draw(glossary_texts(g, max_chunks=24), label="text"))
    low = ascii_lower(text)
    assert low is not None
    matcher = Matcher(compile_glossaries([g]), 88.0, assume_context=True)
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
    rw = textfix.Rewriter([g], threshold=0.0)
    whole = textfix.Rewriter([g], threshold=0.0)
    whole._matcher.sparse = False
    assert rw.fix(text) == whole.fix(text)


@given(text=texts())
def test_word_count_matches_the_tokenizer(text: str) -> None:
    low = ascii_lower(asciified(text))
    if low is not None:
        assert count_words(low) == len(tokenize(low))
