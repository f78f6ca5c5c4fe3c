"""Learn the shipped spinner model (``glossaries/spinner-model.toml``) from real spun text.

The learner reads real spun pages of many spinner sites, spun articles, and the spun side of
aligned pairs, with clean news to contrast with; what ships is counts and weights, never
their sentences (``examples`` are left out). Run from the project root with the folders of
the shared material:

    python scripts/build_spinner_model.py SPUN_DIR... --clean CLEAN_DIR... [--exclude SOURCE]

``--exclude pair:NAME`` leaves a pair's substitutions out (as the quality benchmark does when
it measures on that pair).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from textfix.learn.spun_corpus import learn_spun, render_learned

OUT = Path(__file__).resolve().parent.parent / "glossaries" / "spinner-model.toml"


def texts(paths: list[Path]) -> list[str]:
    """Every ``*.txt`` below the folders (or the files) named."""
    files: list[Path] = []
    for p in paths:
        files += sorted(p.rglob("*.txt")) if p.is_dir() else [p]
    return [f.read_text(encoding="utf-8") for f in files if f.name != "original.txt"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("spun", nargs="+", type=Path)
    ap.add_argument("--clean", nargs="+", type=Path, default=[])
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args()
    entries = learn_spun(texts(args.spun), texts(args.clean), exclude=args.exclude,
                         examples=False)
    args.output.write_text(render_learned(
        entries, "spinner-model",
        description="Substitutions of article spinners learned from their output (the spinner "
                    "model): spun form -> canonical form, with the evidence",
        source="Learned by textfix from 121 real spun web pages of 96 spinner sites, 5 spun "
               "news articles and 3 aligned spun/original pairs, contrasted with 73 clean news "
               "excerpts; candidates from WordNet 3.0 (Princeton University) and the habit "
               "list in textfix/model/data/habits.tsv. Counts only: no text of the pages ships.",
        license="CC0-1.0"), encoding="utf-8")
    print(f"{args.output.name}: {len(entries)} entries")


if __name__ == "__main__":
    main()
