"""An English trigram language model: how likely a word is after the two before it.

The model is the generic US-English trigram model that ships with the ``pocketsphinx`` package
(CMU Sphinx, BSD licence), read once per process from its binary file and queried in C. The
spinner model only ever compares two readings of the same place, so what matters is the
difference of log-probabilities, never their level.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

#: Log-probabilities are clipped here (natural log): an unknown word costs this much, so one
#: word the model never saw cannot outweigh everything else in a comparison.
FLOOR = -14.0
_START = "<s>"
_LOCK = threading.Lock()
_LOADED: dict[str, LanguageModel] = {}


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
#: The numbers that are one word (0-19 and the tens), as the language model writes them.
SPOKEN = {**{str(n): w for n, w in enumerate(_ONES)},
          **{str(20 + 10 * k): w for k, w in enumerate(_TENS)}}
_NUMBERS = SPOKEN.keys()


class ModelError(RuntimeError):
    """The language model or a model table is missing or unreadable; the message names it."""


def default_path() -> Path:
    """Where the shipped trigram model lies (inside the installed ``pocketsphinx``)."""
    try:
        root = resources.files("pocketsphinx")
    except ModuleNotFoundError as e:  # pragma: no cover - a declared dependency
        raise ModelError("the language model needs the pocketsphinx package "
                         "(pip install pocketsphinx)") from e
    return Path(str(root / "model" / "en-us" / "en-us.lm.bin"))


class LanguageModel:
    """Trigram log-probabilities (natural log, clipped at :data:`FLOOR`) of lower-case words.

    >>> lm = LanguageModel.load()
    >>> lm.gain("he mentioned that".split(), 1, 2, ["said"]) > 0
    True
    """

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        if not path.is_file():
            raise ModelError(f"{path}: language model file not found")
        try:
            from pocketsphinx import Config, LogMath, NGramModel
        except ImportError as e:  # pragma: no cover - a declared dependency
            raise ModelError("the language model needs the pocketsphinx package "
                             "(pip install pocketsphinx)") from e
        try:
            log_math = LogMath()
            self._model: Any = NGramModel(Config(), log_math, str(path))
        except Exception as e:  # the C reader reports a bad file as a generic error
            raise ModelError(f"{path}: not a readable trigram model ({e})") from None
        self._log_math = log_math  # the model keeps a pointer to it: keep it alive
        self._scale = math.log(1.0001)  # pocketsphinx's default log base
        self.path = str(path)
        self._prob = self._model.prob
        if self.logprob("the") <= FLOOR:
            raise ModelError(f"{path}: not a usable English model (no entry for 'the')")

    @classmethod
    def load(cls, path: str | Path | None = None) -> LanguageModel:
        """The model at ``path`` (default: the shipped one), read once per process."""
        key = str(path or default_path())
        with _LOCK:
            lm = _LOADED.get(key)
            if lm is None:
                lm = _LOADED[key] = cls(key)
        return lm

    def logprob(self, word: str, prev1: str = _START, prev2: str | None = None) -> float:
        """Log-probability of ``word`` after ``prev2 prev1`` (natural log, clipped)."""
        history = [word, prev1] if prev2 is None else [word, prev1, prev2]
        value = self._prob(history) * self._scale
        return value if value > FLOOR else FLOOR

    def score(self, words: Sequence[str], lo: int, hi: int) -> float:
        """Log-probability of ``words[lo:hi]`` given the words before them.

        Numbers written in digits are read as words ("2" as "two"): the model, made for speech,
        has no digits, and an unknown word would make any reading without it look far better
        ("type 2 diabetes" is not a spinner's "type two diabetes").
        """
        if not _NUMBERS.isdisjoint(words):  # a C-level check: most windows have none
            words = [SPOKEN.get(w, w) for w in words]
        total = 0.0
        prob, scale = self._prob, self._scale
        history: tuple[str, ...]
        for i in range(lo, hi):
            if i == 0:
                history = (words[0], _START)
            elif i == 1:
                history = (words[1], words[0], _START)
            else:
                history = (words[i], words[i - 1], words[i - 2])
            value = prob(history) * scale
            total += value if value > FLOOR else FLOOR
        return total

    def gain(self, words: Sequence[str], i: int, j: int, repl: Sequence[str]) -> float:
        """How much more likely the text reads with ``words[i:j]`` replaced by ``repl``.

        Scores the replaced words and the two after them (the trigrams the change touches),
        with the two words before as context.
        """
        return self.gains(words, i, j, (repl,))[0]

    def gains(self, words: Sequence[str], i: int, j: int,
              repls: Sequence[Sequence[str]]) -> list[float]:
        """:meth:`gain` of each replacement in ``repls`` (the text as written is scored once)."""
        lo = max(0, i - 2)
        before = list(words[lo:i])
        after = list(words[j:j + 2])
        k = len(before)
        old = [*before, *words[i:j], *after]
        base = self.score(old, k, len(old))
        out = []
        for repl in repls:
            new = [*before, *repl, *after]
            out.append(self.score(new, k, len(new)) - base)
        return out
