"""The spinner model measured honestly: every number comes from a model that never learned from
the text it is scored on.

Four parts (``--parts``, default ``repair,detect,curve``; ``mixed`` on request), each printed
as Markdown tables:

1. **Repair, leave-one-out.** For each pair (``original.txt`` and ``spun.txt``), the spinner
   model is learned again without that pair: ``learn_spun`` on the spun folders given plus the
   ``spun.txt`` of the other pairs, with the pair's own habit candidates left out
   (``exclude=["pair:NAME"]``), rendered to TOML, parsed as ``spinner-model`` and put in place
   of the shipped one beside the other default glossaries. Also measured: that learned table
   alone, a table learned from the spun corpus pages alone (the pair still left out), the
   shipped default set, and the default set with ``model=False``. Scores are those of the
   official repair score, computed here with its own ``difflib`` alignment and checked against
   ``textfix.learn.evaluate``.
2. **Detection.** Spin scores of spun articles, the pairs' spun and original texts, clean test
   texts, and the spun and clean corpus pages, each scored by a model that did not learn from
   it (``--folds`` folds over the corpus pages; one model per left-out spun article and pair),
   beside the shipped set and the set without the model; words changed in every clean text.
3. **Learning curve.** Coverage (the share of each pair's aligned substitutions whose spun form
   the learned table maps to the right canonical form) and gap closed, as the number of spun
   corpus pages learned from grows (seeded random subsets, the pair left out).
4. **Genuine prose inside a spun document** (``mixed``). Each clean text (``--clean`` and the
   clean corpus pages) appended to each pair's spun text, repaired by the shipped set: the
   gate is open, so this counts the words of genuine prose changed where spin surrounds it.

    python benchmarks/model_quality.py --pairs ../shared/pairs \\
        --corpus-spun ../shared/corpus/spun --corpus-clean ../shared/corpus/clean \\
        --samples ../shared/spun-samples \\
        --clean tests/data/clean tests/data/terms-clean tests/data/science-clean \\
                seeds/000_263983dd82603a38.txt [--json results.json]
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import textfix
from textfix.learn.align import gaps, score_words
from textfix.learn.evaluate import Pair, Report, score_pair
from textfix.learn.spun_corpus import SpunEvidence, learn_spun, render_learned
from textfix.text.tokenize import normalize_key, phrase_keys, split_possessive

MODEL = "spinner-model"
#: The official score's word pattern (``../shared/tools/score.py``).
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


# -- the official score ------------------------------------------------------------------
def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _distance(a: Sequence[str], b: Sequence[str]) -> int:
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in _opcodes(a, b) if op != "equal")


def _changed(a: Sequence[str], b: Sequence[str]) -> set[int]:
    return {i for op, i1, i2, _, _ in _opcodes(a, b) if op != "equal" for i in range(i1, i2)}


def official(original: str, spun: str, fixed: str) -> dict[str, Any]:
    """The official repair score of one pair (the same arithmetic as ``score.py``)."""
    o, s, f = (_WORD.findall(t) for t in (original, spun, fixed))
    d_spun, d_fixed = _distance(s, o), _distance(f, o)
    wrong, touched = _changed(s, o), _changed(s, f)
    right = set(range(len(s))) - wrong
    return {"words": len(o), "dist_spun": d_spun, "dist_fixed": d_fixed,
            "wer_spun": d_spun / len(o), "wer_fixed": d_fixed / len(o),
            "gap_closed": 1 - d_fixed / d_spun if d_spun else None,
            "spun_words": len(wrong), "spun_words_touched": len(wrong & touched),
            "damaged": len(right & touched)}


def official_clean(clean: str, fixed: str) -> int:
    """Words of ``clean`` that ``fixed`` does not keep (``score.py --clean``)."""
    return len(_changed(_WORD.findall(clean), _WORD.findall(fixed)))


# -- material ----------------------------------------------------------------------------
def read_texts(paths: Sequence[Path]) -> list[tuple[str, str]]:
    """(name, text) of every ``.txt`` below the folders (or the files) named, originals of
    pairs left out."""
    out = []
    for p in paths:
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        out += [(str(f.relative_to(p)) if p.is_dir() else f.name, f.read_text(encoding="utf-8"))
                for f in files if f.name != "original.txt"]
    return out


def read_pair_folder(folder: Path) -> list[Pair]:
    """The pairs in the subfolders of ``folder`` (or ``folder`` itself)."""
    dirs = [folder] if (folder / "spun.txt").is_file() else sorted(
        d for d in folder.iterdir()
        if (d / "spun.txt").is_file() and (d / "original.txt").is_file())
    return [Pair((d / "original.txt").read_text(encoding="utf-8"),
                 (d / "spun.txt").read_text(encoding="utf-8"), d.name) for d in dirs]


@dataclass
class Material:
    pairs: list[Pair]
    corpus_spun: list[tuple[str, str]]
    corpus_clean: list[tuple[str, str]]
    samples: list[tuple[str, str]]
    clean: list[tuple[str, str]]
    learned: dict[str, Any] = field(default_factory=dict)


def _texts(named: Sequence[tuple[str, str]]) -> list[str]:
    return [t for _, t in named]


# -- models ------------------------------------------------------------------------------
class Models:
    """Learned tables and rewriters built from them, with the learning time kept."""

    def __init__(self) -> None:
        self.defaults = textfix.default_glossaries()
        self.others = [g for g in self.defaults if g.name != MODEL]
        self.learn_seconds: list[float] = []

    def table(self, spun: Sequence[str], clean: Sequence[str], exclude: Sequence[str] = ()
              ) -> tuple[textfix.Glossary, list[SpunEvidence]]:
        t0 = time.perf_counter()
        entries = learn_spun(spun, clean, exclude=list(exclude), examples=False)
        self.learn_seconds.append(time.perf_counter() - t0)
        return textfix.parse_glossary(render_learned(entries, MODEL), f"<{MODEL}>"), entries

    def with_table(self, table: textfix.Glossary, **options: Any) -> textfix.Rewriter:
        return textfix.Rewriter([*self.others, table], **options)

    def shipped(self, **options: Any) -> textfix.Rewriter:
        return textfix.Rewriter(self.defaults, **options)


def loo_spun(m: Material, name: str) -> list[str]:
    """The spun text a model left-out on pair ``name`` learns from."""
    return (_texts(m.corpus_spun) + _texts(m.samples)
            + [p.spun for p in m.pairs if p.name != name])


# -- part 1: repair ----------------------------------------------------------------------
def _damage_list(report: Report) -> list[str]:
    return [f"{rule}: {ex}" for rule, st in sorted(report.rules.items()) if st.damaging
            for ex in st.examples]


def repair(m: Material, models: Models) -> dict[str, Any]:
    """Scores of every pair under every arm; words changed in the pairs' originals."""
    arms: dict[str, dict[str, Any]] = {}
    shipped, off = models.shipped(), models.shipped(model=False)
    corpus_only: dict[str, textfix.Glossary] = {}
    for p in m.pairs:
        loo, _ = models.table(loo_spun(m, p.name), _texts(m.corpus_clean), [f"pair:{p.name}"])
        corp, _ = models.table(_texts(m.corpus_spun), _texts(m.corpus_clean),
                               [f"pair:{p.name}"])
        corpus_only[p.name] = corp
        rewriters = {
            "held-out model + other defaults": models.with_table(loo),
            "shipped default set": shipped,
            "default set, model=False": off,
            "held-out table alone": textfix.Rewriter([loo]),
            "corpus-only table alone (held-out)": textfix.Rewriter([corp]),
        }
        for arm, rw in rewriters.items():
            report = Report()
            mine = score_pair(p, rw, report)
            res = rw.fix(p.spun)
            off_score = official(p.original, p.spun, res.text)
            orig_fixed = rw.fix(p.original)
            row = arms.setdefault(arm, {})
            row[p.name] = {
                **off_score, "edits": len(res.edits), "spin_score": res.spin_score,
                "evaluate_gap": mine.gap_closed, "evaluate_damaged": mine.correct_words_damaged,
                "damaging_edits": _damage_list(report),
                "original_words_changed": official_clean(p.original, orig_fixed.text),
                "original_edits": [f"{e.rule}: {e.before} -> {e.after}"
                                   for e in orig_fixed.edits],
            }
    return {"arms": arms}


def _total(rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ds = sum(r["dist_spun"] for r in rows.values())
    df = sum(r["dist_fixed"] for r in rows.values())
    return {"words": sum(r["words"] for r in rows.values()), "gap_closed": 1 - df / ds,
            "damaged": sum(r["damaged"] for r in rows.values()),
            "original_words_changed": sum(r["original_words_changed"] for r in rows.values())}


def print_repair(res: dict[str, Any]) -> None:
    print("## Repair of the shared pairs (official score)\n")
    names = list(next(iter(res["arms"].values())))
    print("| model | " + " | ".join(f"{n} gap / damaged" for n in names)
          + " | all pairs gap | damaged (per 1,000 words) | originals: words changed |")
    print("|---|" + "---|" * (len(names) + 3))
    agree = True
    for arm, rows in res["arms"].items():
        t = _total(rows)
        cells = []
        for n in names:
            r = rows[n]
            cells.append(f"{r['gap_closed']:.3f} / {r['damaged']}")
            if (r["evaluate_damaged"] != r["damaged"]
                    or abs((r["evaluate_gap"] or 0) - (r["gap_closed"] or 0)) > 1e-9):
                agree = False
        per_k = 1000 * t["damaged"] / t["words"]
        print(f"| {arm} | " + " | ".join(cells) + f" | {t['gap_closed']:.3f} | "
              f"{t['damaged']} ({per_k:.1f}) | {t['original_words_changed']} |")
    print()
    print("textfix.learn.evaluate agrees with the official difflib arithmetic on every cell"
          if agree else "textfix.learn.evaluate (rapidfuzz alignment) differs from the "
          "official difflib arithmetic here:")
    if not agree:
        for arm, rows in res["arms"].items():
            for n, r in rows.items():
                if (r["evaluate_damaged"] == r["damaged"]
                        and abs((r["evaluate_gap"] or 0) - (r["gap_closed"] or 0)) <= 1e-9):
                    continue
                print(f"- {arm} / {n}: official gap {r['gap_closed']:.4f} damaged {r['damaged']}; "
                      f"evaluate gap {r['evaluate_gap']:.4f} damaged {r['evaluate_damaged']}")
    for arm, rows in res["arms"].items():
        for n, r in rows.items():
            for d in r["damaging_edits"]:
                print(f"- damaging edit ({arm}, {n}): {d}")
            for d in r["original_edits"]:
                print(f"- edit in clean original ({arm}, {n}): {d}")
    print()


# -- part 2: detection -------------------------------------------------------------------
def folds(n: int, k: int, seed: int) -> list[list[int]]:
    """``k`` disjoint folds of ``range(n)`` after a seeded shuffle."""
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    return [sorted(idx[i::k]) for i in range(k)]


def detection(m: Material, models: Models, k: int, seed: int) -> dict[str, Any]:
    """Per text: held-out, shipped and model-off spin scores, and words changed (clean)."""
    shipped, off = models.shipped(), models.shipped(model=False)
    rows: list[dict[str, Any]] = []

    def add(group: str, name: str, text: str, spun: bool, held: textfix.Rewriter) -> None:
        row: dict[str, Any] = {"group": group, "name": name, "spun": spun}
        for arm, rw in (("held_out", held), ("shipped", shipped), ("off", off)):
            res = rw.fix(text)
            row[arm] = res.spin_score
            if not spun:
                row[f"{arm}_changed"] = official_clean(text, res.text)
                if arm == "held_out" and res.edits:
                    row["edits"] = [f"{e.rule}: {e.before} -> {e.after}" for e in res.edits]
        rows.append(row)

    clean_all = _texts(m.corpus_clean)
    pairs_spun = [p.spun for p in m.pairs]
    for i, (name, text) in enumerate(m.samples):
        others = [t for j, (_, t) in enumerate(m.samples) if j != i]
        table, _ = models.table(_texts(m.corpus_spun) + others + pairs_spun, clean_all)
        add("spun articles", name, text, True, models.with_table(table))
    for p in m.pairs:
        table, _ = models.table(loo_spun(m, p.name), clean_all, [f"pair:{p.name}"])
        rw = models.with_table(table)
        add("pairs: spun", p.name, p.spun, True, rw)
        add("pairs: original", p.name, p.original, False, rw)
    for name, text in m.clean:
        add("clean test texts", name, text, False, shipped)
    spun_folds = folds(len(m.corpus_spun), k, seed)
    clean_folds = folds(len(m.corpus_clean), k, seed + 1)
    for f in range(k):
        spun_in = [t for j, (_, t) in enumerate(m.corpus_spun) if j not in spun_folds[f]]
        clean_in = [t for j, (_, t) in enumerate(m.corpus_clean) if j not in clean_folds[f]]
        table, _ = models.table(spun_in + _texts(m.samples) + pairs_spun, clean_in)
        rw = models.with_table(table)
        for j in spun_folds[f]:
            add("corpus pages: spun", m.corpus_spun[j][0], m.corpus_spun[j][1], True, rw)
        for j in clean_folds[f]:
            add("corpus pages: clean", m.corpus_clean[j][0], m.corpus_clean[j][1], False, rw)
    return {"rows": rows, "folds": k}


def print_detection(res: dict[str, Any]) -> None:
    rows = res["rows"]
    print(f"## Detection (held out: a model that never learned from the text; "
          f"{res['folds']} folds over the corpus pages)\n")
    print("| texts | n | >= 0.5 held out | >= 0.5 shipped | >= 0.5 model off | median held out "
          "| min / max held out | words changed (held out / shipped / off) |")
    print("|---|---|---|---|---|---|---|---|")
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["group"], []).append(r)
    for g, rs in groups.items():
        n = len(rs)
        counts = [sum(r[a] >= 0.5 for r in rs) for a in ("held_out", "shipped", "off")]
        scores = [r["held_out"] for r in rs]
        changed = ("-" if rs[0]["spun"] else " / ".join(
            str(sum(r[f"{a}_changed"] for r in rs)) for a in ("held_out", "shipped", "off")))
        print(f"| {g} | {n} | {counts[0]}/{n} | {counts[1]}/{n} | {counts[2]}/{n} | "
              f"{statistics.median(scores):.3f} | {min(scores):.3f} / {max(scores):.3f} | "
              f"{changed} |")
    print()
    print("| text | kind | held out | shipped | model off |")
    print("|---|---|---|---|---|")
    for r in rows:
        if r["group"] in ("spun articles", "pairs: spun", "pairs: original"):
            kind = "spun" if r["spun"] else "clean"
            print(f"| {r['name']} | {kind} | {r['held_out']:.3f} | {r['shipped']:.3f} | "
                  f"{r['off']:.3f} |")
    print()
    low = [r for r in rows if r["spun"] and r["held_out"] < 0.5]
    high = [r for r in rows if not r["spun"] and r["held_out"] >= 0.5]
    if low:
        print("Spun texts under 0.5 (held out): " + ", ".join(
            f"{r['group']}/{r['name']} {r['held_out']:.3f}" for r in low))
    if high:
        print("Clean texts at 0.5 or more (held out): " + ", ".join(
            f"{r['group']}/{r['name']} {r['held_out']:.3f}" for r in high))
    for r in rows:
        for e in r.get("edits", []):
            print(f"- edit in clean text {r['group']}/{r['name']}: {e}")
    print()


# -- part 3: learning curve --------------------------------------------------------------
def substitutions(pair: Pair) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The pair's aligned substitutions (spun keys, original keys), 1 to 4 words a side."""
    s = [w.text for w in score_words(pair.spun)]
    o = [w.text for w in score_words(pair.original)]
    out = []
    for g in gaps(s, o):
        a, b = s[g.a_start:g.a_end], o[g.b_start:g.b_end]
        if 1 <= len(a) <= 4 and 1 <= len(b) <= 4:
            ka = tuple(normalize_key(w) for w in a)
            kb = tuple(normalize_key(w) for w in b)
            if ka != kb:
                out.append((ka, kb))
    return out


def _last_stem(keys: tuple[str, ...]) -> tuple[str, ...]:
    return (*keys[:-1], split_possessive(keys[-1])[0])


def covered(sub: tuple[tuple[str, ...], tuple[str, ...]],
            table: dict[tuple[str, ...], set[tuple[str, ...]]]) -> bool:
    """Whether ``table`` (spun keys -> the canonical keys it may stand for) turns the spun side
    into the original: as a whole, or word for word where both sides have as many words."""
    a, b = sub
    if _last_stem(b) in table.get(_last_stem(a), ()):
        return True
    if len(a) != len(b):
        return False
    return all(x == y or (split_possessive(y)[0],) in table.get((split_possessive(x)[0],), ())
               for x, y in zip(a, b, strict=True))


def table_map(entries: Sequence[SpunEvidence]) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    return {phrase_keys(e.spun): {phrase_keys(e.canonical)} for e in entries}


def _point(p: Pair, subs: list[Any], models: Models, table: textfix.Glossary,
           entries: Sequence[SpunEvidence]) -> dict[str, Any]:
    tm = table_map(entries)
    rw = models.with_table(table)
    res = rw.fix(p.spun)
    sc = official(p.original, p.spun, res.text)
    report = Report()
    score_pair(p, rw, report)
    return {"entries": len(entries), "covered": sum(covered(x, tm) for x in subs),
            "substitutions": len(subs), "gap_closed": sc["gap_closed"],
            "damaged": sc["damaged"], "damaging_edits": _damage_list(report)}


def curve(m: Material, models: Models, sizes: Sequence[int], seeds: int) -> dict[str, Any]:
    """Coverage and gap closed per pair as the corpus pages learned from grow."""
    n = len(m.corpus_spun)
    subs = {p.name: substitutions(p) for p in m.pairs}
    points = []
    for size in sizes:
        size = min(size, n)
        for s in range(1 if size == n else seeds):
            pick = sorted(random.Random(1000 * size + s).sample(range(n), size))
            spun = [m.corpus_spun[j][1] for j in pick]
            point: dict[str, Any] = {"pages": size, "seed": s,
                                     "words": sum(len(t.split()) for t in spun), "pairs": {}}
            for p in m.pairs:
                table, entries = models.table(spun, _texts(m.corpus_clean), [f"pair:{p.name}"])
                point["pairs"][p.name] = _point(p, subs[p.name], models, table, entries)
            points.append(point)
        if size == n:
            break
    # the full held-out model (corpus, articles and the other pairs) as the last point
    full: dict[str, Any] = {"pages": "all + articles + other pairs", "seed": 0, "pairs": {}}
    for p in m.pairs:
        table, entries = models.table(loo_spun(m, p.name), _texts(m.corpus_clean),
                                      [f"pair:{p.name}"])
        full["pairs"][p.name] = _point(p, subs[p.name], models, table, entries)
    points.append(full)
    # what the shipped candidate list could offer at most (non-pair sources only)
    from textfix.model.sources import habits
    cands: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for canonical, form, source in habits():
        if not source.startswith("pair:"):
            cands.setdefault(phrase_keys(form), set()).add(phrase_keys(canonical))
    listed = {name: sum(covered(x, cands) for x in ss) for name, ss in subs.items()}
    return {"points": points, "listed": listed,
            "substitutions": {k: len(v) for k, v in subs.items()}}


def print_curve(res: dict[str, Any]) -> None:
    print("## Learning curve (held out: each pair's own candidates and text left out)\n")
    names = list(res["substitutions"])
    print("| corpus pages | subsets | entries (mean) | "
          + " | ".join(f"{n} coverage / gap" for n in names) + " | all pairs coverage | "
          "mean gap of the pairs (min-max over subsets) |")
    print("|---|---|---|" + "---|" * (len(names) + 2))
    by: dict[Any, list[dict[str, Any]]] = {}
    for pt in res["points"]:
        by.setdefault(pt["pages"], []).append(pt)
    for pages, pts in by.items():
        cells = []
        for n in names:
            cov = statistics.mean(pt["pairs"][n]["covered"] / pt["pairs"][n]["substitutions"]
                                  for pt in pts)
            gap = statistics.mean(pt["pairs"][n]["gap_closed"] for pt in pts)
            cells.append(f"{cov:.2f} / {gap:.3f}")
        tot_cov = statistics.mean(
            sum(pt["pairs"][n]["covered"] for n in names)
            / sum(pt["pairs"][n]["substitutions"] for n in names) for pt in pts)
        gaps_ = [statistics.mean(pt["pairs"][n]["gap_closed"] for n in names) for pt in pts]
        ent = statistics.mean(statistics.mean(pt["pairs"][n]["entries"] for n in names)
                              for pt in pts)
        rng = f"{min(gaps_):.3f}-{max(gaps_):.3f}" if len(gaps_) > 1 else "-"
        print(f"| {pages} | {len(pts)} | {ent:.0f} | " + " | ".join(cells)
              + f" | {tot_cov:.2f} | {statistics.mean(gaps_):.3f} ({rng}) |")
    print()
    print("Aligned substitutions per pair (1-4 words a side): " + ", ".join(
        f"{n} {c}" for n, c in res["substitutions"].items()) + ". Of them, a candidate from the "
        "habit list's non-pair sources covers: " + ", ".join(
            f"{n} {c}" for n, c in res["listed"].items()) + " (the most any learned table "
        "could map without the thesaurus).")
    for pt in res["points"]:
        for n in names:
            r = pt["pairs"][n]
            if r["damaged"]:
                print(f"- damage at {pt['pages']} pages (subset {pt['seed']}), {n}: "
                      f"{r['damaged']} words; " + "; ".join(r["damaging_edits"]))
    print()


# -- part 4: genuine prose inside a spun document -------------------------------------------
def mixed(m: Material, models: Models) -> dict[str, Any]:
    """Each clean text (test texts and clean corpus pages) appended to each pair's spun text:
    the gate is open, so this counts the words of genuine prose the shipped set changes where
    a spun document surrounds it (no model learned from the clean texts)."""
    rw = models.shipped()
    prose = m.clean + m.corpus_clean
    words = sum(len(_WORD.findall(t)) for _, t in prose)
    rows: dict[str, Any] = {}
    for p in m.pairs:
        changed = 0
        forms: Counter[str] = Counter()
        for _, t in prose:
            head = p.spun.rstrip() + "\n\n"
            res = rw.fix(head + t)
            inside = [e for e in res.edits if e.start >= len(head)]
            changed += sum(len(_WORD.findall(e.before)) for e in inside)
            forms.update(f"{e.before.lower()} -> {e.after.lower()}" for e in inside)
        rows[p.name] = {"texts": len(prose), "words": words, "changed": changed,
                        "per_1000": round(1000 * changed / max(words, 1), 2),
                        "top": forms.most_common(8)}
    return rows


def print_mixed(res: dict[str, Any]) -> None:
    print("Genuine prose inside a spun document (each clean text appended to the pair's spun "
          "text; shipped default set):\n")
    print("| spun document | clean texts | their words | words changed | per 1,000 | most "
          "changed |")
    print("|---|---|---|---|---|---|")
    for name, r in res.items():
        top = "; ".join(f"{f} ({n})" for f, n in r["top"][:5])
        print(f"| {name} | {r['texts']} | {r['words']:,} | {r['changed']} | "
              f"{r['per_1000']:.1f} | {top} |")
    print()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=Path, required=True, help="folder of pair folders")
    ap.add_argument("--corpus-spun", type=Path, required=True, help="spun pages (folder)")
    ap.add_argument("--corpus-clean", type=Path, required=True, help="clean pages (folder)")
    ap.add_argument("--samples", type=Path, nargs="*", default=[],
                    help="spun articles without originals (folders or files)")
    ap.add_argument("--clean", type=Path, nargs="*", default=[],
                    help="clean texts no model learns from (folders or files)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--sizes", default="10,20,40,80,121", help="corpus pages per curve point")
    ap.add_argument("--seeds", type=int, default=3, help="random subsets per curve point")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parts", default="repair,detect,curve")
    ap.add_argument("--json", type=Path, help="write every number here too")
    args = ap.parse_args(argv)
    for p in [args.pairs, args.corpus_spun, args.corpus_clean, *args.samples, *args.clean]:
        if not p.exists():
            print(f"no such path: {p}", file=sys.stderr)
            return 2
    m = Material(read_pair_folder(args.pairs), read_texts([args.corpus_spun]),
                 read_texts([args.corpus_clean]), read_texts(args.samples),
                 read_texts(args.clean))
    models = Models()
    parts = set(args.parts.split(","))
    out: dict[str, Any] = {"textfix": textfix.__version__,
                           "material": {"pairs": [p.name for p in m.pairs],
                                        "corpus_spun": len(m.corpus_spun),
                                        "corpus_clean": len(m.corpus_clean),
                                        "samples": len(m.samples), "clean": len(m.clean)}}
    t0 = time.perf_counter()
    print(f"textfix {textfix.__version__}: {len(m.pairs)} pairs, {len(m.corpus_spun)} spun and "
          f"{len(m.corpus_clean)} clean corpus pages, {len(m.samples)} spun articles, "
          f"{len(m.clean)} clean texts\n")
    if "repair" in parts:
        out["repair"] = repair(m, models)
        print_repair(out["repair"])
    if "detect" in parts:
        out["detect"] = detection(m, models, args.folds, args.seed)
        print_detection(out["detect"])
    if "mixed" in parts:
        out["mixed"] = mixed(m, models)
        print_mixed(out["mixed"])
    if "curve" in parts:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        out["curve"] = curve(m, models, sizes, args.seeds)
        print_curve(out["curve"])
    print("Note: the other default glossaries (news-spin, defense-diplomacy, news-terms) were "
          "written with the scm pair in view, so its rows are held out for the spinner model "
          "only. The habit list's non-pair sources stay in every held-out model: the curve "
          "counts how many of each pair's substitutions they list.")
    secs = time.perf_counter() - t0
    learned = models.learn_seconds
    print(f"\n{len(learned)} models learned, {statistics.mean(learned or [0]):.2f} s each on "
          f"average; {secs:.0f} s in all")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
