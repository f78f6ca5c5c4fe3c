"""The Rewriter: matches -> gated selection -> edits with case and inflection carried over.

Sure matches are selected first and give the document's spin score; only when that score
passes the threshold are ``likely`` matches (ambiguous words) allowed in a second selection.
"""

from __future__ import annotations

import gc
import os
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from typing import Any

from textfix.engine.build import EditBuilder
from textfix.engine.compile import compile_glossaries
from textfix.engine.config import RewriteConfig
from textfix.engine.doc import Doc, condition_holds
from textfix.engine.edit import Edit, Result, apply_edits
from textfix.engine.match import TERM, Match, Matcher
from textfix.engine.score import gate_open, spin_score
from textfix.engine.select import add_sharing, clashes, select
from textfix.engine.tables import Compiled
from textfix.glossary.model import TIERS, Glossary
from textfix.model.spinner import FAMILY_GATE, Proposal, SpinnerModel, entries_of, undone
from textfix.text.article import article_for

#: From this length on, :meth:`Rewriter.fix` pauses the cyclic garbage collector.
_GC_PAUSE = 1 << 20
_SURE = frozenset({"sure"})
_ALL = frozenset(TIERS)

_default_glossaries: Callable[[], Sequence[Glossary]] | None = None
_named_glossary: Callable[[str | Path], Glossary] | None = None


def set_glossary_loader(loader: Callable[[str | Path], Glossary]) -> None:
    """Name how ``Rewriter(["news-spin", "my.toml"])`` loads glossaries given by shipped name
    or path: :mod:`textfix.catalog` registers its loader (the engine reads no files)."""
    global _named_glossary
    _named_glossary = loader


def _glossary(g: object) -> Glossary:
    """``g`` as a Glossary: itself, or loaded by its shipped name or path; else TypeError."""
    if isinstance(g, Glossary):
        return g
    if isinstance(g, str | os.PathLike) and _named_glossary is not None:
        return _named_glossary(g if isinstance(g, str) else Path(os.fspath(g)))
    raise TypeError(f"Rewriter() takes Glossary objects or shipped glossary names or paths, "
                    f"not {type(g).__name__} ({g!r:.60})")


def set_default_glossaries(provider: Callable[[], Sequence[Glossary]]) -> None:
    """Name where ``Rewriter(None)`` takes its glossaries from: :mod:`textfix.catalog`
    registers the shipped default set when the package is imported (the engine itself knows
    nothing of shipped files)."""
    global _default_glossaries
    _default_glossaries = provider


class Rewriter:
    """Compiled glossaries ready to repair text. Immutable, thread-safe and picklable.

    Args:
        glossaries: the glossaries to apply, in order of precedence: :class:`Glossary`
            objects, or shipped names or paths of glossary files (loaded as
            :func:`textfix.get_glossary` does); None for the shipped default set (see
            :func:`textfix.default_glossaries`).
        config: the options, a :class:`RewriteConfig` (default: its defaults).
        **options: fields of :class:`RewriteConfig` that replace those of ``config``
            (``threshold``, ``tier``, ``min_score``, ``fuzzy_cutoff``).

    Raises:
        GlossaryError: the glossaries conflict (the same spun phrase rewritten two ways, or a
            term listed twice with other settings).
        ValueError: an option is out of range (a ``tier`` that is not ``sure`` or
            ``likely``, a ``threshold`` outside 0..1).
        TypeError: an option that :class:`RewriteConfig` does not have, or a glossary that
            is neither a :class:`Glossary` nor a name or path (or one not in a list).

    >>> from textfix import parse_glossary
    >>> g = parse_glossary('''
    ... name = "demo"
    ... terms = ["Security Consultative Meeting"]
    ... [synonyms]
    ... security = ["safety"]
    ... meeting = ["assembly"]
    ... ''')
    >>> Rewriter([g]).fix("the 57th Safety Consultative Assembly (SCM)").text
    'the 57th Security Consultative Meeting (SCM)'
    """

    def __init__(self, glossaries: Sequence[Glossary] | None = None,
                 config: RewriteConfig | None = None, **options: Any) -> None:
        if glossaries is None:
            if _default_glossaries is None:  # pragma: no cover - set when textfix is imported
                raise TypeError("Rewriter() needs glossaries: no default set is registered")
            glossaries = _default_glossaries()
        if isinstance(glossaries, str | os.PathLike | Glossary):
            raise TypeError(f"Rewriter() takes a list of glossaries, not one "
                            f"{type(glossaries).__name__}: put it in a list")
        self.glossaries: tuple[Glossary, ...] = tuple(_glossary(g) for g in glossaries)
        self.config = replace(config or RewriteConfig(), **options)
        self._compiled: Compiled = compile_glossaries(self.glossaries)
        self._matcher = Matcher(self._compiled, self.config.fuzzy_cutoff,
                                self.config.assume_context)
        self._build = EditBuilder(self._compiled.rules)
        entries = entries_of(self.glossaries) if self.config.model else []
        self._model: SpinnerModel | None = SpinnerModel(entries) if entries else None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Rewriter, (self.glossaries, self.config))

    def __repr__(self) -> str:
        names = ", ".join(g.name for g in self.glossaries)
        return f"Rewriter([{names}], {self.config})"

    def fix(self, text: str) -> Result:
        """Repair ``text``: return the new text, the edits, and the spin score.

        On a text of a million characters or more the cyclic garbage collector is paused for
        the call: what it builds has no cycles, and the collector's full passes over the
        growing lists of matches would otherwise make time grow faster than the text.

        Args:
            text: the text to repair, any ``str``.

        Returns:
            A :class:`Result`: the repaired text, every :class:`Edit` made (offsets into
            ``text``, sorted and disjoint) and the spin score (0..1).

        Raises:
            TypeError: ``text`` is not a ``str`` (decode bytes first).
        """
        if not isinstance(text, str):
            raise TypeError(f"fix() takes str, not {type(text).__name__}; decode bytes first")
        if len(text) < _GC_PAUSE or not gc.isenabled():
            return self._fix(text)
        gc.disable()
        try:
            return self._fix(text)
        finally:
            gc.enable()

    def _fix(self, text: str) -> Result:
        model = self._model
        doc, matches, pending = self._matcher.match(text)
        # a Doc split whole has the keys the model counts; a sparse one is scanned again
        table, family = (model.scores(text, doc.keys if doc.low is None else None)
                         if model is not None else (0.0, 0.0))
        prior = max(table, family)
        if not matches and not gate_open(prior, self.config):
            return Result(text, (), prior)
        edits, score = self._choose(doc, matches, prior) if matches else ([], prior)
        while pending and edits:
            # a rule whose context was missing may find it in what the other edits wrote; take
            # it now, or fixing the output again would (conditions hold on the final text)
            woken, pending = self._woken(doc, pending, apply_edits(text, edits), edits)
            if not woken:
                break
            matches += woken
            edits, score = self._choose(doc, matches, prior)
        output = apply_edits(text, edits) if edits else text
        if model is not None and gate_open(score, self.config):
            more = self._model_edits(text, output, edits, model, family >= FAMILY_GATE)
            if more:
                edits = sorted(edits + more)
                output = apply_edits(text, edits)
        if not edits:
            return Result(text, (), score)
        return Result(output, tuple(edits), score)

    def _model_edits(self, text: str, output: str, edits: list[Edit],
                     model: SpinnerModel, family: bool) -> list[Edit]:
        """The spinner model's repairs of ``output`` (the glossaries' repair of ``text``), as
        edits of ``text``: none touches a word another edit wrote."""
        protected, shifts, ends = [], [0], []
        shift = 0
        for e in edits:
            a = e.start + shift
            protected.append((a, a + len(e.after)))
            shift += len(e.after) - (e.end - e.start)
            ends.append(a + len(e.after))
            shifts.append(shift)
        out = []
        taken_starts = [e.start for e in edits]
        taken_ends = [e.end for e in edits]
        min_score = self.config.min_score
        seen = undone((e.before, e.after) for e in edits if e.tier == "sure")
        for p in model.proposals(output, protected, family, seen):
            d = shifts[bisect_right(ends, p.start)]
            edit = _model_edit(text, p, p.start - d, p.end - d)
            if edit.score >= min_score and not clashes(taken_starts, taken_ends,
                                                       edit.start, edit.end):
                out.append(edit)
        return out

    def _choose(self, doc: Doc, matches: list[Match], prior: float = 0.0
                ) -> tuple[list[Edit], float]:
        """Select matches (sure first; likely too when the spin score opens the gate). The
        score is the greater of the sure evidence and ``prior`` (the spinner model's)."""
        tiers = _SURE
        chosen = select(matches, tiers)
        spun = [m for m in chosen if m.spun]
        score = max(prior, spin_score(sum(m.end - m.start for m in spun),
                                      len({(m.kind, m.ref) for m in spun}), doc.words))
        if gate_open(score, self.config) and any(m.tier == "likely" for m in matches):
            tiers = _ALL
            chosen = select(matches, tiers)
        edits_of = self._build.edits
        edits = [e for m in chosen if m.spun for e in edits_of(doc, m)]
        if len(chosen) < len(matches):
            edits = add_sharing(doc, matches, chosen, tiers, edits, edits_of)
        return [e for e in edits if e.score >= self.config.min_score], score

    def _woken(self, doc: Doc, pending: list[Match], output: str, edits: list[Edit]
               ) -> tuple[list[Match], list[Match]]:
        """The ``pending`` rule matches whose condition holds on ``output`` (their own words as
        is), and those still pending."""
        out_doc = Doc(output)
        starts = {out_doc.start(j): j for j in range(out_doc.n)}
        # edits are sorted and disjoint: bisections and running sums, not a scan per match
        e_starts = [e.start for e in edits]
        e_ends = [e.end for e in edits]
        shifts = list(accumulate((len(e.after) - (e.end - e.start) for e in edits), initial=0))
        woken, still = [], []
        for m in pending:
            a, b = doc.start(m.start), doc.end(m.end - 1)
            if clashes(e_starts, e_ends, a, b):
                still.append(m)
                continue  # another edit took these words
            j = starts.get(a + shifts[bisect_right(e_ends, a)])
            cond = self._compiled.rules[m.ref].condition
            if j is not None and condition_holds(cond, out_doc, j, j + m.end - m.start):
                woken.append(m)
            else:
                still.append(m)
        return woken, still

    def spun_readings(self, text: str) -> list[tuple[str, str, str, bool]]:
        """Every spun reading of ``text`` before selection: (rule, before, after, is_term).

        Used to validate glossaries: a canonical term must have no spun reading but its own.
        """
        doc = Doc(text)
        out = []
        for m in self._matcher.find(doc):
            if m.spun:
                for e in self._build.edits(doc, m):
                    out.append((e.rule, e.before, e.after, m.kind == TERM))
        return out

    def detect(self, text: str) -> float:
        """How spun ``text`` looks, 0..1, from sure evidence only.

        Args:
            text: the text to score, any ``str``.

        Returns:
            The spin score of :meth:`fix`: 0.0 when no sure spun match is found, towards 1.0
            as sure spun matches grow denser and more distinct entries agree.

        Raises:
            TypeError: ``text`` is not a ``str``.

        >>> from textfix import get_glossary
        >>> Rewriter([get_glossary("news-spin")]).detect("The ministers met in Seoul.")
        0.0
        """
        return self.fix(text).spin_score


def _model_edit(text: str, p: Proposal, start: int, end: int) -> Edit:
    """The edit of ``text[start:end]`` for a model proposal, taking along an article that no
    longer fits ("an assembly" -> "a meeting")."""
    score = round(p.gain / (p.gain + 2.0), 4)
    k = start
    while k and text[k - 1] in " \t":
        k -= 1
    j = k
    # an article is one or two letters: a longer word is not walked to its start
    while j and k - j < 3 and text[j - 1].isalpha():
        j -= 1
    article = text[j:k]
    if k < start and article.lower() in ("a", "an") and (j == 0 or not text[j - 1].isalnum()):
        new = article_for(article, p.before, p.after)
        if new is not None:
            return Edit(j, end, text[j:end], new + text[k:start] + p.after, p.entry.rule,
                        "likely", score)
    return Edit(start, end, p.before, p.after, p.entry.rule, "likely", score)
