"""Where candidate originals of a spun word come from: the shipped thesaurus and habit list.

Learning from spun text alone needs a guess of what each unusual word might have stood for;
the language model then decides which guess the spun contexts support. Two tables ship:

- ``data/thesaurus.tsv.gz``: WordNet 3.0 synonyms (Princeton University, WordNet licence),
  built by ``scripts/build_model_data.py``;
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


@lru_cache(maxsize=1)
def thesaurus() -> dict[str, tuple[str, ...]]:
    """Word -> the words it shares a WordNet synset with (lower case).

    >>> "city" in thesaurus()["metropolis"]
    True
    """
    out: dict[str, tuple[str, ...]] = {}
    for line in _read("thesaurus.tsv.gz").splitlines():
        if not line or line.startswith("#"):
            continue
        word, _, others = line.partition("\t")
        out[word] = tuple(others.split("|"))
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
