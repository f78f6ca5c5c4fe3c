"""Learn a spinner's substitutions from its output alone (no originals needed).

A spinner is consistent: one site writes "mentioned" for "said" everywhere, and its words are
unlikely in their context while the words they replaced are not. So, over a corpus of spun
text (and, optionally, clean text to contrast with):

1. every word and short phrase of the spun text that has candidate originals (from the shipped
   habit list and the WordNet thesaurus, inflected like the spun word) is a *spun form*;
2. at each of its places, the language model compares the text as written with the text where
   the candidate stands instead; the candidate the contexts prefer on average wins;
3. a spun form is kept when the contexts clearly prefer its original (mean gain, share of
   places that agree), when spun text uses it more than clean text does, and, for a thesaurus
   guess with no habit behind it, when several documents agree;
4. each kept entry carries its evidence: counts, documents, gain, share, and the log-odds that
   detection weighs it by.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from wordfreq import word_frequency

from textfix.model.lm import LanguageModel
from textfix.model.sources import habits, synonym_count, thesaurus_candidates
from textfix.model.spinner import unchained
from textfix.text.tokenize import phrase_keys, tokenize

#: The least spun text worth learning from.
MIN_WORDS = 1000
#: Places scored per (spun form, candidate): enough to average over, bounded in time.
MAX_PLACES = 80
#: Other originals an entry keeps beside its canonical form, for the model to choose from.
MAX_RIVALS = 3
#: Weight of the channel term (the log of the original's synonym count) in ranking thesaurus
#: guesses.
CHANNEL = 1.0
#: Longest spun form looked for, in words.
MAX_WORDS = 4
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_PRIOR = {"habits": 1.0, "corpus-notes": 1.0}
_PAIR_PRIOR = 1.5


class LearnError(ValueError):
    """The corpus cannot teach anything (too little text, nothing readable)."""


@dataclass
class SpunEvidence:
    """One learned substitution and the evidence for it."""

    spun: str
    canonical: str
    count: int
    """Places of the spun form in the spun corpus."""
    docs: int
    """Spun documents it occurs in."""
    clean: int
    """Places of the spun form in the clean corpus."""
    gain: float
    """Mean language-model gain (natural log) of the canonical over the spun form."""
    share: float
    """Share of the places where the canonical reads better."""
    weight: float
    """Log-odds that text using the spun form is spun."""
    canonical_weight: float
    """The same for the canonical form."""
    source: str
    """Where the candidate came from: a habit source name, or "thesaurus"."""
    examples: list[str] = field(default_factory=list)
    confirmed: bool = True
    """False for a habit the corpus did not confirm (see :func:`confirmed`)."""
    also: tuple[str, ...] = ()
    """Other habit originals the contexts support less: written only where a context prefers
    one clearly (the bar stays the entry's own)."""
    rivals: tuple[str, ...] = ()
    """Other canonical forms the contexts support ("maintain": keep or hold); at each place
    the model writes the one the context clearly prefers."""


def _sentences(texts: Iterable[str], progress: Callable[[], None] | None
               ) -> tuple[list[tuple[int, list[str], list[str]]], int]:
    """(document index, keys, words as written) of every sentence, and the document count."""
    out = []
    n = 0
    for n, text in enumerate(texts, 1):
        for piece in _SENTENCE.split(text):
            toks = tokenize(piece)
            if toks:
                out.append((n, [t.stem for t in toks], [t.text for t in toks]))
        if progress is not None:
            progress()
    return out, n


def _index(sents: Sequence[tuple[int, list[str], list[str]]],
           forms: set[tuple[str, ...]]) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Places (sentence, word) of every unigram and of the multi-word ``forms``."""
    firsts: dict[str, set[int]] = defaultdict(set)
    for f in forms:
        if len(f) > 1:
            firsts[f[0]].add(len(f))
    places: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for k, (_doc, keys, _words) in enumerate(sents):
        for i, w in enumerate(keys):
            places[(w,)].append((k, i))
            for n in firsts.get(w, ()):
                key = tuple(keys[i:i + n])
                if len(key) == n and key in forms:
                    places[key].append((k, i))
    return places


def _rate(count: int, total: int) -> float:
    return (count + 0.5) / max(total, 1)


def _general(phrase: str) -> float:
    f = 1.0
    for w in phrase.split():
        f *= word_frequency(w, "en")
    return max(f, 1e-7)


def learn_spun(spun_texts: Iterable[str], clean_texts: Iterable[str] = (), *,
               exclude: Sequence[str] = (), candidates: Iterable[tuple[str, str]] = (),
               examples: bool = True,
               lm: LanguageModel | None = None,
               progress: Callable[[], None] | None = None) -> list[SpunEvidence]:
    """Learn substitutions from spun text (and clean text to contrast with).

    Args:
        spun_texts: documents that went through a spinner.
        clean_texts: documents that did not (optional; general English word frequencies
            stand in for them).
        exclude: habit sources to leave out (``"pair:NAME"`` when measuring on that pair).
        candidates: more (canonical, spun) candidates, e.g. aligned from original/spun pairs.
        examples: keep up to two short contexts per entry (leave out for data that ships).
        lm: the language model (default: the shipped one).
        progress: called once per document read.

    Returns:
        The kept entries, surest first.

    Raises:
        LearnError: the spun text has fewer than :data:`MIN_WORDS` words.
    """
    lm = lm or LanguageModel.load()
    spun, _n_docs = _sentences(spun_texts, progress)
    clean, _ = _sentences(clean_texts, progress)
    n_spun = sum(len(k) for _, k, _ in spun)
    if n_spun < MIN_WORDS:
        raise LearnError(f"the spun corpus has {n_spun} words; at least {MIN_WORDS} are needed")
    n_clean = sum(len(k) for _, k, _ in clean)

    guesses: dict[tuple[str, ...], dict[str, tuple[float, str]]] = defaultdict(dict)
    skip = set(exclude)
    extra = [(c.lower(), f.lower(), "aligned") for c, f in candidates]
    for canonical, form, source in (*habits(), *extra):
        if source in skip or canonical == form:
            continue
        prior = _PRIOR.get(source, _PAIR_PRIOR)
        key = tuple(form.split())
        if len(key) <= MAX_WORDS and prior > guesses[key].get(canonical, (-1.0, ""))[0]:
            guesses[key][canonical] = (prior, source)
    places = _index(spun, set(guesses))
    clean_places = _index(clean, set(guesses)) if clean else {}
    for key, where in places.items():
        word = key[0]
        if len(key) > 1 or len(where) < 2 or not word.isalpha() or len(word) < 3:
            continue
        for c in thesaurus_candidates(word):
            guesses[key].setdefault(c, (0.0, "thesaurus"))

    out = []
    for key, cands in guesses.items():
        where = places.get(key, [])
        form = " ".join(key)
        n = len(where)
        n_c = len(clean_places.get(key, ())) if clean else 0
        p_spun = _rate(n, n_spun)
        p_clean = (0.5 * _rate(n_c, n_clean) + 0.5 * _general(form)) if clean else _general(form)
        contrast = math.log(p_spun / p_clean)
        if where:
            docs = len({spun[k][0] for k, _ in where})
            sample = where[:MAX_PLACES]
            scored = []
            for canonical, (prior, source) in cands.items():
                repl = canonical.split()
                gains = [lm.gain(spun[k][1], i, i + len(key), repl) for k, i in sample]
                mean = sum(gains) / len(gains)
                share = sum(g > 0 for g in gains) / len(gains)
                scored.append((rank(mean, prior, canonical, source), mean, share, canonical,
                               prior, source))
            scored.sort(key=lambda r: (-r[0], r[3]))
            _rank, mean, share, canonical, prior, source = scored[0]
            # other originals the contexts support: a habit's, or a thesaurus guess nearly
            # as good as the best (the model chooses among them at each place)
            rivals = tuple(r[3] for r in scored[1:] if r[4] > 0 and r[1] >= mean - 2.5
                           and r[1] > 1.0)[:MAX_RIVALS]
            also = tuple(r[3] for r in scored[1:] if r[4] > 0 and r[1] > 1.0
                         and r[3] not in rivals)[:MAX_RIVALS]
        else:
            # a habit the corpus never shows: kept unconfirmed when it has one original
            habit = [(c, ps) for c, ps in cands.items() if ps[0] > 0]
            if len(habit) != 1:
                continue
            docs, mean, share, rivals, also = 0, 0.0, 0.0, (), ()
            canonical, (prior, source) = habit[0]
        c_key = tuple(canonical.split())
        c_n = len(places.get(c_key, ())) if len(c_key) == 1 else 0
        c_clean = len(clean_places.get(c_key, ())) if clean and len(c_key) == 1 else 0
        c_clean_rate = ((0.5 * _rate(c_clean, n_clean) + 0.5 * _general(canonical)) if clean
                        else _general(canonical))
        canonical_weight = math.log(_rate(c_n, n_spun) / c_clean_rate)
        ev = SpunEvidence(form, canonical, n, docs, n_c, round(mean, 3), round(share, 3),
                          round(contrast, 3), round(canonical_weight, 3), source, rivals=rivals,
                          also=also)
        ev.confirmed = confirmed(ev.gain, ev.share, ev.weight, n, docs, source)
        if not ev.confirmed and (prior <= 0 or _contradicted(ev)):
            continue
        if examples:
            for k, i in where[:2]:
                words = spun[k][2]
                ev.examples.append(" ".join(words[max(0, i - 3):i + len(key) + 3]))
        out.append(ev)
    # confirmed entries first (surest first), then the unconfirmed habits
    out.sort(key=lambda e: (not e.confirmed, -(e.gain * min(e.weight, 3.0)), e.spun))
    return _acyclic(out)


def rank(gain: float, prior: float, canonical: str, source: str) -> float:
    """How well a candidate original explains a spun form: its mean language-model gain at the
    form's places, a habit's prior, and for a thesaurus guess the chance that a spinner picking
    one synonym of ``canonical`` picked this one (an original with many senses, "make", made
    "attain" far less often than "reach" did; the language model alone prefers common words).

    >>> rank(3.0, 0.0, "make", "thesaurus") < rank(3.0, 0.0, "reach", "thesaurus")
    True
    >>> rank(3.0, 1.0, "make", "habits")
    5.0
    """
    channel = (CHANNEL * math.log(max(synonym_count(canonical), 1))
               if source == "thesaurus" else 0.0)
    return gain + 2.0 * prior - channel


def confirmed(gain: float, share: float, weight: float, count: int, docs: int,
              source: str) -> bool:
    """Whether the evidence learned for an entry is strong enough to repair with on its own.

    Contexts must prefer the original (mean gain, share of places), spun text must use the form
    more than clean text does, and a thesaurus guess with no habit behind it needs several
    documents or nonsense in every context. A spinner habit that falls short is kept as an
    *unconfirmed* entry, which repairs only where the context reads clearly wrong with it.

    >>> confirmed(2.0, 0.9, 1.0, 5, 3, "habits"), confirmed(2.0, 0.9, 1.0, 1, 1, "habits")
    (True, False)
    """
    if gain < 1.0 or share < 0.7 or weight < 0.5 or count < 2:
        return False
    if source != "thesaurus":
        return True
    return (docs >= 3 and gain >= 2.5) or (gain >= 5.0 and share >= 0.9)


def confirmed_note(entries: Sequence[SpunEvidence]) -> str:
    """How many ``entries`` the text confirmed, for a one-line report.

    >>> confirmed_note([SpunEvidence("yr", "year", 12, 5, 0, 6.1, 1.0, 3.2, -2.0, "habits")])
    '1 confirmed by the text, 0 habits kept unconfirmed'
    """
    sure = sum(e.confirmed for e in entries)
    return f"{sure} confirmed by the text, {len(entries) - sure} habits kept unconfirmed"


def _contradicted(ev: SpunEvidence) -> bool:
    """Whether spun contexts speak against an unconfirmed habit: seen in enough places, and
    its original does not read better in most of them."""
    return ev.count >= 3 and (ev.gain < 0.0 or ev.share < 0.5)


def _acyclic(entries: list[SpunEvidence]) -> list[SpunEvidence]:
    """Drop entries whose output another entry would rewrite, or whose form is an output or
    inside one (see :func:`textfix.model.spinner.unchained`)."""
    keep = unchained((phrase_keys(e.spun), phrase_keys(e.canonical)) for e in entries)
    return [e for e, ok in zip(entries, keep, strict=True) if ok]


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_learned(entries: Sequence[SpunEvidence], name: str, *, description: str = "",
                   source: str = "", license: str = "") -> str:
    """A glossary file (TOML) holding ``entries`` as ``[learned."spun form"]`` tables.

    >>> e = SpunEvidence("yr", "year", 12, 5, 0, 6.1, 1.0, 3.2, -2.0, "habits")
    >>> print(render_learned([e], "demo").splitlines()[-10])
    [learned."yr"]
    """
    head = [f"name = {_toml_str(name)}"]
    if description:
        head.append(f"description = {_toml_str(description)}")
    if source:
        head.append(f"source = {_toml_str(source)}")
    if license:
        head.append(f"license = {_toml_str(license)}")
    out = ["# Learned from spun text by `textfix learn --spun-corpus`. Each entry: the spun form,",
           "# its canonical form, and the evidence for it (see glossaries/README.md).", *head, ""]
    for e in entries:
        out += [f"[learned.{_toml_str(e.spun)}]",
                f"canonical = {_toml_str(e.canonical)}",
                f"count = {e.count}", f"docs = {e.docs}", f"clean = {e.clean}",
                f"gain = {e.gain}", f"share = {e.share}", f"weight = {e.weight}",
                f"canonical_weight = {e.canonical_weight}", f"source = {_toml_str(e.source)}"]
        if e.rivals:
            out.append("rival = [" + ", ".join(_toml_str(r) for r in e.rivals) + "]")
        if e.also:
            out.append("also = [" + ", ".join(_toml_str(r) for r in e.also) + "]")
        if not e.confirmed:
            out.append("confirmed = false")
        if e.examples:
            out.append("examples = [" + ", ".join(_toml_str(x) for x in e.examples) + "]")
        out.append("")
    return "\n".join(out)
