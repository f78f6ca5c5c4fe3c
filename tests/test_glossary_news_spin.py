"""The shipped glossary news-spin: every entry fires on its own example, canonical text stays,
clean news is never touched, and spun sentences written for the tests move toward the original.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

import textfix

from .conftest import SHARED, SHARED_MISSING

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CLEAN = sorted((DATA / "clean").glob("*.txt"))
SEED_CLEAN = sorted((ROOT / "seeds").glob("000_*.txt"))
SHARED_ORIGINALS = sorted((SHARED / "pairs").glob("*/original.txt"))
SPUN = json.loads((DATA / "spun" / "sentences.json").read_text(encoding="utf-8"))

#: Sure fingerprints only, so a document that contains it has a spin score near 1.
SPUN_CONTEXT = (
    "Earlier this yr, the coast guard tracked Chinese language vessels near the islands. "
    "The 2 nations signed a deal final yr, and the minister wrote in a social media submit "
    "that talks would resume subsequent yr. This is breaking information; please examine "
    "again for updates."
)
#: Words as the score tool counts them.
WORDS = re.compile(r"\w+(?:[’'\-]\w+)*")


@lru_cache(maxsize=1)
def glossary() -> textfix.Glossary:
    return textfix.get_glossary("news-spin")


@lru_cache(maxsize=1)
def alone() -> textfix.Rewriter:
    """news-spin on its own, so no other glossary's match hides one of ours."""
    return textfix.Rewriter([glossary()])


def clean_context() -> str:
    return CLEAN[0].read_text(encoding="utf-8")


def rule_groups() -> list[tuple[str, str, set[str]]]:
    """(example, tier, rule names) per [[rule]] table and per [[term]] with an example."""
    g = glossary()
    by_line: dict[int, list[textfix.Rule]] = {}
    for r in g.rules:
        by_line.setdefault(r.line, []).append(r)
    groups = [(rs[0].example, rs[0].tier, {f"{g.name}:{r.spun}" for r in rs})
              for rs in by_line.values() if rs[0].example]
    groups += [(t.example, t.tier or "sure", {f"{g.name}:{t.text}"}) for t in g.terms
               if t.example]
    return groups


GROUPS = rule_groups()
SURE = [(ex, names) for ex, tier, names in GROUPS if tier == "sure"]
LIKELY = [(ex, names) for ex, tier, names in GROUPS if tier == "likely"]
CANONICAL = sorted({r.canonical for r in glossary().rules} | {t.text for t in glossary().terms})


def fired(res: textfix.Result, names: set[str]) -> bool:
    return any(e.rule in names for e in res.edits)


def test_loads_and_every_entry_is_justified() -> None:
    g = textfix.load_glossary(ROOT / "glossaries" / "news-spin.toml")
    assert g.name == "news-spin"
    assert len(g.rules) > 200 and len(g.terms) > 50 and g.channel
    assert "news-spin" in textfix.available_glossaries()
    for r in g.rules:
        assert r.example and r.source, f"line {r.line}: {r.spun!r} has no example or source"
    assert any(r.tier == "sure" for r in g.rules) and any(r.tier == "likely" for r in g.rules)


def test_default_set_compiles_with_it() -> None:
    """No rule conflicts with another shipped glossary (that would break every default run)."""
    names = [g.name for g in textfix.default_glossaries()]
    assert "news-spin" in names
    textfix.Rewriter(textfix.default_glossaries())


@pytest.mark.parametrize(("example", "names"), SURE, ids=[ex for ex, _ in SURE])
def test_sure_rule_fires_on_its_example(example: str, names: set[str]) -> None:
    """A sure rule fires on its example alone and inside clean text: it needs no spin evidence."""
    assert fired(alone().fix(example), names), (example, alone().fix(example).edits)
    doc = f"{clean_context()}\n\n{example}.\n"
    assert fired(alone().fix(doc), names)


@pytest.mark.parametrize(("example", "names"), LIKELY, ids=[ex for ex, _ in LIKELY])
def test_likely_rule_fires_only_in_spun_text(example: str, names: set[str]) -> None:
    """A likely rule fires on its example in a spun document, never in a clean one."""
    spun = alone().fix(f"{SPUN_CONTEXT}\n\n{example}.\n")
    assert spun.spin_score >= 0.5
    assert fired(spun, names), (example, spun.edits)
    clean = alone().fix(f"{clean_context()}\n\n{example}.\n")
    assert clean.spin_score < 0.5
    assert not fired(clean, names)


@pytest.mark.parametrize("canonical", CANONICAL)
def test_canonical_form_is_left_alone(canonical: str) -> None:
    """The canonical form of every entry survives, even in a spun document."""
    doc = f"{SPUN_CONTEXT}\n\n{canonical}.\n"
    start = doc.rindex(canonical)
    res = alone().fix(doc)
    assert res.spin_score >= 0.5
    touched = [e for e in res.edits if e.end > start and e.start < start + len(canonical)]
    assert not touched, touched


@pytest.mark.parametrize("path", SEED_CLEAN + CLEAN, ids=lambda p: p.name)
def test_clean_news_is_untouched(path: Path) -> None:
    """The whole default set makes no edit on clean news, and its spin gate stays shut."""
    text = path.read_text(encoding="utf-8")
    res = textfix.fix_and_explain(text)
    assert res.edits == (), res.edits
    assert res.text == text
    assert res.spin_score < 0.5


@pytest.mark.parametrize("path", SHARED_ORIGINALS or [None],
                         ids=lambda p: p.parent.name if p else "absent")
def test_shared_originals_are_untouched(path: Path | None) -> None:
    if path is None:
        pytest.skip(SHARED_MISSING)
    text = path.read_text(encoding="utf-8")
    assert textfix.fix(text) == text


def test_clean_text_needs_at_least_a_dozen_articles() -> None:
    assert len(CLEAN) >= 12
    for path in CLEAN:
        n = len(WORDS.findall(path.read_text(encoding="utf-8")))
        assert 150 <= n <= 400, (path.name, n)


def _distance(a: list[str], b: list[str]) -> int:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


def _changed(a: list[str], b: list[str]) -> set[int]:
    """Indices of words of ``a`` that ``b`` does not keep."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {i for op, i1, i2, _, _ in sm.get_opcodes() if op != "equal" for i in range(i1, i2)}


@lru_cache(maxsize=1)
def repaired_sentences() -> tuple[str, ...]:
    """The spun sentences fixed as one spun article (the gate is per document)."""
    for item in SPUN:
        assert set(item) == {"label", "spun", "expected", "comment"}
        assert "\n" not in item["spun"]
    out = textfix.fix("\n\n".join(item["spun"] for item in SPUN)).split("\n\n")
    assert len(out) == len(SPUN)
    return tuple(out)


@pytest.mark.parametrize("index", range(len(SPUN)), ids=[i["label"] for i in SPUN])
def test_spun_sentence_moves_toward_original(index: int) -> None:
    """Each repair gets closer to the original and breaks no word the spinner left alone."""
    item, fixed = SPUN[index], repaired_sentences()[index]
    spun, expected, got = (WORDS.findall(t) for t in (item["spun"], item["expected"], fixed))
    assert _distance(got, expected) < _distance(spun, expected), fixed
    damaged = (set(range(len(spun))) - _changed(spun, expected)) & _changed(spun, got)
    assert not damaged, [spun[i] for i in sorted(damaged)]


def test_spun_sentences_gap_closed() -> None:
    before = after = 0
    for item, fixed in zip(SPUN, repaired_sentences(), strict=True):
        expected = WORDS.findall(item["expected"])
        before += _distance(WORDS.findall(item["spun"]), expected)
        after += _distance(WORDS.findall(fixed), expected)
    assert 1 - after / before >= 0.5


def test_spun_article_repair_is_idempotent() -> None:
    once = textfix.fix("\n\n".join(item["spun"] for item in SPUN))
    assert textfix.fix(once) == once


def test_channel_reverses_only_clear_habits() -> None:
    """Learned counts: "mentioned" is the spinner's "said"; "army" is too common to reverse."""
    doc = f"{SPUN_CONTEXT} The minister mentioned the army would stay. {SPUN_CONTEXT}"
    fixed = alone().fix(doc).text
    assert "The minister said the army would stay." in fixed
    assert alone().fix("The minister mentioned the army would stay.").edits == ()


#: (sentence, rule, the rule's own example): the context in which the spinner's form stood for
#: another word than the rule's, so the rule must leave it (the model may still read it).
LEFT_ALONE = [
    # "together with" is the spinner's "with" as often before a possessive
    ("Gates had a close relationship together with his mother", "together with",
     "issues together with flexibility"),
    ("she tried to keep up together with her new feelings", "together with",
     "issues together with flexibility"),
    # counted "occasions" are "times"
    ("the two actors had met a number of occasions before filming", "occasions",
     "the occasions of last year"),
    ("a tear in space that is 4 million occasions the mass of our sun", "occasions",
     "the occasions of last year"),
    # "occasion" is the spinner's "party" too
    ("not only third occasion titles but Nintendo's own", "occasion",
     "their first joint occasion since they took office"),
    ("amendments that were shot down along occasion strains", "occasion",
     "their first joint occasion since they took office"),
    # "come across" is written "come throughout" as well
    ("They arrive throughout a mural in a hidden room", "throughout a",
     "He spoke throughout a visit"),
    # characters are introduced, and "introduced up" is "brought up"
    ("Other characters introduced during the show include Jamie", "introduced",
     "the ministry introduced the plan on Monday"),
    ("The Wii U will get introduced up a lot in the coming months", "introduced",
     "the ministry introduced the plan on Monday"),
]


@pytest.mark.parametrize(("sentence", "rule", "example"), LEFT_ALONE,
                         ids=[s for s, _, _ in LEFT_ALONE])
def test_a_form_standing_for_another_word_is_left_alone(sentence: str, rule: str,
                                                        example: str) -> None:
    """In a spun document, a likely rule leaves a form whose context shows the spinner wrote
    it for another word, and still fires on its own example."""
    names = {f"news-spin:{rule}"}
    res = alone().fix(f"{SPUN_CONTEXT}\n\n{sentence}.\n")
    assert res.spin_score >= 0.5
    assert not fired(res, names), res.edits
    assert fired(alone().fix(f"{SPUN_CONTEXT}\n\n{example}.\n"), names)
