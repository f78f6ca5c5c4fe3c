"""Commands ``textfix eval``, ``textfix learn`` and ``textfix glossary induce``.

Exit codes: 0 done; 1 ``eval`` found damage (a correct word changed, or clean text edited);
2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from textfix import GlossaryError, Rewriter, get_glossary
from textfix.catalog import TIERS
from textfix.cli.common import Commands, rewriter_options
from textfix.learn.evaluate import evaluate, format_report, read_pairs
from textfix.learn.induce import induce
from textfix.learn.learn import learn, read_terms
from textfix.learn.spun_corpus import LearnError, confirmed_note, learn_spun, render_learned
from textfix.run.corpus import read_corpus

EX_OK, EX_DAMAGE, EX_USAGE = 0, 1, 2


def register(commands: Commands) -> None:
    """Add ``eval`` and ``learn``, and ``glossary induce``, to the commands."""
    sub = commands.sub
    e = sub.add_parser(
        "eval", help="score a repair against the original text",
        description="Repair spun text and score it against its original: word error rate "
                    "before and after, share of the gap closed, correct words damaged, and "
                    "per rule the right and wrong edits. Exit 1 if anything correct was damaged.")
    e.add_argument("paths", nargs="*", metavar="PATH",
                   help="ORIGINAL SPUN, or folders of pairs (original.txt and spun.txt, here "
                        "or in subfolders) and JSONL files with fields original and spun")
    e.add_argument("--clean", action="append", default=[], metavar="FILE",
                   help="text that was never spun: count the words changed (repeatable)")
    rewriter_options(e)
    e.add_argument("--top", type=int, default=15, metavar="N",
                   help="uncovered spun phrases to list (default: %(default)s)")
    e.add_argument("--json", action="store_true", help="print one JSON object")
    e.set_defaults(func=run_eval)

    lrn = sub.add_parser(
        "learn", help="learn a glossary from spun text, or from original/spun pairs",
        description="Write a glossary of what a spinner does. From original/spun pairs "
                    "(PATH): align them into a synonym map, phrase rules with examples and "
                    "provenance, and channel counts. From spun text alone (--spun-corpus, with "
                    "--clean-corpus to contrast): learn which unusual words the spinner wrote "
                    "and what they stood for, each entry with its evidence (counts, language-"
                    "model gain, example contexts). Both combine. The output validates and "
                    "loads with -g.")
    lrn.add_argument("paths", nargs="*", metavar="PATH",
                     help="ORIGINAL SPUN, or JSONL files (fields original and spun) and "
                            "folders holding original.txt and spun.txt (or subfolders that do)")
    lrn.add_argument("--spun-corpus", action="append", default=[], metavar="PATH",
                     help="files or folders of spun text, or JSONL files (field text), to "
                          "learn from without originals (repeatable)")
    lrn.add_argument("--clean-corpus", action="append", default=[], metavar="PATH",
                     help="unspun text of the same kind, to contrast with (repeatable)")
    lrn.add_argument("-o", "--output", metavar="FILE", help="glossary to write (default: stdout)")
    lrn.add_argument("--terms", action="append", default=[], metavar="FILE",
                     help="canonical terms, one per line, added to the glossary so learned "
                            "word substitutions apply to them (repeatable)")
    lrn.add_argument("--terms-tier", choices=TIERS,
                     help="tier of the --terms: sure repairs a term even when all its words "
                            "were substituted (default: sure only when a word is kept)")
    lrn.add_argument("--name", help="glossary name (default: the output file's name)")
    lrn.add_argument("--min-contexts", type=int, default=2, metavar="N",
                     help="different contexts a word substitution needs to enter the "
                            "synonym map (default: %(default)s)")
    lrn.set_defaults(func=run_learn)
    p = commands.glossary.add_parser(
        "induce", help="propose canonical terms from clean text of a domain",
        description="Propose canonical terms (recurring names and domain phrases) from clean "
                    "text, best first, one per line: review them, then pass the file to "
                    "textfix learn --terms or put them in a glossary.")
    p.add_argument("paths", nargs="+", metavar="CLEAN", help="files, or folders of .txt files")
    p.add_argument("--min-count", type=int, default=2, metavar="N",
                   help="occurrences a candidate needs (default: %(default)s)")
    p.add_argument("--max-words", type=int, default=5, metavar="N",
                   help="longest phrase in words (default: %(default)s)")
    p.add_argument("--top", type=int, default=0, metavar="N", help="print the best N only")
    p.add_argument("--json", action="store_true",
                   help="one JSON object per line: term, occurrences, kind, score")
    p.set_defaults(func=run_induce)


def _error(message: str) -> int:
    print(f"textfix: {message}", file=sys.stderr)
    return EX_USAGE


def _pairs(paths: list[str]) -> list[Any]:
    """Read the pairs named on the command line (see ``read_pairs``)."""
    files = [Path(p) for p in paths]
    if len(files) == 2 and all(f.is_file() and f.suffix != ".jsonl" for f in files):
        return list(read_pairs(files[0], files[1]))
    return [pair for f in files for pair in read_pairs(f)]


def run_eval(args: argparse.Namespace) -> int:
    """``textfix eval``: score repairs of pairs (and clean texts); exit 1 on any damage."""
    if not args.paths and not args.clean:
        return _error("eval: give ORIGINAL SPUN, folders or JSONL files of pairs, or --clean")
    try:
        glossaries = [get_glossary(g) for g in args.glossary] if args.glossary else None
        rewriter = Rewriter(glossaries, tier=args.tier, min_score=args.min_score)
        pairs = _pairs(args.paths)
        clean = [(Path(c).name, Path(c).read_text(encoding="utf-8")) for c in args.clean]
        report = evaluate(pairs, rewriter, clean)
    except GlossaryError as exc:
        return _error(str(exc))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _error(f"eval: {exc}")
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        sys.stdout.write(format_report(report, args.top))
    damaged = report.total().correct_words_damaged + report.total(clean=True).correct_words_damaged
    return EX_DAMAGE if damaged else EX_OK


def run_learn(args: argparse.Namespace) -> int:
    """``textfix learn``: write a glossary learned from pairs and/or spun text; print what was
    learned."""
    out = Path(args.output) if args.output else None
    name = args.name or (out.stem if out else "learned")
    if not args.paths and not args.spun_corpus:
        return _error("learn: give original/spun pairs (PATH) or --spun-corpus PATH")
    try:
        text = ""
        spun_texts: list[str] = []
        aligned: list[tuple[str, str]] = []
        if args.paths:
            terms = [t for f in args.terms for t in read_terms(f)]
            pairs = list(_pairs(args.paths))
            learned = learn(pairs, name, terms, args.min_contexts, sources=args.paths,
                            terms_tier=args.terms_tier)
            text = learned.to_toml()
            spun_texts = [p.spun for p in pairs]
            aligned = [(c, s) for c, subs in learned.synonyms.items() for s in subs]
        if args.spun_corpus:
            text = _learn_spun(args, name, text, spun_texts, aligned)
    except GlossaryError as exc:
        return _error(str(exc))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _error(f"learn: {exc}")
    if out is None:
        sys.stdout.write(text)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            return _error(f"learn: {exc}")
    if args.paths:
        dropped = ", ".join(f"{k}: {v}" for k, v in sorted(learned.stats.items()))
        print(f"textfix learn: {learned.pairs} pairs -> {len(learned.terms)} terms, "
              f"{sum(len(v) for v in learned.synonyms.values())} substitutes of "
              f"{len(learned.synonyms)} words, {len(learned.rules)} rules, "
              f"{len(learned.channel)} channel words" + (f" ({dropped})" if dropped else ""),
              file=sys.stderr)
    return EX_OK


def _learn_spun(args: argparse.Namespace, name: str, pairs_toml: str,
                pair_spun: list[str], aligned: list[tuple[str, str]]) -> str:
    """Learn from ``--spun-corpus`` (plus the spun side of any pairs) and return the glossary
    text: the pairs' glossary with ``[learned]`` tables added, or a glossary of its own."""
    spun = read_corpus(args.spun_corpus)
    clean = read_corpus(args.clean_corpus) if args.clean_corpus else None
    for note in spun.notes + (clean.notes if clean else []):
        print(f"textfix: {note}", file=sys.stderr)
    texts = spun.texts + pair_spun
    with tqdm(total=len(texts) + (len(clean.texts) if clean else 0), unit="doc",
              desc="learn", disable=None, leave=False) as bar:
        entries = learn_spun(texts, clean.texts if clean else (), candidates=aligned,
                             progress=bar.update)
    if not entries:
        raise LearnError(f"nothing learned from {len(texts)} documents: no spun form has "
                         "enough evidence (is this text spun?)")
    source = "textfix learn --spun-corpus " + " ".join(args.spun_corpus)
    if args.clean_corpus:
        source += " --clean-corpus " + " ".join(args.clean_corpus)
    tables = render_learned(entries, name, source=source)
    print(f"textfix learn: {len(texts)} spun documents"
          + (f", {len(clean.texts)} clean" if clean else "")
          + f" -> {len(entries)} learned substitutions ({confirmed_note(entries)}; "
          + ", ".join(f"{e.spun} -> {e.canonical}" for e in entries[:8])
          + (", ..." if len(entries) > 8 else "") + ")", file=sys.stderr)
    if not pairs_toml:
        return tables
    return pairs_toml.rstrip("\n") + "\n\n" + tables[tables.index("[learned."):]


def run_induce(args: argparse.Namespace) -> int:
    """``textfix glossary induce``: print candidate canonical terms, best first."""
    texts = []
    try:
        for p in map(Path, args.paths):
            files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
            texts += [f.read_text(encoding="utf-8") for f in files]
    except (OSError, UnicodeDecodeError) as exc:
        return _error(f"induce: {exc}")
    found = induce(texts, args.min_count, args.max_words)
    for c in found[: args.top] if args.top else found:
        if args.json:
            print(json.dumps({"term": c.term, "occurrences": c.occurrences, "kind": c.kind,
                              "score": round(c.score, 3)}, ensure_ascii=False))
        else:
            print(c.term)
    return EX_OK
