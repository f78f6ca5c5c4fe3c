"""Chunking law: a text cut into chunks (``--chunk-size``) is repaired as the whole text is,
wherever the cuts fall, when the repair depends on nothing document-wide."""

from __future__ import annotations

import io
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

import textfix
from textfix import RewriteConfig
from textfix.run.io import read_chunks

from .conftest import scaled

pytestmark = pytest.mark.property

#: Every entry applies wherever it matches (the gate open, conditions taken as met, no model):
#: what is left to differ between chunks and the whole text is where the chunks are cut.
LOCAL = RewriteConfig(threshold=0.0, assume_context=True, model=False)

SAFE = ["! ", "? ", "; ", ": ", "\n\n", "\n \n"]
LOOSE = [" ", ". ", ", ", "\n", " (", ") ", "U.S. "]


@lru_cache(maxsize=1)
def rewriter() -> textfix.Rewriter:
    """The default glossaries, every entry local."""
    return textfix.Rewriter(textfix.default_glossaries(), LOCAL)


@lru_cache(maxsize=1)
def pool() -> tuple[str, ...]:
    """Spun phrases and terms of the shipped glossaries, the words around them in news."""
    phrases: list[str] = ["nuclear gasoline provides", "an", "a", "the", "power", "grid"]
    for g in textfix.default_glossaries():
        phrases += [r.spun for r in g.rules[:300]]
        phrases += [t.text for t in g.terms[:100]]
        phrases += [s for _, subs, _ in g.synonyms[:100] for s in subs]
    return tuple(phrases)


@st.composite
def chunked_texts(draw: st.DrawFn) -> str:
    """Sentences of glossary phrases and words; at least every other one ends at a place no
    entry can match across, so a chunk of 40 characters or more always finds a cut."""
    parts: list[str] = []
    for k in range(draw(st.integers(1, 14))):
        words = draw(st.lists(st.sampled_from(pool()), min_size=1, max_size=3))
        glue = draw(st.sampled_from(LOOSE))
        parts.append(glue.join(words)[:70])
        parts.append(draw(st.sampled_from(SAFE if k % 2 else SAFE + LOOSE)))
    return "".join(parts)


@scaled(0.5)
@given(chunked_texts(), st.integers(40, 400))
def test_chunked_repair_is_the_whole_repair(text: str, limit: int) -> None:
    """Chunks concatenate to the text, and repairing them one by one gives the repair of the
    whole text: no cut falls inside anything an entry may match."""
    pieces = [p.text for p in read_chunks(io.BytesIO(text.encode()), limit=limit)]
    assert "".join(pieces) == text
    rw = rewriter()
    assert "".join(rw.fix(p).text for p in pieces) == rw.fix(text).text


@scaled(0.5)
@given(st.text(st.sampled_from("ab !?;:\n\t.é"), max_size=400), st.integers(1, 60))
def test_chunks_cover_any_text(text: str, limit: int) -> None:
    """On any text, chunks concatenate to it, carry the right offsets and lines, and stay
    within the room a chunk may grow to (eight times the chunk size)."""
    pieces = list(read_chunks(io.StringIO(text), limit=limit))
    assert "".join(p.text for p in pieces) == text
    offset = line = 0
    for p in pieces:
        assert (p.offset, p.line) == (offset, line)
        assert len(p.text) <= 8 * limit
        offset += len(p.text)
        line += p.text.count("\n")
