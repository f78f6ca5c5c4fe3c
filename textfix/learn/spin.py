"""A reference spinner: apply glossaries in reverse (canonical -> spun) to make test data.

Each occurrence of a canonical term has its words replaced by substitutes from the synonym maps;
each occurrence of a phrase rule's canonical phrase becomes one of its spun forms. Choices come
from ``random.Random(seed)``, so the same text, glossaries and seed always give the same output.
Case is carried over the way :class:`textfix.Rewriter` carries it back.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from textfix.glossary.model import Glossary
from textfix.text.inflect import BASE, apply_case, case_of, has_capitals, inflect, word_forms
from textfix.text.separators import phrase_seps
from textfix.text.tokenize import Token, normalize_key, phrase_keys, phrase_words, tokenize


class Substitution(NamedTuple):
    """One change the spinner made: ``input[start:end] == before`` became ``after``."""

    start: int
    end: int
    before: str
    after: str
    entry: str
    """``"glossary:entry"``, named as the :class:`textfix.Edit` that undoes it would be."""


class SpinResult(NamedTuple):
    """The spun text and every substitution made, in order, with offsets into the input."""

    text: str
    substitutions: tuple[Substitution, ...]


class _Entry(NamedTuple):
    """A canonical phrase the spinner looks for: a term or a rule's canonical side."""

    name: str
    keys: tuple[str, ...]
    words: tuple[str, ...]
    seps: tuple[str, ...]
    proper: tuple[bool, ...]
    spun: tuple[tuple[str, str], ...]
    """(rule name, spun form) of each phrase rule with this canonical; empty for a term."""


class _Tables(NamedTuple):
    entries: dict[str, tuple[_Entry, ...]]
    """Entries by every form their first word can take in a text."""
    synonyms: dict[str, tuple[str, ...]]


@lru_cache(maxsize=32)
def _tables(glossaries: tuple[Glossary, ...]) -> _Tables:
    """Collect terms, unconditional phrase rules (grouped by canonical) and synonym maps."""
    entries: list[_Entry] = []
    seen: set[tuple[str, ...]] = set()
    synonyms: dict[str, list[str]] = {}
    for g in glossaries:
        for t in g.terms:
            keys = phrase_keys(t.text)
            if keys in seen:
                continue
            seen.add(keys)
            words = phrase_words(t.text)
            proper = tuple(has_capitals(w) if t.proper is None else t.proper for w in words)
            entries.append(_Entry(f"{g.name}:{t.text}", keys, words, phrase_seps(t.text), proper,
                                  ()))
        for word, subs, _line in g.synonyms:
            (key,) = phrase_keys(word)
            known = synonyms.setdefault(key, [])
            known += [s for s in subs if s not in known]
    by_canonical: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for g in glossaries:
        for r in g.rules:
            if r.condition is None:
                by_canonical.setdefault(phrase_keys(r.canonical), []).append(
                    (f"{g.name}:{r.spun}", r.spun))
    for g in glossaries:
        for r in g.rules:
            keys = phrase_keys(r.canonical)
            forms = by_canonical.pop(keys, [])
            if forms:
                words = phrase_words(r.canonical)
                entries.append(_Entry(forms[0][0], keys, words, phrase_seps(r.canonical),
                                      tuple(has_capitals(w) for w in words), tuple(forms)))
    index: dict[str, list[_Entry]] = {}
    for e in entries:
        for form in ({e.keys[0]} if e.spun else word_forms(e.keys[0])):
            index.setdefault(form, []).append(e)
    return _Tables({k: tuple(v) for k, v in index.items()},
                   {k: tuple(v) for k, v in synonyms.items()})


def _sep(text: str, tokens: Sequence[Token], j: int) -> str:
    """The separator before token ``j`` as the matcher compares it (whitespace removed)."""
    return "".join(text[tokens[j - 1].end : tokens[j].start].split())


def _occurs(text: str, tokens: Sequence[Token], i: int, e: _Entry) -> list[str] | None:
    """Tags of the words of ``e`` read at token ``i`` (inflections allowed for terms), or None."""
    if i + len(e.keys) > len(tokens):
        return None
    tags = []
    for k, key in enumerate(e.keys):
        tok = tokens[i + k]
        if tok.suffix and k < len(e.keys) - 1:
            return None
        if k and _sep(text, tokens, i + k) != e.seps[k - 1]:
            return None
        if e.spun:
            if tok.stem != key:
                return None
            tags.append(BASE)
            continue
        tag = word_forms(key).get(tok.stem)
        if tag is None:
            return None
        tags.append(tag)
    return tags


def _cased(word: str, like: str) -> str:
    """``word`` written in the case pattern of the token ``like`` (a capitalized word keeps its)."""
    return apply_case(word, case_of(like), has_capitals(word))


def _inflected(word: str, tag: str) -> str | None:
    """A one-word substitute in the form ``tag``; None for a phrase that has no such form."""
    if tag == BASE:
        return word
    if len(phrase_words(word)) != 1:
        return None
    form = inflect(word.lower(), tag)
    return form if word == word.lower() else _cased(form, word)


class _Spinner:
    def __init__(self, text: str, tables: _Tables, rng: random.Random, rate: float,
                 keep_anchor: bool) -> None:
        self.text, self.tables, self.rng = text, tables, rng
        self.rate, self.keep_anchor = rate, keep_anchor
        self.tokens = tokenize(text)

    def run(self) -> tuple[Substitution, ...]:
        subs: list[Substitution] = []
        i = 0
        while i < len(self.tokens):
            found = [(e, tags) for e in self.tables.entries.get(self.tokens[i].stem, ())
                     if (tags := _occurs(self.text, self.tokens, i, e)) is not None]
            if not found:
                i += 1
                continue
            e, tags = max(found, key=lambda f: len(f[0].keys))  # longest, then first listed
            name, spun = self.rng.choice(e.spun) if e.spun else (e.name, "")
            pieces = self._rule(i, e, spun) if spun else self._term(i, e, tags)
            if pieces:
                subs.append(self._substitution(pieces, name))
            i += len(e.keys)
        return tuple(subs)

    def _term(self, i: int, e: _Entry, tags: list[str]) -> list[tuple[int, int, str]]:
        """Replace words of the term at token ``i`` by substitutes, keeping an anchor if asked."""
        toks = self.tokens[i : i + len(e.keys)]
        options: list[tuple[int, list[str]]] = []
        for k, key in enumerate(e.keys):
            if e.proper[k] and not toks[k].text[:1].isupper():
                continue  # a name's word is substituted only where it is written as a name
            subs = [f for s in self.tables.synonyms.get(key, ())
                    if (f := _inflected(s, tags[k])) is not None]
            if subs:
                options.append((k, subs))
        if not options:
            return []
        chosen = [o for o in options if self.rng.random() < self.rate] or [
            self.rng.choice(options)]
        name = len(e.keys) > 1 and all(e.proper)
        if self.keep_anchor and len(chosen) == len(e.keys) > 1 and not name:
            chosen.remove(self.rng.choice(chosen))
        pieces = []
        for k, subs in chosen:
            tok = toks[k]
            new = _cased(self.rng.choice(subs), tok.text[: len(tok.text) - len(tok.suffix)])
            pieces.append((i + k, i + k + 1, new + tok.suffix))
        return pieces

    def _rule(self, i: int, e: _Entry, form: str) -> list[tuple[int, int, str]]:
        """Write the phrase at token ``i`` as the spun ``form``, the way the rewriter reads it."""
        spun = phrase_words(form)
        toks = self.tokens[i : i + len(e.keys)]
        ckeys, skeys = list(e.keys), [normalize_key(w) for w in spun]
        a = 0
        while a < min(len(ckeys), len(skeys)) - 1 and ckeys[a] == skeys[a]:
            a += 1
        b = 0
        while b < min(len(ckeys), len(skeys)) - a - 1 and ckeys[-1 - b] == skeys[-1 - b]:
            b += 1
        src, out = toks[a : len(toks) - b], spun[a : len(spun) - b]
        suffix = toks[-1].suffix if b == 0 else ""
        if len(src) == len(out):
            pieces = []
            for k, (t, w) in enumerate(zip(src, out, strict=True)):
                new = _cased(w, t.text[: len(t.text) - len(t.suffix)])
                new += suffix if k == len(src) - 1 else ""
                if new != t.text:
                    pieces.append((i + a + k, i + a + k + 1, new))
            return pieces
        # as the rewriter reads it back: the first word takes the case of the first word
        # replaced, the others the case every replaced word shares (else lower case)
        patterns = {case_of(t.text) for t in src}
        rest_case = patterns.pop() if len(patterns) == 1 else "lower"
        first = apply_case(out[0], case_of(src[0].text), has_capitals(out[0]))
        rest = [apply_case(w, rest_case, has_capitals(w)) for w in out[1:]]
        return [(i + a, i + len(toks) - b, " ".join([first, *rest]) + suffix)]

    def _substitution(self, pieces: list[tuple[int, int, str]], entry: str) -> Substitution:
        """One substitution from the first to the last changed token, separators kept."""
        tokens, text = self.tokens, self.text
        start, end = tokens[pieces[0][0]].start, tokens[pieces[-1][1] - 1].end
        parts, cursor = [], start
        for a, b, new in pieces:
            parts += [text[cursor : tokens[a].start], new]
            cursor = tokens[b - 1].end
        parts.append(text[cursor:end])
        return Substitution(start, end, text[start:end], "".join(parts), entry)


def spin(text: str, glossaries: Glossary | Sequence[Glossary], *, seed: int = 0,
         rate: float = 1.0, keep_anchor: bool = True) -> SpinResult:
    """Spin ``text`` with ``glossaries`` in reverse, deterministically for a given ``seed``.

    Every occurrence of a canonical term (its words as written or inflected, case free) gets
    substitutes from the synonym maps: each word that has one is replaced with probability
    ``rate``, and at least one is. A word of a name (a capitalized or ``proper`` term word) is
    replaced only where the text writes it capitalized. With ``keep_anchor``, a term of several
    words that is not a name keeps one word as it is, so the rewriter repairs it as ``sure``.
    Every occurrence of an unconditional phrase rule's canonical phrase becomes one of its spun
    forms. The longest entry wins where entries overlap; channel counts are not used.

    >>> from textfix import parse_glossary
    >>> g = parse_glossary('''
    ... name = "demo"
    ... terms = ["defense chief"]
    ... [synonyms]
    ... defense = ["protection"]
    ... [phrases]
    ... "earlier this yr" = "earlier this year"
    ... ''')
    >>> res = spin("Defense chiefs met earlier this year.", g)
    >>> res.text
    'Protection chiefs met earlier this yr.'
    >>> res.substitutions[0]
    Substitution(start=0, end=7, before='Defense', after='Protection', entry='demo:defense chief')
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError("rate must be within 0..1")
    gs = (glossaries,) if isinstance(glossaries, Glossary) else tuple(glossaries)
    subs = _Spinner(text, _tables(gs), random.Random(seed), rate, keep_anchor).run()
    out, pos = [], 0
    for s in subs:
        out += [text[pos : s.start], s.after]
        pos = s.end
    out.append(text[pos:])
    return SpinResult("".join(out), subs)
