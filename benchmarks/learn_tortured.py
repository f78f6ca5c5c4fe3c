"""Learning tortured phrases from examples, measured on phrases never seen in training.

Reads the Problematic Paper Screener list in place (``../shared/data/pps-tortured-phrases.csv``;
Cabanac, Labbé and Magazinov 2021, exported by hahuyhoang411/tortured-phrase, MIT), keeps the
plain single-phrase queries with a clean expected phrase, splits them 80/20 with a fixed seed,
learns a glossary from the 80% (each as a one-sentence original/spun pair) with every expected
phrase given as a canonical term, then repairs sentences holding the tortured forms of the other
20% with the learned glossary only, and checks that sentences holding the canonical phrases stay
untouched.

usage: python benchmarks/learn_tortured.py [CSV] [--seed N] [--limit N] [--out learned.toml]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import textfix
from textfix.text.tokenize import phrase_keys

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "data" / "pps-tortured-phrases.csv"
TEMPLATE = "We study {} in this work."
_QUERY = re.compile(r'^"([^"*~]+)"$')
_CLEAN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9' \-]*$")


@dataclass(frozen=True)
class Case:
    """One usable row: the tortured phrase and the phrase it stands for."""

    tortured: str
    expected: str


def usable(path: Path = CSV) -> list[Case]:
    """Plain quoted one-phrase queries with a clean expected phrase, written in the same case
    style, whose tortured phrase has one reading only (in file order)."""
    readings: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    cases: list[Case] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            m = _QUERY.match(row["tortured_phrase"].strip())
            expected = " ".join(row["expected_phrase"].split())
            if m is None or not _CLEAN.match(expected):
                continue
            tortured = " ".join(m.group(1).split())
            if any(c.isupper() for c in tortured) != any(c.isupper() for c in expected):
                continue
            t_keys, e_keys = phrase_keys(tortured), phrase_keys(expected)
            if not t_keys or t_keys == e_keys:
                continue
            readings.setdefault(t_keys, set()).add(e_keys)
            cases.append(Case(tortured, expected))
    seen: set[tuple[str, ...]] = set()
    out = []
    for c in cases:
        keys = phrase_keys(c.tortured)
        if len(readings[keys]) == 1 and keys not in seen:
            seen.add(keys)
            out.append(c)
    return out


@dataclass
class Outcome:
    """What the experiment measured."""

    train: int
    test: int
    restored: int
    train_restored: int
    """Training sentences restored: how much of what was seen the glossary keeps."""
    touched_canonical: int
    canonical: int
    learned: dict[str, int]
    failures: list[tuple[str, str, str]]
    seconds: float
    round_trip: tuple[int, int] = (0, 0)
    """Canonical sentences spun with the learned glossary by ``textfix.spin``, and restored."""

    def as_dict(self) -> dict[str, object]:
        """The numbers, for JSON."""
        return {"train": self.train, "test": self.test, "restored_exactly": self.restored,
                "restored_share": round(self.restored / max(self.test, 1), 4),
                "train_restored": self.train_restored,
                "canonical_sentences": self.canonical,
                "canonical_sentences_changed": self.touched_canonical,
                "spun_by_textfix_spin": self.round_trip[0],
                "restored_after_spin": self.round_trip[1],
                "learned": self.learned, "seconds": round(self.seconds, 1)}


def run(cases: list[Case], seed: int = 0, workdir: Path | None = None,
        out: Path | None = None, min_contexts: int = 2,
        terms_tier: str | None = None) -> Outcome:
    """Split, learn from 80% through the ``textfix learn`` pipeline, repair the other 20%."""
    from textfix.learn.evaluate import read_pairs
    from textfix.learn.learn import learn, read_terms

    t0 = time.perf_counter()
    shuffled = list(cases)
    random.Random(seed).shuffle(shuffled)
    cut = round(len(shuffled) * 0.8)
    train, test = shuffled[:cut], shuffled[cut:]
    with tempfile.TemporaryDirectory() as tmp:
        folder = workdir or Path(tmp)
        pairs_file = folder / "tortured-train.jsonl"
        with pairs_file.open("w", encoding="utf-8") as fh:
            for c in train:
                fh.write(json.dumps({"original": TEMPLATE.format(c.expected),
                                     "spun": TEMPLATE.format(c.tortured)}) + "\n")
        terms_file = folder / "tortured-terms.txt"
        terms_file.write_text("".join(f"{c.expected}\n" for c in cases), encoding="utf-8")
        learned = learn(read_pairs(pairs_file), "learned-tortured", read_terms(terms_file),
                        min_contexts=min_contexts, sources=[pairs_file.name],
                        terms_tier=terms_tier)
        target = out or folder / "learned.toml"
        target.write_text(learned.to_toml(), encoding="utf-8")
        glossary = textfix.load_glossary(target)
    rw = textfix.Rewriter([glossary])
    failures = []
    restored = 0
    for c in test:
        want = TEMPLATE.format(c.expected)
        got = rw.fix(TEMPLATE.format(c.tortured)).text
        if got == want:
            restored += 1
        else:
            failures.append((c.tortured, c.expected, got))
    seen_restored = sum(1 for c in train if rw.fix(TEMPLATE.format(c.tortured)).text
                        == TEMPLATE.format(c.expected))
    canon = {c.expected for c in cases}
    touched = sum(1 for e in canon if rw.fix(TEMPLATE.format(e)).edits)
    spun_back = [0, 0]  # canonical sentences the reference spinner changed, and restored
    sentences = [TEMPLATE.format(e) for e in sorted(canon)]
    spun_lines = textfix.spin("\n".join(sentences), glossary, seed=seed).text.split("\n")
    for sentence, spun in zip(sentences, spun_lines, strict=True):
        if spun != sentence:
            spun_back[0] += 1
            spun_back[1] += rw.fix(spun).text == sentence
    stats = {"terms": len(learned.terms), "synonym_words": len(learned.synonyms),
             "substitutes": sum(len(v) for v in learned.synonyms.values()),
             "rules": len(learned.rules), "channel_words": len(learned.channel),
             **dict(learned.stats)}
    return Outcome(len(train), len(test), restored, seen_restored, touched, len(canon), stats,
                   failures, time.perf_counter() - t0, (spun_back[0], spun_back[1]))


def main(argv: list[str] | None = None) -> int:
    """Run the experiment and print its numbers."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("csv", nargs="?", type=Path, default=CSV)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, default=0, help="use the first N usable rows only")
    p.add_argument("--min-contexts", type=int, default=2,
                   help="contexts a word substitution needs to enter the synonym map")
    p.add_argument("--terms-tier", choices=("sure", "likely"),
                   help="tier written for the terms (default: decided per match)")
    p.add_argument("--out", type=Path, help="keep the learned glossary here")
    p.add_argument("--show", type=int, default=10, help="print this many failures")
    args = p.parse_args(argv)
    if not args.csv.is_file():
        print(f"no such file: {args.csv}", file=sys.stderr)
        return 2
    cases = usable(args.csv)
    if args.limit:
        cases = cases[: args.limit]
    res = run(cases, args.seed, out=args.out, min_contexts=args.min_contexts,
              terms_tier=args.terms_tier)
    print(f"usable pairs: {len(cases)} (train {res.train}, held out {res.test})")
    print(f"held-out sentences restored exactly: {res.restored} / {res.test} "
          f"({res.restored / max(res.test, 1):.1%})")
    print(f"training sentences restored: {res.train_restored} / {res.train}")
    print(f"sentences with a canonical phrase changed: {res.touched_canonical} / {res.canonical}")
    print(f"round trip through textfix.spin: {res.round_trip[1]} / {res.round_trip[0]} spun "
          "canonical sentences restored")
    print("learned:", json.dumps(res.learned))
    for tortured, expected, got in res.failures[: args.show]:
        print(f"  miss: {tortured!r} -> want {expected!r}, got {got!r}")
    print(f"time: {res.seconds:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
