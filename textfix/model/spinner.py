"""The spinner model: where in a text a word is the spinner's, and what it stood for.

A model is a table of learned substitutions (spun form -> canonical form, with the evidence
that learned it) and an English language model. It answers two questions:

- :meth:`SpinnerModel.score`: how spun a whole document looks, 0..1. Each spun form and each
  canonical form of the table carries a log-odds weight (how much more often spun text than
  clean text uses it); their sum per word is a relative signal that does not depend on the
  topic, because a spinner's substitute and the word it replaced are read side by side
  ("mentioned" is evidence of spin, "said" of clean text).
- :meth:`SpinnerModel.proposals`: the places where the language model reads the canonical form
  clearly better than the spun one, in a view of the text where every other spun form already
  reads as its canonical (so deciding again on the repaired text gives the same answers).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import compress, count, pairwise
from operator import mul
from typing import NamedTuple

from textfix.glossary.model import Glossary
from textfix.model.lm import LanguageModel
from textfix.model.wordbyword import (
    REPAIR_GAIN,
    SENTENCE_BREAK,
    WordByWord,
    capitalized_inside,
    strong_odd_words,
)
from textfix.text.article import article_for
from textfix.text.inflect import apply_case, case_of
from textfix.text.tokenize import ENDS_POSSESSIVE, phrase_keys, scan

#: Words of evidence are averaged over at least this many words, so one spinner-like word in a
#: short clean sentence does not open the gate.
MIN_WORDS = 300
#: Per-word evidence (x100) up to which a document scores 0 (clean news reaches about 0.6),
#: and the scale over which the score then rises (0.5 at about 2.7; spun pages score 4-20).
OFFSET = 1.0
SPREAD = 2.5
#: One weight never counts more than this either way.
CLIP = 3.0
#: Forms whose weight is smaller than this either way are not counted (common words such as
#: "the", read as often in spun as in clean text: counting them costs time and tells nothing).
MIN_WEIGHT = 0.3
#: Word-by-word score at which that family's thesaurus repairs run (they never run in text
#: of the common spinner dictionary, where a thesaurus guess breaks words).
FAMILY_GATE = 0.5
#: Least language-model gain at which a thesaurus guess with no habit behind it repairs: the
#: language model likes common words, so such a guess often names the wrong original
#: ("performed" -> "did" where "played" was meant) or a genuine word ("a PG-rated pic").
THESAURUS_GAIN = 4.0
#: Least language-model gain at which a spinner habit the learning corpus did not confirm
#: repairs: such a form may be ordinary English ("trade" for "industry"), so only a context
#: that reads clearly wrong with it and clearly right with its original is repaired.
UNCONFIRMED_GAIN = 4.0
#: An unconfirmed form weighing less than this is more common in clean news than in spun
#: pages ("nations"): it never repairs. (A form with no counts at all weighs about -0.3.)
UNCONFIRMED_FLOOR = -0.5

#: Windows whose language-model gain a model keeps (most recently read first): a corpus repeats
#: sentences (agency copy, boilerplate), and a window is a few words, so this is a few MB.
GAIN_CACHE = 8192

#: Least language-model gain at which a place of a spun form repairs when another place of
#: the same form in the document cleared the form's own bar (spinners are consistent within a
#: document; the context must still read better with the canonical form).
CONSISTENT_GAIN = 1.0
#: A rival original counts this much less than the canonical form (the original the
#: contexts of the learning corpus preferred): trying more originals must not find more
#: places where one of them happens to read well ("assume" -> "take").
RIVAL_COST = 2.0


@dataclass(frozen=True, slots=True)
class SpinEntry:
    """One learned substitution: the spinner writes ``spun`` where the text had ``canonical``."""

    spun: tuple[str, ...]
    """Keys of the spun form (lower case, as :func:`textfix.text.tokenize.phrase_keys`)."""
    canonical: str
    """The canonical form as it should read (lower case unless it is a name)."""
    weight: float
    """Log-odds that a text using the spun form is spun (spun-text rate / clean-text rate)."""
    canonical_weight: float
    """The same log-odds for the canonical form (negative: clean text uses it)."""
    rule: str
    """Name of the entry in edits: ``"glossary:spun form"``."""
    min_gain: float = 1.0
    """Least language-model gain (natural log) at which a place is repaired."""
    confirmed: bool = True
    """Whether spun text confirmed the entry; only confirmed entries weigh in detection."""
    rivals: tuple[str, ...] = ()
    """Other originals the spinner writes this form for; each place gets the one its context
    prefers."""
    rival_gain: float = math.inf
    """The bar of a form with rivals: the context must be clearly for the original chosen."""
    also: tuple[str, ...] = ()
    """Originals the spinner writes this form for less often: chosen where the context
    prefers one (by :data:`RIVAL_COST`), at the entry's own bar."""


def required_gain(weight: float, source: str = "", rival: str = "",
                  is_confirmed: bool = True) -> float:
    """The least language-model gain at which an entry repairs a place.

    Spinner-only forms ("invoice", "12 months") need little; forms clean text also uses
    ("holds", "worth") need the context to be clearly wrong; forms clean text uses as often as
    spun text never repair (they still count as evidence). A thesaurus guess with no habit
    behind it needs more than a habit, and a form with a rival original ("maintain": keep or
    hold) needs the context to be clearly for its own.

    >>> required_gain(3.0), required_gain(1.0), required_gain(0.2), required_gain(3.0, rival="x")
    (1.0, 6.0, inf, 4.0)
    >>> required_gain(0.2, "habits", is_confirmed=False), required_gain(-1.4, is_confirmed=False)
    (4.0, inf)
    """
    if not is_confirmed:
        if weight < UNCONFIRMED_FLOOR:
            return math.inf  # clean news writes it more than spinners do: ordinary English
        return UNCONFIRMED_GAIN + (3.0 if rival else 0.0)
    base = (THESAURUS_GAIN if source == "thesaurus" else 1.0) + (3.0 if rival else 0.0)
    if weight >= 2.5:
        return base
    if weight >= 2.0:
        return max(base, 1.5)
    if weight >= 1.5:
        return max(base, 2.5)
    if weight >= 0.5:
        return max(base, 6.0)
    return math.inf


def consistent_gain(min_gain: float) -> float:
    """The least gain at which a place repairs when another place of the same spun form in
    the document cleared ``min_gain`` (never below :data:`CONSISTENT_GAIN`, never above
    ``min_gain``).

    >>> consistent_gain(6.0), consistent_gain(1.0)
    (1.0, 1.0)
    """
    return min(min_gain, CONSISTENT_GAIN)


def entries_of(glossaries: Iterable[Glossary]) -> list[SpinEntry]:
    """The learned entries of ``glossaries`` as model entries (the first glossary wins)."""
    out = []
    for g in glossaries:
        for e in g.learned:
            out.append(SpinEntry(phrase_keys(e.spun), e.canonical, e.weight, e.canonical_weight,
                                 f"{g.name}:{e.spun}",
                                 required_gain(e.weight, e.source, "", e.confirmed),
                                 e.confirmed, e.rivals,
                                 required_gain(e.weight, e.source, "rival", e.confirmed),
                                 e.also))
    return out


def _spans(keys: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every run of consecutive words of ``keys``."""
    return {keys[i:j] for i in range(len(keys)) for j in range(i + 1, len(keys) + 1)}


def unchained(pairs: Iterable[tuple[tuple[str, ...], tuple[str, ...]]]) -> list[bool]:
    """Which (spun keys, canonical keys) pairs to keep, in order, so that no kept canonical
    form holds a kept spun form (the repaired text would be repaired again) and none begins
    or ends its own spun form ("video games" -> "games").

    >>> unchained([(("current", "costs"), ("present", "prices")), (("present",), ("current",))])
    [True, False]
    """
    forms: set[tuple[str, ...]] = set()
    inside: set[tuple[str, ...]] = set()
    out = []
    for spun, canonical in pairs:
        own = _spans(canonical)
        ok = (not _renews(spun, canonical) and spun not in forms and spun not in inside
              and spun not in own and not (own & forms))
        if ok:
            forms.add(spun)
            inside |= own
        out.append(ok)
    return out


#: (spun keys, original keys) pairs: substitutions a document is known to hold.
Seen = Collection[tuple[tuple[str, ...], tuple[str, ...]]]


class Proposal(NamedTuple):
    """A place the model would repair: ``text[start:end] == before`` reads better as ``after``."""

    start: int
    end: int
    before: str
    after: str
    entry: SpinEntry
    gain: float


class _Hit(NamedTuple):
    first: int
    last: int
    entry: SpinEntry


def _fits(spun: tuple[str, ...], rival: tuple[str, ...], forms: set[tuple[str, ...]]) -> bool:
    """Whether ``rival`` may stand for ``spun``: it holds no spun form and does not begin or
    end ``spun`` (as :func:`unchained` asks of a canonical form)."""
    if not rival or rival == spun or _renews(spun, rival):
        return False
    return _spans(rival).isdisjoint(forms)


def _renews(spun: tuple[str, ...], original: tuple[str, ...]) -> bool:
    """Whether ``original`` begins or ends its own, longer spun form ("video games" ->
    "games"): a deletion, not a substitution."""
    n = len(original)
    return 0 < n < len(spun) and (spun[-n:] == original or spun[:n] == original)


def _plain(text: str, a: int, b: int) -> bool:
    """Whether only spacing (no line break pair, no punctuation) stands in ``text[a:b]``."""
    gap = text[a:b]
    return gap.isspace() and gap.count("\n") < 2


class SpinnerModel:
    """A table of learned substitutions and an English language model, deciding in context.

    >>> e = SpinEntry(("mentioned",), "said", 2.5, -1.0, "demo:mentioned")
    >>> m = SpinnerModel([e])
    >>> [(p.before, p.after) for p in m.proposals("Kim mentioned the talks went well.")]
    [('mentioned', 'said')]
    """

    def __init__(self, entries: Iterable[SpinEntry], lm: LanguageModel | None = None) -> None:
        # confirmed entries first (stable): a form an adapted glossary confirms wins over the
        # same form kept unconfirmed by the shipped model
        entries = sorted(entries, key=lambda e: not e.confirmed)
        keep = unchained((e.spun, phrase_keys(e.canonical)) for e in entries)
        self.entries: dict[tuple[str, ...], SpinEntry] = {
            e.spun: e for e, ok in zip(entries, keep, strict=True) if ok}
        # a rival original holding a spun form would be repaired again: it is not written,
        # but the form keeps the bar of a form with a rival
        forms = set(self.entries)
        for k, e in self.entries.items():
            if e.rivals:
                kept = tuple(r for r in e.rivals if _fits(k, phrase_keys(r), forms))
                if kept != e.rivals:
                    e = self.entries[k] = replace(e, rivals=kept, min_gain=e.rival_gain)
            if e.also:
                also = tuple(r for r in e.also if _fits(k, phrase_keys(r), forms))
                if also != e.also:
                    self.entries[k] = replace(e, also=also)
        self._lm = lm
        self.longest = max((len(k) for k in self.entries), default=0)
        by_first: dict[str, set[int]] = {}
        for k in self.entries:
            by_first.setdefault(k[0], set()).add(len(k))
        #: the lengths of the spun forms that begin with a word, longest first
        self._lengths = {w: sorted(ns, reverse=True) for w, ns in by_first.items()}
        #: first words of longer forms only ("the", "of"), and the first two words of every
        #: longer form: such a word begins a form only before one of its second words
        self._multi_only = frozenset(w for w, ns in by_first.items() if 1 not in ns)
        self._prefixes = frozenset(k[:2] for k in self.entries if len(k) > 1)
        #: the words that are a form, and the entry of those that begin no longer one
        #: (without a possessive 's, which a form's key may drop): such a word is a hit
        #: wherever it stands free
        self._single_first = frozenset(w for w, ns in by_first.items() if 1 in ns)
        self._only_single = {w: self.entries[(w,)] for w, ns in by_first.items()
                             if ns == {1} and not w.endswith("'s")}
        #: the canonical form's keys of every entry, by spun form
        self._canonical_keys = {k: phrase_keys(e.canonical) for k, e in self.entries.items()}
        # detection weights of every spun and canonical form, by first word
        weights: dict[tuple[str, ...], float] = {}
        for e in self.entries.values():
            if not e.confirmed:
                continue
            weights[e.spun] = max(-CLIP, min(CLIP, e.weight))
            ck = phrase_keys(e.canonical)
            if ck and ck not in self.entries:
                weights.setdefault(ck, max(-CLIP, min(CLIP, e.canonical_weight)))
        weights = {k: w for k, w in weights.items() if abs(w) >= MIN_WEIGHT}
        self._weights = weights
        self._unigrams = {k[0]: w for k, w in weights.items() if len(k) == 1}
        # a longer form counts instead of the weighted words inside it
        self._phrases: dict[str, list[tuple[frozenset[str], str, float]]] = {}
        for k, w in weights.items():
            if len(k) > 1:
                inner = sum(self._unigrams.get(x, 0.0) for x in k)
                # indexed by its longest word, which is rarely in a text when the phrase is
                # not ("the", "of" would send every document through every phrase)
                self._phrases.setdefault(max(k, key=len), []).append(
                    (frozenset(k), " " + " ".join(k) + " ", w - inner))
        self._phrase_words = frozenset(self._phrases)
        self._read_words: frozenset[str] | None = None
        self.word_by_word = WordByWord(lm)
        self._window_gains = lru_cache(maxsize=GAIN_CACHE)(self._window_gain)

    @property
    def lm(self) -> LanguageModel:
        """The language model, loaded on first use (clean text that no entry touches never
        needs it)."""
        if self._lm is None:
            self._lm = LanguageModel.load()
        return self._lm

    def __bool__(self) -> bool:
        return bool(self.entries)

    # -- detection -------------------------------------------------------------------------
    def evidence(self, keys: Sequence[str], counts: Counter[str] | None = None) -> float:
        """Summed log-odds of the spun and canonical forms in ``keys`` (``counts``: their
        Counter, if the caller has it); a phrase counts instead of the words inside it.
        Counting runs in C (one Counter, one join)."""
        if counts is None:
            counts = Counter(keys)
        uni = self._unigrams
        # the products in the order of the smaller table, multiplied and summed in C
        if len(counts) < len(uni):
            found = list(filter(uni.__contains__, counts))
        else:
            found = list(filter(counts.__contains__, uni))
        total: float = sum(map(mul, map(uni.__getitem__, found), map(counts.__getitem__, found)))
        # sorted: a set's order follows the hash seed, and the sum's last bits its order
        words = counts.keys()
        present = [(padded, w) for word in sorted(self._phrase_words.intersection(counts))
                   for inner, padded, w in self._phrases[word] if words >= inner]
        if present:
            joined = " " + " ".join(keys) + " "
            total += sum(joined.count(padded) * w for padded, w in present)
        return total

    def score_keys(self, keys: Sequence[str], counts: Counter[str] | None = None) -> float:
        """How spun a document of these word keys looks to the table, 0..1."""
        if not keys or not self._weights:
            return 0.0
        per_word = 100.0 * self.evidence(keys, counts) / max(len(keys), MIN_WORDS)
        if per_word <= OFFSET:
            return 0.0
        return round(1.0 - math.exp(-(per_word - OFFSET) / SPREAD), 6)

    def scores(self, text: str, keys: Sequence[str] | None = None) -> tuple[float, float]:
        """How spun ``text`` looks to the table, and how much like the word-by-word family,
        each 0..1 (``keys``: the text's word keys, if the caller has them)."""
        if keys is None:
            keys = scan(text)[0]
        if not keys:
            return 0.0, 0.0
        if len(keys) < len(self._unigrams):
            # only the words detection reads are counted (one C filter): the others' counts
            # are never asked for; a text with fewer words than the weight table has fewer
            # distinct words too, so evidence() sums in the text's order, as it would over
            # a Counter of every word (the same terms in the same order: the same float)
            counts = Counter(filter(self._read().__contains__, keys))
        else:
            counts = Counter(keys)
        return (self.score_keys(keys, counts),
                self.word_by_word.score_keys(text, keys, counts))

    def _read(self) -> frozenset[str]:
        """Every word whose count detection reads: the weighted words, the words of the
        weighted phrases, and the odd words of the word-by-word family (built on first use,
        with the family's table)."""
        if self._read_words is None:
            self._read_words = frozenset(
                {*self._unigrams, *(w for k in self._weights for w in k), *strong_odd_words()})
        return self._read_words

    def score(self, text: str) -> float:
        """How spun ``text`` looks, 0..1: the table's weights, or the odd words of a
        word-by-word spinner, whichever says more.

        >>> SpinnerModel([SpinEntry(("yr",), "year", 3.0, -2.0, "demo:yr")]).score("")
        0.0
        """
        return max(self.scores(text))

    # -- repair ----------------------------------------------------------------------------
    def _hits(self, text: str, keys: Sequence[str], bounds: Sequence[int]) -> list[_Hit]:
        """Every occurrence of a spun form, longest first, left to right, never overlapping
        (``keys`` and ``bounds`` as :func:`~textfix.text.tokenize.scan` gives them)."""
        entries = self.entries
        lengths = self._lengths
        multi_only, prefixes, only_single = self._multi_only, self._prefixes, self._only_single
        n = len(keys)
        # where a form may begin (C-speed filters): a word that is a form, the first two words
        # of a longer form, the word before a possessive that ends the first two words of a
        # longer form ("the company's"), or a possessive whose word begins a form
        starts = list(compress(count(), map(self._single_first.__contains__, keys)))
        more = list(compress(count(), map(prefixes.__contains__, pairwise(keys))))
        owners = list(compress(count(), map(ENDS_POSSESSIVE, keys)))
        if owners:
            more += [i - 1 for i in owners if i and (keys[i - 1], keys[i][:-2]) in prefixes]
            if "'s" in text or "’s" in text:
                more += [i for i in owners if len(keys[i]) > 2 and keys[i][:-2] in lengths]
        if more:
            starts = sorted({*starts, *more})
        hits: list[_Hit] = []
        after = 0
        for i in starts:
            if i < after:
                continue
            w = keys[i]
            e = only_single.get(w)
            if e is not None:  # a word that is a form and begins no longer one
                hits.append(_Hit(i, i, e))
                after = i + 1
                continue
            if w in multi_only:  # most such places: "the" not before a form's second word
                if i + 1 >= n:
                    continue
                nxt = keys[i + 1]
                if (w, nxt) not in prefixes and not (
                        nxt.endswith("'s") and (w, nxt[:-2]) in prefixes):
                    continue
            sizes = lengths.get(w) or lengths.get(_stem(text, keys, bounds, i))
            if sizes is None:
                continue
            for k in sizes:
                last = i + k - 1
                if last >= n:
                    continue
                end = keys[last]
                if end.endswith("'s"):
                    end = _stem(text, keys, bounds, last)
                if k == 1:
                    e = entries.get((end,))
                else:
                    e = entries.get((*keys[i:last], end))
                    if e is not None and any(
                            _stem(text, keys, bounds, j) != keys[j]
                            or not _plain(text, bounds[2 * j + 1], bounds[2 * j + 2])
                            for j in range(i, last)):
                        continue
                if e is None:
                    continue
                hits.append(_Hit(i, last, e))
                after = last + 1
                break
        return hits

    def proposals(self, text: str, protected: Sequence[tuple[int, int]] = (),
                  family: bool | None = None, seen: Seen = frozenset()) -> list[Proposal]:
        """The repairs the model makes in ``text``, in order; none overlaps ``protected``
        (sorted, disjoint character spans that other edits already wrote). ``seen``: (spun
        keys, original keys) substitutions other edits of the document already undid (the
        spinner's own, so their other places need only read better, as for a sure place).

        A word written with a capital inside a sentence is a name's, and is left alone. In a
        text of the word-by-word family (``family``; None: judged on ``text``), its odd words
        are repaired too.
        """
        out = self._table_proposals(text, protected, seen)
        wbw = self.word_by_word
        if family is None:
            family = wbw.score(text) >= FAMILY_GATE
        if not family:
            return out
        taken = sorted([*protected, *((p.start, p.end) for p in out)])
        for start, end, before, after, gain in wbw.proposals(text, taken):
            entry = SpinEntry((before.lower(),), after.lower(), 0.0, 0.0,
                              f"word-by-word:{before.lower()}", REPAIR_GAIN, False)
            out.append(Proposal(start, end, before, after, entry, gain))
        out.sort()
        return out

    def _table_proposals(self, text: str, protected: Sequence[tuple[int, int]],
                         seen: Seen = frozenset()) -> list[Proposal]:
        keys, bounds = scan(text)
        # a word written with a capital inside a sentence is a name's, whichever word of the
        # form it is ("The Final of Us"); a word in lower case never is (most, at C speed)
        hits = []
        for h in self._hits(text, keys, bounds):
            for j in range(h.first, h.last + 1):
                b = bounds[2 * j]
                if j and not text[b].islower() and capitalized_inside(text, b, bounds[2 * j - 1]):
                    break
            else:
                hits.append(h)
        if not hits:
            return []
        if protected:
            hits = _outside(hits, bounds, protected)
            if not hits:
                return []
        view = _View(text, keys, bounds, hits, self._canonical_keys)
        scored: list[tuple[_Hit, float, str, float]] = []
        for h in hits:
            e = h.entry
            before = view.before(h, 3)
            later = view.after(h, 2)
            if not e.rivals and not e.also:
                gain = self._gain(e, e.canonical, self._canonical_keys[e.spun], before, later)
                scored.append((h, gain, e.canonical, e.min_gain))
            else:  # at the bar of a form with a rival, if it has one
                gain, original = self._original(e, before, later, view.aside(h))
                scored.append((h, gain, original, e.rival_gain if e.rivals else e.min_gain))
        # a spinner is consistent: where the context is clearly for a form's canonical at one
        # place, its other places in the document need only read better with it; only for a
        # habit the corpus confirmed (one place proves nothing of an ordinary word: "nations")
        sure = {h.entry.spun for h, gain, _, bar in scored
                if gain >= bar and h.entry.confirmed}
        if seen:  # a substitution the other edits undid is the spinner's in this document
            sure.update(e.spun for e in {h.entry for h, _, _, _ in scored}
                        if any((e.spun, phrase_keys(o)) in seen
                               for o in (e.canonical, *e.rivals, *e.also)))
        out = []
        for h, gain, original, bar in scored:
            e = h.entry
            if gain < bar and (e.spun not in sure or gain < consistent_gain(bar)):
                continue
            start = bounds[2 * h.first]
            stop = bounds[2 * h.last + 1]
            last_stem = _stem(text, keys, bounds, h.last)
            stop -= len(keys[h.last]) - len(last_stem)  # a possessive 's stays as written
            first_word = text[start:bounds[2 * h.first + 1]]
            after = apply_case(original, case_of(first_word), original != original.lower())
            out.append(Proposal(start, stop, text[start:stop], after, e, gain))
        return out

    def _original(self, e: SpinEntry, before: list[str], later: list[str], aside: bool
                  ) -> tuple[float, str]:
        """The original a place of ``e`` with rivals or ``also`` originals gets, and its gain
        in context less :data:`RIVAL_COST` if it is not the canonical form (the canonical
        wins a tie). A word set apart by commas (``aside``) is chosen as read alone, since
        the language model sees no commas; whether to repair is still decided in context."""
        names = (e.canonical, *e.rivals, *e.also)
        keys = [self._canonical_keys[e.spun], *map(phrase_keys, names[1:])]
        gains = [self._gain(e, n, k, before, later) - (RIVAL_COST if i else 0.0)
                 for i, (n, k) in enumerate(zip(names, keys, strict=True))]
        choice = gains
        if aside:
            choice = [self._gain(e, n, k, [], ["</s>"]) - (RIVAL_COST if i else 0.0)
                      for i, (n, k) in enumerate(zip(names, keys, strict=True))]
        i = max(range(len(names)), key=choice.__getitem__)
        return gains[i], names[i]

    def _gain(self, e: SpinEntry, original: str, new_keys: Sequence[str], before: list[str],
              after: list[str]) -> float:
        """How much better (natural log) the window around a place of ``e`` reads with
        ``original`` than with the spun form (``before`` up to 3 view words, ``after`` 2)."""
        new = tuple(new_keys)
        old = e.spun
        if before and before[-1] in ("a", "an"):
            want = article_for(before[-1], " ".join(e.spun), original)
            if want is not None:  # "an assembly" reads as "a meeting", not "an meeting"
                old, new = (before[-1], *old), (want, *new)
                before = before[:-1]
        if len(before) > 2:
            before = before[-2:]
        k = len(before)
        return self._window_gains((*before, *old, *after), k, k + len(old), new)

    def _window_gain(self, window: tuple[str, ...], i: int, j: int,
                     repl: tuple[str, ...]) -> float:
        """How much better ``window`` (a form with at most two words on each side) reads with
        ``window[i:j]`` replaced by ``repl``: :meth:`LanguageModel.gain` of the whole window
        (kept, for the windows read last, in ``self._window_gains``)."""
        lm = self.lm
        repaired = (*window[:i], *repl, *window[j:])
        return lm.score(repaired, i, len(repaired)) - lm.score(window, i, len(window))


def undone(pairs: Iterable[tuple[str, str]]) -> frozenset[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The substitutions (spun keys, original keys) that edits (before, after) undid: each
    edit whole, and word for word where both sides have as many words ("Nationwide Meeting"
    -> "National Assembly" shows "meeting" written for "assembly").

    >>> sorted(undone([("Safety Consultative Assembly", "Security Consultative Meeting")]))[0]
    (('assembly',), ('meeting',))
    """
    out: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for before, after in pairs:
        b, a = phrase_keys(before), phrase_keys(after)
        if not b or not a or a == b:
            continue
        out.add((b, a))
        if len(b) == len(a) > 1:
            out.update(((x,), (y,)) for x, y in zip(b, a, strict=True) if x != y)
    return frozenset(out)


#: A character that ends a sentence where it stands between two words.
_BREAK = re.compile("[" + re.escape("".join(sorted(SENTENCE_BREAK))) + "]")


def _stem(text: str, keys: Sequence[str], bounds: Sequence[int], j: int) -> str:
    """The key of word ``j`` without a possessive 's (as :class:`Token.stem`)."""
    k = keys[j]
    if k.endswith("'s") and len(k) > 2 and text[bounds[2 * j + 1] - 2] in "'’":
        return k[:-2]
    return k


class _View:
    """The text's word keys as the model reads them: every hit as its canonical form. Only the
    few words around each hit are ever asked for, so nothing is built per word."""

    def __init__(self, text: str, keys: Sequence[str], bounds: Sequence[int],
                 hits: Sequence[_Hit], canonical: dict[tuple[str, ...], tuple[str, ...]]
                 ) -> None:
        self.text, self.keys, self.bounds = text, keys, bounds
        self.hits = hits
        self.canonical = canonical
        self.first = {h.first: n for n, h in enumerate(hits)}
        self.last = {h.last: n for n, h in enumerate(hits)}
        #: whether a word has a possessive 's (if none, every word's stem is its key)
        self.possessive = any(map(ENDS_POSSESSIVE, keys))
        #: the words a sentence break follows (found in C; a break is rarer than a word)
        self.breaks = {bisect_right(bounds, m.start()) // 2 - 1
                       for m in _BREAK.finditer(text, bounds[1] if bounds else 0)}

    def aside(self, h: _Hit) -> bool:
        """Whether hit ``h`` stands apart between commas (or a sentence start and a comma):
        "Nonetheless, the film", "He did, nonetheless, joke". Read alone there, as a spoken
        model reads a word between pauses, since its neighbours are not its context."""
        b, text = self.bounds, self.text
        j = h.last
        if j + 1 >= len(self.keys) or "," not in text[b[2 * j + 1]:b[2 * j + 2]]:
            return False
        i = h.first
        return i == 0 or i - 1 in self.breaks or "," in text[b[2 * i - 1]:b[2 * i]]

    def before(self, h: _Hit, count: int) -> list[str]:
        """Up to ``count`` view words before hit ``h``, in order, none before the start of its
        sentence (the window then begins the sentence, as the language model reads it)."""
        keys, breaks, last, possessive = self.keys, self.breaks, self.last, self.possessive
        out: list[str] = []
        j = h.first - 1
        while j >= 0 and len(out) < count and j not in breaks:
            n = last.get(j)
            if n is not None:
                other = self.hits[n]
                out[:0] = self.canonical[other.entry.spun]
                j = other.first - 1
            else:
                w = keys[j]
                out.insert(0, _stem(self.text, keys, self.bounds, j)
                           if possessive and w.endswith("'s") else w)
                j -= 1
        return out[-count:] if len(out) > count else out

    def after(self, h: _Hit, count: int) -> list[str]:
        """Up to ``count`` view words after hit ``h``, in order; the end of its sentence reads
        as ``</s>``."""
        keys, breaks, first, possessive = self.keys, self.breaks, self.first, self.possessive
        n_keys = len(keys)
        out: list[str] = []
        j = h.last + 1
        while len(out) < count:
            if j >= n_keys or j - 1 in breaks:
                out.append("</s>")
                break
            n = first.get(j)
            if n is not None:
                other = self.hits[n]
                out.extend(self.canonical[other.entry.spun])
                j = other.last + 1
            else:
                w = keys[j]
                out.append(_stem(self.text, keys, self.bounds, j)
                           if possessive and w.endswith("'s") else w)
                j += 1
        return out[:count]


def _outside(hits: list[_Hit], bounds: Sequence[int],
             protected: Sequence[tuple[int, int]]) -> list[_Hit]:
    """The hits whose words touch no protected span (both lists are sorted)."""
    out = []
    k = 0
    for h in hits:
        a, b = bounds[2 * h.first], bounds[2 * h.last + 1]
        while k < len(protected) and protected[k][1] <= a:
            k += 1
        if k < len(protected) and protected[k][0] < b:
            continue
        out.append(h)
    return out
