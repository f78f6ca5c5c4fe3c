"""Data checks across the shipped news glossaries: what they write is spelled as English."""

from __future__ import annotations

import pytest
from wordfreq import zipf_frequency

import textfix
from textfix.text.tokenize import phrase_words

#: Words the outputs may use that the frequency list does not know.
KNOWN = {"chipmaking"}


@pytest.mark.parametrize("name", ["news-spin", "defense-diplomacy", "news-terms"])
def test_outputs_are_spelled_as_english(name: str) -> None:
    """Every lower-case word a rule or term writes is a word of English (catches "partys")."""
    g = textfix.get_glossary(name)
    outputs = [r.canonical for r in g.rules] + [t.text for t in g.terms]
    unknown = sorted({w for o in outputs for w in phrase_words(o)
                      if w.isalpha() and w.islower() and w not in KNOWN
                      and zipf_frequency(w, "en") == 0})
    assert unknown == []
