"""Seeded generators for the throughput benchmark: glossaries, a spun corpus and its truth.

Everything is a pure function of its parameters and the seed, so two runs (or two machines)
measure the same data. Generated files are cached under ``benchmarks/.data/`` keyed by the
parameters; delete the folder to regenerate.

- Canonical words are synthetic, pronounceable and disjoint from the English filler, so the
  truth is exact: a term occurrence is the only thing that should change.
- Every synthetic word ends in a vowel, so no word is an inflected form of another.
- The corpus is JSON Lines, one document of 2 to 10 KB per line, with ``text`` (spun),
  ``truth`` (unspun) and ``occ``: ``[start, end, truth, spun]`` per term or rule occurrence,
  offsets into ``text``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Bump when the generated data changes shape, so cached files are not reused.
VERSION = 1
DATA_DIR = Path(__file__).resolve().parent / ".data"

_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
           "br", "dr", "gr", "kr", "pl", "tr", "st")
_VOWELS = ("a", "e", "i", "o", "u")
_FINALS = ("a", "i", "o", "u")
_CONNECTORS = ("of", "and", "for")
_CASES_LOWER = (("lower", 0.6), ("title", 0.25), ("upper", 0.15))
_CASES_PROPER = (("title", 0.8), ("upper", 0.2))


@dataclass(frozen=True)
class Term:
    """A canonical term: its words as written (Title Case for names) and whether it is a name."""

    words: tuple[str, ...]
    proper: bool

    @property
    def text(self) -> str:
        """The term as it should read."""
        return " ".join(self.words)


@dataclass
class GlossaryData:
    """A generated glossary: terms, synonym map and phrase rules, before TOML rendering."""

    name: str
    terms: list[Term]
    synonyms: dict[str, list[str]]
    rules: list[tuple[str, str]]
    """(spun phrase, canonical phrase)."""
    meta: dict[str, int] = field(default_factory=dict)


def filler_vocabulary(size: int = 5000) -> tuple[list[str], list[float]]:
    """Common English words (wordfreq) with Zipf-like cumulative weights for sampling."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", size * 2) if w.isascii() and w.isalpha()][:size]
    cum, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 10)
        cum.append(total)
    return words, cum


def _synthetic(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """``count`` new pronounceable lower-case words ending in a vowel, none in ``taken``."""
    out: list[str] = []
    while len(out) < count:
        syllables = rng.choice((2, 3, 3, 3, 4))
        parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables - 1)]
        word = "".join(parts) + rng.choice(_ONSETS) + rng.choice(_FINALS)
        if word not in taken:
            taken.add(word)
            out.append(word)
    return out


def make_glossary(n_terms: int, seed: int, n_rules: int = 300) -> GlossaryData:
    """A glossary of ``n_terms`` canonical terms (1 to 4 words), 1 to 3 substitutes per word,
    and ``n_rules`` phrase rules, all from ``seed``."""
    rng = random.Random(f"glossary:{n_terms}:{seed}")
    taken = set(filler_vocabulary()[0]) | set(_CONNECTORS)
    pool = _synthetic(rng, max(20, int(n_terms * 1.2)), taken)
    terms: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    while len(terms) < n_terms:
        length = rng.choice((1, 2, 2, 2, 3, 3, 4))
        words = rng.sample(pool, length)
        if length >= 3 and rng.random() < 0.15:
            words[1] = rng.choice(_CONNECTORS)
        key = tuple(words)
        if key in seen:
            continue
        seen.add(key)
        proper = rng.random() < 0.4
        if proper:
            words = [w if w in _CONNECTORS else w.capitalize() for w in words]
        terms.append(Term(tuple(words), proper))
    used = sorted({w.lower() for t in terms for w in t.words} - set(_CONNECTORS))
    synonyms = {w: _synthetic(rng, rng.choice((1, 1, 2, 2, 3)), taken) for w in used}
    rules = []
    for _ in range(n_rules):
        spun = _synthetic(rng, rng.choice((2, 3)), taken)
        canonical = _synthetic(rng, rng.choice((1, 2, 3)), taken)
        rules.append((" ".join(spun), " ".join(canonical)))
    return GlossaryData(f"bench-{n_terms}", terms, synonyms, rules,
                        {"terms": n_terms, "seed": seed})


def _q(s: str) -> str:
    return json.dumps(s)  # a JSON string of plain ASCII is a valid TOML basic string


def glossary_toml(g: GlossaryData) -> str:
    """Render a generated glossary in the textfix TOML format."""
    lines = [
        f"name = {_q(g.name)}",
        f"description = {_q('Synthetic benchmark glossary, ' + json.dumps(g.meta))}",
        'license = "CC0-1.0"',
        "terms = [",
        *(f"  {_q(t.text)}," for t in g.terms),
        "]",
        "",
        "[synonyms]",
        *(f"{w} = [{', '.join(_q(s) for s in subs)}]" for w, subs in g.synonyms.items()),
        "",
        "[phrases]",
        *(f"{_q(spun)} = {_q(canon)}" for spun, canon in g.rules),
        "",
    ]
    return "\n".join(lines)


def variants(g: GlossaryData, cap: int = 8) -> dict[str, str]:
    """Spun variants enumerated for exact matchers: lower-case spun phrase -> canonical text.

    Per term, variants with one substituted word come first, then two, and so on, up to ``cap``
    per term; base forms only (no inflection). Phrase rules are added as they are.
    """
    out: dict[str, str] = {}
    for t in g.terms:
        options = [[w.lower(), *g.synonyms.get(w.lower(), ())] for w in t.words]
        combos = [c for c in itertools.product(*(range(len(o)) for o in options)) if any(c)]
        combos.sort(key=lambda c: (sum(1 for k in c if k), c))
        for c in combos[:cap]:
            out.setdefault(" ".join(o[k] for o, k in zip(options, c, strict=True)), t.text)
    for spun, canon in g.rules:
        out.setdefault(spun, canon)
    return out


def _cased(word: str, pattern: str, proper_word: bool) -> str:
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word if proper_word else word.lower()


def _pick_case(rng: random.Random, cases: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([c for c, _ in cases], weights=[w for _, w in cases])[0]


def _zipf_weights(n: int, s: float) -> list[float]:
    """Cumulative weights of ranks 1..n under Zipf's law with exponent ``s``."""
    return list(itertools.accumulate(1.0 / (k ** s) for k in range(1, n + 1)))


def _occurrence(g: GlossaryData, rng: random.Random,
                term_weights: list[float] | None = None) -> tuple[str, str, bool]:
    """One occurrence: (written, truth, spun); terms drawn uniformly, or by ``term_weights``
    (cumulative, in the glossary's order)."""
    spin = rng.random() < 0.5
    if rng.random() < 0.1:
        spun, canon = rng.choice(g.rules)
        pattern = _pick_case(rng, _CASES_LOWER)
        truth = " ".join(_cased(w, pattern, False) for w in canon.split())
        if not spin:
            return truth, truth, False
        return " ".join(_cased(w, pattern, False) for w in spun.split()), truth, True
    if term_weights is None:
        t = rng.choice(g.terms)
    else:
        t = rng.choices(g.terms, cum_weights=term_weights)[0]
    pattern = _pick_case(rng, _CASES_PROPER if t.proper else _CASES_LOWER)
    written = list(t.words)
    if spin:
        slots = [k for k, w in enumerate(t.words) if w.lower() in g.synonyms]
        chosen = [k for k in slots if rng.random() < 0.5] or [rng.choice(slots)]
        for k in chosen:
            sub = rng.choice(g.synonyms[t.words[k].lower()])
            written[k] = sub.capitalize() if t.words[k][:1].isupper() else sub
    truth_words = [_cased(w, pattern, w[:1].isupper()) for w in t.words]
    out_words = [_cased(w, pattern, w[:1].isupper()) for w in written]
    if rng.random() < 0.1:  # a plural: the last word takes -s, spun or not
        s = "S" if pattern == "upper" else "s"
        truth_words[-1] += s
        out_words[-1] += s
    return " ".join(out_words), " ".join(truth_words), spin


def make_documents(g: GlossaryData, megabytes: float, seed: int, rate: float = 0.01,
                   zipf: float = 0.0) -> Iterator[dict[str, object]]:
    """Documents of 2 to 10 KB of English filler totalling ``megabytes``, in which about
    ``rate`` of word positions start a term or rule occurrence, half of them spun. Terms are
    drawn uniformly, or with ``zipf`` > 0 by Zipf's law over a random ranking of the terms
    (as term frequencies in real corpora fall off)."""
    rng = random.Random(f"corpus:{seed}")
    occ_rng = random.Random(f"occ:{g.name}:{seed}")
    weights = None
    if zipf > 0:  # rank the terms at random, so that rank has nothing to do with the glossary
        order = list(range(len(g.terms)))
        random.Random(f"zipf:{g.name}:{seed}").shuffle(order)
        ranked = _zipf_weights(len(order), zipf)
        per_term = [0.0] * len(order)
        for rank, idx in enumerate(order):
            per_term[idx] = ranked[rank] - (ranked[rank - 1] if rank else 0.0)
        weights = list(itertools.accumulate(per_term))
    words, cum = filler_vocabulary()
    budget = int(megabytes * 1_000_000)
    written = 0
    while written < budget:
        size = rng.randint(2000, 10000)
        text: list[str] = []
        truth: list[str] = []
        occ: list[list[object]] = []
        pos = 0
        gap = 3
        while pos < size:
            n = rng.randint(8, 24)
            sentence = rng.choices(words, cum_weights=cum, k=n)
            parts: list[tuple[str, str, bool | None]] = [(sentence[0].capitalize(), "", None)]
            for w in sentence[1:]:
                gap += 1
                if gap > 3 and occ_rng.random() < rate:
                    parts.append(_occurrence(g, occ_rng, weights))
                    gap = 0
                parts.append((w, "", None))
            for k, (out, tru, flag) in enumerate(parts):
                sep = "" if k == 0 else " "
                text.append(sep)
                truth.append(sep)
                pos += len(sep)
                if flag is None:
                    text.append(out)
                    truth.append(out)
                else:
                    occ.append([pos, pos + len(out), tru, flag])
                    text.append(out)
                    truth.append(tru)
                pos += len(out)
            ending = rng.choice((". ", ". ", ", and ", "; ", ".\n\n"))
            text.append(ending)
            truth.append(ending)
            pos += len(ending)
        doc = "".join(text)
        written += len(doc)
        yield {"text": doc, "truth": "".join(truth), "occ": occ}


def ensure_glossary(n_terms: int, seed: int) -> Path:
    """Path of the generated glossary TOML for ``n_terms`` and ``seed`` (written if missing)."""
    path = DATA_DIR / f"glossary-n{n_terms}-s{seed}-v{VERSION}.toml"
    if not path.exists():
        _write(path, glossary_toml(make_glossary(n_terms, seed)))
    return path


def ensure_variants(n_terms: int, seed: int, cap: int) -> Path:
    """Path of the enumerated variants (JSON object) for exact matchers (written if missing)."""
    path = DATA_DIR / f"variants-n{n_terms}-s{seed}-c{cap}-v{VERSION}.json"
    if not path.exists():
        _write(path, json.dumps(variants(make_glossary(n_terms, seed), cap)))
    return path


def ensure_corpus(n_terms: int, megabytes: float, seed: int, zipf: float = 0.0) -> Path:
    """Path of the generated corpus (JSON Lines) for the glossary ``n_terms`` (written if
    missing); ``zipf`` > 0 draws its terms by Zipf's law (see :func:`make_documents`)."""
    z = f"-zipf{zipf:g}" if zipf > 0 else ""
    path = DATA_DIR / f"corpus-n{n_terms}-{megabytes:g}mb-s{seed}{z}-v{VERSION}.jsonl"
    if not path.exists():
        g = make_glossary(n_terms, seed)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as fh:
            for doc in make_documents(g, megabytes, seed, zipf=zipf):
                fh.write(json.dumps(doc) + "\n")
        tmp.replace(path)
    return path


def digest(path: Path) -> str:
    """Short SHA-256 of a file, to show in reports which data was measured."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
