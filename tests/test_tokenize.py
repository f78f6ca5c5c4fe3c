"""The word scanner agrees with the plain definition of a word, on any text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textfix.testing import texts
from textfix.text.tokenize import WORD, normalize_key, scan

pytestmark = pytest.mark.property

ASCII_PUNCTUATED = st.text(st.sampled_from("abcXYZ019 '-_.,\n\t“”—’‘‐é"), max_size=60)


def reference(text: str) -> tuple[list[str], list[int]]:
    """Keys and offsets straight from the definition: every WORD match, normalized."""
    keys, bounds = [], []
    for m in WORD.finditer(text):
        keys.append(normalize_key(m.group()))
        bounds += [m.start(), m.end()]
    return keys, bounds


@given(st.one_of(texts(), ASCII_PUNCTUATED))
def test_scan_matches_the_definition(text: str) -> None:
    """Whichever fast path scan takes (ASCII split, Unicode split, per-word), words agree."""
    keys, bounds = scan(text)
    ref_keys, ref_bounds = reference(text)
    assert keys == ref_keys
    assert [bounds[i] for i in range(1, len(bounds), 2)] == ref_bounds[1::2]
    assert [bounds[i] for i in range(0, len(bounds) - 1, 2)] == ref_bounds[0::2]
