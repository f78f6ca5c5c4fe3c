"""The review page: one self-contained HTML file to inspect, accept and reject every edit.

Documents travel as JSON inside the page and are drawn a page of documents at a time by the
page's own script, so a corpus of 10,000 documents opens as fast as one. Nothing is fetched:
styles and script are inline, and a Content-Security-Policy lets only that script run, so text
that slips past escaping still could not execute.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Protocol

from textfix.review.decisions import FORMAT, VERSION, text_sha256

_TIERS = ("sure", "likely")
_BINS = 10
_TOP_RULES = 12


class _EditLike(Protocol):
    """What the page reads of a ``textfix.Edit``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def before(self) -> str: ...
    @property
    def after(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def tier(self) -> str: ...
    @property
    def score(self) -> float: ...


class _ResultLike(Protocol):
    """What the page reads of a ``textfix.Result``."""

    @property
    def edits(self) -> Sequence[_EditLike]: ...
    @property
    def spin_score(self) -> float: ...


@dataclass(frozen=True)
class ReviewDocument:
    """One document to review: its text, its edits as report records, and its spin score.

    ``edits`` are the objects ``textfix fix --report`` writes (``start``, ``end``, ``before``,
    ``after``, ``rule``, ``tier``, ``score``; other keys are ignored), offsets into ``text``.
    """

    name: str
    text: str
    edits: Sequence[Mapping[str, Any]] = ()
    spin_score: float = 0.0
    path: str | None = None
    record: int | None = None
    field: str | None = None
    page: int | None = None

    @classmethod
    def from_result(cls, name: str, text: str, result: _ResultLike, **where: Any
                    ) -> ReviewDocument:
        """A document from a ``textfix.Result`` of ``text`` (``where``: path, record, ...)."""
        edits = [{"start": e.start, "end": e.end, "before": e.before, "after": e.after,
                  "rule": e.rule, "tier": e.tier, "score": e.score} for e in result.edits]
        return cls(name, text, edits, result.spin_score, **where)


@dataclass
class _Tables:
    """Rules, tiers and glossaries interned once, so each edit carries small numbers."""

    rules: dict[str, int] = field(default_factory=dict)
    tiers: dict[str, int] = field(default_factory=lambda: {t: i for i, t in enumerate(_TIERS)})
    glossaries: dict[str, int] = field(default_factory=dict)
    rule_glossary: list[int] = field(default_factory=list)

    def rule(self, name: str) -> int:
        if name not in self.rules:
            glossary = name.split(":", 1)[0]
            self.rule_glossary.append(self.glossaries.setdefault(glossary, len(self.glossaries)))
            self.rules[name] = len(self.rules)
        return self.rules[name]

    def tier(self, name: str) -> int:
        return self.tiers.setdefault(name, len(self.tiers))


def _doc_data(n: int, doc: ReviewDocument, tables: _Tables, offset: int) -> dict[str, Any]:
    """One document as the page's script reads it: text cut at the edits, edits as arrays."""
    order = sorted(range(len(doc.edits)), key=lambda k: (doc.edits[k]["start"], k))
    if order != list(range(len(doc.edits))):
        raise ValueError(f"{doc.name}: edits must be in report order (by start)")
    segments: list[str] = []
    edits: list[list[Any]] = []
    pos = 0
    for k, e in enumerate(doc.edits):
        start, end, before = int(e["start"]), int(e["end"]), str(e["before"])
        if start < pos or doc.text[start:end] != before:
            raise ValueError(f"{doc.name}: edit {k} ({start}:{end}) does not fit the text")
        segments.append(doc.text[pos:start])
        edits.append([start, end, before, str(e["after"]), tables.rule(str(e["rule"])),
                      tables.tier(str(e["tier"])), round(float(e["score"]), 4)])
        pos = end
    segments.append(doc.text[pos:])
    return {"i": n, "n": doc.name, "p": doc.path, "r": doc.record, "f": doc.field,
            "g": doc.page, "s": round(float(doc.spin_score), 4), "h": text_sha256(doc.text),
            "o": offset, "t": segments, "e": edits}


def script_json(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028 or U+2029."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _histogram_svg(scores: Sequence[float]) -> str:
    """Inline SVG bars of spin scores in ten bins; each bar filters the page to its range."""
    counts = [0] * _BINS
    for s in scores:
        counts[min(_BINS - 1, max(0, int(s * _BINS)))] += 1
    top = max(counts) or 1
    width, height, gap = 28, 84, 4
    bars = []
    for b, c in enumerate(counts):
        h = round(height * c / top) if c else 0
        x = b * (width + gap)
        lo, hi = b / _BINS, (b + 1) / _BINS
        label = f"{lo:.1f}–{hi:.1f}: {c} document{'s' if c != 1 else ''}"
        bars.append(
            f'<g class="bar" data-lo="{lo:.1f}" data-hi="{hi:.1f}" tabindex="0" role="button"'
            f' aria-label="{html.escape(label)}"><title>{html.escape(label)}</title>'
            f'<rect class="hit" x="{x}" y="0" width="{width}" height="{height}"/>'
            f'<rect class="fill b{b}" x="{x}" y="{height - max(h, 1 if c else 0)}"'
            f' width="{width}" height="{max(h, 1 if c else 0)}" rx="3"/>'
            f'<text x="{x + width / 2}" y="{height + 14}">{c if c else ""}</text></g>')
    total_w = _BINS * (width + gap) - gap
    return (f'<svg class="hist" viewBox="0 -2 {total_w} {height + 32}" role="img"'
            f' aria-label="Histogram of spin scores">{"".join(bars)}'
            f'<line class="base" x1="0" y1="{height + .5}" x2="{total_w}" y2="{height + .5}"/>'
            f'<text class="axis" x="0" y="{height + 29}">0 clean</text>'
            f'<text class="axis end" x="{total_w}" y="{height + 29}">1 spun</text></svg>')


def _summary_html(docs: Sequence[ReviewDocument], tables: _Tables) -> str:
    """The corpus summary: score histogram (more than one document) and the top rules."""
    edits_per_rule: Counter[str] = Counter()
    docs_per_rule: Counter[str] = Counter()
    for d in docs:
        names = [str(e["rule"]) for e in d.edits]
        edits_per_rule.update(names)
        docs_per_rule.update(set(names))
    parts = []
    if len(docs) > 1:
        parts.append('<section class="panel" id="summary"><h3>Spin scores</h3>'
                     f'{_histogram_svg([d.spin_score for d in docs])}</section>')
    if edits_per_rule:
        items = []
        top = edits_per_rule.most_common(_TOP_RULES)
        peak = top[0][1]
        for name, count in top:
            glossary, _, entry = name.partition(":")
            n_docs = docs_per_rule[name]
            where = f" in {n_docs:,} doc{'s' if n_docs != 1 else ''}" if len(docs) > 1 else ""
            items.append(
                f'<li><a href="#" data-rule="{tables.rules[name]}" title="{html.escape(name)}">'
                f'<span class="rule-name">{html.escape(entry or name)}</span>'
                f'<span class="rule-meta">{html.escape(glossary)} · '
                f'{count:,} edit{"s" if count != 1 else ""}{html.escape(where)}</span>'
                f'<span class="rule-bar" style="width:{100 * count / peak:.0f}%"></span></a></li>')
        parts.append('<section class="panel" id="top-rules"><h3>Rules that fired most</h3>'
                     f'<ol class="rules">{"".join(items)}</ol></section>')
    return "".join(parts)


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Put ``values`` (already HTML) into ``{{NAME}}`` slots in one pass."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def _asset(name: str) -> str:
    """One of the page's assets (package data, so it works from a wheel or a zip too)."""
    folder = resources.files("textfix.review").joinpath("assets")
    return folder.joinpath(name).read_text(encoding="utf-8")


def render_review(documents: Iterable[ReviewDocument], *, title: str = "textfix review",
                  page_size: int = 50) -> str:
    """The review page for ``documents`` as one HTML string (write it as UTF-8).

    Edit ``k`` of the report (counting over all documents in order) is the element with
    ``data-edit="k"``; ``window.textfixReview.decisions()`` returns what the export writes.
    """
    docs = list(documents)
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    tables = _Tables()
    data_docs = []
    offset = 0
    for n, d in enumerate(docs):
        data_docs.append(_doc_data(n, d, tables, offset))
        offset += len(d.edits)
    data = {"format": FORMAT, "version": VERSION, "title": title, "pageSize": page_size,
            "rules": list(tables.rules), "tiers": list(tables.tiers),
            "glossaries": list(tables.glossaries), "ruleGlossary": tables.rule_glossary,
            "docs": data_docs}
    payload = script_json(data)
    data["key"] = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
    payload = script_json(data)
    script = _asset("review.js")
    if "</script" in script.lower():
        raise AssertionError("the page script must not contain a closing script tag")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    t = html.escape(title)
    n_edits = offset
    return "".join([
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="textfix">',
        f"<title>{t}</title><style>{_asset('review.css')}</style></head>\n<body>",
        _fill(_asset("review.html"), {"TITLE": t, "SUMMARY": _summary_html(docs, tables),
                                      "NDOCS": f"{len(docs):,}", "NEDITS": f"{n_edits:,}",
                                      "DOCWORD": "document" if len(docs) == 1 else "documents",
                                      "EDITWORD": "edit" if n_edits == 1 else "edits"}),
        f'\n<script type="application/json" id="tf-data">{payload}</script>\n',
        f"<script>{script}</script>\n</body></html>\n",
    ])
