"""The word-by-word spinner family: detection by odd words, repair from the thesaurus."""

from __future__ import annotations

from pathlib import Path

import textfix
from textfix.model.sources import odd_words, thesaurus_candidates
from textfix.model.wordbyword import WordByWord

ROOT = Path(__file__).resolve().parents[1]
CLEAN = sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))

#: Written for this test in the style of the family: each odd word is a WordNet synonym of
#: the common word it replaced, whatever the sense.
SPUN = ("The company said the new rocket will beryllium ready for its first flight next "
        "month. Engineers have worked intimately with the agency arsenic they prepare the "
        "vehicle. A portion of the team will stay at the site while the rest travel to the "
        "coast. The forecast is expected to beryllium clear, and the window opens at noon. "
        "Officials said the alteration to the schedule was small. Arsenic the date nears, the "
        "crew will test the engines at a rapid clip. The respective teams will beryllium in "
        "place by Monday, and the flight will beryllium streamed unrecorded online.\n")
#: Ordinary prose that uses some of the same rarer words as their authors meant them.
PLAIN = ("A portion of the proceeds will go to the respective charities, the organisers "
         "said. The alteration of the old mill was approved last year, and the work has moved "
         "at a brisk clip since the spring. Residents who knew the building intimately were "
         "asked for old photographs.\n")


def test_the_family_scores_high_and_plain_prose_zero() -> None:
    m = WordByWord()
    assert m.score(SPUN) >= 0.9
    assert m.score(PLAIN) == 0.0
    assert m.score("") == 0.0


def test_clean_news_never_looks_word_by_word() -> None:
    m = WordByWord()
    assert all(m.score(p.read_text(encoding="utf-8")) == 0.0 for p in CLEAN)


def test_odd_words_are_repaired_in_context_and_names_are_left_alone() -> None:
    m = WordByWord()
    got = {(before, after) for _, _, before, after, _ in m.proposals(SPUN)}
    assert {("beryllium", "be"), ("arsenic", "as"), ("unrecorded", "live"),
            ("intimately", "closely")} <= got
    assert ("Arsenic", "As") in got  # the case carries over
    assert not any(before == "nears" for before, _ in got)  # a verb never becomes "about"
    named = SPUN.replace("the agency arsenic", "the agency Arsenic Labs")
    assert not any(b == "Arsenic" and s < named.index("Labs") < s + 20
                   for s, _, b, _, _ in m.proposals(named))


def test_protected_spans_are_left_alone() -> None:
    m = WordByWord()
    first = SPUN.index("beryllium")
    spans = [(s, e) for s, e, *_ in m.proposals(SPUN, [(first, first + 9)])]
    assert (first, first + 9) not in spans and spans


def test_default_repair_of_the_family_is_explained_idempotent_and_leaves_prose() -> None:
    res = textfix.fix_and_explain(SPUN)
    assert res.spin_score >= 0.5
    assert "will be ready" in res.text and "streamed live online" in res.text
    assert res.replay(SPUN) == res.text
    assert any(e.rule.startswith("word-by-word:") for e in res.edits)
    assert textfix.fix(res.text) == res.text
    assert textfix.fix(PLAIN) == PLAIN


def test_strict_candidates_keep_the_inflection() -> None:
    assert "about" in thesaurus_candidates("nears")
    assert "about" not in thesaurus_candidates("nears", strict=True)
    assert "be" in odd_words()["beryllium"][0]


def test_a_word_sure_at_one_place_is_repaired_where_its_synonym_reads_better() -> None:
    """The spinner is consistent within a document: "alteration" is sure to be its word in
    SPUN, so another place where "change" reads better (but not by the full bar) is repaired
    too; a place where it reads only a little better is left."""
    m = WordByWord()
    more = SPUN + (" The team made one alteration to the rocket. It was a minor alteration, "
                   "they said.")
    got = [(more[s:e], after) for s, e, _, after, _ in m.proposals(more) if s > len(SPUN)]
    assert got == [("alteration", "change")]
    assert more.index("alteration", len(SPUN)) == [s for s, *_ in m.proposals(more)][-1]
    # without the sure place, neither is repaired
    alone = SPUN.replace("the alteration to", "the plan for") + more[len(SPUN):]
    assert not any(b == "alteration" for _, _, b, _, _ in m.proposals(alone))


def test_similar_adjectives_are_candidates_and_a_sentence_end_is_read_as_one() -> None:
    """The family also follows WordNet's "similar to" links ("in" -> "successful", "on" ->
    "connected"); a word at the end of a sentence is read with the sentence's end, not with
    the next sentence's first words ("was successful. The lights" is not "was in the")."""
    from textfix.model.sources import similar_candidates

    assert "in" in similar_candidates("successful")
    assert "on" in similar_candidates("connected")
    more = SPUN + (" The crew will stay successful Texas until the test, and the last test "
                   "was successful. The lights stayed connected the whole night.")
    got = [(more[s:e], after, s) for s, e, _, after, _ in WordByWord().proposals(more)
           if s > len(SPUN)]
    assert [(b, a) for b, a, _ in got] == [("successful", "in"), ("connected", "on")]
    assert got[0][2] == more.index("successful Texas")
