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

from textfix.model.lm import LanguageModel
from textfix.model.sources import odd_words
from textfix.text.inflect import apply_case, case_of
from textfix.text.tokenize import Token, tokenize

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


@lru_cache(maxsize=1)
def _strong() -> frozenset[str]:
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


def _sentence_window(text: str, toks: Sequence[Token], keys: Sequence[str], i: int
                     ) -> tuple[list[str], int]:
    """Word ``i`` with up to two words on each side, none across a sentence break, and where
    word ``i`` is in it. The window begins where the sentence does, if that is near (the
    language model then reads it as a sentence start), and the end of a sentence reads as
    ``</s>``: "the test was successful. The lights" is "test was successful </s>".

    >>> text = "The test was successful. The lights"
    >>> toks = tokenize(text)
    >>> _sentence_window(text, toks, [t.stem for t in toks], 3)
    (['test', 'was', 'successful', '</s>'], 2)
    """
    before: list[str] = []
    j = i
    while (j > 0 and len(before) < 2
           and SENTENCE_BREAK.isdisjoint(text[toks[j - 1].end:toks[j].start])):
        j -= 1
        before.insert(0, keys[j])
    after: list[str] = []
    j = i
    while len(after) < 2:
        if j + 1 >= len(toks) or not SENTENCE_BREAK.isdisjoint(text[toks[j].end:toks[j + 1].start]):
            after.append("</s>")
            break
        j += 1
        after.append(keys[j])
    return [*before, keys[i], *after], len(before)


class WordByWord:
    """Detection and repair of word-by-word spinning.

    >>> m = WordByWord()
    >>> m.score("The launch went well.")
    0.0
    """

    def __init__(self, lm: LanguageModel | None = None) -> None:
        self._lm = lm

    @property
    def lm(self) -> LanguageModel:
        """The language model, loaded on first use."""
        if self._lm is None:
            self._lm = LanguageModel.load()
        return self._lm

    def _places(self, text: str, toks: Sequence[Token], gain: float
                ) -> list[tuple[int, str, float]]:
        """(token, best candidate, its gain) of every odd lower-case word whose best common
        synonym reads better by ``gain``."""
        table = odd_words()
        keys = [t.stem for t in toks]
        lm = self.lm
        out = []
        for i, t in enumerate(toks):
            entry = table.get(keys[i])
            if entry is None or t.suffix or in_name(text, toks, i):
                continue
            window, k = _sentence_window(text, toks, keys, i)
            best, best_gain = "", -math.inf
            for c in entry[0]:
                g = lm.gain(window, k, k + 1, [c])
                if g > best_gain:
                    best, best_gain = c, g
            if best_gain >= gain:
                out.append((i, best, best_gain))
        return out

    def score_keys(self, text: str, keys: Sequence[str],
                   counts: Counter[str] | None = None) -> float:
        """How word-by-word spun ``text``, of these word keys (and their Counter), looks,
        0..1."""
        table = odd_words()
        if counts is None:
            counts = Counter(keys)
        odd = sum(counts[k] for k in _strong().intersection(counts))
        if odd < MIN_HITS or 100.0 * odd / len(keys) < LOOKUP_DENSITY:
            return 0.0
        toks = tokenize(text)
        hits = [p for p in self._places(text, toks, DETECT_GAIN) if table[toks[p[0]].stem][1]]
        if len(hits) < MIN_HITS or len({toks[i].stem for i, _, _ in hits}) < MIN_KINDS:
            return 0.0
        density = 100.0 * len(hits) / max(len(toks), 1)
        if density <= OFFSET:
            return 0.0
        return round(1.0 - math.exp(-(density - OFFSET) / SPREAD), 6)

    def score(self, text: str) -> float:
        """How word-by-word spun ``text`` looks, 0..1."""
        keys = [t.stem for t in tokenize(text)]
        return self.score_keys(text, keys) if keys else 0.0

    def proposals(self, text: str, protected: Sequence[tuple[int, int]] = ()
                  ) -> list[tuple[int, int, str, str, float]]:
        """(start, end, before, after, gain) of each odd word to repair, none inside a
        ``protected`` span (sorted, disjoint)."""
        toks = tokenize(text)
        places = self._places(text, toks, min(REPAIR_GAIN, CONSISTENT_GAIN))
        # the spinner is consistent: once a word's repair is sure at one place, its other
        # places with the same best synonym need only read better with it
        sure = {(toks[i].stem, cand) for i, cand, gain in places if gain >= REPAIR_GAIN}
        out = []
        k = 0
        for i, cand, gain in places:
            t = toks[i]
            if gain < REPAIR_GAIN and (t.stem, cand) not in sure:
                continue
            while k < len(protected) and protected[k][1] <= t.start:
                k += 1
            if k < len(protected) and protected[k][0] < t.end:
                continue
            out.append((t.start, t.end, t.text, apply_case(cand, case_of(t.text), False), gain))
        return out
