"""Build the spinner model's shipped candidate tables from public and project sources.

- ``textfix/model/data/thesaurus.tsv.gz``: for every English word of WordNet 3.0 (Princeton
  University, WordNet licence; read from a local copy of its ``data.*`` files, e.g. Debian's
  ``wordnet-base``) the words it shares a synset with. Only words
  that wordfreq knows (Zipf >= 2) are kept on either side, so the file stays small.
- ``textfix/model/data/similar.tsv.gz``: for every adjective of WordNet 3.0 the adjectives
  its "similar to" links name ("connected" -> "on", "successful" -> "in"), read from the same
  files; only the common ones (Zipf >= :data:`ODD_MIN`) are kept, as only they are candidates.
- ``textfix/model/data/oddwords.tsv.gz`` (``--odd``, from the shipped thesaurus and similar
  table): every word (and inflected form) whose WordNet synonyms or similar adjectives
  include a far more common word, with those words: what a word-by-word spinner ("be" ->
  "beryllium", "as" -> "arsenic", "on" -> "connected") may have replaced. A candidate is at
  least :data:`ODD_MIN` on wordfreq's Zipf scale and :data:`ODD_GAP` above the word; the word
  is *strong* (counted by detection) when a synonym is at :data:`STRONG_MIN` and
  :data:`STRONG_GAP` (a similar adjective never makes it strong: detection reads synonyms
  only).
- ``textfix/model/data/habits.tsv`` (candidate canonical/spun pairs: spinner habits collected
  by hand, notes kept beside the spun-page corpus, substitutions of aligned pairs) is data kept
  by hand, not built here.

Usage: python scripts/build_model_data.py WORDNET_DIR
       python scripts/build_model_data.py --odd
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

from wordfreq import zipf_frequency

DATA = Path(__file__).resolve().parent.parent / "textfix" / "model" / "data"
OUT = DATA / "thesaurus.tsv.gz"
SIMILAR = DATA / "similar.tsv.gz"
ODD = DATA / "oddwords.tsv.gz"
ODD_MIN, ODD_GAP = 4.5, 1.0
STRONG_MIN, STRONG_GAP = 5.0, 1.5


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


def similar(wordnet: Path) -> dict[str, set[str]]:
    """Every single-word adjective of WordNet -> the single-word adjectives of the synsets
    its synsets are "similar to" (pointer ``&``), common ones only (see :data:`ODD_MIN`)."""
    synsets: dict[str, tuple[list[str], list[str]]] = {}
    with (wordnet / "data.adj").open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            n = int(fields[3], 16)
            lemmas = [re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).lower() for i in range(n)]
            k = 4 + 2 * n
            links = [fields[k + 2 + 4 * j] for j in range(int(fields[k]))
                     if fields[k + 1 + 4 * j] == "&"]
            synsets[fields[0]] = (lemmas, links)
    out: dict[str, set[str]] = defaultdict(set)
    for lemmas, links in synsets.values():
        near = {w for off in links for w in synsets[off][0]
                if w.isalpha() and zipf_frequency(w, "en") >= ODD_MIN}
        for w in lemmas:
            if w.isalpha() and near - {w}:
                out[w] |= near - {w}
    return out


def known(phrase: str) -> bool:
    return all(zipf_frequency(w, "en") >= 2.0 for w in phrase.split())


def odd_words() -> None:
    """Write the odd-word table (see the module docstring)."""
    from lemminflect import getAllInflections

    from textfix.model.sources import similar as similar_table
    from textfix.model.sources import similar_candidates, thesaurus, thesaurus_candidates

    surfaces: set[str] = set()
    for word in [*thesaurus(), *similar_table()]:
        surfaces.add(word)
        for forms in getAllInflections(word).values():
            surfaces.update(f for f in forms if f.isalpha())
    lines = []
    for word in sorted(surfaces):
        z = zipf_frequency(word, "en")

        def common(found: set[str], z: float = z) -> set[str]:
            return {c for c in found if c.isalpha()
                    and (zc := zipf_frequency(c, "en")) >= ODD_MIN and zc >= z + ODD_GAP}

        synonyms = common(thesaurus_candidates(word, strict=True))
        cands = sorted(synonyms | common(similar_candidates(word)),
                       key=lambda c: (-zipf_frequency(c, "en"), c))
        if cands:
            strong = any(zipf_frequency(c, "en") >= max(STRONG_MIN, z + STRONG_GAP)
                         for c in synonyms)
            lines.append(f"{word}\t{'|'.join(cands)}\t{int(strong)}")
    with gzip.open(ODD, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# Words whose WordNet 3.0 synonyms (Princeton University, WordNet licence) "
                "include far more common words (wordfreq Zipf frequencies): word, "
                "candidates, strong\n")
        f.write("\n".join(lines) + "\n")
    print(f"{ODD.name}: {len(lines)} words")


def main(argv: list[str]) -> None:
    if argv == ["--odd"]:
        odd_words()
        return
    if len(argv) != 1:
        sys.exit(__doc__)
    wordnet = Path(argv[0])
    near = similar(wordnet)
    with gzip.open(SIMILAR, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# WordNet 3.0 similar adjectives (Princeton University, WordNet licence)\n")
        f.write("\n".join(w + "\t" + "|".join(sorted(near[w])) for w in sorted(near)) + "\n")
    print(f"{SIMILAR.name}: {len(near)} words")
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
