"""The spinner model: learned entries, the language model, detection, in-context repair,
learning from spun text alone, and the CLI around them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import textfix
from textfix.learn.spun_corpus import LearnError, learn_spun, render_learned
from textfix.model.lm import LanguageModel, ModelError
from textfix.model.spinner import (
    SpinEntry,
    SpinnerModel,
    entries_of,
    required_gain,
    undone,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CLEAN = sorted((DATA / "clean").glob("*.txt")) + sorted((DATA / "terms-clean").glob("*.txt"))
SPUN_SEED = ROOT / "seeds" / "001_73e4453e2cad5e0e.txt"
#: What the common spinner writes for a few words (its habits): used to spin test text.
HABITS = {" said ": " mentioned ", " year": " 12 months", " city": " metropolis",
          " however": " nonetheless", " while ": " whereas ", " also ": " additionally ",
          " only ": " solely ", " people": " individuals", " bill": " invoice"}


def spin_text(text: str) -> str:
    for a, b in HABITS.items():
        text = text.replace(a, b)
    return text


def demo(body: str) -> textfix.Glossary:
    return textfix.parse_glossary('name = "demo"\n' + body)


# -- the glossary format -------------------------------------------------------------------
def test_learned_entries_parse_with_their_evidence() -> None:
    g = demo('[learned."12 months"]\ncanonical = "year"\nweight = 3.1\ncount = 9\n'
             'examples = ["the last 12 months"]\n')
    (e,) = g.learned
    assert (e.spun, e.canonical, e.weight, e.count, e.examples, e.line) == (
        "12 months", "year", 3.1, 9, ("the last 12 months",), 2)


@pytest.mark.parametrize(("body", "problem"), [
    ('[learned.yr]\nweight = 2.0\n', "needs canonical and weight"),
    ('[learned.yr]\ncanonical = "year"\nweight = "high"\n', "weight must be a number"),
    ('[learned.yr]\ncanonical = "year"\nweight = 2.0\ncolour = 1\n', "unknown key 'colour'"),
    ('[learned.yr]\ncanonical = "yr"\nweight = 2.0\n', "canonical is the spun form itself"),
    ('[learned.yr]\ncanonical = "year"\nweight = 2.0\n[learned.year]\ncanonical = "annum"\n'
     'weight = 1.0\n', "would be rewritten again"),
    ('[learned."a b c d e f g h i"]\ncanonical = "x"\nweight = 1.0\n', "longer than 8 words"),
    ('[learned.yr]\ncanonical = "year"\nweight = 2.0\nconfirmed = "no"\n',
     "confirmed must be true or false"),
    ('[learned.yr]\ncanonical = "year"\nweight = 2.0\nrival = 3\n',
     "rival must be a string or a list of strings"),
    ('[learned.yr]\ncanonical = "year"\nweight = 2.0\nrival = ["annum", "yr"]\n',
     "a rival is the spun form itself"),
    ('[learned.yr]\ncanonical = "year"\nweight = 2.0\nalso = [1]\n',
     "also must be a string or a list of strings"),
])
def test_broken_learned_entries_name_the_problem(body: str, problem: str) -> None:
    with pytest.raises(textfix.GlossaryError, match=problem) as err:
        demo(body)
    assert err.value.line is not None


def test_rivals_parse_as_one_string_or_a_list() -> None:
    g = demo('[learned.profitable]\ncanonical = "successful"\nweight = 2.0\nrival = "winning"\n'
             '[learned.struggle]\ncanonical = "war"\nweight = 2.0\nrival = ["fight", "battle"]\n')
    assert [e.rivals for e in g.learned] == [("winning",), ("fight", "battle")]


# -- the language model ----------------------------------------------------------------------
def test_language_model_prefers_the_original_word() -> None:
    lm = LanguageModel.load()
    words = ["the", "city", "council", "voted", "last", "year"]
    assert lm.gain([*words[:1], "metropolis", *words[2:]], 1, 2, ["city"]) > 3
    assert lm.gain(words, 1, 2, ["metropolis"]) < -3


def test_missing_or_corrupt_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        LanguageModel(tmp_path / "none.lm.bin")
    bad = tmp_path / "bad.lm.bin"
    bad.write_bytes(b"not a language model at all\n" * 10)
    with pytest.raises(ModelError, match=str(bad)):
        LanguageModel(bad)


# -- decisions in context --------------------------------------------------------------------
def test_required_gain_grows_as_the_form_gets_ordinary() -> None:
    assert required_gain(3.0) < required_gain(2.2) < required_gain(1.7) < required_gain(1.0)
    assert required_gain(0.1) == float("inf")
    assert required_gain(3.0, "thesaurus") > required_gain(3.0)


def test_proposals_carry_case_and_leave_names_alone() -> None:
    m = SpinnerModel([SpinEntry(("invoice",), "bill", 3.0, -2.0, "d:invoice"),
                      SpinEntry(("metropolis",), "city", 3.0, -2.0, "d:metropolis")])
    text = "Invoice approved. The metropolis passed the invoice, said Invoice Gates."
    got = [(p.before, p.after) for p in m.proposals(text)]
    assert got == [("Invoice", "Bill"), ("metropolis", "city"), ("invoice", "bill")]


def test_proposals_skip_protected_spans() -> None:
    m = SpinnerModel([SpinEntry(("invoice",), "bill", 3.0, -2.0, "d:invoice")])
    text = "The invoice and the invoice."
    assert [p.start for p in m.proposals(text, [(4, 11)])] == [20]


def test_numbers_in_digits_read_as_words() -> None:
    """The speech model has no digits: '2' must not look worse than 'two' to it."""
    lm = LanguageModel.load()
    assert lm.gain(["patients", "with", "type", "2", "diabetes"], 3, 4, ["two"]) == 0.0
    m = SpinnerModel([SpinEntry(("2",), "two", 3.0, -2.0, "d:2")])
    assert m.proposals("Fans lined up for the Switch 2 and season 2 of the show.") == []


def test_a_form_with_a_capital_inside_a_sentence_is_a_name() -> None:
    """Every word of a hit is checked, not only the first: 'of Us' is part of a title."""
    m = SpinnerModel([SpinEntry(("of", "us"), "people", 3.0, -2.0, "d:of us"),
                      SpinEntry(("lifeless", "house"), "dead space", 3.0, -2.0, "d:lh")])
    text = "The Final of Us Half II is out. Lifeless House Remake too. Many of us queued."
    got = [(p.before, p.after) for p in m.proposals(text)]
    assert ("of Us", "people") not in got and not any(b == "Lifeless House" for b, _ in got)


def test_a_form_sure_at_one_place_repairs_where_its_canonical_reads_better() -> None:
    """Spinners are consistent within a document: once the context is clearly for "meeting"
    at one place, another place of "assembly" needs only read better as "meeting"."""
    m = SpinnerModel([SpinEntry(("assembly",), "meeting", 1.0, -1.0, "d:assembly", 6.0)])
    text = "The two ministers held an assembly on Tuesday. At the assembly, they agreed."
    assert [p.start for p in m.proposals(text)] == [text.index("assembly"),
                                                     text.rindex("assembly")]
    # no place is sure: nothing; a sure place does not carry one that reads worse
    assert m.proposals("The assembly will be held on Monday. At the assembly, they met.") == []
    text = "The two ministers held an assembly on Tuesday. The assembly line stopped."
    assert [p.start for p in m.proposals(text)] == [text.index("assembly")]


def test_rewriter_fixes_the_article_with_the_word() -> None:
    g = demo('[learned.assembly]\ncanonical = "meeting"\nweight = 3.0\n'
             '[learned.yr]\ncanonical = "year"\nweight = 3.0\n')
    res = textfix.Rewriter([g]).fix("They held an assembly final yr. " * 20)
    assert res.text.startswith("They held a meeting final year.")
    assert res.replay("They held an assembly final yr. " * 20) == res.text


# -- detection -------------------------------------------------------------------------------
def test_detection_scores_spun_text_high_and_clean_text_low() -> None:
    assert textfix.detect(SPUN_SEED.read_text(encoding="utf-8")) >= 0.5
    clean = spun = 0.0
    for p in CLEAN:
        text = p.read_text(encoding="utf-8")
        assert textfix.detect(text) < 0.5, p.name
        assert textfix.detect(spin_text(text)) >= textfix.detect(text), p.name
        clean += textfix.detect(text)
        spun += textfix.detect(spin_text(text))
    assert spun > clean + 1


def test_model_repairs_spun_news_and_leaves_clean_news_alone() -> None:
    for p in CLEAN:
        text = p.read_text(encoding="utf-8")
        assert textfix.fix(text) == text, p.name
    spun = spin_text(SPUN_SEED.read_text(encoding="utf-8"))
    fixed = textfix.fix(spun)
    assert fixed.count(" mentioned ") < spun.count(" mentioned ")
    assert fixed.count(" metropolis") < spun.count(" metropolis")


def test_model_off_gives_the_glossary_repair() -> None:
    text = SPUN_SEED.read_text(encoding="utf-8")
    on = textfix.Rewriter(model=True).fix(text)
    off = textfix.Rewriter(model=False).fix(text)
    assert not any(e.rule.startswith("spinner-model:") for e in off.edits)
    assert any(e.rule.startswith("spinner-model:") for e in on.edits)


# -- learning from spun text alone -----------------------------------------------------------
def spun_corpus() -> list[str]:
    return [spin_text(p.read_text(encoding="utf-8")) for p in CLEAN]


def test_learning_from_spun_text_alone_finds_the_spinner_habits() -> None:
    entries = learn_spun(spun_corpus(), examples=True)
    found = {e.spun: e.canonical for e in entries}
    assert found.get("mentioned") == "said"
    assert found.get("invoice") == "bill" and found.get("additionally") == "also"
    assert all(e.count >= 2 and e.gain > 0 for e in entries if e.confirmed)
    # a habit the corpus does not confirm is kept only as an unconfirmed entry
    assert all(e.source != "thesaurus" for e in entries if not e.confirmed)
    assert any(e.examples for e in entries)
    g = textfix.parse_glossary(render_learned(entries, "learned"))
    assert len(g.learned) == len(entries)


def test_learning_refuses_too_little_text() -> None:
    with pytest.raises(LearnError, match="at least"):
        learn_spun(["Only a few words here."])


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "textfix", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_cli_learn_spun_corpus_writes_a_glossary_that_loads(tmp_path: Path) -> None:
    corpus = tmp_path / "spun"
    corpus.mkdir()
    for k, text in enumerate(spun_corpus()):
        (corpus / f"{k}.txt").write_text(text, encoding="utf-8")
    (corpus / "blob.txt").write_bytes(b"\0\1\2" * 100)
    out = tmp_path / "learned.toml"
    r = run("learn", "--spun-corpus", str(corpus), "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "learned substitutions" in r.stderr and "binary" in r.stderr
    g = textfix.load_glossary(out)
    assert any(e.spun == "mentioned" for e in g.learned)
    fixed = run("fix", "-g", str(out), str(corpus / "0.txt"), cwd=tmp_path)
    assert fixed.returncode == 0 and "mentioned" not in fixed.stdout


@pytest.mark.parametrize("make", ["empty", "binary", "tiny"])
def test_cli_learn_bad_corpus_is_exit_2(tmp_path: Path, make: str) -> None:
    target = tmp_path / "c"
    target.mkdir()
    if make == "binary":
        (target / "a.txt").write_bytes(b"\0" * 64)
    elif make == "tiny":
        (target / "a.txt").write_text("hello world", encoding="utf-8")
    r = run("learn", "--spun-corpus", str(target), "-o", str(tmp_path / "o.toml"), cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") <= 3 and not (tmp_path / "o.toml").exists()


def test_cli_fix_adapt_learns_from_the_inputs(tmp_path: Path) -> None:
    for k, text in enumerate(spun_corpus()):
        (tmp_path / f"{k}.txt").write_text(text, encoding="utf-8")
    saved = tmp_path.parent / (tmp_path.name + "-adapted.toml")
    r = run("fix", "--adapt", "--adapt-save", str(saved), "-g", "news-terms", "--check",
            str(tmp_path), cwd=tmp_path)
    assert "--adapt: learned" in r.stderr and "mentioned -> said" in r.stderr
    assert "confirmed by the text" in r.stderr
    assert r.returncode == 1  # --check: files would change
    assert textfix.load_glossary(saved).learned


def test_an_entry_whose_output_can_spell_its_form_again_is_left_out() -> None:
    """"video games" -> "games" would turn "video video games" into "video games", which the
    next run would change again: such an entry never repairs."""
    g = demo('[learned."video games"]\ncanonical = "games"\nweight = 3.0\n'
             '[learned.invoice]\ncanonical = "bill"\nweight = 3.0\n')
    rw = textfix.Rewriter([g])
    text = "The invoice covers video video games and the invoice. " * 20
    once = rw.fix(text).text
    assert "video video games" in once and "invoice" not in once
    assert rw.fix(once).text == once


# -- unconfirmed habits --------------------------------------------------------------------
UNCONFIRMED = ('[learned.trade]\ncanonical = "industry"\nweight = 3.0\nconfirmed = false\n'
               '[learned.invoice]\ncanonical = "bill"\nweight = 3.0\ngain = 5.0\n'
               'count = 9\n')


def test_an_unconfirmed_entry_parses_and_repairs_only_where_the_context_is_clearly_wrong(
        ) -> None:
    """An unconfirmed habit ("trade" for "industry") needs a language-model gain of 4: it
    repairs where "trade" reads as nonsense, not where it is the author's word."""
    g = demo(UNCONFIRMED)
    assert [e.confirmed for e in g.learned] == [False, True]
    m = SpinnerModel([SpinEntry(("trade",), "industry", 3.0, 0.0, "demo:trade",
                                required_gain(3.0, "habits", "", False), False)])
    wrong = "The shipbuilding trade has grown fast this year."
    right = "The two countries signed a trade deal on Monday."
    assert [(p.before, p.after) for p in m.proposals(wrong)] == [("trade", "industry")]
    assert m.proposals(right) == []


def test_an_unconfirmed_entry_weighs_nothing_in_detection() -> None:
    """Detection counts only confirmed entries: a text full of an unconfirmed form scores as
    if the entry were not there."""
    sure = SpinEntry(("invoice",), "bill", 3.0, -1.0, "demo:invoice")
    unsure = SpinEntry(("trade",), "industry", 3.0, -1.0, "demo:trade", 4.0, False)
    text = "The trade group met. " * 60 + "The invoice passed. " * 10
    assert SpinnerModel([sure, unsure]).score(text) == SpinnerModel([sure]).score(text)
    assert SpinnerModel([unsure]).score(text) == 0.0


def test_learning_keeps_a_habit_the_corpus_does_not_show_as_unconfirmed() -> None:
    """A habit with no place in the spun corpus is kept unconfirmed (the learner cannot check
    it); a thesaurus guess never is."""
    entries = learn_spun(spun_corpus(), examples=False)
    by_form = {e.spun: e for e in entries}
    unconfirmed = [e for e in entries if not e.confirmed]
    assert unconfirmed and all(e.source != "thesaurus" for e in unconfirmed)
    assert by_form["mentioned"].confirmed
    assert any(e.count == 0 for e in unconfirmed)
    g = textfix.parse_glossary(render_learned(entries, "learned"))
    assert sum(not e.confirmed for e in g.learned) == len(unconfirmed)


def test_no_kept_canonical_form_holds_another_entrys_spun_form() -> None:
    """ "current larger costs" -> "present higher prices" and "present" -> "current": the
    second would rewrite the first's output on the next run, so it is left out, and fixing
    twice changes nothing."""
    g = demo('[learned."current larger costs"]\ncanonical = "present higher prices"\n'
             'weight = 3.0\ngain = 5.0\ncount = 9\n'
             '[learned.present]\ncanonical = "current"\nweight = 3.0\ngain = 5.0\ncount = 9\n'
             '[learned.invoice]\ncanonical = "bill"\nweight = 3.0\ngain = 5.0\ncount = 9\n')
    rw = textfix.Rewriter([g])
    text = "The invoice shows current larger costs, and the present invoice is late. " * 20
    once = rw.fix(text).text
    assert "present higher prices" in once
    assert rw.fix(once).text == once


def test_each_place_gets_the_original_its_context_prefers() -> None:
    """A spinner writes "profitable" for "successful" and for "winning": the rival is written
    where the context is clearly for it, at the bar of a form with a rival."""
    e = SpinEntry(("profitable",), "successful", 3.0, -1.0, "d:profitable", 1.0, True,
                  ("winning",), 4.0)
    m = SpinnerModel([e])
    (p,) = m.proposals("He was blocked from profitable a majority of the votes.")
    assert (p.before, p.after) == ("profitable", "winning") and p.gain >= 4.0
    (p,) = m.proposals("The company had a profitable year.")
    assert p.after == "successful"


def test_a_weaker_original_is_chosen_where_the_context_wants_it_at_the_entrys_own_bar() -> None:
    """The spinner writes "nonetheless" for "still" and, less often in the learning corpus,
    for "however": "He did, nonetheless, joke" gets "however" (without raising the bar of
    "nonetheless", as a rival would), and "is nonetheless going" keeps "still"."""
    g = demo('[learned.nonetheless]\ncanonical = "still"\nweight = 3.0\ngain = 6.0\n'
             'count = 40\nalso = ["however"]\n')
    (e,) = g.learned
    assert e.also == ("however",) and e.rivals == ()
    m = SpinnerModel(entries_of([g]))
    assert m.entries[("nonetheless",)].min_gain == 1.0
    (p,) = m.proposals("He did, nonetheless, joke about the plan.")
    assert p.after == "however"
    (q,) = m.proposals("I am tired but I am nonetheless going to the game.")
    assert q.after == "still"


def test_a_word_set_apart_by_commas_gets_the_original_it_reads_as_alone() -> None:
    """The language model sees no commas: "Nonetheless, the film's reception" reads as
    "still the film's reception" to it. A word between a sentence start (or a comma) and a
    comma is chosen as read alone, "However,"; in running text "still" stays the choice."""
    g = demo('[learned.nonetheless]\ncanonical = "still"\nweight = 3.0\ngain = 6.0\n'
             'count = 40\nalso = ["however"]\n')
    m = SpinnerModel(entries_of([g]))
    (p,) = m.proposals("Nonetheless, the film's reception has been warm.")
    assert p.after == "However"
    (q,) = m.proposals("The film's reception has nonetheless been warm.")
    assert q.after == "still"


def test_rivals_and_weaker_originals_survive_rendering() -> None:
    """What the learner writes for ``--spun-corpus`` parses back with the same originals."""
    from textfix.learn.spun_corpus import SpunEvidence
    e = SpunEvidence("nonetheless", "still", 40, 30, 1, 6.0, 1.0, 3.0, -2.9, "habits",
                     rivals=("nevertheless",), also=("however",))
    (back,) = textfix.parse_glossary(render_learned([e], "demo")).learned
    assert (back.canonical, back.rivals, back.also) == ("still", ("nevertheless",), ("however",))


def test_a_rival_that_holds_a_spun_form_is_dropped_but_its_bar_stays() -> None:
    """Writing "hold" for "maintain" would be rewritten again where "hold" is itself a spun
    form: the rival goes, and "maintain" still needs the bar of a form with a rival."""
    m = SpinnerModel([SpinEntry(("maintain",), "keep", 3.0, -1.0, "d:maintain", 1.0, True,
                                ("hold",), 4.0),
                      SpinEntry(("hold",), "have", 3.0, -1.0, "d:hold", 1.0)])
    e = m.entries[("maintain",)]
    assert e.rivals == () and e.min_gain == 4.0


def test_a_thesaurus_guess_needs_a_context_that_reads_clearly_wrong() -> None:
    """The language model likes common words, so a guess with no habit behind it repairs only
    where the gain is large: "the PG-rated pic" reads better as "movie" (2.75), but not by
    enough for a guess; the same entry written down as a habit repairs there."""
    text = "Not only is the PG-rated pic whipping up interest among families."

    def model(source: str) -> SpinnerModel:
        return SpinnerModel(entries_of([demo(
            f'[learned.pic]\ncanonical = "movie"\nweight = 3.0\ngain = 5.0\ncount = 9\n'
            f'source = "{source}"\n')]))

    assert model("thesaurus").proposals(text) == []
    assert [p.after for p in model("habits").proposals(text)] == ["movie"]


def test_a_substitution_another_edit_undid_lowers_the_bar_at_its_other_places() -> None:
    """A name repaired by a glossary ("Safety Consultative Assembly" -> "Security Consultative
    Meeting") shows the spinner writing "assembly" for "meeting" in this document: its other
    places need only read better with "meeting", as after a sure place of the model's own."""
    m = SpinnerModel([SpinEntry(("assembly",), "meeting", 2.2, -1.0, "d:assembly", 1.5)])
    text = ("Tensions remain high on the Korean Peninsula. The assembly comes as North Korea "
            "deepens its military ties with Russia.")
    assert m.proposals(text) == []
    seen = undone([("Safety Consultative Assembly", "Security Consultative Meeting")])
    (p,) = m.proposals(text, seen=seen)
    assert (p.before, p.after) == ("assembly", "meeting") and 1.0 <= p.gain < 1.5
    other = undone([("Nationwide", "National")])
    assert m.proposals(text, seen=other) == []


def test_the_rewriter_passes_what_its_glossaries_undid_to_the_model() -> None:
    """End to end with the shipped set: the seed pair's spun text, where the defense glossary
    repairs the meeting's name, gets "the assembly comes as" back as "the meeting comes as"."""
    spun = (ROOT / "seeds" / "001_73e4453e2cad5e0e.txt").read_text(encoding="utf-8")
    fixed = textfix.fix(spun)
    assert "Security Consultative Meeting" in fixed
    assert "the assembly comes as" not in fixed.lower()


def test_a_confirmed_entry_wins_over_the_same_form_kept_unconfirmed() -> None:
    """What ``--adapt`` confirms in the inputs beats the shipped model's unconfirmed habit for
    the same form, whichever glossary comes first."""
    shipped = demo('[learned.trade]\ncanonical = "industry"\nweight = 0.2\nconfirmed = false\n')
    adapted = textfix.parse_glossary('name = "adapted"\n[learned.trade]\ncanonical = "commerce"'
                                     '\nweight = 3.0\ngain = 5.0\ncount = 9\n')
    m = SpinnerModel(entries_of([shipped, adapted]))
    e = m.entries[("trade",)]
    assert e.confirmed and e.canonical == "commerce" and e.rule == "adapted:trade"


def test_an_unconfirmed_form_sure_at_one_place_does_not_lower_the_bar_elsewhere() -> None:
    """Consistency is for habits the corpus confirmed: an ordinary word is not one."""
    e = SpinEntry(("nations",), "countries", -1.4, 1.0, "d:nations", 4.0, False)
    m = SpinnerModel([e])
    text = ("Leaders of many nations met. The two nations agreed to trade. "
            "Envoys from 12 nations came.")
    gains = {p.start: p.gain for p in m.proposals(text)}
    assert all(g >= 4.0 for g in gains.values())


def test_the_model_reads_each_place_within_its_sentence() -> None:
    """The language model's window stops at a sentence break, whose end reads as </s>:
    the words of the sentence before say nothing about this one."""
    from textfix.model.spinner import _Hit, _View
    from textfix.text.tokenize import scan

    e = SpinEntry(("in", "line", "with"), "according to", 3.0, -2.0, "d:in line with")
    text = "Sales rose sharply. In line with forecasts, costs fell. Ask them"
    keys, bounds = scan(text)
    hit = _Hit(3, 5, e)
    view = _View(text, keys, bounds, [hit], {e.spun: ("according", "to")})
    assert view.before(hit, 3) == []
    assert view.after(hit, 2) == ["forecasts", "costs"]
    fell, ask = _Hit(8, 8, e), _Hit(9, 9, e)
    assert _View(text, keys, bounds, [fell], {}).after(fell, 2) == ["</s>"]
    assert _View(text, keys, bounds, [ask], {}).before(ask, 3) == []
    assert _View(text, keys, bounds, [ask], {}).after(ask, 2) == ["them", "</s>"]


def test_the_document_score_does_not_depend_on_the_hash_seed() -> None:
    """Workers run under other hash seeds than the parent: a score summed in a set's order
    differed in its last bits from one process to the next."""
    import os
    import subprocess
    import sys

    code = ("import textfix, pathlib\n"
            "m = textfix.Rewriter()._model\n"
            f"for p in sorted(pathlib.Path({str(DATA / 'clean')!r}).glob('*.txt')):\n"
            "    print(repr(m.evidence(textfix.text.tokenize.scan(p.read_text())[0])))\n")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(outs) == 1 and outs.pop().count("\n") >= 10


def test_plain_phrases_in_a_spun_document_stay() -> None:
    """In a document the gate opens for, plain English that a spinner form resembles stays:
    'some of us' is not a spinner's 'people', 'tip of the iceberg' not 'end'."""
    spun = (DATA / "spun" / "sentences.json").read_text(encoding="utf-8")
    import json

    body = "\n\n".join(item["spun"] for item in json.loads(spun))
    plain = ["Some of us waited; many of us left.",
             "This is only the tip of the iceberg, officials warned.",
             "The company replied in response to questions."]
    fixed = textfix.fix(body + "\n\n" + "\n\n".join(plain)).split("\n\n")[-len(plain):]
    assert fixed == plain


def test_forms_are_found_where_they_begin_whatever_their_first_word() -> None:
    """A word that is only a form, one that also begins a longer form, a longer form whose
    first word begins no form alone, and one whose last word carries a possessive."""
    m = SpinnerModel([SpinEntry(("invoice",), "bill", 3.0, -2.0, "d:invoice"),
                      SpinEntry(("metropolis",), "city", 3.0, -2.0, "d:metropolis"),
                      SpinEntry(("metropolis", "hall"), "city hall", 3.0, -2.0, "d:mh"),
                      SpinEntry(("chief", "govt"), "prime minister", 3.0, -2.0, "d:cg")])
    text = ("The metropolis hall paid the invoice. The chief govt's plan reached the "
            "metropolis. The chief said so.")
    got = [(p.before, p.after) for p in m.proposals(text)]
    assert got == [("metropolis hall", "city hall"), ("invoice", "bill"),
                   ("chief govt", "prime minister"), ("metropolis", "city")]


def test_remembered_window_gains_repair_as_fresh_ones() -> None:
    """The gains a model keeps from earlier documents are the ones it would compute."""
    text = spin_text(CLEAN[0].read_text(encoding="utf-8"))
    entries = entries_of(textfix.default_glossaries())
    kept = SpinnerModel(entries)
    fresh = SpinnerModel(entries)
    fresh._window_gains = fresh._window_gain  # type: ignore[assignment]
    first = kept.proposals(text)
    assert first and kept.proposals(text) == first == fresh.proposals(text)
    assert kept._window_gains.cache_info().hits >= len(first)


def test_detection_counting_the_words_it_reads_scores_as_counting_all() -> None:
    from collections import Counter

    from textfix.text.tokenize import scan

    m = textfix.Rewriter()._model
    assert m is not None
    for p in [*CLEAN, SPUN_SEED]:
        text = p.read_text(encoding="utf-8")
        keys = scan(text)[0]
        counts = Counter(keys)
        assert m.scores(text, keys) == (m.score_keys(keys, counts),
                                        m.word_by_word.score_keys(text, keys, counts))
