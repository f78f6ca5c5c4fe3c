"""Measure a repair against the original: word error rates, gap closed, damage, and per rule
which edits were right, which broke correct words and which spun words no rule covered.

Numbers follow the official repair score (``../shared/tools/score.py`` in the project's layout):
words compared case-sensitively, punctuation ignored, a changed region counted by its larger side.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textfix.engine.edit import Edit
from textfix.engine.rewrite import Rewriter
from textfix.learn.align import Word, changed_positions, distance, gaps, score_words


@dataclass(frozen=True)
class Pair:
    """An original text and its spun version; ``source`` and ``line`` say where ``spun`` starts."""

    original: str
    spun: str
    name: str = ""
    source: str = ""
    line: int = 1


@dataclass
class RuleStats:
    """How the edits of one rule fared: ``correct`` restored the original words, ``inexact``
    changed spun words into something else, ``damaging`` changed words that were right."""

    correct: int = 0
    inexact: int = 0
    damaging: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, verdict: str, example: str) -> None:
        """Count one edit under ``verdict``; keep a few examples of the wrong ones."""
        setattr(self, verdict, getattr(self, verdict) + 1)
        if verdict != "correct" and len(self.examples) < 3:
            self.examples.append(example)


@dataclass
class Score:
    """Scores of one pair (or one clean text, with ``clean`` set), or their sum."""

    name: str
    words: int = 0
    dist_spun: int = 0
    dist_fixed: int = 0
    spun_words: int = 0
    spun_words_touched: int = 0
    correct_words_damaged: int = 0
    edits: int = 0
    clean: bool = False

    @property
    def wer_spun(self) -> float:
        """Word error rate of the spun text against the original."""
        return self.dist_spun / self.words if self.words else 0.0

    @property
    def wer_fixed(self) -> float:
        """Word error rate of the repaired text against the original."""
        return self.dist_fixed / self.words if self.words else 0.0

    @property
    def gap_closed(self) -> float | None:
        """Share of the spinner's word edits undone (None for clean text)."""
        return 1.0 - self.dist_fixed / self.dist_spun if self.dist_spun else None

    def as_dict(self) -> dict[str, Any]:
        """The numbers under the official score's names."""
        if self.clean:
            return {"name": self.name, "words": self.words,
                    "words_changed": self.correct_words_damaged, "edits": self.edits}
        gc = self.gap_closed
        return {
            "name": self.name, "words": self.words,
            "wer_spun": round(self.wer_spun, 4), "wer_fixed": round(self.wer_fixed, 4),
            "gap_closed": None if gc is None else round(gc, 4),
            "spun_words": self.spun_words, "spun_words_touched": self.spun_words_touched,
            "correct_words_damaged": self.correct_words_damaged, "edits": self.edits,
        }


@dataclass
class Report:
    """Scores per pair and clean text, their totals, rule verdicts and uncovered spun words."""

    scores: list[Score] = field(default_factory=list)
    rules: dict[str, RuleStats] = field(default_factory=dict)
    misses: Counter[tuple[str, str]] = field(default_factory=Counter)

    def total(self, clean: bool = False) -> Score:
        """The sum of the pair scores (or of the clean-text scores)."""
        t = Score("total", clean=clean)
        for s in self.scores:
            if s.clean == clean:
                for f in ("words", "dist_spun", "dist_fixed", "spun_words", "spun_words_touched",
                          "correct_words_damaged", "edits"):
                    setattr(t, f, getattr(t, f) + getattr(s, f))
        return t

    def as_dict(self) -> dict[str, Any]:
        """Everything, ready for ``json.dumps``."""
        return {
            "pairs": [s.as_dict() for s in self.scores if not s.clean],
            "clean": [s.as_dict() for s in self.scores if s.clean],
            "total": self.total().as_dict(),
            "total_clean": self.total(clean=True).as_dict(),
            "rules": {r: {"correct": st.correct, "inexact": st.inexact,
                          "damaging": st.damaging, "examples": st.examples}
                      for r, st in sorted(self.rules.items())},
            "misses": [{"spun": s, "original": o, "count": n}
                       for (s, o), n in self.misses.most_common()],
        }


def _output_spans(edits: Iterable[Edit]) -> list[tuple[Edit, int, int]]:
    """Each edit with the span its replacement occupies in the repaired text."""
    out, shift = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append((e, e.start + shift, e.start + shift + len(e.after)))
        shift += len(e.after) - (e.end - e.start)
    return out


def _inside(words: Sequence[Word], starts: Sequence[int], start: int, end: int) -> list[int]:
    """Indices of the words overlapping ``[start, end)`` (touching counts for empty spans);
    ``starts`` holds the words' start offsets, for bisection."""
    k = max(bisect_right(starts, start) - 1, 0)
    out = []
    while k < len(words) and words[k].start <= end:
        w = words[k]
        if (w.start < end and start < w.end) if start < end else w.start <= start <= w.end:
            out.append(k)
        k += 1
    return out


def score_pair(pair: Pair, rewriter: Rewriter, report: Report | None = None) -> Score:
    """Repair ``pair.spun`` with ``rewriter`` and score it against ``pair.original``.

    With ``report``, the score is appended to it and every edit is judged per rule.
    """
    res = rewriter.fix(pair.spun)
    o_words, s_words, f_words = (score_words(t) for t in (pair.original, pair.spun, res.text))
    o, s, f = ([w.text for w in ws] for ws in (o_words, s_words, f_words))
    if not o:
        raise ValueError(f"{pair.name or 'pair'}: the original has no words")
    wrong = changed_positions(s, o)
    touched = changed_positions(s, f)
    right = set(range(len(s))) - wrong
    score = Score(pair.name, len(o), distance(s, o), distance(f, o), len(wrong),
                  len(wrong & touched), len(right & touched), len(res.edits))
    if report is None:
        return score
    report.scores.append(score)
    f_wrong = changed_positions(f, o)
    s_starts, f_starts = [w.start for w in s_words], [w.start for w in f_words]
    for e, a, b in _output_spans(res.edits):
        covered = set(_inside(s_words, s_starts, e.start, e.end))
        produced = set(_inside(f_words, f_starts, a, b))
        if covered & right & touched:
            verdict = "damaging"
        elif covered & wrong and not produced & f_wrong:
            verdict = "correct"
        else:
            verdict = "inexact"
        report.rules.setdefault(e.rule, RuleStats()).add(verdict, f"{e.before} -> {e.after}")
    for g in gaps(s, o):
        if g.a_end > g.a_start and not any(k in touched for k in range(g.a_start, g.a_end)):
            report.misses[(" ".join(s[g.a_start:g.a_end]), " ".join(o[g.b_start:g.b_end]))] += 1
    return score


def score_clean(text: str, rewriter: Rewriter, name: str = "",
                report: Report | None = None) -> Score:
    """Repair text that was never spun and count the words changed (should be none)."""
    res = rewriter.fix(text)
    c_words = score_words(text)
    c = [w.text for w in c_words]
    changed = changed_positions(c, [w.text for w in score_words(res.text)])
    score = Score(name, len(c), 0, 0, 0, 0, len(changed), len(res.edits), clean=True)
    if report is not None:
        report.scores.append(score)
        for e in res.edits:
            report.rules.setdefault(e.rule, RuleStats()).add(
                "damaging", f"{e.before} -> {e.after}")
    return score


def evaluate(pairs: Iterable[Pair], rewriter: Rewriter,
             clean: Iterable[tuple[str, str]] = ()) -> Report:
    """Score every pair and every ``(name, text)`` clean text into one :class:`Report`."""
    report = Report()
    for pair in pairs:
        score_pair(pair, rewriter, report)
    for name, text in clean:
        score_clean(text, rewriter, name, report)
    return report


# -- reading pairs ---------------------------------------------------------------------------
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_pairs(path: str | Path, spun: str | Path | None = None) -> Iterator[Pair]:
    """Pairs from ORIGINAL and SPUN files, a JSONL file (fields ``original`` and ``spun``), or a
    folder holding ``original.txt`` and ``spun.txt`` itself or in its subfolders."""
    p = Path(path)
    if spun is not None:
        yield Pair(_read(p), _read(Path(spun)), p.parent.name or p.name, str(spun))
        return
    if p.is_dir():
        folders = [p] if (p / "spun.txt").is_file() else sorted(
            d for d in p.iterdir() if (d / "spun.txt").is_file() and (d / "original.txt").is_file())
        if not folders:
            raise ValueError(f"{p}: no original.txt and spun.txt here or in subfolders")
        for d in folders:
            yield Pair(_read(d / "original.txt"), _read(d / "spun.txt"), d.name,
                       str(d / "spun.txt"))
        return
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                original, spun_text = rec["original"], rec["spun"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{p}:{n}: need a JSON object with original and spun "
                                 f"({exc})") from None
            if not isinstance(original, str) or not isinstance(spun_text, str):
                raise ValueError(f"{p}:{n}: original and spun must be strings")
            yield Pair(original, spun_text, str(rec.get("name", f"{p.name}:{n}")), str(p), n)


# -- printing --------------------------------------------------------------------------------
def format_report(report: Report, top: int = 15) -> str:
    """A readable summary: one line per pair, the totals, rules that erred, top misses."""
    lines = []
    pairs = [s for s in report.scores if not s.clean]
    if pairs:
        lines.append(f"{'pair':<28} {'words':>6} {'wer_spun':>8} {'wer_fixed':>9} "
                     f"{'gap_closed':>10} {'damaged':>7} {'edits':>5}")
        for s in [*pairs, report.total()] if len(pairs) > 1 else pairs:
            gc = "-" if s.gap_closed is None else f"{s.gap_closed:.3f}"
            lines.append(f"{s.name[:28]:<28} {s.words:>6} {s.wer_spun:>8.3f} "
                         f"{s.wer_fixed:>9.3f} {gc:>10} {s.correct_words_damaged:>7} "
                         f"{s.edits:>5}")
    cleans = [s for s in report.scores if s.clean]
    if cleans:
        lines.append(f"{'clean text':<28} {'words':>6} {'changed':>8} {'edits':>9}")
        for s in cleans:
            lines.append(f"{s.name[:28]:<28} {s.words:>6} {s.correct_words_damaged:>8} "
                         f"{s.edits:>9}")
    wrong = {r: st for r, st in report.rules.items() if st.damaging or st.inexact}
    n_ok = sum(st.correct for st in report.rules.values())
    lines.append(f"rules: {len(report.rules)} fired, {n_ok} correct edits, "
                 f"{len(wrong)} rules with wrong edits")
    for r, st in sorted(wrong.items(), key=lambda kv: (-kv[1].damaging, -kv[1].inexact, kv[0])):
        lines.append(f"  {r}: correct {st.correct}, inexact {st.inexact}, damaging "
                     f"{st.damaging}  e.g. {'; '.join(st.examples)}")
    if report.misses:
        total = sum(report.misses.values())
        lines.append(f"spun words no rule covered: {total} places, top {top}:")
        for (sp, orig), n in report.misses.most_common(top):
            lines.append(f"  {n:>3}  {sp!r} -> {orig!r}")
    return "\n".join(lines) + "\n"
