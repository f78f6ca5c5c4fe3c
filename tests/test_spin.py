"""The reference spinner: what it substitutes, how it carries case, and that it is deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest

import textfix

ROOT = Path(__file__).resolve().parents[1]

DEMO = textfix.parse_glossary("""
name = "demo"
terms = ["Security Consultative Meeting", "defense chief", "nuclear fuel"]
[synonyms]
security = ["safety"]
meeting = ["assembly"]
defense = ["protection", "defence force"]
chief = ["head"]
nuclear = ["atomic"]
fuel = ["gasoline"]
[phrases]
"earlier this yr" = "earlier this year"
"earlier this 12 months" = "earlier this year"
""")


def test_spin_substitutes_and_reports_offsets_into_the_input() -> None:
    """Each substitution names its entry and spans the input text it replaced."""
    text = "The 57th Security Consultative Meeting was held earlier this year."
    res = textfix.spin(text, DEMO, seed=1)
    assert res.text != text
    for s in res.substitutions:
        assert text[s.start : s.end] == s.before
    assert {s.entry for s in res.substitutions} >= {"demo:Security Consultative Meeting"}
    assert res.text.startswith("The 57th Safety Consultative Assembly was held earlier this ")


def test_spin_is_deterministic_per_seed() -> None:
    """The same seed gives the same text; different seeds reach different substitutes."""
    text = "defense chief. " * 20
    assert textfix.spin(text, DEMO, seed=5) == textfix.spin(text, DEMO, seed=5)
    assert len({textfix.spin(text, DEMO, seed=s).text for s in range(6)}) > 1


def test_spin_keeps_an_anchor_unless_asked_not_to() -> None:
    """A term of several words that is not a name keeps one word, so the repair is sure."""
    for seed in range(10):
        spun = textfix.spin("the defense chief", DEMO, seed=seed).text
        assert "defense" in spun or "chief" in spun
    bare = {textfix.spin("the defense chief", DEMO, seed=s, keep_anchor=False).text
            for s in range(20)}
    assert any("defense" not in t and "chief" not in t for t in bare)


def test_spin_carries_case_and_inflection() -> None:
    """UPPER and Title case carry over to substitutes, and so does a plural."""
    assert textfix.spin("NUCLEAR FUEL", DEMO, keep_anchor=False).text == "ATOMIC GASOLINE"
    res = textfix.spin("Defense chiefs", DEMO, seed=0)
    assert res.text in ("Protection chiefs", "Defence force chiefs", "Defense heads")


def test_spin_leaves_a_name_alone_where_it_is_not_written_as_one() -> None:
    """A capitalized term written in lower case is not a name there: nothing to substitute."""
    res = textfix.spin("the security consultative meeting", DEMO)
    assert res.text == "the security consultative meeting" and res.substitutions == ()


def test_spin_rate_zero_still_substitutes_one_word() -> None:
    """rate=0 substitutes exactly one word per term; rate outside 0..1 is an error."""
    res = textfix.spin("nuclear fuel", DEMO, rate=0.0)
    assert res.text in ("atomic fuel", "nuclear gasoline")
    with pytest.raises(ValueError, match="rate"):
        textfix.spin("x", DEMO, rate=1.5)


def test_spin_round_trips_a_seed_document_with_the_starter_glossary() -> None:
    """Seed 001 spun by the starter glossary is repaired back to itself."""
    g = textfix.load_glossary(ROOT / "tests" / "data" / "starter.toml")
    text = (ROOT / "seeds" / "001_73e4453e2cad5e0e.txt").read_text(encoding="utf-8")
    fixed = textfix.Rewriter([g]).fix(text).text
    spun = textfix.spin(fixed, g, seed=11)
    assert spun.substitutions
    assert textfix.Rewriter([g]).fix(spun.text).text == fixed


def test_spin_docstring_example_runs() -> None:
    """The example in spin's docstring is a real, passing doctest."""
    import doctest

    import textfix.learn.spin

    failed, attempted = doctest.testmod(textfix.learn.spin)
    assert attempted > 0 and failed == 0
