"""Where candidate originals of a spun word come from: the shipped thesaurus and habit list.

Learning from spun text alone needs a guess of what each unusual word might have stood for;
the language model then decides which guess the spun contexts support. Two tables ship:

- ``data/thesaurus.tsv.gz``: WordNet 3.0 synonyms (Princeton University, WordNet licence),
  built by ``scripts/build_model_data.py``;
- ``data/similar.tsv.gz``: WordNet 3.0 "similar to" links of adjectives ("connected" ->
  "on"), common targets only, from the same script;
- ``data/habits.tsv``: (canonical, spun, source) pairs seen in real spun text.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

from textfix.model.lm import ModelError


def _read(name: str) -> str:
    try:
        raw = (resources.files("textfix.model") / "data" / name).read_bytes()
    except FileNotFoundError:
        raise ModelError(f"model table {name} is missing from the installed package") from None
    try:
        return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError) as e:
        raise ModelError(f"model table {name} is unreadable ({e})") from None


def _word_lists(name: str) -> dict[str, tuple[str, ...]]:
    """A shipped table of lines ``word<TAB>other|other|...`` as a dict."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _read(name).splitlines():
        if not line or line.startswith("#"):
            continue
        word, _, others = line.partition("\t")
        out[word] = tuple(others.split("|"))
    return out


@lru_cache(maxsize=1)
def thesaurus() -> dict[str, tuple[str, ...]]:
    """Word -> the words it shares a WordNet synset with (lower case).

    >>> "city" in thesaurus()["metropolis"]
    True
    """
    return _word_lists("thesaurus.tsv.gz")


@lru_cache(maxsize=1)
def similar() -> dict[str, tuple[str, ...]]:
    """Adjective -> the common adjectives WordNet calls similar to it (lower case).

    >>> "on" in similar()["connected"]
    True
    """
    return _word_lists("similar.tsv.gz")


def similar_candidates(spun: str) -> set[str]:
    """The common adjectives WordNet calls similar to ``spun`` (or to its lemma, inflected as
    ``spun`` is, and only where that inflection exists): what a word-by-word spinner that
    follows WordNet's links may have replaced ("successful" for "in").

    >>> "in" in similar_candidates("successful")
    True
    """
    from lemminflect import getAllLemmas

    table = similar()
    out: set[str] = set(table.get(spun, ()))
    for found in getAllLemmas(spun).values():
        for lemma in found:
            if lemma != spun:
                for other in table.get(lemma, ()):
                    out.update(_same_form(spun, other, strict=True))
    out.discard(spun)
    return out


@lru_cache(maxsize=1)
def habits() -> tuple[tuple[str, str, str], ...]:
    """(canonical, spun, source) candidate pairs, lower case, in file order.

    >>> ("said", "mentioned", "habits") in habits()
    True
    """
    out = []
    for n, line in enumerate(_read("habits.tsv").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(fields):
            raise ModelError(f"model table habits.tsv:{n}: expected canonical, spun, source")
        out.append((fields[0], fields[1], fields[2]))
    return tuple(out)


def _same_form(spun: str, lemma: str, strict: bool = False) -> set[str]:
    """``lemma`` inflected as ``spun`` is ("modified" and "change" -> "changed"); when no
    inflection fits, ``lemma`` itself, or nothing if ``strict``."""
    from lemminflect import getAllInflections, getAllLemmas

    out: set[str] = set()
    for upos, lemmas in getAllLemmas(spun).items():
        for own in lemmas:
            tags = [t for t, forms in getAllInflections(own, upos=upos).items() if spun in forms]
            theirs = getAllInflections(lemma, upos=upos)
            out.update(theirs[t][0] for t in tags if t in theirs)
    return out if out or strict else {lemma}


def thesaurus_candidates(spun: str, strict: bool = False) -> set[str]:
    """Single words that ``spun`` shares a WordNet synset with, inflected as ``spun`` is
    (lemminflect is imported here, on first use: repairing ordinary text never needs it).
    ``strict``: an inflected word gets only synonyms that take the same inflection ("nears"
    gets "approaches", not the adverb "about").

    >>> "changed" in thesaurus_candidates("modified")
    True
    """
    from lemminflect import getAllLemmas
    from wordfreq import zipf_frequency

    table = thesaurus()
    lemmas = {spun}
    for found in getAllLemmas(spun).values():
        lemmas.update(found)
    out: set[str] = set()
    for lemma in lemmas:
        for other in table.get(lemma, ()):
            if " " in other or zipf_frequency(other, "en") < 2.5:
                continue
            out.update(_same_form(spun, other, strict) if lemma != spun else {other})
    out.discard(spun)
    return out


def synonym_count(word: str) -> int:
    """How many words ``word`` (or its lemma) shares a WordNet synset with: a spinner picking
    a synonym at random picks a given one of a word with many senses less often.

    >>> synonym_count("make") > synonym_count("reach") > synonym_count("exactly") > 0
    True
    """
    from lemminflect import getAllLemmas
    table = thesaurus()
    lemmas = {word}
    for found in getAllLemmas(word).values():
        lemmas.update(found)
    return max((len(table.get(w, ())) for w in lemmas), default=0)


@lru_cache(maxsize=1)
def odd_words() -> dict[str, tuple[tuple[str, ...], bool]]:
    """Word -> (far more common words it shares a WordNet synset with, whether one of them is
    common enough to count in detection): what a word-by-word spinner may have replaced.

    >>> cands, strong = odd_words()["beryllium"]
    >>> "be" in cands, strong
    (True, True)
    """
    out: dict[str, tuple[tuple[str, ...], bool]] = {}
    for line in _read("oddwords.tsv.gz").splitlines():
        if not line or line.startswith("#"):
            continue
        word, cands, strong = line.split("\t")
        out[word] = (tuple(cands.split("|")), strong == "1")
    return out
