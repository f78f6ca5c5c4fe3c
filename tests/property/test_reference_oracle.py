"""Law 10: the fast matcher agrees with a slow, obviously correct one written here.

The reference tries every span of words against every term (every way of reading each word:
as itself, inflected, or through a substitute of one or several words) and every phrase rule,
then picks the best non-overlapping set by trying every subset. Close spellings are left out
(``fuzzy_cutoff=100``); everything else the README's "How entries behave" says is modelled.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations, pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

import textfix
from textfix.engine.compile import compile_glossaries
from textfix.engine.doc import Doc
from textfix.engine.match import RULE, TERM, Matcher
from textfix.engine.select import select
from textfix.engine.tables import EXACT, INFLECT, SYN, WEIGHTS
from textfix.testing import glossaries, glossary_texts
from textfix.text.inflect import BASE, word_forms
from textfix.text.tokenize import Token, phrase_keys, tokenize

pytestmark = pytest.mark.property

#: What may stand between two words of an entry ("U.S.", "R&D", "Trade, Industry").
LIGHT = set(".,&/'’-()“”\"«»„")
QUOTES = set("“”\"«»„")


def norm(gap_text: str) -> str:
    """A separator as entries compare it: no whitespace, no double quotes, ’ and ‘ as '."""
    bare = "".join(c for c in "".join(gap_text.split()) if c not in QUOTES)
    return bare.replace("’", "'").replace("‘", "'")
Found = tuple[int, int, int, int, str, bool, int]
"""(start word, end word, kind, entry index, tier, spun, value) of one match."""


def gap(text: str, toks: Sequence[Token], j: int) -> str:
    return text[toks[j - 1].end : toks[j].start]


def joins(text: str, toks: Sequence[Token], j: int, sep: str) -> bool:
    """Words j-1 and j may sit inside one entry whose own separator there is ``sep``."""
    g = gap(text, toks, j)
    return (not toks[j - 1].suffix and g.count("\n") <= 1
            and all(c.isspace() or c in LIGHT for c in g) and norm(g) == sep)


def seps_of(phrase: str) -> list[str]:
    """The separators of an entry between its words, whitespace removed."""
    from textfix.text.tokenize import WORD

    spans = [m.span() for m in WORD.finditer(phrase)]
    return [norm(phrase[a[1] : b[0]]) for a, b in pairwise(spans)]


def readings(g: textfix.Glossary, word: str, text: str, toks: Sequence[Token], j: int
             ) -> Iterator[tuple[int, int]]:
    """Every (kind, width) by which the words from ``j`` can be read as canonical ``word``."""
    stem = toks[j].stem
    forms = word_forms(word)
    if stem in forms:
        yield (EXACT if forms[stem] == BASE else INFLECT), 1
    for w, subs, _ in g.synonyms:
        if phrase_keys(w) != (word,):
            continue
        for s in subs:
            keys = phrase_keys(s)
            if len(keys) == 1 and stem in word_forms(keys[0]):
                yield SYN, 1
            elif len(keys) > 1 and j + len(keys) <= len(toks) and all(
                toks[j + k].stem == key for k, key in enumerate(keys)) and all(
                    not toks[j + k - 1].suffix and not norm(gap(text, toks, j + k))
                    and gap(text, toks, j + k).count("\n") <= 1
                    for k in range(1, len(keys))):
                yield SYN, len(keys)


def term_matches(g: textfix.Glossary, text: str, toks: Sequence[Token]) -> set[Found]:
    out: set[Found] = set()
    for ref, term in enumerate(g.terms):
        for i in range(len(toks)):
            for j, path in term_readings(g, term, text, toks, i):
                found = judge(ref, term, toks, i, j, path)
                if found:
                    out.add(found)
    return out


Path = tuple[tuple[int, int, int], ...]
"""(kind, width, first word) per canonical word of a term."""


def term_readings(g: textfix.Glossary, term: textfix.Term, text: str, toks: Sequence[Token],
                  i: int) -> Iterator[tuple[int, Path]]:
    """Every way of reading the words from ``i`` as ``term``: (end word, path)."""
    keys, seps = phrase_keys(term.text), seps_of(term.text)
    partial: list[tuple[int, Path]] = [(i, ())]
    for k, key in enumerate(keys):
        partial = [(j + width, (*path, (kind, width, j)))
                   for j, path in partial
                   if j < len(toks) and (k == 0 or joins(text, toks, j, seps[k - 1]))
                   for kind, width in readings(g, key, text, toks, j)]
    yield from partial


def judge(ref: int, term: textfix.Term, toks: Sequence[Token], i: int, j: int, path: Path
          ) -> Found | None:
    """The match a reading makes, as the README's "How entries behave" says, or None."""
    words = term.text.split()
    proper = [any(c.isupper() for c in w) if term.proper is None else term.proper
              for w in words]
    kinds = [kind for kind, _, _ in path]
    value = round(1000 * sum(WEIGHTS[kind] for kind in kinds))
    if SYN not in kinds:
        return (i, j, TERM, ref, "sure", False, value)
    for k, (kind, _, at) in enumerate(path):
        if kind == SYN and proper[k] and not toks[at].text[:1].isupper():
            return None  # a name's substitute must be written as a name
    tier = term.tier or ("sure" if EXACT in kinds or INFLECT in kinds
                         or (len(words) > 1 and all(proper)) else "likely")
    return (i, j, TERM, ref, tier, True, value)


def rule_matches(g: textfix.Glossary, text: str, toks: Sequence[Token]) -> set[Found]:
    out: set[Found] = set()
    for ref, rule in enumerate(g.rules):
        keys, seps = phrase_keys(rule.spun), seps_of(rule.spun)
        for i in range(len(toks) - len(keys) + 1):
            span = toks[i : i + len(keys)]
            last = span[-1]
            if all(t.key == k for t, k in zip(span[:-1], keys, strict=False)) and (
                last.key == keys[-1] or (last.suffix and last.stem == keys[-1])
            ) and all(joins(text, toks, i + k, seps[k - 1]) for k in range(1, len(keys))):
                value = round(1000 * rule.score * len(keys))
                out.add((i, i + len(keys), RULE, ref, rule.tier, True, value))
    return out


def best_total(found: Sequence[Found], tiers: set[str]) -> int:
    """The best total value of non-overlapping matches, by trying every subset."""
    usable = [f for f in found if f[4] in tiers]
    best = 0
    for n in range(1, len(usable) + 1):
        for subset in combinations(usable, n):
            spans = sorted((f[0], f[1]) for f in subset)
            if all(a[1] <= b[0] for a, b in pairwise(spans)):
                best = max(best, sum(f[6] for f in subset))
    return best


@given(data=st.data())
def test_reference_oracle(data: st.DataObject) -> None:
    """Fast matches == reference matches, and the selection reaches the best possible total."""
    g = data.draw(glossaries(max_rules=3), label="glossary")
    text = data.draw(glossary_texts(g, max_chunks=16), label="text")
    toks = tokenize(text)
    expected = term_matches(g, text, toks) | rule_matches(g, text, toks)
    fast = Matcher(compile_glossaries([g]), 100.0).find(Doc(text))
    got = {(m.start, m.end, m.kind, m.ref, m.tier, m.spun, m.value) for m in fast}
    assert got == expected
    if len(expected) > 12:
        return  # the subset search below is exponential
    for tiers in ({"sure"}, {"sure", "likely"}):
        chosen = select(fast, frozenset(tiers))
        spans = [(m.start, m.end) for m in chosen]
        assert spans == sorted(spans)
        assert all(a[1] <= b[0] for a, b in pairwise(spans))
        assert sum(m.value for m in chosen) == best_total(sorted(expected), tiers)
