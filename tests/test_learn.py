"""Learning glossaries from original/spun pairs: what is learned, what is dropped, the output
file, generalization to unseen terms, the spinner round trip, the CLI and the tortured-phrase
experiment on a small sample."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

import textfix
from textfix import cli
from textfix.learn.evaluate import Pair
from textfix.learn.learn import learn, read_terms, render, toml_key, toml_str

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
TORTURED_CSV = ROOT / "tests" / "data" / "pps-tortured-phrases.csv"

# (original, spun): "deep" and "network" are each substituted in two different phrases,
# "artificial intelligence" once as a phrase, "results" once on its own.
PAIRS = [
    ("We apply deep learning to images.", "We apply profound learning to images."),
    ("A deep model was trained overnight.", "A profound model was trained overnight."),
    ("The neural network converged quickly.", "The neural organization converged quickly."),
    ("Every computer network failed at noon.", "Every computer organization failed at noon."),
    ("Research on artificial intelligence grows.", "Research on counterfeit consciousness grows."),
    ("The results were analysed twice.", "The outcomes were analysed twice."),
]


def _pairs() -> list[Pair]:
    return [Pair(o, s, f"p{k}", "pairs.jsonl", k + 1) for k, (o, s) in enumerate(PAIRS)]


def test_word_substitutions_in_two_contexts_become_synonyms() -> None:
    """A word replaced in two different phrases enters the synonym map, with channel counts."""
    g = learn(_pairs())
    assert g.synonyms["deep"] == ["profound"]
    assert g.synonyms["network"] == ["organization"]
    assert "artificial" not in g.synonyms
    assert g.channel["deep"] == {"profound": 2}
    assert g.channel["network"] == {"organization": 2}


def test_phrases_and_single_words_become_rules_with_provenance() -> None:
    """A phrase becomes a sure rule, a word seen once a likely rule, each with its source."""
    g = learn(_pairs())
    rules = {r.spun: r for r in g.rules}
    phrase = rules["counterfeit consciousness"]
    assert (phrase.canonical, phrase.tier) == ("artificial intelligence", "sure")
    assert "counterfeit consciousness" in phrase.seen.example
    assert (phrase.seen.source, phrase.seen.line) == ("pairs.jsonl", 5)
    word = rules["outcomes"]
    assert (word.canonical, word.tier) == ("results", "likely")
    assert "profound" not in rules and "organization" not in rules


def test_learned_file_loads_and_repairs_unseen_combinations(tmp_path: Path) -> None:
    """With a listed term, learned substitutions catch a combination never seen spun, and the
    written file validates, loads and leaves the canonical text alone."""
    learned = learn(_pairs(), "demo-learned", terms=["deep neural network"])
    path = tmp_path / "learned.toml"
    path.write_text(learned.to_toml(), encoding="utf-8")
    g = textfix.load_glossary(path)
    assert [t.text for t in g.terms] == ["deep neural network"]
    rw = textfix.Rewriter([g])
    assert rw.fix("We trained a profound neural organization.").text == (
        "We trained a deep neural network.")
    assert rw.fix("Research on counterfeit consciousness grows.").text == (
        "Research on artificial intelligence grows.")
    for original, _spun in PAIRS:
        assert rw.fix(original).edits == ()


def test_learned_glossary_round_trips_through_the_spinner() -> None:
    """Spinning a canonical text with the learned glossary and repairing it gives it back."""
    g = learn(_pairs(), "demo-learned", terms=["deep neural network"]).glossary()
    rw = textfix.Rewriter([g])
    text = "We trained a deep neural network. Research on artificial intelligence grows."
    for seed in range(5):
        spun = textfix.spin(text, g, seed=seed)
        assert spun.text != text
        assert rw.fix(spun.text).text == text


def test_outputs_another_entry_rewrites_are_dropped_and_counted() -> None:
    """A rule whose output a learned one-word rule would rewrite again is left out."""
    pairs = [Pair("They crossed the robust viaduct today.", "They crossed the sturdy overpass "
                  "today."), Pair("A hardy plant grew.", "A robust plant grew.")]
    g = learn(pairs)
    assert [r.spun for r in g.rules] == ["robust"]
    assert g.stats["rules whose output would be rewritten again"] == 1
    g.glossary()  # validates


def test_weak_phrases_keep_their_context() -> None:
    """A substitution made only of common words is learned with the words around it."""
    g = learn([Pair("The talks will go on as well as before.",
                    "The talks will go on in addition to before.")])
    assert [(r.spun, r.canonical) for r in g.rules] == [
        ("on in addition to before", "on as well as before")]


def test_toml_writing_escapes() -> None:
    """Strings and keys are written so that TOML reads them back unchanged."""
    tricky = 'a "quoted" \\ back\tslash\x7f and ’ curly'
    doc = f"{toml_key(tricky)} = {toml_str(tricky)}\nplain-key_1 = 1\n"
    assert tomllib.loads(doc) == {tricky: tricky, "plain-key_1": 1}
    assert toml_key("plain-key_1") == "plain-key_1"
    g = learn(_pairs(), 'name-with.dots')
    assert tomllib.loads(render(g))["name"] == "name-with.dots"


def test_read_terms_skips_blanks_and_comments(tmp_path: Path) -> None:
    """A terms file holds one term per line; blank lines and # comments are skipped."""
    f = tmp_path / "terms.txt"
    f.write_text("# domain terms\ndeep neural network\n\n  graph database  \n", encoding="utf-8")
    assert read_terms(f) == ["deep neural network", "graph database"]


def test_cli_learn_from_folder_and_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    """``textfix learn`` reads pair folders or JSONL, writes a loadable glossary, reports."""
    for k, (o, s) in enumerate(PAIRS):
        d = tmp_path / "pairs" / f"p{k}"
        d.mkdir(parents=True)
        (d / "original.txt").write_text(o, encoding="utf-8")
        (d / "spun.txt").write_text(s, encoding="utf-8")
    terms = tmp_path / "terms.txt"
    terms.write_text("deep neural network\n", encoding="utf-8")
    out = tmp_path / "mine.toml"
    assert cli.main(["learn", str(tmp_path / "pairs"), "-o", str(out), "--terms",
                     str(terms)]) == 0
    assert "6 pairs -> 1 terms" in capsys.readouterr().err
    g = textfix.load_glossary(out)
    assert g.name == "mine"
    assert textfix.Rewriter([g]).fix("A profound neural organization.").text == (
        "A deep neural network.")
    jsonl = tmp_path / "pairs.jsonl"
    jsonl.write_text("".join(json.dumps({"original": o, "spun": s}) + "\n" for o, s in PAIRS),
                     encoding="utf-8")
    assert cli.main(["learn", str(jsonl), "--name", "fromjsonl"]) == 0
    text = capsys.readouterr().out
    assert textfix.parse_glossary(text).name == "fromjsonl"
    assert 'source = "learned: ' in text and "pairs.jsonl:5" in text
    assert cli.main(["learn", str(tmp_path / "nope.jsonl")]) == 2


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "learn_tortured", ROOT / "benchmarks" / "learn_tortured.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_tortured_phrases_small_experiment() -> None:
    """Learned from 80 tortured-phrase pairs with all expected phrases as terms: most seen
    sentences and some unseen ones are restored, and no canonical sentence is changed."""
    bench = _benchmark()
    cases = bench.usable(TORTURED_CSV)[:100]
    res = bench.run(cases, seed=0)
    assert (res.train, res.test) == (80, 20)
    assert res.touched_canonical == 0
    assert res.train_restored >= 0.75 * res.train
    assert res.restored >= 1
    spun, restored = res.round_trip
    assert spun > 0 and restored >= 0.95 * spun
    assert all(got != bench.TEMPLATE.format(want) for _t, want, got in res.failures)


def test_terms_no_substitute_reading_of_which_reads_as_english_are_sure() -> None:
    """A term whose every all-substituted reading the language model reads as clearly worse
    English is written ``sure`` and repaired in one sentence; a term with a natural reading
    ("harmful impact" for "toxic effect") keeps the per-match tier and is left alone there."""
    pairs = [Pair(o, s) for o, s in [
        ("The fuzzy controller worked.", "The fleecy controller worked."),
        ("A fuzzy set was used.", "A fleecy set was used."),
        ("Formal logic helps.", "Formal rationale helps."),
        ("The logic gate failed.", "The rationale gate failed."),
        ("Toxic waste spilled.", "Harmful waste spilled."),
        ("A toxic gas leaked.", "A harmful gas leaked."),
        ("The effect was small.", "The impact was small."),
        ("Its effect on prices.", "Its impact on prices."),
    ]]
    learned = learn(pairs, "demo", terms=["fuzzy logic", "toxic effect"])
    assert learned.sure_terms == {"fuzzy logic"}
    g = learned.glossary()
    assert {t.text: t.tier for t in g.terms} == {"fuzzy logic": "sure", "toxic effect": None}
    rw = textfix.Rewriter([g])
    assert rw.fix("We study fleecy rationale here.").text == "We study fuzzy logic here."
    assert rw.fix("We saw a harmful impact here.").edits == ()
    assert learn(pairs, "demo", terms=["fuzzy logic"], terms_tier="likely").sure_terms == set()


def test_rules_without_context_words_may_share_words_with_terms() -> None:
    """A rule all of whose spun words were changed stays even when a listed term starts with
    one of them; a rule learned with kept context words that could cut into a term goes."""
    pairs = [Pair("We apply face identification daily.", "We apply face distinguishing proof "
                  "daily."), Pair("We study emotion today.", "We study speech emotion today.")]
    learned = learn(pairs, "demo", terms=["proof of concept", "speech emotion recognition"])
    assert [(r.spun, r.canonical) for r in learned.rules] == [
        ("distinguishing proof", "identification")]
    assert learned.stats["rules that could cut into a canonical term"] == 1
    rw = textfix.Rewriter([learned.glossary()])
    assert rw.fix("A distinguishing proof step.").text == "An identification step."
    assert rw.fix("We study speech emotion recognition.").edits == ()
