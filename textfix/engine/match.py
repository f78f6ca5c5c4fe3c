"""Find matches: walk the term trie over each token's candidates and the rule trie over keys
(:mod:`textfix.engine.select` chooses among them).

A match covers tokens ``[start, end)``. Its ``path`` says, per canonical word, which reading of
which tokens was used, so the rewrite can carry case and inflection over word by word.
"""

from __future__ import annotations

from itertools import compress, count, islice
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from textfix.engine.doc import Doc, condition_holds, plain_sep
from textfix.engine.tables import END, FUZZY, INFLECT, SYN, WEIGHTS, Cand, Compiled, TermInfo
from textfix.text.separators import plain_gap
from textfix.text.tokenize import (
    ENDS_POSSESSIVE,
    PIECE,
    ascii_lower,
    pieces,
    prefilter_bytes,
    word_starts_at,
)

#: Kind of a match, also its rank when everything else ties.
EXCEPTION, TERM, RULE = 0, 1, 2
_EXCEPTION_WEIGHT = 1000.0
#: WEIGHTS in thousandths, by kind: a match's value is their integer sum.
_WEIGHT = tuple(round(1000 * WEIGHTS[k]) for k in sorted(WEIGHTS))
#: A text goes sparse when it has fewer start words than one per this many characters; with
#: more (ordinary words as entries' first words), one whole split is cheaper.
_DENSE = 120


class Match(NamedTuple):
    """A candidate rewrite (or protected span) over tokens ``[start, end)``."""

    start: int
    end: int
    value: int
    """Integer score for selection: sum of word weights, in thousandths."""
    kind: int
    ref: int
    tier: str
    spun: bool
    """True when the match carries spin evidence and so produces an edit."""
    path: tuple[tuple[Cand, int], ...] = ()
    info: TermInfo | None = None
    """The term of a TERM match (``Compiled.terms[ref]``), kept at hand for its edit."""


class Matcher:
    """Finds every match in a document with the compiled tables."""

    def __init__(self, c: Compiled, fuzzy_cutoff: float, assume_context: bool = False) -> None:
        self.c = c
        self.fuzzy_cutoff = fuzzy_cutoff
        self.assume_context = assume_context
        self.sparse = True
        """Match ASCII-worded texts through the prefilter (False: always split whole)."""
        if c.prefilter is not None:
            c.prefilter.build()  # now, so that loading a Rewriter includes it

    def match(self, text: str) -> tuple[Doc, list[Match], list[Match]]:
        """The Doc of ``text``, all its matches, and the rule matches deferred because their
        context condition failed on ``text`` (the Rewriter tries them again on its output).
        Sparse when the text allows and start words are few, else whole."""
        low = ascii_lower(text) if self.sparse and self.c.prefilter is not None else None
        out: list[Match] = []
        deferred: list[Match] = []
        if low is not None:
            hits = self._hits(low)
            if len(hits) * _DENSE < len(low):
                doc = Doc(text, low)
                self._find_sparse(doc, hits, out, deferred)
                return doc, out, deferred
        doc = Doc(text)
        self._find(doc, out, deferred)
        return doc, out, deferred

    def find(self, doc: Doc) -> list[Match]:
        """All matches starting at words whose key can begin an entry (rule matches whose
        context condition fails are left out)."""
        out: list[Match] = []
        self._find(doc, out, [])
        return out

    def _find(self, doc: Doc, out: list[Match], deferred: list[Match]) -> None:
        if doc.low is not None:
            self._find_sparse(doc, self._hits(doc.low), out, deferred)
            return
        keys, starts, pairs = doc.keys, self.c.starts, self.c.pairs
        # C-level passes over the words: no Python runs per word
        hits = list(compress(count(), map(self.c.solo.__contains__, keys)))
        if pairs:  # a common first word counts only before a possible second word
            after = zip(keys, islice(keys, 1, None), strict=False)  # (word, next word)
            paired = compress(count(), map(pairs.__contains__, after))
            hits = sorted({*hits, *paired})
        if "'s" in doc.text or "’s" in doc.text:  # a possessive "x's" starts what "x" starts
            more = [i for i in compress(count(), map(ENDS_POSSESSIVE, keys))
                    if len(keys[i]) > 2 and keys[i][:-2] in starts]
            if more:
                hits = sorted({*hits, *more})
        for i in hits:
            self._visit(doc, i, out, deferred)

    def _hits(self, low: str) -> list[tuple[int, int, int]]:
        """Prefilter hits (key index, start, end) where a start word may begin, found by the
        automaton at C speed (a superset: its text has every non-word character as a space)."""
        auto = self.c.prefilter
        if auto is None or not len(auto):
            return []
        if len(low) <= PIECE:
            return auto.hits(prefilter_bytes(low))
        out: list[tuple[int, int, int]] = []
        for a, b in pieces(low):  # a huge text: bounded extra memory
            out += [(k, s + a, e + a) for k, s, e in auto.hits(prefilter_bytes(low[a:b]))]
        return out

    def _find_sparse(self, doc: Doc, hits: list[tuple[int, int, int]],
                     out: list[Match], deferred: list[Match]) -> None:
        """Walk from the start words at the ``hits``; tokenize only around them.

        When a hit covers its word exactly, the word is the hit's key, whose readings the
        prefilter holds: the walk starts from them without looking the word up.
        """
        low = doc.low
        assert low is not None
        readings = self.c.prefilter.values if self.c.prefilter is not None else ()
        last = -1
        for k, p, e in hits:
            if p == last:
                continue  # another key at the same word ("co" and "co-op")
            last = p
            if low[p - 1] in "'-" and not word_starts_at(low, p):
                continue  # inside a word: "co-chair"
            i = doc.open(p)
            if i is None:
                continue
            cands = readings[k]
            if cands is not None and doc.bounds[2 * i + 1] == e - 2:
                if cands:
                    self._walk_terms(doc, i, out, cands)
                if doc.keys[i] in self.c.rule_trie:
                    self._walk_rules(doc, i, out, deferred)
            else:
                self._visit(doc, i, out, deferred)

    def _visit(self, doc: Doc, i: int, out: list[Match], deferred: list[Match]) -> None:
        key = doc.keys[i]
        stem = key[:-2] if len(key) > 2 and key.endswith("'s") else key
        if stem in self.c.forms or key in self.c.forms:
            self._walk_terms(doc, i, out)
        rule_root = self.c.rule_trie
        if key in rule_root or stem in rule_root:
            self._walk_rules(doc, i, out, deferred)

    # -- terms ------------------------------------------------------------------------------
    def _walk_terms(self, doc: Doc, i: int, out: list[Match],
                    cands: tuple[Cand, ...] | None = None) -> None:
        """Every term reading that starts at word ``i`` (whose readings are ``cands`` when
        known): a depth-first walk of the term trie over each word's candidates. This is the
        hot path: the checks are inlined."""
        forms, keys = self.c.forms, doc.keys
        if cands is None:
            key = keys[i]
            stem = key[:-2] if len(key) > 2 and key.endswith("'s") else key
            cands = forms.get(stem, ())
            if stem != key:  # "People's" may be a word of the term itself
                cands = (*cands, *forms.get(key, ()))
        stack: list[tuple[Any, int, tuple[tuple[Cand, int], ...]]] = []
        for cand in cands:
            child = cand[4]  # the term trie's node after this word, kept in the candidate
            if child is not None:
                extra = cand[3]
                if not extra:
                    stack.append((child, i + 1, ((cand, 1),)))
                elif self._extra_ok(doc, i, extra):
                    stack.append((child, i + 1 + len(extra), ((cand, 1 + len(extra)),)))
        bounds, text = doc.bounds, doc.text
        while stack:
            node, j, path = stack.pop()
            if type(node) is tuple:  # a leaf: the terms that end here, no longer one
                for info in node:
                    m = self._term_match(doc, i, j, info, path)
                    if m is not None:
                        out.append(m)
                continue
            refs = node.get(END)
            if refs is not None:
                for info in refs:
                    m = self._term_match(doc, i, j, info, path)
                    if m is not None:
                        out.append(m)
            if j >= doc.n and not doc.grow(j):
                continue
            before = keys[j - 1]
            if (len(before) > 2 and before.endswith("'s")
                    and not path[-1][0][0].endswith("'s")):
                continue  # a possessive ends a term, unless the term itself has it there
            gap = text[bounds[2 * j - 1] : bounds[2 * j]]
            if gap != " " and not plain_gap(gap):
                continue
            key = keys[j]
            stem = key[:-2] if len(key) > 2 and key.endswith("'s") else key
            advanced = False
            cands = forms.get(stem, ())
            if stem != key:
                cands = (*cands, *forms.get(key, ()))
            for cand in cands:
                child = node.get(cand[0])
                if child is None:
                    continue
                extra = cand[3]
                if not extra:
                    stack.append((child, j + 1, (*path, (cand, 1))))
                elif self._extra_ok(doc, j, extra):
                    stack.append((child, j + 1 + len(extra), (*path, (cand, 1 + len(extra)))))
                else:
                    continue
                advanced = True
            if (not advanced and len(stem) >= 5 and len(node) > (refs is not None)
                    and not stem.isdigit()):
                choices = [k for k in node if k != END and len(k) >= 5]
                if choices:
                    hit = process.extractOne(stem, choices, scorer=fuzz.ratio,
                                             score_cutoff=self.fuzzy_cutoff)
                    if hit is not None:
                        stack.append((node[hit[0]], j + 1,
                                      (*path, ((hit[0], FUZZY, "", (), None, hit[0]), 1))))

    def _extra_ok(self, doc: Doc, j: int, extra: tuple[str, ...]) -> bool:
        if not doc.grow(j + len(extra)):
            return False
        for k, key in enumerate(extra, start=1):
            if (doc.suffix(j + k - 1) or doc.stem(j + k) != key or doc.sep(j + k)
                    or not plain_sep(doc, j + k)):
                return False
        return True

    def _term_match(self, doc: Doc, i: int, j: int, info: TermInfo,
                    path: tuple[tuple[Cand, int], ...]) -> Match | None:
        if len(path) > 1:
            # separators between canonical words must agree with the term's own punctuation
            bounds, text, seps = doc.bounds, doc.text, info.seps
            pos = i
            for k in range(1, len(path)):
                pos += path[k - 1][1]
                gap = text[bounds[2 * pos - 1] : bounds[2 * pos]]
                if (seps[k - 1] if gap == " " else doc.sep(pos) != seps[k - 1]):
                    return None
        value, spun, anchored = 0, False, False
        for cand, _width in path:
            kind = cand[1]
            value += _WEIGHT[kind]
            if kind == SYN:
                spun = True
            elif kind <= INFLECT:  # EXACT or INFLECT
                anchored = True
        if not spun:
            return Match(i, j, value, TERM, info.ref, "sure", False, path, info)
        # a name's substituted words must be written as a name is ("Safety Space", not "safety")
        pos = i
        for k, (cand, width) in enumerate(path):
            if cand[1] == SYN and info.proper[k] and not doc.word(pos)[:1].isupper():
                return None
            pos += width
        tier = info.tier
        if tier is None:
            tier = "sure" if anchored or (len(info.keys) > 1 and all(info.proper)) else "likely"
        return Match(i, j, value, TERM, info.ref, tier, True, path, info)

    # -- rules ------------------------------------------------------------------------------
    def _walk_rules(self, doc: Doc, i: int, out: list[Match], deferred: list[Match]) -> None:
        node: dict[str, Any] | None = self.c.rule_trie
        j = i
        keys, bounds, text = doc.keys, doc.bounds, doc.text
        while node is not None and (j < doc.n or doc.grow(j)):
            if j > i:  # no break between words (a possessive inside a rule matches as written)
                gap = text[bounds[2 * j - 1] : bounds[2 * j]]
                if gap != " " and not plain_gap(gap):
                    return
            key = keys[j]
            if len(key) > 2 and key.endswith("'s"):  # a possessive may end a rule: "this yr’s"
                end = node.get(key[:-2])
                if end is not None and END in end:
                    self._rule_matches(doc, i, j + 1, end[END], out, deferred)
            node = node.get(key)
            j += 1
            if node is not None and END in node:
                self._rule_matches(doc, i, j, node[END], out, deferred)

    def _rule_matches(self, doc: Doc, i: int, j: int, refs: list[int], out: list[Match],
                      deferred: list[Match]) -> None:
        for ref in refs:
            info = self.c.rules[ref]
            if any(doc.sep(i + k + 1) != s for k, s in enumerate(info.seps)):
                continue
            if info.canonical is None:
                out.append(Match(i, j, round(1000 * _EXCEPTION_WEIGHT * (j - i)), EXCEPTION,
                                 ref, "sure", False))
                continue
            m = Match(i, j, round(1000 * info.score * (j - i)), RULE, ref, info.tier, True)
            cond = info.condition
            if cond is not None and not self.assume_context:
                whole = doc.whole()  # the condition may read words a sparse Doc skipped
                at = i if whole is doc else whole.index(doc.start(i))
                if not condition_holds(cond, whole, at, at + j - i):
                    deferred.append(m)
                    continue
            out.append(m)
