"""Learn a glossary from aligned examples: original and spun versions of the same text.

Each pair is aligned word by word; every changed region is a substitution seen in a context.
A word substitution seen in at least two different contexts becomes a synonym-map entry (so it
also applies inside canonical terms never seen spun); phrase substitutions, and word ones seen
only once, become phrase rules with an example and their provenance. Per-word counts of what the
spinner kept and wrote go into a ``[channel]`` table. Entries whose output another entry would
rewrite again are dropped (and counted), so the result always loads.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from textfix.catalog import parse_glossary
from textfix.engine.check import validation_rewriter
from textfix.glossary.model import Glossary, GlossaryError
from textfix.glossary.parse import parse_toml
from textfix.learn.align import gaps
from textfix.learn.evaluate import Pair
from textfix.text.inflect import word_forms
from textfix.text.separators import ENTRY_GLUE
from textfix.text.tokenize import WORD, Token, normalize_key, phrase_keys, tokenize

_SPACES = re.compile(r"\s+")
#: Spun phrases made only of words at least this common (Zipf scale) are learned with the words
#: around them, so "time period" -> "term" does not fire on every "time period".
COMMON_ZIPF = 5.0
#: Words kept on each side of a word substitution to find the canonical term it was part of.
TERM_WINDOW = 8
#: Words of context kept on each side in a rule's example.
EXAMPLE_WORDS = 4
#: Language-model gain (natural log) a term needs over every reading of it made only of
#: substitutes to be written ``sure``: the context must be clearly wrong with the spun words,
#: the bar the spinner model sets for forms clean text also uses.
SURE_GAIN = 6.0
#: Terms with more readings made only of substitutes than this keep the per-match tier.
MAX_READINGS = 4096


@dataclass
class Seen:
    """Where a substitution was seen: file, line and a short spun example."""

    source: str
    line: int
    example: str


@dataclass
class _Phrase:
    """One spun phrase and the canonical phrases it stood for, with counts and provenance."""

    spun: str
    canonical: Counter[str] = field(default_factory=Counter)
    seen: list[Seen] = field(default_factory=list)


@dataclass
class Harvest:
    """Everything collected from the pairs before entries are chosen."""

    pairs: int = 0
    phrases: dict[tuple[str, ...], _Phrase] = field(default_factory=dict)
    """Multi-word substitutions, by the keys of the spun phrase."""
    singles: dict[str, _Phrase] = field(default_factory=dict)
    """One word replaced by one word, by spun key."""
    contexts: dict[tuple[str, str], set[tuple[str, ...]]] = field(
        default_factory=lambda: defaultdict(set))
    """(canonical word, spun word) -> distinct contexts (left word, canonical block, right word)."""
    word_seen: dict[tuple[str, str], list[Seen]] = field(default_factory=lambda: defaultdict(list))
    windows: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = field(
        default_factory=lambda: defaultdict(list))
    """(canonical word, spun word) -> original words around it and its index among them."""
    channel: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """canonical word -> written form (``=`` kept) -> count."""
    lower: set[str] = field(default_factory=set)
    """Keys written in lower case somewhere in the originals (so not names)."""
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass
class LearnedRule:
    """A phrase rule about to be written."""

    spun: str
    canonical: str
    tier: str
    count: int
    seen: Seen


@dataclass
class Learned:
    """A learned glossary: its entries and the counts of what was dropped and why."""

    name: str
    sources: list[str]
    pairs: int
    terms: list[str] = field(default_factory=list)
    terms_tier: str | None = None
    """Tier written for every term; None lets each match decide (sure when a word is kept)."""
    sure_terms: set[str] = field(default_factory=set)
    """Terms written ``sure`` (when ``terms_tier`` is None): the language model reads each
    clearly better than every reading of it made only of substitutes (see ``_sure_terms``)."""
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    synonym_notes: dict[str, str] = field(default_factory=dict)
    rules: list[LearnedRule] = field(default_factory=list)
    channel: dict[str, dict[str, int]] = field(default_factory=dict)
    stats: Counter[str] = field(default_factory=Counter)

    def to_toml(self) -> str:
        """The glossary file, with provenance in ``source`` fields and comments."""
        return render(self)

    def glossary(self) -> Glossary:
        """Parse and validate the written file (raises :class:`GlossaryError` if it fails)."""
        return parse_glossary(self.to_toml(), path=f"<{self.name}>")


# -- harvesting ------------------------------------------------------------------------------
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _weak(toks: Sequence[Token]) -> bool:
    """A phrase made only of common words: not evidence of spinning on its own."""
    return all(_zipf(t.text) >= COMMON_ZIPF for t in toks)


def _key(tok: Token, strip: bool) -> str:
    return tok.stem if strip else tok.key


def _text(text: str, toks: Sequence[Token], strip_last: bool) -> str:
    """The words of ``toks`` as written, separators kept (whitespace collapsed), a trailing
    possessive dropped if ``strip_last``."""
    parts: list[str] = []
    for k, t in enumerate(toks):
        last = k == len(toks) - 1
        parts.append(t.text[: len(t.text) - len(t.suffix)] if strip_last and last else t.text)
        if not last:
            sep = text[t.end : toks[k + 1].start]
            parts.append(_SPACES.sub(" ", sep))
    return "".join(parts)


def _clean_glue(phrase: str) -> bool:
    """Whether the phrase can be a glossary entry (words joined by light punctuation)."""
    return bool(WORD.search(phrase)) and bool(ENTRY_GLUE.match(WORD.sub("", phrase)))


def _example(text: str, toks: Sequence[Token], i1: int, i2: int) -> str:
    lo, hi = max(i1 - EXAMPLE_WORDS, 0), min(i2 + EXAMPLE_WORDS, len(toks))
    start = toks[lo].start
    end = toks[hi - 1].end
    line_start = text.rfind("\n", 0, toks[i1].start) + 1
    line_end = text.find("\n", toks[i2 - 1].end)
    start = max(start, line_start)
    end = min(end, line_end) if line_end >= 0 else end
    return " ".join(text[start:end].split())


def harvest(pairs: Iterable[Pair], into: Harvest | None = None) -> Harvest:
    """Align each pair and collect its substitutions, contexts, counts and examples."""
    h = into or Harvest()
    for pair in pairs:
        h.pairs += 1
        o_toks, s_toks = tokenize(pair.original), tokenize(pair.spun)
        o_keys, s_keys = [t.key for t in o_toks], [t.key for t in s_toks]
        h.lower.update(t.key for t in o_toks if not any(c.isupper() for c in t.text))
        changed: set[int] = set()
        for g in gaps(s_keys, o_keys):
            changed.update(range(g.b_start, g.b_end))
            _substitution(h, pair, o_toks, s_toks, g.a_start, g.a_end, g.b_start, g.b_end)
        for j, t in enumerate(o_toks):
            if j not in changed:
                h.channel[t.stem]["="] += 1
    return h


def _substitution(h: Harvest, pair: Pair, o_toks: list[Token], s_toks: list[Token],
                  i1: int, i2: int, j1: int, j2: int) -> None:
    """Record the changed region spun[i1:i2] <- original[j1:j2]."""
    if i1 == i2:
        h.skipped["words the spinner dropped"] += 1
        return
    line = pair.line + pair.spun.count("\n", 0, s_toks[i1].start)
    seen = Seen(pair.source or pair.name, line, _example(pair.spun, s_toks, i1, i2))
    o_block, s_block = o_toks[j1:j2], s_toks[i1:i2]
    left = o_toks[j1 - 1].stem if j1 else ""
    right = o_toks[j2].stem if j2 < len(o_toks) else ""
    single = len(o_block) == len(s_block) == 1
    weak = _weak(s_block)
    if len(o_block) == len(s_block) and (single or not weak):
        block = tuple(t.stem for t in o_block)
        for at, (o, s) in enumerate(zip(o_block, s_block, strict=True), start=j1):
            strip = bool(o.suffix and s.suffix)
            ok, sk = _key(o, strip), _key(s, strip)
            if ok != sk and o.stem != s.stem:
                h.contexts[(ok, sk)].add((left, *block, right))
                h.word_seen[(ok, sk)].append(seen)
                lo = max(at - TERM_WINDOW, 0)
                h.windows[(ok, sk)].append(
                    (tuple(t.stem for t in o_toks[lo : at + TERM_WINDOW + 1]), at - lo))
                h.channel[ok][sk] += 1
        if single and not weak:
            o, s = o_block[0], s_block[0]
            strip = bool(o.suffix and s.suffix)
            ph = h.singles.setdefault(_key(s, strip), _Phrase(_key(s, strip)))
            ph.canonical[_text(pair.original, o_block, strip)] += 1
            ph.seen.append(seen)
            return
    _phrase_rule(h, pair, o_toks, s_toks, i1, i2, j1, j2, seen)


def _phrase_rule(h: Harvest, pair: Pair, o_toks: list[Token], s_toks: list[Token],
                 i1: int, i2: int, j1: int, j2: int, seen: Seen) -> None:
    """Record a phrase substitution, with the words around it when it is weak on its own."""
    if j1 == j2 or _weak(s_toks[i1:i2]):
        if i1 == 0 or i2 == len(s_toks) or j1 == 0 or j2 == len(o_toks):
            h.skipped["weak phrases at an edge"] += 1
            return
        i1, i2, j1, j2 = i1 - 1, i2 + 1, j1 - 1, j2 + 1
    s_block, o_block = s_toks[i1:i2], o_toks[j1:j2]
    strip = bool(s_block[-1].suffix and o_block[-1].suffix)
    spun = _text(pair.spun, s_block, strip).lower()
    canonical = _text(pair.original, o_block, strip)
    if "\n" in pair.spun[s_block[0].start : s_block[-1].end] or not (
        _clean_glue(spun) and _clean_glue(canonical)
    ):
        h.skipped["phrases across punctuation or lines"] += 1
        return
    keys = phrase_keys(spun)
    ph = h.phrases.setdefault(keys, _Phrase(spun))
    ph.canonical[canonical] += 1
    ph.seen.append(seen)


# -- choosing entries ------------------------------------------------------------------------
def _in_term(windows: list[tuple[tuple[str, ...], int]], terms: set[tuple[str, ...]]) -> bool:
    """Whether a listed canonical term of several words covers the word in one of its windows
    (the original said "immune reaction", a listed term: the substitution belongs to it)."""
    for words, at in windows:
        for i in range(at + 1):
            for j in range(at + 1, len(words) + 1):
                if j - i > 1 and words[i:j] in terms:
                    return True
    return False


def _cased(phrase: str, lower: set[str]) -> str:
    """Lower-case the words of a learned canonical phrase that are not names."""
    return WORD.sub(lambda m: m.group() if normalize_key(m.group()) not in lower and any(
        c.isupper() for c in m.group()) else m.group().lower(), phrase)


def _winner(ph: _Phrase, lower: set[str], stats: Counter[str]) -> tuple[str, int] | None:
    """The canonical phrase most often seen for a spun phrase; None when two tie."""
    merged: Counter[str] = Counter()
    for c, n in ph.canonical.items():
        merged[_cased(c, lower)] += n
    ranked = merged.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        stats["ambiguous spun forms dropped"] += 1
        return None
    if len(ranked) > 1:
        stats["minority readings dropped"] += sum(merged.values()) - ranked[0][1]
    return ranked[0]


def choose(h: Harvest, name: str = "learned", terms: Sequence[str] = (),
           min_contexts: int = 2, sources: Sequence[str] = (),
           terms_tier: str | None = None) -> Learned:
    """Turn a harvest into glossary entries, then drop the ones that would break idempotence."""
    out = Learned(name, list(sources), h.pairs, terms_tier=terms_tier)
    out.stats.update(h.skipped)
    seen_terms: set[tuple[str, ...]] = set()
    for t in terms:
        t = " ".join(t.split())
        keys = phrase_keys(t)
        if not t or keys in seen_terms:
            continue
        if not _clean_glue(t):
            out.stats["terms that cannot be tokenized"] += 1
            continue
        seen_terms.add(keys)
        out.terms.append(t)
    for (c, s), ctx in sorted(h.contexts.items()):
        if not (_clean_glue(c) and _clean_glue(s)):
            continue
        first = h.word_seen[(c, s)][0]
        if len(ctx) >= min_contexts:
            note = f"{s}: {len(ctx)} contexts, e.g. {first.source}:{first.line}"
        elif _in_term(h.windows[(c, s)], seen_terms):
            note = f"{s}: inside a listed term, e.g. {first.source}:{first.line}"
        else:
            continue
        out.synonyms.setdefault(c, []).append(s)
        out.synonym_notes[c] = "; ".join(filter(None, [out.synonym_notes.get(c), note]))
    in_map = {(c, s) for c, subs in out.synonyms.items() for s in subs}
    cands: dict[tuple[str, ...], _Phrase] = {}
    for ph in [*h.singles.values(), *h.phrases.values()]:
        merged = cands.setdefault(phrase_keys(ph.spun), _Phrase(ph.spun))
        merged.canonical.update(ph.canonical)
        merged.seen += ph.seen
    for keys, ph in sorted(cands.items()):
        win = _winner(ph, h.lower, out.stats)
        if win is None or (len(keys) == 1 and (normalize_key(win[0]), keys[0]) in in_map):
            continue
        if _clean_glue(ph.spun) and _clean_glue(win[0]):
            tier = "sure" if len(keys) > 1 else "likely"
            out.rules.append(LearnedRule(ph.spun, win[0], tier, win[1], ph.seen[0]))
    forms = {s for subs in h.channel.values() for s in subs if s != "="}
    for word, counts in sorted(h.channel.items()):
        if (word in forms or set(counts) - {"="}) and _clean_glue(word) and all(
            f == "=" or _clean_glue(f) for f in counts
        ):
            out.channel[word] = dict(sorted(counts.items()))
    _drop_rewritten(out)
    if terms_tier is None:
        out.sure_terms = _sure_terms(out)
        out.stats["terms sure: no reading of substitutes alone reads as English"] += len(
            out.sure_terms)
    return out


def _sure_terms(out: Learned, min_gain: float = SURE_GAIN) -> set[str]:
    """Terms of several words that read as clearly better English than every reading of them
    made only of substitutes: such a reading ("fleecy rationale" for "fuzzy logic") is not
    what clean text writes, so it is spin evidence enough to be ``sure``; a term with one
    natural reading ("harmful impact" for "toxic effects") keeps the per-match tier."""
    from textfix.model.lm import LanguageModel

    lm = LanguageModel.load()
    subs = {c: [_lm_words(s) for s in ss] for c, ss in out.synonyms.items()}
    sure: set[str] = set()
    for t in out.terms:
        keys = phrase_keys(t)
        if len(keys) < 2 or any(k not in subs for k in keys):
            continue  # a word without substitutes is always kept, so every reading has it
        if math.prod(len(subs[k]) for k in keys) > MAX_READINGS:
            continue
        canon = [w for k in keys for w in _lm_words(k)]
        best = lm.score(canon, 0, len(canon)) - min_gain
        if all(lm.score(r, 0, len(r)) <= best
               for r in ([w for ws in combo for w in ws]
                         for combo in itertools.product(*(subs[k] for k in keys)))):
            sure.add(t)
    return sure


def _lm_words(phrase: str) -> list[str]:
    """The words of a phrase as the language model spells them (hyphenated parts apart)."""
    return [w for k in phrase_keys(phrase) for w in k.split("-") if w]


def _drop_rewritten(out: Learned, rounds: int = 50) -> None:
    """Remove entries until no term has a spun reading but its own and no rule output is
    rewritten again (what validation requires), then validate."""
    _drop_overlapping(out)
    for _ in range(rounds):
        rw = validation_rewriter([parse_toml(render(out), path=f"<{out.name}>")])
        progress = False
        rule_keys = {phrase_keys(r.spun) for r in out.rules}
        unexplained: list[str] = []
        for t in list(out.terms):
            own = f"{out.name}:{t}"
            for rule, before, after, is_term in rw.spun_readings(t):
                if is_term and rule == own:
                    continue
                acted = _blame(out, rule, before, after, rule_keys)
                progress = progress or acted
                if not acted and t not in unexplained:
                    unexplained.append(t)
        for r in list(out.rules):
            if r in out.rules and rw.fix(r.canonical).edits:
                out.rules.remove(r)
                out.stats["rules whose output would be rewritten again"] += 1
                progress = True
        if not progress and unexplained:  # nothing learned explains these readings
            for t in unexplained:
                out.terms.remove(t)
            out.stats["terms dropped: read as spun"] += len(unexplained)
            progress = True
        if not progress:
            break
    try:
        parse_glossary(render(out), path=f"<{out.name}>")
    except GlossaryError as exc:  # pragma: no cover - the loop above mirrors validation
        raise GlossaryError(f"learned glossary does not validate: {exc.problem}",
                            path=exc.path, line=exc.line, entry=exc.entry) from None


def _drop_overlapping(out: Learned) -> None:
    """Drop rules whose changed words could fall inside a canonical term written next to, or
    around, their context words ("study speech emotion" -> "study emotion" would cut "speech
    emotion recognition"). A rule that keeps no word of its spun phrase has no context words
    and stays: it applies only where the spinner's whole phrase stands ("resistant framework")."""
    terms = {phrase_keys(t) for t in out.terms}
    prefixes = {k[:n] for k in terms for n in range(1, len(k))}
    suffixes = {k[n:] for k in terms for n in range(1, len(k))}
    for r in list(out.rules):
        sk, ck = phrase_keys(r.spun), phrase_keys(r.canonical)
        n = len(sk)
        a = 0
        while a < min(n, len(ck)) - 1 and sk[a] == ck[a]:
            a += 1
        b = 0
        while b < min(n, len(ck)) - a - 1 and sk[-1 - b] == ck[-1 - b]:
            b += 1
        if a == 0 and b == 0:
            continue  # every word is spun: it fires only where the whole spun phrase stands
        core_end = n - b
        if any(sk[k:] in prefixes for k in range(1, core_end)) or any(
            sk[:k] in suffixes for k in range(a + 1, n)
        ) or any(sk[i:j] in terms for i in range(n) for j in range(max(i, a) + 1, n + 1)
                 if (i, j) != (0, n) and i < core_end):
            out.rules.remove(r)
            out.stats["rules that could cut into a canonical term"] += 1


def _blame(out: Learned, rule: str, before: str, after: str,
           rule_keys: set[tuple[str, ...]]) -> bool:
    """Remove what reads a canonical term as spun: a channel form, a rule, or the synonyms
    through which another term reads it. False when nothing (left) explains the reading."""
    entry = rule.split(":", 1)[1]
    if entry.startswith("channel:"):
        form = entry.split(":", 1)[1]
        hit = False
        for word, counts in list(out.channel.items()):
            hit = counts.pop(form, None) is not None or hit
            if not counts:
                del out.channel[word]
        out.stats["channel forms that would rewrite a term"] += hit
        return hit
    keys = phrase_keys(entry)
    if keys in rule_keys:  # a rule (perhaps removed already in this round)
        for r in out.rules:
            if phrase_keys(r.spun) == keys:
                out.rules.remove(r)
                out.stats["rules that would rewrite a term"] += 1
                return True
        return False
    b_keys, a_keys = phrase_keys(before), phrase_keys(after)
    pairs = list(zip(b_keys, a_keys, strict=True)) if len(b_keys) == len(a_keys) else [
        (b, a) for b in b_keys for a in a_keys]
    removed = 0
    for b, a in pairs:
        for c, subs in list(out.synonyms.items()):
            if a == b or a not in word_forms(c):
                continue
            keep = [s for s in subs if b not in word_forms(normalize_key(s))
                    and normalize_key(s).split()[0] != b]
            removed += len(subs) - len(keep)
            if keep:
                out.synonyms[c] = keep
            else:
                del out.synonyms[c]
    out.stats["substitutes through which one term reads another"] += removed
    return removed > 0


# -- writing ---------------------------------------------------------------------------------
def toml_str(value: str) -> str:
    """A TOML basic string: JSON escaping plus DEL, which TOML also wants escaped.

    >>> print(toml_str('say "hi"\\\\'))
    "say \\"hi\\"\\\\"
    """
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    """A TOML key: bare when it can be, quoted otherwise."""
    ok = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if ok else toml_str(key)


def render(g: Learned) -> str:
    """Write a learned glossary as TOML in the documented format."""
    srcs = ", ".join(g.sources) or "examples"
    lines = [
        f"name = {toml_str(g.name)}",
        f"description = {toml_str(f'Learned from {g.pairs} aligned original/spun pairs')}",
        f"source = {toml_str(f'learned: {srcs}')}",
    ]
    plain = [t for t in g.terms if t not in g.sure_terms] if not g.terms_tier else []
    if plain:
        lines.append("terms = [")
        lines += [f"    {toml_str(t)}," for t in plain]
        lines.append("]")
    if g.synonyms:
        lines += ["", "[synonyms]"]
        for c, subs in g.synonyms.items():
            note = g.synonym_notes.get(c, "").replace("\n", " ")
            lines.append(f"{toml_key(c)} = [{', '.join(toml_str(s) for s in subs)}]"
                         + (f"  # {note}" if note else ""))
    for t in g.terms:
        if g.terms_tier:
            lines += ["", "[[term]]", f"text = {toml_str(t)}", f"tier = {toml_str(g.terms_tier)}"]
        elif t in g.sure_terms:
            lines += ["", "[[term]]", f"text = {toml_str(t)}", 'tier = "sure"',
                      'note = "no reading of substitutes alone reads as English"']
    for r in g.rules:
        lines += [
            "", "[[rule]]",
            f"spun = {toml_str(r.spun)}",
            f"canonical = {toml_str(r.canonical)}",
            f"tier = {toml_str(r.tier)}",
            f"example = {toml_str(r.seen.example)}",
            f"source = {toml_str(f'learned: {r.seen.source}:{r.seen.line}')}",
            f"note = {toml_str(f'seen {r.count} time' + ('s' if r.count > 1 else ''))}",
        ]
    for word, counts in g.channel.items():
        lines += ["", f"[channel.{toml_key(word)}]"]
        lines += [f"{toml_key(f)} = {n}" for f, n in counts.items()]
    return "\n".join(lines) + "\n"


def learn(pairs: Iterable[Pair], name: str = "learned", terms: Sequence[str] = (),
          min_contexts: int = 2, sources: Sequence[str] = (),
          terms_tier: str | None = None) -> Learned:
    """Learn a glossary from original/spun pairs (see the module docstring).

    ``terms`` are canonical terms added to the glossary (so the learned substitutions apply to
    them); ``terms_tier="sure"`` repairs a term even when every word of it was substituted.
    """
    return choose(harvest(pairs), name, terms, min_contexts, sources, terms_tier)


def read_terms(path: str | Path) -> list[str]:
    """Canonical terms from a file, one per line; blank lines and ``#`` comments skipped."""
    text = Path(path).read_text(encoding="utf-8")
    lines = (ln.strip() for ln in text.splitlines())
    return [ln for ln in lines if ln and not ln.startswith("#")]
