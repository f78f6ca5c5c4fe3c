"""Hypothesis strategies for testing textfix and your own glossaries (needs ``hypothesis``).

- :func:`texts`: any text, weighted towards words of many scripts, punctuation, emoji,
  combining marks, right-to-left words and every kind of line break.
- :func:`glossaries`: random valid glossaries (terms over random vocabularies, synonym maps,
  phrase rules), built through :func:`textfix.parse_glossary`.
- :func:`canonical_texts`: canonical terms and phrases of a glossary among filler words from
  outside it: the inputs on which ``fix(spin(text)) == text`` must hold.
- :func:`glossary_texts`: words of a glossary (canonical, substituted, spun, inflected) in any
  case mixed with other text: inputs that make the rewriter work hard.
- :func:`real_texts`: runs of lines from text files, such as the seed documents.

>>> from hypothesis import given
>>> import textfix
>>> @given(texts())
... def test_idempotent(text):
...     assert textfix.fix(textfix.fix(text)) == textfix.fix(text)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from textfix.catalog import parse_glossary
from textfix.glossary.model import Glossary
from textfix.learn.spin import spin
from textfix.text.inflect import word_forms
from textfix.text.tokenize import WORD, phrase_keys, phrase_words, tokenize

__all__ = [
    "EMOJI",
    "LINE_BREAKS",
    "PUNCTUATION",
    "SCRIPTS",
    "canonical_texts",
    "glossaries",
    "glossary_texts",
    "glossary_toml",
    "outside_words",
    "real_texts",
    "scripts_words",
    "texts",
]

#: Letters of several scripts, written left to right and right to left.
SCRIPTS: dict[str, str] = {
    "latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüößçñøåİı",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΣΩάέ",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЖЗЯЁё",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "devanagari": "कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह\u093e\u093f\u0940\u0941\u094d",
    "cjk": "的一是不了人我在有他这中大来上国个到说们",
    "hangul": "가나다라마바사아자차카타파하국한어",
    "thai": "กขคงจฉชซญดตถทธนบปผพฟมยรลวสหอ",
    "digits": "0123456789٠١٢٣٤٥٦٧٨٩",
}
#: Combining marks, to follow a letter (and sometimes to start a token).
COMBINING = "\u0301\u0300\u0308\u0327\u0303\u20dd"
#: Emoji, with skin tones, flags and zero-width joiner sequences.
EMOJI = ("🙂", "👍🏽", "🇰🇷", "👨\u200d👩\u200d👧", "🔥", "✔\ufe0f", "🎉")
PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»—–-…/&*#@%"
#: Whitespace and line breaks: spaces, tabs, LF, CRLF, CR, no-break and ideographic spaces.
LINE_BREAKS = (" ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\u00a0", "\u2009", "\u3000")
#: Separators between the items of a canonical text (never joins two words into one token).
SEPARATORS = (" ", "  ", "\t", "\n", "\r\n", "\n\n", ", ", ". ", "; ", ": ", "! ", "? ",
              " — ", " (", ") ", " “", "” ", " 🙂 ", "\u00a0", " / ")
_LOWER = "abcdefghijklmnopqrstuvwxyz"


@st.composite
def scripts_words(draw: st.DrawFn, scripts: Sequence[str] | None = None) -> str:
    """One word of letters from one script, in any case, sometimes with combining marks."""
    name = draw(st.sampled_from(sorted(scripts or SCRIPTS)))
    word = draw(st.text(alphabet=SCRIPTS[name], min_size=1, max_size=10))
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(word)))
        word = word[:at] + draw(st.sampled_from(COMBINING)) + word[at:]
    return word


def _chunks() -> st.SearchStrategy[str]:
    return st.one_of(
        scripts_words(),
        st.sampled_from(LINE_BREAKS),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(EMOJI),
        st.sampled_from(COMBINING),
        st.sampled_from(("’s", "'s", "co-chair", "U.S.", "e.g.", "\x00", "\ufeff", "\u200b")),
    )


def texts(max_chunks: int = 40) -> st.SearchStrategy[str]:
    """Any ``str``: mostly words, punctuation, emoji and breaks; sometimes any code points at
    all (lone surrogates, NUL and other controls included)."""
    built = st.lists(_chunks(), max_size=max_chunks).map("".join)
    anything = st.text(alphabet=st.characters(exclude_categories=()), max_size=max_chunks * 3)
    return st.one_of(built, built, anything)


# -- random glossaries ----------------------------------------------------------------------

def _distinct(words: Iterable[str], cutoff: float = 80.0) -> list[str]:
    """Keep words whose inflected forms are all new and that are not spelled close to a kept one
    (so no word can be read as another, exactly, inflected or as a close spelling)."""
    kept: list[str] = []
    forms: set[str] = set()
    for w in words:
        fs = set(word_forms(w))
        if fs & forms or process.extractOne(w, kept, scorer=fuzz.ratio, score_cutoff=cutoff):
            continue
        kept.append(w)
        forms |= fs
    return kept


@st.composite
def glossary_toml(draw: st.DrawFn, max_terms: int = 4, max_rules: int = 2,
                  names: bool = True, sure_single: bool = True) -> str:
    """The TOML source of a random valid glossary over a random vocabulary.

    Vocabularies are disjoint: canonical term words, their substitutes (unique to one word),
    phrase-rule canonical words and spun words never share a form or a close spelling. Terms
    have one to three distinct words, all lower case or (with ``names``) all capitalized; with
    ``sure_single`` one-word terms set ``tier = "sure"``. Some substitutes have two words.
    Rules have no context conditions; each spun form differs from its canonical phrase by at
    least one word of its own (and may be longer or shorter).
    """
    pool = draw(st.lists(st.text(alphabet=_LOWER, min_size=4, max_size=9),
                         min_size=24, max_size=32, unique=True))
    vocab = _distinct(pool)
    n_canon = draw(st.integers(1, max(1, min(6, len(vocab) // 4))))
    canon, rest = vocab[:n_canon], vocab[n_canon:]
    n_phrase = min(len(rest) // 3, draw(st.integers(0, 3)))
    phrase_vocab, rest = rest[:n_phrase], rest[n_phrase:]

    def take() -> str:
        nonlocal rest
        word, rest = rest[0], rest[1:]
        return word

    lines = ['name = "random"', 'description = "generated by textfix.testing"']
    terms: dict[tuple[str, ...], str] = {}
    for _ in range(draw(st.integers(1, max_terms))):
        words = draw(st.lists(st.sampled_from(canon), min_size=1, max_size=3, unique=True))
        is_name = names and draw(st.booleans())
        text = " ".join(w.title() if is_name else w for w in words)
        terms.setdefault(tuple(words), text)
    singles = [t for k, t in terms.items() if len(k) == 1 and sure_single]
    lines.append("terms = [" + ", ".join(json.dumps(t) for k, t in terms.items()
                                         if t not in singles) + "]")
    tables = [f"[[term]]\ntext = {json.dumps(t)}\ntier = \"sure\"" for t in singles]
    synonyms = ["[synonyms]"]
    used = sorted({w for k in terms for w in k})
    for w in used:
        subs = []
        for _ in range(draw(st.integers(1, 2))):
            if len(rest) < 4:
                break
            two = draw(st.integers(0, 4)) == 0
            subs.append(take() + (" " + take() if two else ""))
        if subs:
            synonyms.append(f"{w} = [{', '.join(json.dumps(s) for s in subs)}]")
    rules = ["[phrases]"]
    canonicals: set[tuple[str, ...]] = set()
    for _ in range(draw(st.integers(0, max_rules)) if phrase_vocab else 0):
        canonical = draw(st.lists(st.sampled_from(phrase_vocab), min_size=1, max_size=3))
        if tuple(canonical) in canonicals:
            continue
        canonicals.add(tuple(canonical))
        for _ in range(draw(st.integers(1, 2))):
            if len(rest) < 2:
                break
            spun = list(canonical)
            at = draw(st.integers(0, len(spun) - 1))
            how = draw(st.sampled_from(("replace", "replace", "insert", "drop")))
            if how == "replace" or len(spun) == 1:
                spun[at] = take()
            elif how == "insert":
                spun[at:at] = [take()]
            else:
                spun[at] = take()
                del spun[(at + 1) % len(spun)]
            rules.append(f"{json.dumps(' '.join(spun))} = {json.dumps(' '.join(canonical))}")
    return "\n".join([*lines, *tables, *synonyms, *rules]) + "\n"


def glossaries(max_terms: int = 4, max_rules: int = 2, names: bool = True,
               sure_single: bool = True) -> st.SearchStrategy[Glossary]:
    """Random valid glossaries (see :func:`glossary_toml`), parsed and validated."""
    return glossary_toml(max_terms, max_rules, names, sure_single).map(parse_glossary)


# -- texts around a glossary ----------------------------------------------------------------

@lru_cache(maxsize=256)
def _vocabulary(g: Glossary) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every form of every word of ``g``, and its canonical term words (for close spellings)."""
    phrases = [t.text for t in g.terms] + [w for w, _, _ in g.synonyms]
    phrases += [s for _, subs, _ in g.synonyms for s in subs]
    phrases += [p for r in g.rules for p in (r.spun, r.canonical)]
    phrases += [e for e, _ in g.exceptions]
    phrases += [w for w, counts, _ in g.channel for w in [w, *(f for f, _ in counts)]]
    keys = {k for p in phrases for k in phrase_keys(p)}
    forms = {f for k in keys for f in word_forms(k)} | keys
    canon = tuple(sorted({k for t in g.terms for k in phrase_keys(t.text)}))
    return frozenset(forms), canon


#: The rewriter makes an article agree with the word it puts after it.
_ARTICLES = frozenset({"a", "an"})


def outside_words(g: Glossary, cutoff: float = 80.0) -> st.SearchStrategy[str]:
    """Words of many scripts that are no form of a word of ``g``, nor a close spelling of a
    canonical term word, nor an article ("a", "an": the rewriter makes them agree)."""
    forms, canon = _vocabulary(g)

    def outside(word: str) -> bool:
        toks = tokenize(word)
        return bool(toks) and all(
            t.key not in _ARTICLES and t.key not in forms and t.stem not in forms and not t.suffix
            and process.extractOne(t.stem, canon, scorer=fuzz.ratio, score_cutoff=cutoff) is None
            for t in toks)

    return scripts_words().filter(outside)


def _case(words: Sequence[str], proper: Sequence[bool], pattern: str) -> list[str]:
    """Write glossary words in a case pattern; proper words keep their own case unless UPPER."""
    out = []
    for k, (w, p) in enumerate(zip(words, proper, strict=True)):
        if pattern == "upper":
            out.append(w.upper())
        elif p:
            out.append(w)
        elif pattern == "title" or (pattern == "first" and k == 0):
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
    return out


@st.composite
def _term_occurrence(draw: st.DrawFn, g: Glossary) -> str:
    term = draw(st.sampled_from(g.terms))
    words = phrase_words(term.text)
    proper = [any(c.isupper() for c in w) if term.proper is None else term.proper
              for w in words]
    patterns = ["upper", "own"] if all(proper) else ["lower", "first", "title", "upper"]
    cased = _case(words, proper, draw(st.sampled_from(patterns)))
    seps = _separators(term.text)
    out = cased[0]
    for sep, w in zip(seps, cased[1:], strict=True):
        out += (sep if sep.strip() else draw(st.sampled_from(LINE_BREAKS[:5]))) + w
    return out


def _separators(phrase: str) -> list[str]:
    spans = [m.span() for m in WORD.finditer(phrase)]
    return [phrase[a[1] : b[0]] for a, b in pairwise(spans)]


@st.composite
def _rule_occurrence(draw: st.DrawFn, g: Glossary) -> str:
    rule = draw(st.sampled_from([r for r in g.rules if r.condition is None]))
    words = phrase_words(rule.canonical)
    proper = [any(c.isupper() for c in w) for w in words]
    return " ".join(_case(words, proper, draw(st.sampled_from(["lower", "title"]))))


@st.composite
def canonical_texts(draw: st.DrawFn, g: Glossary, max_items: int = 8) -> str:
    """Text of canonical terms and phrase-rule canonicals of ``g`` among outside words.

    This is the domain of the round-trip law ``fix(spin(text)) == text``: term words in their
    base form, written lower case, Title case or UPPER (names in their own case or UPPER),
    joined by any whitespace; phrase-rule canonicals lower case or Title Case, joined by single
    spaces (a spun phrase of another length cannot tell "Sentence case" from "Title Case", nor
    an UPPER phrase from an acronym); filler words from :func:`outside_words`; items separated by
    whitespace or punctuation, except that two phrases in a row are separated by punctuation
    (read as one longer phrase, their own case and spacing could not come back).
    """
    kinds = ["term", "filler"] + (["rule"] if any(r.condition is None for r in g.rules) else [])
    items: list[tuple[str, str]] = []
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=max_items)):
        if kind == "term":
            item = draw(_term_occurrence(g))
        elif kind == "rule":
            item = draw(_rule_occurrence(g))
        else:
            item = " ".join(draw(st.lists(outside_words(g), min_size=1, max_size=3)))
        items.append((kind, item))
    out = draw(st.sampled_from(("", " ", "\n")))
    for k, (kind, item) in enumerate(items):
        if k:
            sep = draw(st.sampled_from(SEPARATORS))
            if kind == items[k - 1][0] == "rule" and not sep.strip():
                sep = ", "  # two phrases in a row could read as a longer one
            out += sep
        out += item
    return out + draw(st.sampled_from(("", ".", "\n", "\r\n")))


@lru_cache(maxsize=256)
def _groups(g: Glossary) -> tuple[tuple[str, ...], ...]:
    """Phrases of ``g`` by kind: terms, their words, spun terms, substitutes, rules, forms, and
    the spun and canonical forms of learned entries."""
    forms, _ = _vocabulary(g)
    return tuple(tuple(sorted(p)) for p in (
        {t.text for t in g.terms}, {w for t in g.terms for w in phrase_words(t.text)},
        {spin(t.text, g, seed=seed).text for t in g.terms for seed in range(3)},
        {s for _, subs, _ in g.synonyms for s in subs}, {r.spun for r in g.rules},
        {r.canonical for r in g.rules}, forms, {e.spun for e in g.learned},
        {e.canonical for e in g.learned}) if p)


@st.composite
def glossary_texts(draw: st.DrawFn, g: Glossary, max_chunks: int = 30) -> str:
    """Words of ``g`` (canonical, substituted, spun, inflected, whole terms spun by
    :func:`textfix.spin`, in any case) mixed with any other text: inputs on which the rewriter
    has a lot to do."""
    groups = _groups(g)
    if not groups:
        return draw(texts())
    word = st.sampled_from(groups).flatmap(st.sampled_from).flatmap(
        lambda p: st.sampled_from((p, p.lower(), p.upper(), p.title())))
    chunk = st.one_of(word, word, word, _chunks())
    sep = st.one_of(st.just(" "), st.sampled_from(SEPARATORS), st.sampled_from(("", "’s ", "-")))
    parts = draw(st.lists(st.tuples(chunk, sep), max_size=max_chunks))
    return "".join(c + s for c, s in parts)


def real_texts(paths: Iterable[str | Path], max_lines: int = 6) -> st.SearchStrategy[str]:
    """Runs of up to ``max_lines`` consecutive lines (line breaks kept) from the given text files;
    missing files are skipped."""
    docs = [lines for p in paths if Path(p).is_file()
            if (lines := Path(p).read_text(encoding="utf-8").splitlines(keepends=True))]
    if not docs:
        return st.just("")

    @st.composite
    def run(draw: st.DrawFn) -> str:
        lines = draw(st.sampled_from(docs))
        start = draw(st.integers(0, len(lines) - 1))
        return "".join(lines[start : start + draw(st.integers(1, max_lines))])

    return run()
