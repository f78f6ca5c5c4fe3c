"""Compile glossaries once into lookup tables: word candidates, a term trie and a rule trie.

Everything the matcher needs per token is a dict lookup here: every inflected form of every
canonical word and of every listed substitute maps to the canonical words it may stand for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textfix import cache
from textfix.engine.prefilter import Prefilter
from textfix.engine.tables import END, EXACT, INFLECT, SYN, Cand, Compiled, RuleInfo, TermInfo
from textfix.glossary.channel import channel_rules
from textfix.glossary.model import (
    MAX_ENTRY_CHARS,
    MAX_ENTRY_WORDS,
    Glossary,
    GlossaryError,
    Rule,
    Term,
)
from textfix.text.inflect import BASE, has_capitals, inflect, word_forms
from textfix.text.separators import phrase_seps
from textfix.text.tokenize import normalize_key, phrase_keys, phrase_words


def _rule_info(rule: str, keys: tuple[str, ...], seps: tuple[str, ...], canonical: str | None,
               tier: str, condition: Any, score: float) -> RuleInfo:
    """A RuleInfo with its canonical words split once, at compile time."""
    words = tuple(phrase_words(canonical)) if canonical is not None else ()
    return RuleInfo(rule, keys, seps, canonical, tier, condition, score, words,
                    tuple(normalize_key(w) for w in words), tuple(map(has_capitals, words)))


def _checked(keys: tuple[str, ...], text: str, what: str, g: Glossary, line: int
             ) -> tuple[str, ...]:
    """The keys of an entry, which must have words and stay within the stated limits; files
    are checked when parsed, this catches glossaries built in code."""
    if not keys or len(keys) > MAX_ENTRY_WORDS or len(text) > MAX_ENTRY_CHARS:
        problem = (f"{what} has no words to match" if not keys else
                   f"{what} is longer than {MAX_ENTRY_WORDS} words ({len(keys)})"
                   if len(keys) > MAX_ENTRY_WORDS else
                   f"{what} is longer than {MAX_ENTRY_CHARS} characters ({len(text)})")
        raise GlossaryError(problem, path=g.path, line=line or None,
                            entry=text if len(text) <= 60 else text[:60] + "...")
    return keys


def _insert(trie: dict[str, Any], keys: Sequence[str], value: Any) -> None:
    node = trie
    for k in keys:
        node = node.setdefault(k, {})
    node.setdefault(END, []).append(value)


def _seal(root: dict[str, Any]) -> dict[str, Any] | tuple[TermInfo, ...]:
    """The term trie in its final shape: a node with no longer term after it is the tuple of
    the terms that end there, every other node a dict whose END entry (if any) is such a
    tuple. A match then reads its terms straight from the edge that reached them.

    Iterative (children before parents), so a term of any length cannot exhaust the stack.
    """
    order: list[dict[str, Any]] = []
    todo = [root]
    while todo:
        node = todo.pop()
        order.append(node)
        todo.extend(child for k, child in node.items() if k != END)
    sealed: dict[int, dict[str, Any] | tuple[TermInfo, ...]] = {}
    for node in reversed(order):
        for k, child in node.items():
            node[k] = tuple(child) if k == END else sealed.pop(id(child))
        sealed[id(node)] = node[END] if len(node) == 1 and END in node else node
    return sealed[id(root)]


_MEMO: dict[str, Compiled] = {}


def compile_glossaries(glossaries: Sequence[Glossary]) -> Compiled:
    """Lookup tables for ``glossaries``, from memory or the disk cache when their sources are
    unchanged; raise :class:`GlossaryError` on conflicts."""
    key = _key(glossaries)
    if key is None:
        return _compile(glossaries)
    hit = _MEMO.get(key)
    if hit is None:
        hit = cache.get("compiled", key)
        if not isinstance(hit, Compiled):
            hit = _compile(glossaries)
            cache.put("compiled", key, hit)
        if len(_MEMO) >= 8:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = hit
    return hit


def check_compiles(glossaries: Sequence[Glossary]) -> None:
    """Raise :class:`GlossaryError` if ``glossaries`` do not compile together (conflicts); a
    set already in the compile cache compiled before, so it is not loaded."""
    key = _key(glossaries)
    if key is None or not cache.has("compiled", key):
        compile_glossaries(glossaries)


def _key(glossaries: Sequence[Glossary]) -> str | None:
    """Compile-cache key of a set of glossaries; None when one was built in code (no source)."""
    if not glossaries or not all(g.digest for g in glossaries):
        return None
    return cache.digest("|".join(g.digest for g in glossaries).encode())


def _compile(glossaries: Sequence[Glossary]) -> Compiled:
    forms: dict[str, dict[tuple[Any, ...], Cand]] = {}  # form -> reading without node -> reading
    terms: list[TermInfo] = []
    rules: list[RuleInfo] = []
    term_trie: dict[str, Any] = {}
    rule_trie: dict[str, Any] = {}
    starts: set[str] = set()
    seen_terms: dict[tuple[str, ...], tuple[Glossary, Term]] = {}
    seen_rules: dict[tuple[str, ...], tuple[Glossary, Rule]] = {}
    canon_words: set[str] = set()
    shared: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    strings: dict[str, str] = {}
    """One object per distinct key: a dict finds an identical key without comparing text."""

    def share(t: tuple[Any, ...]) -> tuple[Any, ...]:
        return shared.setdefault(t, t)

    def add(form: str, cand: Cand) -> None:
        forms.setdefault(form, {})[cand[:4]] = cand

    for g in glossaries:
        for t in g.terms:
            keys = tuple(strings.setdefault(k, k)
                         for k in _checked(phrase_keys(t.text), t.text, "term", g, t.line))
            if keys in seen_terms:
                og, ot = seen_terms[keys]
                if (ot.tier, ot.proper) != (t.tier, t.proper):
                    raise GlossaryError(
                        f"term also in {og.path}:{ot.line} with other settings",
                        path=g.path, line=t.line, entry=t.text)
                continue
            seen_terms[keys] = (g, t)
            # words as written share the key's string when equal; small tuples are shared
            words = tuple(k if w == k else w for w, k in zip(phrase_words(t.text), keys,
                                                             strict=True))
            proper = share(tuple(has_capitals(w) if t.proper is None else t.proper
                                 for w in words))
            terms.append(TermInfo(len(terms), f"{g.name}:{t.text}", keys, words, proper,
                                  share(phrase_seps(t.text)), t.tier))
            _insert(term_trie, keys, terms[-1])
            canon_words.update(keys)
        for r in g.rules:
            keys = _checked(phrase_keys(r.spun), r.spun, "spun phrase", g, r.line)
            if keys in seen_rules:
                og, orule = seen_rules[keys]
                if orule.canonical != r.canonical:
                    raise GlossaryError(
                        f"conflicting rule: {og.path}:{orule.line} rewrites it to "
                        f"{orule.canonical!r}, this one to {r.canonical!r}",
                        path=g.path, line=r.line, entry=r.spun)
                continue
            seen_rules[keys] = (g, r)
            rules.append(_rule_info(f"{g.name}:{r.spun}", keys, phrase_seps(r.spun), r.canonical,
                                  r.tier, r.condition, r.score))
            _insert(rule_trie, keys, len(rules) - 1)
            starts.add(keys[0])
        for text, line in g.exceptions:
            keys = _checked(phrase_keys(text), text, "exception", g, line)
            rules.append(_rule_info(f"{g.name}:exception:{text}", keys, phrase_seps(text), None,
                                  "sure", None, 1.0))
            _insert(rule_trie, keys, len(rules) - 1)
            starts.add(keys[0])
        for r in channel_rules(g):
            keys = phrase_keys(r.spun)
            if keys in seen_rules:
                continue
            seen_rules[keys] = (g, r)
            rules.append(_rule_info(f"{g.name}:channel:{r.spun}", keys, (), r.canonical,
                                  r.tier, None, r.score))
            _insert(rule_trie, keys, len(rules) - 1)
            starts.add(keys[0])

    _seal(term_trie)
    for w in sorted(canon_words):  # sorted: the same tables whatever the hash seed
        first = term_trie.get(w)
        for form, tag in word_forms(w).items():
            add(form, (w, EXACT if tag == BASE else INFLECT, tag, (), first, form))
    for g in glossaries:
        for word, subs, _line in g.synonyms:
            (w,) = phrase_keys(word)
            if w not in canon_words:
                continue
            w, first = strings[w], term_trie.get(w)
            for s in subs:
                skeys = phrase_keys(s)
                if len(skeys) == 1:
                    for form, tag in word_forms(skeys[0]).items():
                        add(form, (w, SYN, tag, (), first, inflect(w, tag)))
                else:
                    add(skeys[0], (w, SYN, BASE, skeys[1:], first, w))
    starts.update(k for k, cands in forms.items() if any(w in term_trie for w, *_ in cands))
    all_starts = frozenset(starts)
    readings = {k: tuple(v.values()) for k, v in forms.items()}
    prefilter = _automaton(starts, readings)
    # pairs pay where start words are common, which is also where the prefilter is left out
    solo, pairs = (all_starts, frozenset()) if prefilter is not None else _pairs(
        forms, term_trie, rule_trie, starts)
    return Compiled(readings, term_trie, tuple(terms), rule_trie, tuple(rules), all_starts,
                    prefilter, solo, pairs)


_JOINERS = str.maketrans("'-", "  ")
#: A start key with more possible next words than this is walked wherever it occurs.
_PAIR_LIMIT = 64


def _pairs(forms: dict[str, dict[tuple[Any, ...], Cand]], term_trie: dict[str, Any],
           rule_trie: dict[str, Any], starts: set[str]
           ) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """Split ``starts`` into keys walked everywhere and (key, next key) pairs for the rest.

    A key goes to pairs when every entry it begins has a second word that can only be read
    from a known set of keys: no entry of one word, no multi-word substitute on the first word,
    and no second word long enough for a close spelling (five letters, see the walk). The
    next keys are every form that reads as one of the second words, possessives included.
    Common first words ("the", "a", "in") are then walked only before a possible second word.
    """
    readers: dict[str, set[str]] = {}  # canonical word -> keys that can read as it
    for form, cands in forms.items():
        for cand in cands:
            readers.setdefault(cand[0], set()).add(form)
    solo: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for key in starts:
        nexts: set[str] = set()
        anywhere = False  # the key alone may be a match, or its next word is open-ended
        rule = rule_trie.get(key)
        if rule is not None:
            anywhere = END in rule
            for child, node in rule.items():
                nexts.add(child)
                if END in node:
                    nexts.add(child + "'s")
        for cand in forms.get(key, ()):
            node = term_trie.get(cand[0])
            if node is None:
                continue
            if (cand[3] or isinstance(node, tuple) or END in node
                    or any(len(w) >= 5 for w in node if w != END)):
                anywhere = True
                break
            for word in node:
                for form in readers.get(word, ()):
                    nexts.update((form, form + "'s"))
        if anywhere or not nexts or len(nexts) > _PAIR_LIMIT:
            solo.add(key)
        else:
            pairs.update((key, n) for n in nexts)
    return frozenset(solo), frozenset(pairs)


#: Above this share of English words (by frequency) beginning an entry, a prefilter finds
#: so many starts that splitting every text whole is cheaper.
SPARSE_LIMIT = 0.05


def _automaton(starts: set[str], forms: dict[str, tuple[Cand, ...]],
               limit: float = SPARSE_LIMIT) -> Prefilter | None:
    """The prefilter that finds, at C speed, where a start key may begin in a text (see
    :mod:`textfix.engine.prefilter`); None when the start words are common enough (see
    ``SPARSE_LIMIT``) that it would not pay.

    Each key is stored as " key " with its joiners as spaces, so every start word of the text
    is found (a superset: the matcher checks each hit against the real words). Its value is
    the key's readings when the pattern stands for that key alone and the key has no joiner
    (so a word the hit covers exactly is that key), else None.
    """
    from wordfreq import word_frequency

    if sum(word_frequency(k, "en") for k in starts) > limit:
        return None
    keys: dict[bytes, list[str]] = {}
    for k in sorted(starts):
        if k.isascii():
            keys.setdefault(f" {k.translate(_JOINERS)} ".encode("ascii"), []).append(k)
    patterns = sorted(keys)
    return Prefilter(patterns, [forms.get(ks[0], ()) if len(ks) == 1 and ks[0].isalnum()
                                else None for ks in (keys[p] for p in patterns)])
