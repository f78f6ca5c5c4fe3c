"""The shipped term glossaries ``defense-diplomacy`` and ``news-terms``.

Each example is repaired to contain its term, every term comes back unchanged, and clean text
(the seed news digest and the texts in ``data/terms-clean``) is never touched.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import pytest

import textfix
from textfix import Glossary, Rewriter

ROOT = Path(__file__).resolve().parents[1]
CLEAN_DIR = Path(__file__).resolve().parent / "data" / "terms-clean"
NAMES = ("defense-diplomacy", "news-terms")
MIN_TERMS = 300
MIN_EXAMPLES = 40


@cache
def own_rewriter(name: str) -> Rewriter:
    """The glossary on its own, with ``likely`` entries open (an example is a spun fragment)."""
    return Rewriter([textfix.get_glossary(name)], threshold=0.0)


@lru_cache(maxsize=1)
def default_rewriter() -> Rewriter:
    """The full default set, as ``textfix.fix`` uses it."""
    return Rewriter(textfix.default_glossaries())


def _examples() -> list[tuple[str, str, str]]:
    return [(name, t.text, t.example) for name in NAMES
            for t in textfix.get_glossary(name).terms if t.example]


def _terms() -> list[tuple[str, str]]:
    return [(name, t.text) for name in NAMES for t in textfix.get_glossary(name).terms]


def _clean_texts() -> list[Path]:
    return [*sorted(CLEAN_DIR.glob("*.txt")), *sorted((ROOT / "seeds").glob("000_*.txt"))]


@pytest.mark.parametrize("name", NAMES)
def test_glossary_is_shipped_with_hundreds_of_terms(name: str) -> None:
    """Both glossaries are shipped, in the default set, and hold hundreds of terms."""
    g = textfix.get_glossary(name)
    assert isinstance(g, Glossary) and g.name == name
    assert name in textfix.available_glossaries()
    assert name in {d.name for d in textfix.default_glossaries()}
    assert len(g.terms) >= MIN_TERMS
    assert sum(1 for t in g.terms if t.example) >= MIN_EXAMPLES


@pytest.mark.parametrize(("name", "term", "example"), _examples(),
                         ids=[f"{n}:{t}" for n, t, _ in _examples()])
def test_example_is_repaired_to_its_term(name: str, term: str, example: str) -> None:
    """A term's spun example comes back containing the term, and the repair is stable."""
    rw = own_rewriter(name)
    res = rw.fix(example)
    assert res.edits, f"nothing repaired in {example!r}"
    assert term.casefold() in res.text.casefold(), res.text
    assert res.replay(example) == res.text
    assert rw.fix(res.text).text == res.text


@pytest.mark.parametrize(("name", "term"), _terms(), ids=[f"{n}:{t}" for n, t in _terms()])
def test_term_itself_is_left_alone(name: str, term: str) -> None:
    """The canonical term is unchanged by its own glossary (likely open) and by the default set."""
    assert own_rewriter(name).fix(term).text == term
    assert default_rewriter().fix(term).text == term


def test_clean_texts_are_written_for_the_purpose() -> None:
    """At least ten clean texts of 150 to 400 words, each using several canonical terms."""
    texts = sorted(CLEAN_DIR.glob("*.txt"))
    assert len(texts) >= 10
    terms = [t.text for name in NAMES for t in textfix.get_glossary(name).terms]
    for p in texts:
        text = p.read_text(encoding="utf-8")
        assert 150 <= len(text.split()) <= 400, p.name
        assert sum(1 for t in terms if t in text) >= 5, p.name


@pytest.mark.parametrize("path", _clean_texts(), ids=[p.name for p in _clean_texts()])
def test_clean_text_gets_no_edit(path: Path) -> None:
    """Clean news text is never changed by the default set, nor by any shipped glossary alone."""
    text = path.read_text(encoding="utf-8")
    assert textfix.fix(text) == text
    assert default_rewriter().fix(text).edits == ()
    for name in textfix.available_glossaries():
        edits = Rewriter([textfix.get_glossary(name)]).fix(text).edits
        assert edits == (), (name, [(e.before, e.after) for e in edits])


#: A spun opening (sure spinner forms) that opens the ``likely`` gate for the sentence after it.
SPUN_OPENING = ("The White Home mentioned on Tuesday that the Supreme Courtroom will rule on "
                "the case this yr, and the Meals and Drug Administration declined to remark. ")

#: (spun phrase, canonical phrase) per family of news terms.
SPUN_TERMS = [
    # government, agencies and courts
    ("the Securities and Trade Fee", "the Securities and Exchange Commission"),
    ("the state legal professional basic", "the state attorney general"),
    ("an govt order", "an executive order"),
    ("the Division of Justice", "the Department of Justice"),
    ("the State Division", "the State Department"),
    ("the Division of Homeland Safety", "the Department of Homeland Security"),
    ("the Nationwide Guard", "the National Guard"),
    ("the Nationwide Climate Service", "the National Weather Service"),
    ("the Home Judiciary Committee", "the House Judiciary Committee"),
    ("the Courtroom of Appeals", "the Court of Appeals"),
    ("the First Modification", "the First Amendment"),
    ("the Worldwide Felony Courtroom", "the International Criminal Court"),
    ("the Federal Election Fee", "the Federal Election Commission"),
    ("a failed coup try", "a failed coup attempt"),
    ("the Senate majority chief", "the Senate majority leader"),
    ("a speech on international coverage", "a speech on foreign policy"),
    # worldwide bodies and parties
    ("the UN Basic Meeting", "the UN General Assembly"),
    ("the Purple Crescent", "the Red Crescent"),
    ("Docs With out Borders", "Doctors Without Borders"),
    ("the West Financial institution", "the West Bank"),
    ("the Scottish Nationwide Social gathering", "the Scottish National Party"),
    ("the Financial institution of Canada", "the Bank of Canada"),
    # business and markets
    ("rates of interest", "interest rates"),
    ("the inflation fee", "the inflation rate"),
    ("the commerce warfare", "the trade war"),
    ("enterprise capital", "venture capital"),
    ("the New York Inventory Trade", "the New York Stock Exchange"),
    ("a class motion lawsuit", "a class action lawsuit"),
    ("cash laundering", "money laundering"),
    ("Basic Motors", "General Motors"),
    ("the chief government officer", "the chief executive officer"),
    # technology
    ("a new information middle", "a new data center"),
    ("electrical autos", "electric vehicles"),
    ("a software program update", "a software update"),
    ("a digital actuality headset", "a virtual reality headset"),
    # media
    ("the New York Instances", "the New York Times"),
    ("the Monetary Instances", "the Financial Times"),
    ("AFP through Getty Photos", "AFP through Getty Images"),
    ("the Home Guidelines Committee", "the House Rules Committee"),
    ("the Guidelines Committee will meet", "the Rules Committee will meet"),
    ("the Related Press", "the Associated Press"),
    ("the South China Morning Submit", "the South China Morning Post"),
    ("USA At present", "USA Today"),
    # entertainment and sports
    ("the purple carpet", "the red carpet"),
    ("the Corridor of Fame", "the Hall of Fame"),
    ("Squid Recreation", "Squid Game"),
    ("the Nationwide Soccer League", "the National Football League"),
    ("the World Sequence", "the World Series"),
    ("a dwelling run", "a home run"),
    # health and science
    ("the demise toll", "the death toll"),
    ("psychological well being", "mental health"),
    ("highschool college students", "high school students"),
    ("prostate most cancers", "prostate cancer"),
    ("most cancers sufferers", "cancer patients"),
    ("gene remedy", "gene therapy"),
    # climate and energy
    ("pure fuel", "natural gas"),
    ("photo voltaic panels", "solar panels"),
    ("a warmth wave", "a heat wave"),
    ("the Clear Air Act", "the Clean Air Act"),
]

#: Plain English that looks like a spun form of a term: never changed in clean text.
CLEAN_LOOKALIKES = [
    "The committee issued new guidelines and the photos were published.",
    "Stock trading resumed after the annual general meeting.",
    "The information center on the campus opens at nine.",
    "The party chief spoke about international policy and information privacy.",
    "Solar energy and solar power both grew this year.",
    "Most cancers are treatable when they are found early.",
    "The school offers a Digital Arts degree and good TV shows.",
    "Her health insurance coverage ended in May.",
    "The world warming trend was the subject of the trade warfare essay.",
    "He was dying to see the Best Purchase of the year.",
    "The dam draws on energy from the river, and the fire division trains on Fridays.",
]


@pytest.mark.parametrize(("spun", "canonical"), SPUN_TERMS, ids=[s for s, _ in SPUN_TERMS])
def test_spun_news_term_is_repaired_in_a_spun_document(spun: str, canonical: str) -> None:
    """In a spun document the default set brings each family's spun term back."""
    text = f"{SPUN_OPENING}Reporters asked about {spun} after the briefing."
    out = default_rewriter().fix(text).text
    assert f"Reporters asked about {canonical} after the briefing." in out, out


@pytest.mark.parametrize("sentence", CLEAN_LOOKALIKES)
def test_clean_lookalike_of_a_spun_term_is_left_alone(sentence: str) -> None:
    """Ordinary English that reads like a spun term is not touched in clean text."""
    assert default_rewriter().fix(sentence).text == sentence
