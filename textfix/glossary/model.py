"""The glossary data model: canonical terms, synonym maps, phrase rules with context
conditions, a learned channel model, and exceptions (see ``glossaries/README.md``).

A :class:`Glossary` is plain, immutable data; :mod:`textfix.glossary.parse` reads it from TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The tiers of an entry, strictest first: ``sure`` always applies, ``likely`` only in a
#: document whose spin score opens the gate.
TIERS = ("sure", "likely")
#: The longest entry (term, phrase, substitute, exception, condition), in words and in
#: characters: far above any real one (the shipped ones reach 9 words, 77 characters), low
#: enough that compiling and caching a glossary stays shallow and small.
MAX_ENTRY_WORDS = 64
MAX_ENTRY_CHARS = 512


class GlossaryError(ValueError):
    """A glossary failed to load or validate; the message names file, line and entry.

    >>> raise GlossaryError("bad tier 'maybe'", path="g.toml", line=3, entry="yr")
    Traceback (most recent call last):
    ...
    textfix.glossary.model.GlossaryError: g.toml:3: entry 'yr': bad tier 'maybe'
    """

    def __init__(self, problem: str, *, path: str = "<glossary>", line: int | None = None,
                 entry: str | None = None) -> None:
        self.problem, self.path, self.line, self.entry = problem, path, line, entry
        where = f"{path}:{line}" if line else path
        what = f" entry {entry!r}:" if entry is not None else ""
        super().__init__(f"{where}:{what} {problem}")


@dataclass(frozen=True, slots=True)
class Condition:
    """Context a rule needs: phrases that must (all / any) or must not occur nearby.

    ``window`` is None for the whole document, or a number of words on each side of the match.
    """

    require: tuple[str, ...] = ()
    require_any: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    window: int | None = None


@dataclass(frozen=True, slots=True)
class Term:
    """A canonical term, as text should read ("Security Consultative Meeting")."""

    text: str
    tier: str | None = None
    """None: ``sure`` when the match keeps at least one word, else decided per match."""
    proper: bool | None = None
    """Whether words keep their own case; None: words written with a capital do."""
    line: int = 0
    note: str = ""
    example: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """A phrase rule: a spun phrase and the canonical phrase it stands for."""

    spun: str
    canonical: str
    tier: str = "sure"
    condition: Condition | None = None
    score: float = 1.0
    line: int = 0
    example: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Learned:
    """A substitution learned from spun text: the spinner writes ``spun`` for ``canonical``.

    The numbers are the evidence (see ``textfix learn --spun-corpus``); the spinner model
    decides in context where to apply it, only in documents it judges spun.
    """

    spun: str
    canonical: str
    weight: float
    """Log-odds that text using the spun form is spun (its rate in spun / in clean text)."""
    canonical_weight: float = 0.0
    """The same log-odds for the canonical form (negative: clean text uses it)."""
    gain: float = 0.0
    """Mean language-model gain (natural log) of the canonical form at the spun form's places."""
    share: float = 1.0
    """Share of those places where the canonical form reads better."""
    count: int = 0
    docs: int = 0
    clean: int = 0
    source: str = ""
    examples: tuple[str, ...] = ()
    rivals: tuple[str, ...] = ()
    """Other canonical forms spun text supports ("struggle": war or fight): at each place the
    model writes the one the context prefers, and only where it clearly prefers one."""
    also: tuple[str, ...] = ()
    """Other originals the spinner writes this form for, too weakly supported by the learning
    corpus to raise the bar: each place still gets the one its context prefers."""
    line: int = 0
    confirmed: bool = True
    """False for a spinner habit the learning corpus did not confirm: it weighs nothing in
    detection and repairs only where the context reads clearly wrong with the spun form."""


@dataclass(frozen=True)
class Glossary:
    """One loaded, validated glossary file."""

    name: str
    path: str = "<glossary>"
    description: str = ""
    language: str = "en"
    source: str = ""
    license: str = ""
    terms: tuple[Term, ...] = ()
    synonyms: tuple[tuple[str, tuple[str, ...], int], ...] = ()
    """(canonical word, substitutes, line) in file order."""
    rules: tuple[Rule, ...] = ()
    exceptions: tuple[tuple[str, int], ...] = ()
    channel: tuple[tuple[str, tuple[tuple[str, int], ...], int], ...] = ()
    """(canonical word, ((written form, count), ...), line): learned counts, ``=`` for kept."""
    learned: tuple[Learned, ...] = ()
    """Substitutions learned from spun text, for the spinner model."""
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    digest: str = field(default="", compare=False)
    """Hash of the source bytes (empty for glossaries built in code): the compile-cache key."""

    def __len__(self) -> int:
        return len(self.terms) + len(self.rules) + len(self.synonyms) + len(self.learned)

    def __repr__(self) -> str:
        """Name, file and counts: the full contents would fill megabytes on one line."""
        return (f"<Glossary {self.name!r} from {self.path}: {len(self.terms)} terms, "
                f"{len(self.synonyms)} synonyms, {len(self.rules)} rules, "
                f"{len(self.learned)} learned>")
