"""The shipped ``tortured-phrases`` glossary and the converter that builds it."""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

import textfix
from textfix import Glossary, Rewriter, Rule

ROOT = Path(__file__).resolve().parents[1]
CLEAN_SCIENCE = sorted((ROOT / "tests" / "data" / "science-clean").glob("*.txt"))
CLEAN_SEEDS = sorted((ROOT / "seeds").glob("000*.txt"))
CSV = ROOT / "tests" / "data" / "pps-tortured-phrases.csv"
NAME = "tortured-phrases"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return textfix.get_glossary(NAME)


@pytest.fixture(scope="module")
def open_rewriter(glossary: Glossary) -> Rewriter:
    """This glossary alone with the ``likely`` tier always open."""
    return Rewriter([glossary], threshold=0.0)


@cache
def converter() -> ModuleType:
    """The build script, imported from the repository's scripts folder."""
    path = ROOT / "scripts" / "build_tortured.py"
    spec = importlib.util.spec_from_file_location("build_tortured", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_tortured"] = module
    spec.loader.exec_module(module)
    return module


def fired(rewriter: Rewriter, text: str, rule: Rule) -> bool:
    return any(e.rule == f"{NAME}:{rule.spun}" for e in rewriter.fix(text).edits)


def bare_sentence(rule: Rule) -> str:
    """A sentence with the spun phrase and no context at all."""
    return f"We report results on {rule.spun}."


# -- the file -------------------------------------------------------------------------------
def test_loads_validated_with_sane_counts(glossary: Glossary) -> None:
    """The shipped file passes validation and keeps most, not all, of the 7,644 screener rows."""
    g = textfix.load_glossary(glossary.path)
    tiers = {t: sum(r.tier == t for r in g.rules) for t in ("sure", "likely")}
    assert 5000 <= len(g.rules) < 7644
    assert tiers["sure"] > tiers["likely"] > 0.1 * len(g.rules)
    assert not g.terms and not g.synonyms


def test_metadata_states_source_and_license(glossary: Glossary) -> None:
    """Source, citation, repository and license are stated, and every rule cites the screener."""
    assert glossary.license == "MIT"
    for needle in ("Problematic Paper Screener", "Cabanac", "hahuyhoang411/tortured-phrase"):
        assert needle in glossary.source
    assert {r.source for r in glossary.rules} == {"PPS"}
    header = Path(glossary.path).read_text(encoding="utf-8")[:2000]
    assert "Tortured phrases: A dubious writing style emerging in science" in header


def test_rules_are_sorted_and_unique(glossary: Glossary) -> None:
    """The converter writes one rule per spun phrase, in a deterministic order."""
    keys = [r.spun.casefold() for r in glossary.rules]
    assert len(set(keys)) == len(keys)
    assert all(r.example for r in glossary.rules)


def test_outputs_are_plain_phrases(glossary: Glossary) -> None:
    """No expectation note survives: no brackets, question marks, slashes or query syntax."""
    bad = [r.canonical for r in glossary.rules
           if any(c in r.canonical for c in "[]?/*\"") or " AND " in r.canonical]
    assert bad == []


def test_one_word_rules_are_likely_or_conditioned(glossary: Glossary) -> None:
    """A one-word tortured form is ordinary English somewhere: never a bare sure rule."""
    bad = [r.spun for r in glossary.rules
           if len(r.spun.split()) == 1 and r.tier == "sure"
           and (r.condition is None or not (r.condition.require or r.condition.require_any))]
    assert bad == []


# -- rules on their own examples -------------------------------------------------------------
def test_every_rule_fires_on_its_example(glossary: Glossary, open_rewriter: Rewriter) -> None:
    """Each example meets its rule's conditions, and the rule turns it into the canonical phrase."""
    failures = []
    for rule in glossary.rules:
        res = open_rewriter.fix(rule.example)
        if not fired(open_rewriter, rule.example, rule) or (
            rule.canonical.casefold() not in res.text.casefold()
        ):
            failures.append((rule.spun, rule.example, res.text))
    assert failures == []


def test_require_is_needed(glossary: Glossary, open_rewriter: Rewriter) -> None:
    """A rule with require or require_any stays quiet when the required phrase is absent."""
    conditioned = [r for r in glossary.rules
                   if r.condition and (r.condition.require or r.condition.require_any)]
    assert len(conditioned) > 300
    fires = [r.spun for r in conditioned if fired(open_rewriter, bare_sentence(r), r)]
    assert fires == []


def test_forbid_blocks(glossary: Glossary, open_rewriter: Rewriter) -> None:
    """A forbidden phrase anywhere in the document stops a rule that fires on its example."""
    forbidding = [r for r in glossary.rules if r.condition and r.condition.forbid]
    assert forbidding
    for rule in forbidding:
        assert rule.condition is not None
        blocked = f"{rule.example} The {rule.condition.forbid[0]} case is separate."
        assert fired(open_rewriter, rule.example, rule)
        assert not fired(open_rewriter, blocked, rule), rule.spun


def test_canonical_outputs_unchanged(glossary: Glossary) -> None:
    """Every output is a fixed point: of this glossary with every tier and condition open, and
    of the full default set as :func:`textfix.fix` runs it."""
    canonical = sorted({r.canonical for r in glossary.rules})
    strict = Rewriter([glossary], threshold=0.0, assume_context=True)
    assert [(c, e.rule) for c in canonical for e in strict.fix(c).edits] == []
    assert [c for c in canonical if textfix.fix(c) != c] == []


def test_repairs_a_tortured_abstract() -> None:
    """A tortured paragraph is repaired by the default set, each phrase to its real term."""
    text = ("Counterfeit consciousness is changing medicine. We combine component extraction "
            "with a neural organization and an irregular woodland, and we compare information "
            "mining baselines on the test arrangement of patients with Alzheimer's illness.")
    res = textfix.fix_and_explain(text)
    assert res.text == ("Artificial intelligence is changing medicine. We combine feature "
                        "extraction with a neural network and a random forest, and we compare "
                        "data mining baselines on the test set of patients with Alzheimer's "
                        "disease.")
    assert {e.rule.split(":")[0] for e in res.edits} == {NAME}
    assert res.replay(text) == res.text


# -- clean text -------------------------------------------------------------------------------
def clean_texts() -> Iterator[Path]:
    yield from CLEAN_SEEDS
    yield from CLEAN_SCIENCE


def test_clean_science_corpus_uses_the_canonical_terms() -> None:
    """The clean abstracts are many and use the terms tortured phrases stand for."""
    assert len(CLEAN_SCIENCE) >= 8 and CLEAN_SEEDS
    corpus = " ".join(p.read_text(encoding="utf-8") for p in CLEAN_SCIENCE).lower()
    for term in ("artificial intelligence", "deep learning", "cancer", "breast cancer",
                 "data mining", "feature extraction", "neural network", "test set"):
        assert term in corpus


@pytest.mark.parametrize("path", list(clean_texts()), ids=lambda p: p.name)
def test_clean_text_untouched(path: Path, open_rewriter: Rewriter) -> None:
    """Text that was never spun gets no edit: default set, and this glossary with likely open."""
    text = path.read_text(encoding="utf-8")
    assert textfix.fix_and_explain(text).edits == ()
    assert open_rewriter.fix(text).edits == ()


# -- the converter ---------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "spun", "require", "require_any", "forbid"), [
    ('"a b"', ("a b",), (), (), ()),
    ('"a b" AND "c d"', ("a b",), ("c d",), (), ()),
    ('"a" AND b c', ("a",), ("b", "c"), (), ()),
    ('"a" AND ("b" OR "c")', ("a",), (), ("b", "c"), ()),
    ('"a" NOT "b c"', ("a",), (), (), ("b c",)),
    ('"a" NOT b', ("a",), (), (), ("b",)),
    ('"a" OR "b"', ("a", "b"), (), (), ()),
])
def test_query_becomes_conditions(query: str, spun: tuple[str, ...], require: tuple[str, ...],
                                  require_any: tuple[str, ...], forbid: tuple[str, ...]) -> None:
    """Screener query syntax maps to spun forms and context conditions, AND never split."""
    q = converter().parse_query(query)
    assert (q.spun, q.require, q.require_any, q.forbid) == (spun, require, require_any, forbid)


@pytest.mark.parametrize(("query", "reason"), [
    ('"enhancement calculation" AND optimiz*', "wildcard"),
    ('"total national production" ADN "GDP"', "malformed"),
    ('"a" AND ("b" OR "c") AND ("d" OR "e")', "not expressible"),
    ('"a" NOT "b c"~5', "proximity"),
])
def test_queries_left_out(query: str, reason: str) -> None:
    """Wildcards, typos and conditions the engine cannot express are left out with a reason."""
    with pytest.raises(converter().SkipRowError, match=reason):
        converter().parse_query(query)


@pytest.mark.parametrize(("expected", "cleaned"), [
    ("business intelligence (BI)", ("business intelligence", "BI", False, ())),
    ("deep neural network (?)", ("deep neural network", "", True, ())),
    ("[neural network] layer outputs", ("layer outputs", "", False, ("neural network",))),
    ("Magnetic-activated cell sorting (MACS)",
     ("Magnetic-activated cell sorting", "MACS", False, ())),
])
def test_expectation_cleaned(expected: str, cleaned: tuple[object, ...]) -> None:
    """Trailing acronyms, "(?)" and bracketed context are stripped from a clear expectation."""
    assert converter().clean_expected(expected) == cleaned


@pytest.mark.parametrize("expected", [
    "???", "(?)", "into (reaction) mixture", "benign cancer/tumor", "Computer aided (e.g. CAD)",
    "differential equation AND 2nd order", "unsteady? natural convection",
    "social influence, see https://example.org", "Micro, Small, and Medium Enterprises (UMKM)",
    "continious learning", "fruxtose metabolism",
])
def test_unclear_expectations_left_out(expected: str) -> None:
    """Missing, annotated, alternative or ambiguous expectations never become rules."""
    with pytest.raises(converter().SkipRowError):
        converter().clean_expected(expected)


def test_technical_words_are_not_taken_for_typos() -> None:
    """Rare terms with no common word two edits away stay: "anisidine", "thermophoresis"."""
    assert converter().clean_expected("anisidine value")[0] == "anisidine value"
    assert converter().clean_expected("thermophoresis")[0] == "thermophoresis"


@pytest.mark.slow
def test_converter_reproduces_the_shipped_file(glossary: Glossary) -> None:
    """Rerunning the converter on the screener list gives the committed glossary byte for byte."""
    conv = converter()
    with CSV.open(newline="", encoding="utf-8") as f:
        text = conv.build(csv.DictReader(f), conv.Report())
    assert text == Path(glossary.path).read_text(encoding="utf-8"), (
        "the shipped glossary is stale: rerun python scripts/build_tortured.py")
