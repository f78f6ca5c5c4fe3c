"""The word-by-word spinner family: detected by its odd words, repaired from the thesaurus.

Some spinners replace a word with any other word of any of its WordNet synsets, whatever the
sense: "be" -> "beryllium", "as" -> "arsenic", "time" -> "clip", "part" -> "portion"; or with
an adjective WordNet calls similar to it: "in" -> "successful", "on" -> "connected". No habit
list knows such a spinner's choices, but its output has a signature: many words that are far
rarer than a synonym the language model reads much better in their place. Clean news has few
(at most 0.9 in 100 words on the corpus pages; this family's articles 2-4).

- :meth:`WordByWord.score`: 0..1 from the density of such places (first a set lookup per
  word; the language model only runs when the lookup finds enough odd words).
- :meth:`WordByWord.proposals`: in a document that scores at the gate, each odd word whose
  best common synonym reads better by :data:`REPAIR_GAIN` is replaced by it, and so are its
  other places where that synonym reads better by :data:`CONSISTENT_GAIN`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress, count

from textfix.model.lm import LanguageModel
from textfix.model.sources import odd_words
from textfix.text.inflect import apply_case, case_of
from textfix.text.tokenize import ENDS_POSSESSIVE, Token, scan

#: Odd words (by set lookup) per 100 words under which the language model is not asked.
LOOKUP_DENSITY = 5.0
#: Gain at which an odd word counts as the spinner's in detection.
DETECT_GAIN = 8.0
#: Confirmed odd words per 100 words at which the score starts to rise, and its scale.
OFFSET = 1.2
SPREAD = 1.0
#: Fewest confirmed odd words, and fewest distinct ones, for any score (one odd word in a
#: short note, or one word said over and over, says nothing).
MIN_HITS = 5
MIN_KINDS = 3
#: Gain at which an odd word is repaired in a document the family's score lets through.
REPAIR_GAIN = 6.0
#: Gain at which an odd word is repaired when the same word, with the same best synonym,
#: cleared :data:`REPAIR_GAIN` elsewhere in the document.
CONSISTENT_GAIN = 2.0
#: Windows whose best candidate a model keeps (most recently read first; a few MB at most).
BEST_CACHE = 8192


@lru_cache(maxsize=1)
def strong_odd_words() -> frozenset[str]:
    """The odd words detection counts (a set, so a document is checked at C speed)."""
    return frozenset(w for w, (_, strong) in odd_words().items() if strong)


def capitalized_inside(text: str, start: int, prev_end: int | None) -> bool:
    """Whether the word at ``start`` is capitalized inside a sentence (a name, or part of
    one); ``prev_end``: where the word before it ends (None: it is the first)."""
    c = text[start:start + 1]
    if c.islower() or not c.isalpha() or prev_end is None:
        return False
    gap = text[prev_end:start]
    return not any(ch in gap for ch in ".!?:;\n\"“”‘(—–")


def in_name(text: str, toks: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` is capitalized inside a sentence (a name, or part of one)."""
    t = toks[i]
    return capitalized_inside(text, t.start, toks[i - 1].end if i else None)


#: What ends a sentence where it stands between two words (the language model reads within one).
SENTENCE_BREAK = frozenset(".!?;:\n")


def _sentence_window(text: str, bounds: Sequence[int], keys: Sequence[str], i: int
                     ) -> tuple[list[str], int]:
    """Word ``i`` with up to two words on each side, none across a sentence break, and where
    word ``i`` is in it (``bounds`` as :func:`~textfix.text.tokenize.scan` gives them). The
    window begins where the sentence does, if that is near (the language model then reads it
    as a sentence start), and the end of a sentence reads as ``</s>``: "the test was
    successful. The lights" is "test was successful </s>".

    >>> text = "The test was successful. The lights"
    >>> keys, bounds = scan(text)
    >>> _sentence_window(text, bounds, keys, 3)
    (['test', 'was', 'successful', '</s>'], 2)
    """
    before: list[str] = []
    j = i
    while (j > 0 and len(before) < 2
           and SENTENCE_BREAK.isdisjoint(text[bounds[2 * j - 1]:bounds[2 * j]])):
        j -= 1
        before.insert(0, keys[j])
    after: list[str] = []
    j = i
    n = len(keys)
    while len(after) < 2:
        if j + 1 >= n or not SENTENCE_BREAK.isdisjoint(text[bounds[2 * j + 1]:bounds[2 * j + 2]]):
            after.append("</s>")
            break
        j += 1
        after.append(keys[j])
    return [*before, keys[i], *after], len(before)


def _stems(text: str, keys: Sequence[str], bounds: Sequence[int]) -> list[str]:
    """The keys without a possessive 's (as :attr:`Token.stem`); only the words whose key
    ends in 's are looked at.

    >>> text = "The ministry’s co-chair"
    >>> _stems(text, *scan(text))
    ['the', 'ministry', 'co-chair']
    """
    stems = list(keys)
    for j in compress(count(), map(ENDS_POSSESSIVE, keys)):
        k = keys[j]
        if len(k) > 2 and text[bounds[2 * j + 1] - 2] in "'’":
            stems[j] = k[:-2]
    return stems


class WordByWord:
    """Detection and repair of word-by-word spinning.

    >>> m = WordByWord()
    >>> m.score("The launch went well.")
    0.0
    """

    def __init__(self, lm: LanguageModel | None = None) -> None:
        self._lm = lm
        self._best = lru_cache(maxsize=BEST_CACHE)(self._best_candidate)

    @property
    def lm(self) -> LanguageModel:
        """The language model, loaded on first use."""
        if self._lm is None:
            self._lm = LanguageModel.load()
        return self._lm

    def _places(self, text: str, bounds: Sequence[int], keys: Sequence[str],
                stems: Sequence[str], gain: float, strong: bool = False
                ) -> list[tuple[int, str, float]]:
        """(word, best candidate, its gain) of every odd lower-case word whose best common
        synonym reads better by ``gain`` (``strong``: only of the odd words detection counts,
        the others are not read). ``keys`` and ``bounds`` as :func:`scan` gives them,
        ``stems`` as :func:`_stems`."""
        table = odd_words()
        out = []
        wanted = strong_odd_words() if strong else table
        best_of = self._best
        for i in compress(count(), map(wanted.__contains__, stems)):
            b = bounds[2 * i]
            if stems[i] != keys[i] or capitalized_inside(text, b, bounds[2 * i - 1] if i else None):
                continue  # a possessive, or a name
            window, k = _sentence_window(text, bounds, stems, i)
            best, best_gain = best_of(tuple(window), k)
            if best_gain >= gain:
                out.append((i, best, best_gain))
        return out

    def _best_candidate(self, window: tuple[str, ...], k: int) -> tuple[str, float]:
        """The candidate original of odd word ``window[k]`` that reads best there, and its
        gain (the first of equals)."""
        cands = odd_words()[window[k]][0]
        best, best_gain = "", -math.inf
        for c, g in zip(cands, self.lm.gains(window, k, k + 1, [(c,) for c in cands]),
                        strict=True):
            if g > best_gain:
                best, best_gain = c, g
        return best, best_gain

    def score_keys(self, text: str, keys: Sequence[str],
                   counts: Counter[str] | None = None) -> float:
        """How word-by-word spun ``text``, of these word keys (and their Counter), looks,
        0..1."""
        if counts is None:
            counts = Counter(keys)
        odd = sum(map(counts.__getitem__, strong_odd_words().intersection(counts)))
        if odd < MIN_HITS or 100.0 * odd / len(keys) < LOOKUP_DENSITY:
            return 0.0
        words, bounds = scan(text)
        stems = _stems(text, words, bounds)
        hits = self._places(text, bounds, words, stems, DETECT_GAIN, strong=True)
        if len(hits) < MIN_HITS or len({stems[i] for i, _, _ in hits}) < MIN_KINDS:
            return 0.0
        density = 100.0 * len(hits) / max(len(words), 1)
        if density <= OFFSET:
            return 0.0
        return round(1.0 - math.exp(-(density - OFFSET) / SPREAD), 6)

    def score(self, text: str) -> float:
        """How word-by-word spun ``text`` looks, 0..1."""
        keys, bounds = scan(text)
        return self.score_keys(text, _stems(text, keys, bounds)) if keys else 0.0

    def proposals(self, text: str, protected: Sequence[tuple[int, int]] = ()
                  ) -> list[tuple[int, int, str, str, float]]:
        """(start, end, before, after, gain) of each odd word to repair, none inside a
        ``protected`` span (sorted, disjoint)."""
        keys, bounds = scan(text)
        stems = _stems(text, keys, bounds)
        places = self._places(text, bounds, keys, stems, min(REPAIR_GAIN, CONSISTENT_GAIN))
        # the spinner is consistent: once a word's repair is sure at one place, its other
        # places with the same best synonym need only read better with it
        sure = {(stems[i], cand) for i, cand, gain in places if gain >= REPAIR_GAIN}
        out = []
        k = 0
        for i, cand, gain in places:
            if gain < REPAIR_GAIN and (stems[i], cand) not in sure:
                continue
            start, end = bounds[2 * i], bounds[2 * i + 1]
            while k < len(protected) and protected[k][1] <= start:
                k += 1
            if k < len(protected) and protected[k][0] < end:
                continue
            word = text[start:end]
            out.append((start, end, word, apply_case(cand, case_of(word), False), gain))
        return out
