"""Matching and rewriting: terms, synonyms, inflection, case, separators, rules, tiers."""

from __future__ import annotations

import pickle
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import textfix
from textfix import Edit, Result, Rewriter, apply_edits, parse_glossary

from .conftest import ROOT, SEEDS, SHARED

HEADER = 'name = "t"\n'


def rw(body: str, **options: object) -> Rewriter:
    """A Rewriter over one glossary written inline."""
    return Rewriter([parse_glossary(HEADER + body)], **options)


SCM = rw(
    """
terms = ["Security Consultative Meeting", "defense chief", "Defense Minister",
         "Department of War", "National Assembly", "Joint Security Area", "defense ministry"]
[synonyms]
defense = ["protection"]
security = ["safety"]
meeting = ["assembly"]
department = ["division"]
war = ["conflict"]
area = ["space"]
"""
)


def fixed(r: Rewriter, text: str) -> str:
    return r.fix(text).text


def test_term_found_through_synonyms_without_being_listed() -> None:
    """Each word may appear as a listed substitute: the spun name is restored."""
    assert fixed(SCM, "the 57th Safety Consultative Assembly (SCM)") == (
        "the 57th Security Consultative Meeting (SCM)")
    assert fixed(SCM, "The U.S. Division of Conflict said") == "The U.S. Department of War said"


def test_term_with_no_spun_counterpart_is_left_alone() -> None:
    """"National Assembly" stays: no canonical term reads "National Meeting"."""
    text = "troops surrounded the National Assembly on Tuesday"
    assert SCM.fix(text) == Result(text, (), 0.0)


def test_all_substituted_name_is_restored_when_term_and_map_are_given() -> None:
    """"Nationwide Meeting" becomes "National Assembly" with that term and map."""
    r = rw('terms = ["National Assembly"]\n[synonyms]\nnational = ["nationwide"]\n'
           'assembly = ["meeting"]\n')
    assert fixed(r, "surrounding the Nationwide Meeting and") == (
        "surrounding the National Assembly and")
    # the same words in lower case are ordinary English, not a spun name
    assert fixed(r, "a nationwide meeting of teachers") == "a nationwide meeting of teachers"


def test_inflection_is_matched_and_carried_over() -> None:
    """Plurals and possessives match, and the canonical word takes the same form."""
    assert fixed(SCM, "two Safety Consultative Assemblies") == "two Security Consultative Meetings"
    assert fixed(SCM, "the protection chiefs met") == "the defense chiefs met"
    assert fixed(SCM, "the protection ministry’s plan") == "the defense ministry’s plan"
    assert fixed(SCM, "the protection ministry's plan") == "the defense ministry's plan"


def test_case_is_carried_over() -> None:
    """Lower-case canonical words take the case of the word they replace."""
    assert fixed(SCM, "Protection Minister Ahn") == "Defense Minister Ahn"
    assert fixed(SCM, "PROTECTION MINISTER AHN") == "DEFENSE MINISTER AHN"
    assert fixed(SCM, "Protection chiefs") == "Defense chiefs"
    assert fixed(SCM, "the joint safety space") == "the joint safety space"


def test_proper_noun_terms_keep_their_own_case() -> None:
    """A term written with capitals restores its own case."""
    r = rw('terms = ["Joint Security Area"]\n[synonyms]\nsecurity = ["safety"]\n'
           'area = ["space"]\n')
    assert fixed(r, "visited the Joint Safety Space") == "visited the Joint Security Area"


def test_line_break_inside_a_term_stays() -> None:
    """Separators are kept: a CRLF inside a term survives the rewrite."""
    assert fixed(SCM, "the Safety\r\nConsultative  Assembly") == (
        "the Security\r\nConsultative  Meeting")


def test_term_does_not_cross_sentence_punctuation() -> None:
    """Words of a term separated by a full stop or a comma are not a term."""
    assert fixed(SCM, "more protection. Chiefs of staff") == "more protection. Chiefs of staff"
    assert fixed(SCM, "the protection, chiefs said") == "the protection, chiefs said"


def test_canonical_text_is_not_touched() -> None:
    """A match that already reads canonical is left alone, even in odd case."""
    text = "the SECURITY consultative meeting and the Defense Chiefs"
    assert SCM.fix(text).edits == ()


def test_close_spelling_inside_a_spun_term() -> None:
    """A typo next to a substituted word is fixed as part of the term."""
    assert fixed(SCM, "the 57th Safety Consultitive Assembly") == (
        "the 57th Security Consultative Meeting")


def test_close_spelling_alone_is_no_spin_evidence() -> None:
    """A variant spelling with no substituted word is not rewritten (British spelling)."""
    r = rw('terms = ["World Health Organization"]\n[synonyms]\nhealth = ["well being"]\n')
    assert fixed(r, "the World Health Organisation said") == "the World Health Organisation said"


def test_edits_explain_every_change() -> None:
    """Each edit carries offsets into the input, before, after, rule, tier and score."""
    text = "The protection chiefs will hold the Safety Consultative Assembly."
    res = SCM.fix(text)
    assert [(e.before, e.after, e.rule, e.tier) for e in res.edits] == [
        ("protection", "defense", "t:defense chief", "sure"),
        ("Safety Consultative Assembly", "Security Consultative Meeting",
         "t:Security Consultative Meeting", "sure"),
    ]
    for e in res.edits:
        assert text[e.start : e.end] == e.before
        assert 0 < e.score <= 1
    assert res.replay(text) == res.text == apply_edits(text, res.edits)


def test_apply_edits_rejects_edits_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        apply_edits("abc", [Edit(0, 1, "x", "y", "g:r", "sure", 1.0)])


def test_phrase_rules_with_different_word_counts() -> None:
    """Phrase rules rewrite spins that are not word for word, keeping case."""
    r = rw('[phrases]\n"counterfeit consciousness" = "artificial intelligence"\n'
           '"Chinese language vessels" = "Chinese vessels"\n'
           '"earlier this yr" = "earlier this year"\n'
           '"this yr" = "this year"\n')
    assert fixed(r, "Counterfeit consciousness is here") == "Artificial intelligence is here"
    assert fixed(r, "track Chinese language vessels.") == "track Chinese vessels."
    assert fixed(r, "took office earlier this yr.") == "took office earlier this year."
    assert fixed(r, "This yr’s meeting") == "This year’s meeting"


def test_context_conditions_require_and_forbid() -> None:
    """A rule with require/forbid applies only when its context is met."""
    r = rw('[[rule]]\nspun = "malignant growth"\ncanonical = "cancer"\nrequire = ["cancer"]\n'
           '[[rule]]\nspun = "highlight extraction"\ncanonical = "feature extraction"\n'
           'forbid = ["specular"]\n')
    assert fixed(r, "malignant growth is studied") == "malignant growth is studied"
    assert fixed(r, "A malignant growth, i.e. cancer.") == "A cancer, i.e. cancer."
    assert fixed(r, "highlight extraction works") == "feature extraction works"
    assert fixed(r, "specular highlight extraction") == "specular highlight extraction"


def test_context_window() -> None:
    """With a window, the required phrase must be within that many words."""
    r = rw('[[rule]]\nspun = "profound learning"\ncanonical = "deep learning"\n'
           'require_any = ["neural", "network"]\nwindow = 3\n')
    assert fixed(r, "profound learning with a neural net") == "deep learning with a neural net"
    far = "profound learning is a topic that many people like to read about in neural terms"
    assert fixed(r, far) == far


def test_likely_rules_are_gated_by_the_spin_score() -> None:
    """A likely rule never applies in clean text, and applies in a spun document."""
    r = rw('terms = ["Security Consultative Meeting", "defense ministry"]\n'
           '[synonyms]\ndefense = ["protection"]\nsecurity = ["safety"]\nmeeting = ["assembly"]\n'
           '[[rule]]\nspun = "mentioned"\ncanonical = "said"\ntier = "likely"\n')
    clean = "He mentioned the weather."
    assert r.fix(clean).text == clean
    spun = ("He mentioned the Safety Consultative Assembly at the protection ministry. "
            "The protection ministry mentioned it.")
    res = r.fix(spun)
    assert res.spin_score >= 0.5
    assert res.text == ("He said the Security Consultative Meeting at the defense ministry. "
                        "The defense ministry said it.")
    assert {e.tier for e in res.edits} == {"sure", "likely"}
    assert Rewriter(r.glossaries, tier="sure").fix(spun).text.startswith("He mentioned")


def test_exceptions_are_never_rewritten() -> None:
    """An exception protects its span from every rule and term."""
    r = rw('exceptions = ["Protection Minister Smith"]\nterms = ["Defense Minister"]\n'
           '[synonyms]\ndefense = ["protection"]\n')
    assert fixed(r, "Protection Minister Smith spoke") == "Protection Minister Smith spoke"
    assert fixed(r, "Protection Minister Ahn spoke") == "Defense Minister Ahn spoke"


def test_longest_match_wins() -> None:
    """Overlapping candidates: the best-scoring non-overlapping set is chosen."""
    r = rw('terms = ["Joint Chiefs", "Joint Chiefs of Staff"]\n[synonyms]\nstaff = ["employees"]\n'
           'chiefs = ["heads"]\n')
    assert fixed(r, "the Joint Chiefs of Employees") == "the Joint Chiefs of Staff"
    assert fixed(r, "the Joint Heads met") == "the Joint Chiefs met"


def test_rules_sharing_a_context_word_both_apply() -> None:
    """Matches that overlap only on words both keep all apply ("anticipated to" and "to
    evaluation the" share "to"); a word an exception covers stays as written."""
    r = rw('exceptions = ["to evaluation committees"]\nterms = ["Security Council"]\n'
           '[synonyms]\nsecurity = ["safety"]\n[phrases]\n'
           '"anticipated to" = "expected to"\n"to evaluation the" = "to review the"\n'
           '"council anticipated" = "council expected"\n')
    text = "They are anticipated to evaluation the plan."
    res = r.fix(text)
    assert res.text == "They are expected to review the plan."
    assert [e.rule for e in res.edits] == ["t:anticipated to", "t:to evaluation the"]
    assert apply_edits(text, res.edits) == res.text
    assert fixed(r, res.text) == res.text
    assert fixed(r, "anticipated to evaluation committees") == (
        "expected to evaluation committees")
    assert fixed(r, "the Safety Council anticipated a vote") == (
        "the Security Council expected a vote")


def test_a_match_never_rewrites_a_word_another_reads() -> None:
    """Of two matches where one would rewrite a word the other reads, only one applies."""
    r = rw('[phrases]\n"anticipated to" = "expected to"\n'
           '"to evaluation" = "to review"\n"evaluation the plan" = "assessment of the plan"\n')
    res = r.fix("anticipated to evaluation the plan")
    # the longer rule wins "evaluation"; "to evaluation" would rewrite a word it reads
    assert res.text == "expected to assessment of the plan"
    assert [e.rule for e in res.edits] == ["t:anticipated to", "t:evaluation the plan"]


def test_multiword_substitute() -> None:
    """A substitute may be several words ("Chinese language" for "Chinese")."""
    r = rw('terms = ["Chinese vessels"]\n[synonyms]\nchinese = ["chinese language"]\n')
    assert fixed(r, "tracking Chinese language vessels today") == "tracking Chinese vessels today"


def test_offsets_survive_case_folding_and_normalization() -> None:
    """"İ", NFD input and CRLF never shift the offsets of an edit."""
    for prefix in ("İİİ ", unicodedata.normalize("NFD", "Café é "), "line\r\n\r\n", "ß "):
        text = prefix + "the Safety Consultative Assembly ends"
        res = SCM.fix(text)
        (e,) = res.edits
        assert text[e.start : e.end] == "Safety Consultative Assembly"
        assert res.text == prefix + "the Security Consultative Meeting ends"


def test_nfd_words_match() -> None:
    """A term word written decomposed (NFD) matches its composed glossary form."""
    r = rw('terms = ["Café Society"]\n[synonyms]\nsociety = ["association"]\n')
    text = unicodedata.normalize("NFD", "the Café Association")
    assert fixed(r, text) == unicodedata.normalize("NFD", "the Café") + " Society"


def test_rewriter_is_picklable_and_immutable() -> None:
    """A Rewriter survives pickling and behaves the same after it."""
    again = pickle.loads(pickle.dumps(SCM))
    text = "The protection chiefs"
    assert again.fix(text) == SCM.fix(text)
    with pytest.raises(AttributeError):
        SCM.config.threshold = 0.1  # type: ignore[misc]


def test_fix_rejects_bytes_with_a_clear_message() -> None:
    with pytest.raises(TypeError, match="decode bytes first"):
        SCM.fix(b"bytes")  # type: ignore[arg-type]


# -- acceptance on the seeds ----------------------------------------------------------------

SEED_SPUN = SEEDS / "001_73e4453e2cad5e0e.txt"
SEED_CLEAN = SEEDS / "000_263983dd82603a38.txt"
RESTORED = [
    "defense chiefs", "Defense Minister", "Defense Secretary", "Security Consultative Meeting",
    "defense ministry", "Department of War", "Joint Security Area", "combat credible",
    "extended deterrence", "combined defense posture", "nuclear fuel", "last week",
    "last month", "earlier this year", "this year’s",
]


@pytest.fixture(scope="module")
def starter() -> Rewriter:
    return Rewriter([textfix.load_glossary(ROOT / "tests" / "data" / "starter.toml")])


@pytest.mark.parametrize("phrase", RESTORED)
def test_seed_001_terms_restored_each_by_an_edit(starter: Rewriter, phrase: str) -> None:
    """Every listed term of the seed is restored, by a glossary entry, with an Edit."""
    text = SEED_SPUN.read_text(encoding="utf-8")
    res = starter.fix(text)
    assert phrase not in text
    assert phrase in res.text
    assert any(phrase.endswith(e.after) or e.after in phrase for e in res.edits)
    assert all(e.rule.startswith("starter:") for e in res.edits)


def test_seed_000_and_originals_come_back_identical(starter: Rewriter) -> None:
    """Clean text is byte-identical with the starter and with the default glossaries."""
    clean = [SEED_CLEAN, *sorted(SHARED.glob("pairs/*/original.txt"))]
    for path in clean:
        text = path.read_text(encoding="utf-8")
        assert starter.fix(text).text == text, path.name
        assert textfix.fix(text) == text, path.name


def test_main_job_on_seed_changes_it(starter: Rewriter) -> None:
    text = SEED_SPUN.read_text(encoding="utf-8")
    assert textfix.fix(text) != text


def test_path_objects_and_strings_both_load(starter_path: Path) -> None:
    assert textfix.load_glossary(str(starter_path)) == textfix.load_glossary(starter_path)


def test_terms_with_commas_possessives_and_quotes() -> None:
    """A term's own punctuation matches; quotes and apostrophe style do not block a term."""
    r = rw('terms = ["maintenance, repair and overhaul", "Supreme People\'s Assembly",\n'
           '         "combat credible partner", "ASEAN Defense Ministers’ Meeting"]\n'
           '[synonyms]\nmaintenance = ["upkeep"]\nrepair = ["restore"]\nassembly = ["meeting"]\n'
           'combat = ["fight"]\npartner = ["associate"]\ndefense = ["protection"]\n'
           'meeting = ["assembly"]\n')
    assert fixed(r, "naval upkeep, restore and overhaul") == (
        "naval maintenance, repair and overhaul")
    assert fixed(r, "the naval upkeep. Restore and overhaul") == (
        "the naval upkeep. Restore and overhaul")
    assert fixed(r, "the Supreme People’s Meeting met") == "the Supreme People’s Assembly met"
    assert fixed(r, "a “fight credible” associate") == "a “combat credible” partner"
    assert fixed(r, "ASEAN Protection Ministers' Assembly Plus") == (
        "ASEAN Defense Ministers' Meeting Plus")


def test_article_follows_the_new_word() -> None:
    """"an irregular woodland" becomes "a random forest": the edit takes the article along."""
    r = rw('[phrases]\n"irregular woodland" = "random forest"\n'
           '"counterfeit consciousness" = "artificial intelligence"\n')
    res = r.fix("We train an irregular woodland model.")
    assert res.text == "We train a random forest model."
    assert [(e.before, e.after) for e in res.edits] == [
        ("an irregular woodland", "a random forest")]
    assert fixed(r, "A counterfeit consciousness system") == "An artificial intelligence system"
    # an article that did not fit the old word is not ours to judge
    assert fixed(r, "an counterfeit consciousness") == "an artificial intelligence"


def test_phrase_rule_case_follows_every_replaced_word() -> None:
    """Title Case or UPPER spun phrases come back in that case, whatever their word count."""
    r = rw('[phrases]\n"profound neural organization" = "deep neural network"\n'
           '"counterfeit consciousness" = "artificial intelligence system"\n')
    assert fixed(r, "Counterfeit Consciousness") == "Artificial Intelligence System"
    assert fixed(r, "COUNTERFEIT CONSCIOUSNESS") == "ARTIFICIAL INTELLIGENCE SYSTEM"
    assert fixed(r, "Counterfeit consciousness") == "Artificial intelligence system"


def test_plural_canonical_word_is_not_inflected_twice() -> None:
    """"features" read through "highlights" stays "features", not "featureses"."""
    r = rw('terms = ["extract features"]\n[synonyms]\nfeatures = ["highlight"]\n')
    assert fixed(r, "we extract highlights") == "we extract features"


def test_acronym_is_not_read_as_upper_case_text() -> None:
    """A short all-capital word is an acronym: its expansion keeps its own case."""
    r = rw('[phrases]\n"the USA" = "the United States"\n')
    assert fixed(r, "troops of the USA left") == "troops of the United States left"


def test_rule_reading_a_term_with_the_same_text_is_rejected(tmp_path: Path) -> None:
    """A rule that rewrites a term of the same text is caught, though both share a name."""
    body = ('name = "x"\nterms = ["neural network"]\n'
            '[phrases]\n"neural network" = "neural net"\n')
    with pytest.raises(textfix.GlossaryError, match=r"output 'neural net' would be rewritten|"
                       r"canonical term is itself a spun form"):
        textfix.parse_glossary(body)


def test_term_does_not_cross_a_paragraph_break() -> None:
    """A blank line ends a term: chunked files repair exactly like whole ones."""
    text = "the Safety Consultative\n\nAssembly"
    assert fixed(SCM, text) == text
    assert fixed(SCM, "the Safety Consultative\nAssembly") == "the Security Consultative\nMeeting"


def test_long_texts_pause_the_garbage_collector_and_restore_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from textfix.engine import rewrite as _rewrite

    monkeypatch.setattr(_rewrite, "_GC_PAUSE", 10)
    rw = textfix.Rewriter()
    seen: list[bool] = []
    real = rw._matcher.match

    def spy(text: str) -> Any:
        seen.append(gc.isenabled())
        return real(text)

    monkeypatch.setattr(rw._matcher, "match", spy)
    text = "The ministers met final yr in Seoul."
    assert rw.fix(text).text == "The ministers met last year in Seoul."
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        rw.fix(text)
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()


def test_common_first_words_are_walked_only_before_a_possible_second_word() -> None:
    """Start keys whose entries all need a known second word are kept as (key, next) pairs;
    keys that may match alone, or before a word read by close spelling, are walked anywhere."""
    from textfix.engine.compile import compile_glossaries

    g = parse_glossary(HEADER + 'terms = ["the two nations", "Joint Chiefs of Staff"]\n'
                       '[synonyms]\ntwo = ["2"]\n[phrases]\n"final yr" = "last year"\n'
                       '"yr" = "year"\n"a yr" = "a year"\n"in a yr" = "in a year"\n')
    c = compile_glossaries([g])
    assert c.prefilter is None  # "the", "a", "in": common first words, so the text is split
    assert {("the", "two"), ("the", "2"), ("the", "2's"), ("final", "yr"),
            ("final", "yr's")} <= c.pairs
    assert "the" not in c.solo and "final" not in c.solo
    assert {"joint", "yr"} <= c.solo  # "chiefs" may be a close spelling; "yr" matches alone
    rw = Rewriter([g], threshold=0.0)
    assert rw.fix("The 2 nations met final yr. the yr ended").text == \
        "The two nations met last year. the year ended"
