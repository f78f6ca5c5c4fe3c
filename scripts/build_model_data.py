"""Build the spinner model's shipped candidate tables from public and project sources.

- ``textfix/model/data/thesaurus.tsv.gz``: for every English word of WordNet 3.0 (Princeton
  University, WordNet licence; read from a local copy of its ``data.*`` files, e.g. Debian's
  ``wordnet-base``) the words it shares a synset with. Only words
  that wordfreq knows (Zipf >= 2) are kept on either side, so the file stays small.
- ``textfix/model/data/habits.tsv`` (candidate canonical/spun pairs: spinner habits collected
  by hand, notes kept beside the spun-page corpus, substitutions of aligned pairs) is data kept
  by hand, not built here.

Usage: python scripts/build_model_data.py WORDNET_DIR
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

from wordfreq import zipf_frequency

OUT = Path(__file__).resolve().parent.parent / "textfix" / "model" / "data" / "thesaurus.tsv.gz"


def synonyms(wordnet: Path) -> dict[str, set[str]]:
    """Every lemma of WordNet -> the other lemmas of its synsets (lower case, spaces)."""
    syn: dict[str, set[str]] = defaultdict(set)
    for pos in ("noun", "verb", "adj", "adv"):
        with (wordnet / f"data.{pos}").open(encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue  # the licence header
                fields = line.split()
                n = int(fields[3], 16)
                lemmas = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).replace("_", " ").lower()
                          for i in range(n)]
                for a in lemmas:
                    for b in lemmas:
                        if a != b:
                            syn[a].add(b)
    return syn


def known(phrase: str) -> bool:
    return all(zipf_frequency(w, "en") >= 2.0 for w in phrase.split())


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit(__doc__)
    wordnet = Path(argv[0])
    syn = synonyms(wordnet)
    lines = []
    for word in sorted(syn):
        if " " in word or not word.isalpha() or not known(word):
            continue
        others = sorted(s for s in syn[word] if known(s) and s != word)
        if others:
            lines.append(word + "\t" + "|".join(others))
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# WordNet 3.0 synonyms (Princeton University, WordNet licence)\n")
        f.write("\n".join(lines) + "\n")
    print(f"{OUT.name}: {len(lines)} words")


if __name__ == "__main__":
    main(sys.argv[1:])
