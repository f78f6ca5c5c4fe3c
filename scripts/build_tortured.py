"""Build ``glossaries/tortured-phrases.toml`` from the Problematic Paper Screener's list.

The screener's fingerprints (``tortured_phrase,expected_phrase,num_papers``) are search queries
written for humans: this script turns each clean, unambiguous row into a phrase rule, keeps the
query's meaning as context conditions, and leaves out (and counts) everything else.

    python scripts/build_tortured.py [CSV] [-o OUT] [--clean FILE ...]

``CSV`` defaults to ``../shared/data/pps-tortured-phrases.csv`` from the repository root. The
output is sorted and deterministic; the script prints rows read, rules written by tier and rows
left out by reason. ``--clean`` lists the tortured phrases found in texts that were never spun,
so a maintainer can grow :data:`ORDINARY` (phrases that are also ordinary English).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import regex
from wordfreq import zipf_frequency

import textfix
from textfix.text.separators import ENTRY_GLUE
from textfix.text.tokenize import WORD, phrase_keys

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "pps-tortured-phrases.csv"
DEFAULT_OUT = ROOT / "glossaries" / "tortured-phrases.toml"

#: Tortured phrases that are also ordinary English (news, manuals, general science): they are
#: kept as ``likely`` rules, which apply only in documents that already look spun. Grown from
#: review of the most frequent fingerprints and from ``--clean`` runs over clean prose.
ORDINARY = frozenset({
    "activity unit",
    "actually occur",
    "adjustment time",
    "bogus message",
    "boundless drive",
    "brilliant home",
    "butterfly impact",
    "call metric",
    "call tree",
    "cardiovascular wellbeing",
    "channel methods",
    "character check",
    "choice tree",
    "citizen turnout",
    "clever grid",
    "cloud organization",
    "code as a service",
    "component choice",
    "consequences be damned",
    "counterfeit news",
    "creepy crawlies",
    "crippled individuals",
    "decent contender",
    "degree of displacement",
    "down testing",
    "driving reason",
    "effective gadget",
    "elderly folks",
    "element choice",
    "enthusiastic condition",
    "enthusiastic state",
    "entity reputation",
    "ethnic gatherings",
    "excessively enormous",
    "false error rate",
    "feedback processing",
    "flag handling",
    "fresh set",
    "gaps in this area of study",
    "great tuning",
    "grouping methods",
    "huge information",
    "human blunder",
    "include guide",
    "indirect changes",
    "info information",
    "information mining",
    "limited motivation",
    "machine interpretation",
    "made sense of change",
    "mitigating the virus spread",
    "named information",
    "normalizes the appearance",
    "number juggling",
    "objective language",
    "optimistic impact",
    "outcomes likewise",
    "outlandish proposition",
    "polling form",
    "positive societies",
    "professional system",
    "profound learning",
    "proper meditation",
    "proximity of the disease",
    "query table",
    "quickening the rate",
    "restorative centers",
    "savvy home",
    "seen value",
    "shared data",
    "short blast",
    "solar board",
    "sound individuals",
    "sound just",
    "street mishap",
    "test arrangement",
    "untamed life",
    "vital success factor",
    "youthful grown-ups",
})

#: A word at least this frequent in English (wordfreq's Zipf scale) is an everyday word; a
#: phrase made only of such words may be ordinary prose, so its rule is only ``likely``.
EVERYDAY_ZIPF = 4.0

#: Words that make a phrase edge a fragment of ordinary syntax ("sound just", "into the ...").
FUNCTION_WORDS = frozenset({
    "a", "about", "above", "after", "again", "against", "all", "also", "an", "and", "any", "are",
    "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "down", "during", "each", "even", "ever", "few", "for",
    "from", "further", "had", "has", "have", "having", "here", "how", "however", "i", "if", "in",
    "into", "is", "it", "its", "itself", "just", "likewise", "many", "may", "might", "more",
    "most", "much", "must", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
    "other", "otherwise", "our", "out", "over", "own", "same", "shall", "should", "since", "so",
    "some", "still", "such", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "though", "through", "thus", "to", "too", "under", "until", "up",
    "upon", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while",
    "who", "whom", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
})

#: Words that open a spun phrase without being part of the term ("the", "these", ...).
DETERMINERS = frozenset({"the", "a", "an", "this", "these", "that", "those", "its", "their", "our"})
#: A verb frame the expectation may leave out ("to settle X" -> "stabilize X").
FRAME_WORDS = frozenset({"to", "be", "been", "is", "are", "was", "were"})

_QUERY = regex.compile(
    r'\s*(?:"(?P<phrase>[^"]*)"(?:~(?P<prox>\d+))?|(?P<open>\()|(?P<close>\))'
    r"|(?P<op>AND|OR|NOT)(?=[\s(\"]|$)|(?P<bare>[^\s()\"]+))"
)
_ACRONYM = regex.compile(r"^(?P<body>.*?\S)\s*\((?P<acr>[\p{Lu}\p{N}][\p{L}\p{N}\-]{0,11})\)$")


class SkipRowError(Exception):
    """A row left out; the message is the reason counted in the report."""


@dataclass(frozen=True)
class Query:
    """A parsed screener query: spun phrase(s) and the conditions around them."""

    spun: tuple[str, ...]
    prox: int | None = None
    require: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One prospective rule, with the evidence it came from."""

    spun: str
    canonical: str
    unsure: bool
    papers: int
    require: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    window: int | None = None
    tier: str = "sure"
    example: str = ""

    @property
    def conditioned(self) -> bool:
        return bool(self.require or self.require_any)


@dataclass
class Report:
    """Counts printed at the end of a run."""

    rows: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    merged: int = 0

    def skip(self, reason: str, n: int = 1) -> None:
        self.left_out[reason] += n


# -- reading the queries ---------------------------------------------------------------------
def parse_query(query: str) -> Query:
    """Parse a screener query into spun phrases and context conditions (or raise SkipRowError).

    ``"a" AND "b"`` requires b, ``"a" AND ("b" OR "c")`` requires one of them, ``NOT`` forbids,
    ``"a" OR "b"`` gives two spun forms, ``"a b"~N`` keeps the proximity for the caller.
    """
    if "*" in query:
        raise SkipRowError("wildcard in query")
    clauses: list[tuple[str, list[str]]] = []  # (operator, alternatives)
    op: str | None = None
    pos = 0
    group: list[str] | None = None
    first_prox: int | None = None
    while pos < len(query):
        m = _QUERY.match(query, pos)
        if m is None or m.end() == pos:
            if query[pos:].strip():
                raise SkipRowError("malformed query")
            break
        pos = m.end()
        if m["open"]:
            if group is not None:
                raise SkipRowError("malformed query")
            group = []
        elif m["close"]:
            if not group or op is None:
                raise SkipRowError("malformed query")
            clauses.append((op, group))
            group, op = None, None
        elif m["op"]:
            if group is not None:
                if m["op"] != "OR":
                    raise SkipRowError("condition not expressible")
                continue
            if op is not None:
                raise SkipRowError("malformed query")
            op = m["op"]
        else:
            phrase = m["phrase"] if m["phrase"] is not None else m["bare"]
            if m["prox"]:
                if clauses or op is not None or group is not None:
                    raise SkipRowError("proximity condition")
                first_prox = int(m["prox"])
            if group is not None:
                group.append(phrase)
                continue
            if op is None:
                if not clauses:
                    op = "FIRST"
                elif m["bare"] is not None and clauses[-1][0] == "AND":
                    op = "AND"  # bare words after AND: each one is required
                else:
                    raise SkipRowError("malformed query")
            clauses.append((op, [phrase]))
            op = None
    if op is not None or group is not None or not clauses:
        raise SkipRowError("malformed query")
    spun = list(clauses[0][1])
    require: list[str] = []
    require_any: list[str] = []
    forbid: list[str] = []
    seen_condition = False
    for kind, alts in clauses[1:]:
        if kind == "OR":
            if seen_condition:
                raise SkipRowError("condition not expressible")
            spun += alts
        elif kind == "AND":
            seen_condition = True
            if len(alts) == 1:
                require.append(alts[0])
            elif require_any:
                raise SkipRowError("condition not expressible")
            else:
                require_any += alts
        else:
            seen_condition = True
            forbid += alts
    if first_prox is not None and len(spun) > 1:
        raise SkipRowError("proximity condition")
    return Query(tuple(spun), first_prox, tuple(require), tuple(require_any), tuple(forbid))


# -- cleaning the expected phrase -----------------------------------------------------------
def clean_expected(expected: str) -> tuple[str, str, bool, tuple[str, ...]]:
    """Clean a human-written expectation: (phrase, trailing acronym, unsure?, bracketed context).

    Raises :class:`SkipRowError` when the expectation is missing, a note, a list of alternatives
    or an explanation rather than a phrase.
    """
    e = " ".join(expected.replace("\u00a0", " ").split())
    if not e.strip("? "):
        raise SkipRowError("no expectation (???)")
    if any(s in e for s in ('"', "http", " see ", "*", "...", "…", ";", ":", "=")) or regex.search(
        r"\b(AND|OR)\b", e
    ):
        raise SkipRowError("expectation is a note")
    unsure = False
    if e.endswith("(?)"):
        e, unsure = e[:-3].rstrip(), True
    elif e.endswith("?"):
        e, unsure = e.rstrip("? "), True
    if "?" in e or not e:
        raise SkipRowError("unclear expectation (?)")
    context = tuple(" ".join(c.split()) for c in regex.findall(r"\[([^\]]*)\]", e))
    if context:
        e = " ".join(regex.sub(r"\[[^\]]*\]", " ", e).split())
    acronym = ""
    m = _ACRONYM.match(e)
    if m and "(" not in m["body"]:
        if not _initials_fit(m["acr"], m["body"]):
            raise SkipRowError("ambiguous note in parentheses")
        e, acronym = m["body"], m["acr"]
    if any(c in e for c in "()[]"):
        raise SkipRowError("ambiguous note in parentheses")
    if "/" in e:
        raise SkipRowError("alternatives in expectation")
    if not e:
        raise SkipRowError("expectation is only context")
    if any(_misspelled(w) for w in e.split()):
        raise SkipRowError("misspelled expectation")  # the list has "continious", "fruxtose"
    return e, acronym, unsure, context


@lru_cache(maxsize=1)
def _vocabulary() -> list[str]:
    from wordfreq import top_n_list

    return top_n_list("en", 100_000)


def _misspelled(word: str) -> bool:
    """An unknown lower-case word within two edits of a common one: a typo, not a term."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein
    from wordfreq import zipf_frequency

    if not (word.isalpha() and word.islower() and len(word) >= 5):
        return False
    if zipf_frequency(word, "en") > 0:
        return False
    near = process.extractOne(word, _vocabulary(), scorer=Levenshtein.distance, score_cutoff=2)
    return near is not None and zipf_frequency(near[0], "en") >= 2.0


def _initials_fit(acronym: str, phrase: str) -> bool:
    """Whether an acronym's letters read in order through the phrase, from its first letter."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    text = phrase.lower()
    if not letters or not text or letters[0] != text[0]:
        return False
    pos = 0
    for c in letters:
        pos = text.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _split_acronym(phrase: str) -> tuple[str, str]:
    m = _ACRONYM.match(phrase)
    return (m["body"], m["acr"]) if m and "(" not in m["body"] else (phrase, "")


def _tokenizable(phrase: str) -> bool:
    return bool(WORD.search(phrase)) and bool(ENTRY_GLUE.match(WORD.sub("", phrase)))


# -- rows to candidates ---------------------------------------------------------------------
def candidates(row: dict[str, str]) -> list[Candidate]:
    """The rule candidates of one CSV row (several for an OR query); raise :class:`SkipRowError`."""
    q = parse_query(row["tortured_phrase"].strip())
    canonical, acronym, unsure, context = clean_expected(row["expected_phrase"])
    papers = int(row["num_papers"].replace(",", "") or 0)
    require, window = q.require, None
    spun_forms = list(q.spun)
    if q.prox is not None:
        spun_forms, require, window = _reduce_proximity(q.spun[0], q.prox, canonical, context)
    elif context:
        _check_context(q.spun[0], canonical, context, q.require)
    if "," in canonical and any(s.count(",") != canonical.count(",") for s in spun_forms):
        raise SkipRowError("list of terms in expectation")
    out = []
    for spun in spun_forms:
        s_body, s_acr = _split_acronym(spun)
        c = canonical
        if s_acr and s_acr == acronym:
            s_body, c = spun, f"{canonical} ({acronym})"
        for phrase in (s_body, c, *require, *q.require_any, *q.forbid):
            if not _tokenizable(phrase):
                raise SkipRowError("untokenizable phrase")
        c = _align_edges(s_body, c)
        if phrase_keys(s_body) == phrase_keys(c):
            raise SkipRowError("expectation equals the spun phrase")
        out.append(Candidate(" ".join(s_body.split()), c, unsure, papers, require,
                             q.require_any, q.forbid, window))
    return out


def _align_edges(spun: str, canonical: str) -> str:
    """Keep the rewrite local: drop an article the spun phrase does not have ("cloud stage" ->
    "cloud platform", not "the cloud platform"), and keep the verb frame it does have ("to
    settle the nanoparticle" -> "to stabilize the nanoparticle")."""
    s, c = spun.split(), canonical.split()
    if len(c) > 1 and c[0].lower() == "the" and s[0].lower() not in DETERMINERS:
        c = c[1:]
    lead = []
    for w in s[:-1]:
        if w not in FRAME_WORDS:
            break
        lead.append(w)
    if lead and c[0].lower() not in FUNCTION_WORDS:
        c = lead + c
    return " ".join(c)


def _reduce_proximity(phrase: str, prox: int, canonical: str, context: tuple[str, ...]
                      ) -> tuple[list[str], tuple[str, ...], int | None]:
    """Keep ``"a b"~N`` only when it reduces safely to a plain phrase (or phrase + window)."""
    words = phrase.split()
    if len(context) == 1 and len(words) > 1:
        ctx = context[0].split()
        if [w.lower() for w in words[-len(ctx):]] == [w.lower() for w in ctx]:
            return [" ".join(words[: -len(ctx)])], (context[0],), prox
    if context:
        raise SkipRowError("proximity condition")
    q, e = list(phrase_keys(phrase)), list(phrase_keys(canonical))
    while q and e and q[0] == e[0]:
        q, e = q[1:], e[1:]
    while q and e and q[-1] == e[-1]:
        q, e = q[:-1], e[:-1]
    glossed = any(k in phrase_keys(canonical) for k in q) or any(
        w.isupper() and len(w) > 1 for w in words
    )
    if not q or not e or glossed or "," in canonical:
        raise SkipRowError("proximity condition")
    return [phrase], (), None


def _check_context(spun: str, canonical: str, context: tuple[str, ...],
                   require: tuple[str, ...]) -> None:
    """Bracketed words of an expectation are implied context: fine when the spun phrase has
    no counterpart for them (same word count as the reduced expectation) or they are required."""
    if all(c.lower() in (r.lower() for r in require) for c in context):
        return
    if len(phrase_keys(spun)) != len(phrase_keys(canonical)):
        raise SkipRowError("bracketed context in expectation")


# -- tiers, merging, idempotence ------------------------------------------------------------
def tier_of(c: Candidate) -> str:
    """``sure`` only for a multi-word phrase that is not ordinary English (it has a word that is
    not an everyday one, and is not listed in :data:`ORDINARY`), or for a rule whose context
    condition pins it to documents that use the real term."""
    keys = phrase_keys(c.spun)
    if c.unsure:
        return "likely"
    if c.conditioned:
        return "sure"
    if len(keys) < 2 or " ".join(keys) in ORDINARY:
        return "likely"
    if keys[0] in FUNCTION_WORDS or keys[-1] in FUNCTION_WORDS:
        return "likely"
    # made only of everyday words ("huge information", "driving reason"): plausible prose
    if min(zipf_frequency(k, "en") for k in keys) >= EVERYDAY_ZIPF:
        return "likely"
    return "sure"


def merge(cands: Iterable[Candidate], report: Report) -> list[Candidate]:
    """One rule per spun phrase: merge agreeing rows, leave out conflicting ones."""
    groups: dict[tuple[str, ...], list[Candidate]] = defaultdict(list)
    for c in cands:
        groups[phrase_keys(c.spun)].append(c)
    out = []
    for group in groups.values():
        group.sort(key=lambda c: (-c.papers, c.spun, c.canonical))
        if len({phrase_keys(c.canonical) for c in group}) > 1:
            report.skip("conflicting expectations", len(group))
            continue
        best = group[0]
        if len(group) > 1:
            report.merged += len(group) - 1
            plain = [c for c in group if not c.conditioned and not c.forbid]
            if plain:
                best = plain[0]
            elif all(len(c.require) == 1 and not (c.require_any or c.forbid or c.window)
                     for c in group):
                either = tuple(dict.fromkeys(c.require[0] for c in group))
                best = replace(best, require=either if len(either) == 1 else (),
                               require_any=either if len(either) > 1 else ())
            best = replace(best, unsure=any(c.unsure for c in group))
        out.append(replace(best, tier=tier_of(best)))
    return out


def to_toml(cands: Sequence[Candidate], header: str) -> str:
    """The glossary file: header, then one ``[[rule]]`` per candidate in sorted order."""
    parts = [header]
    for c in sorted(cands, key=lambda c: (phrase_keys(c.spun), c.spun)):
        lines = ["[[rule]]", f"spun = {_s(c.spun)}", f"canonical = {_s(c.canonical)}",
                 f"tier = {_s(c.tier)}"]
        for key in ("require", "require_any", "forbid"):
            values = getattr(c, key)
            if values:
                lines.append(f"{key} = [{', '.join(_s(v) for v in values)}]")
        if c.window is not None:
            lines.append(f"window = {c.window}")
        if c.example:
            lines.append(f"example = {_s(c.example)}")
        lines.append('source = "PPS"')
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _rewriter(text: str, *, threshold: float, assume_context: bool = False) -> textfix.Rewriter:
    g = textfix.parse_glossary(text, check=False)
    return textfix.Rewriter([g], threshold=threshold, assume_context=assume_context)


def drop_rewritten_outputs(cands: list[Candidate], header: str, report: Report
                           ) -> list[Candidate]:
    """Leave out rules whose spun form occurs inside another rule's output (a real term)."""
    while True:
        rw = _rewriter(to_toml(cands, header), threshold=0.0, assume_context=True)
        bad = {e.rule.split(":", 1)[1] for c in cands for e in rw.fix(c.canonical).edits}
        if not bad:
            return cands
        report.skip("spun form occurs in a canonical output", len(bad))
        cands = [c for c in cands if c.spun not in bad]


_TEMPLATES = (
    "We report results on {spun}{ctx}.",
    "{Spun} was studied in this work{ctx}.",
    "In this paper, {spun} is discussed{ctx}.",
)


def add_examples(cands: list[Candidate], header: str, report: Report) -> list[Candidate]:
    """Give each rule a short sentence that uses its spun phrase and meets its conditions; a
    rule that does not fire on any such sentence, or does not yield its canonical phrase there,
    is left out."""
    rw = _rewriter(to_toml(cands, header), threshold=0.0)
    out = []
    for c in cands:
        context = [*c.require, *c.require_any[:1]]
        ctx = "".join(f", with {r}" for r in context)
        example = ""
        for template in _TEMPLATES:
            sentence = template.format(spun=c.spun, Spun=c.spun[:1].upper() + c.spun[1:],
                                       ctx=ctx)
            res = rw.fix(sentence)
            if any(e.rule == f"tortured-phrases:{c.spun}" for e in res.edits) and (
                c.canonical.casefold() in res.text.casefold()
            ):
                example = sentence
                break
        if example:
            out.append(replace(c, example=example))
        else:
            report.skip("does not fire on an example sentence")
    return out


HEADER = '''\
# Tortured phrases of scientific writing, with the terms they stand for.
#
# Source: the fingerprints of the Problematic Paper Screener (PPS): G. Cabanac, C. Labbé and
# A. Magazinov, "Tortured phrases: A dubious writing style emerging in science. Evidence of
# critical issues affecting established journals", arXiv:2107.06751, 2021. Exported as
# data/tortured.csv of the public repository hahuyhoang411/tortured-phrase (MIT license).
#
# Generated by scripts/build_tortured.py: do not edit by hand, edit the script and rerun it.
# Screener queries become context conditions ("a" AND "b": require; NOT: forbid; OR: several
# spun forms); rows with wildcards, proximity that is not a plain phrase, or unclear
# expectations ("???", notes, alternatives) are left out. "sure" rules are multi-word phrases
# that are not ordinary English, or are pinned to documents using the real term; the rest are
# "likely" and apply only in documents that already look spun.

name = "tortured-phrases"
description = "Tortured phrases of scientific writing (Problematic Paper Screener fingerprints)"
language = "en"
source = """Problematic Paper Screener (Cabanac, Labbé and Magazinov, 2021), \\
  exported as data/tortured.csv of hahuyhoang411/tortured-phrase"""
license = "MIT"
'''


def build(rows: Iterable[dict[str, str]], report: Report) -> str:
    """Convert CSV rows to the glossary text, counting what is left out and why."""
    cands: list[Candidate] = []
    for row in rows:
        report.rows += 1
        try:
            cands += candidates(row)
        except SkipRowError as why:
            report.skip(str(why))
    merged = merge(cands, report)
    merged = drop_rewritten_outputs(merged, HEADER, report)
    merged = add_examples(merged, HEADER, report)
    return to_toml(merged, HEADER)


def audit(glossary_text: str, paths: Sequence[Path]) -> None:
    """Print the rules that fire on texts that were never spun (candidates for ORDINARY)."""
    rw = _rewriter(glossary_text, threshold=0.0)
    for p in paths:
        for f in sorted(p.rglob("*.txt")) if p.is_dir() else [p]:
            for e in rw.fix(f.read_text(encoding="utf-8")).edits:
                print(f"clean text changed: {f.name}: {e.before!r} -> {e.after!r} ({e.rule})")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: convert, write the glossary, print the counts."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--clean", type=Path, nargs="*", default=[],
                    help="texts never spun: print the rules that would change them")
    args = ap.parse_args(argv)
    report = Report()
    with args.csv.open(newline="", encoding="utf-8") as f:
        text = build(csv.DictReader(f), report)
    args.output.write_text(text, encoding="utf-8")
    g = textfix.load_glossary(args.output)
    tiers = Counter(r.tier for r in g.rules)
    print(f"rows read: {report.rows}")
    by_tier = ", ".join(f"{t} {n}" for t, n in sorted(tiers.items()))
    print(f"rules written: {len(g.rules)} ({by_tier})")
    print(f"rows merged into another rule: {report.merged}")
    print("left out:")
    for reason, n in sorted(report.left_out.items(), key=lambda kv: (-kv[1], kv[0])):
        if n:
            print(f"  {n:5d}  {reason}")
    audit(text, args.clean)
    return 0


if __name__ == "__main__":
    sys.exit(main())
