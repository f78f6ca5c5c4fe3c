"""Glossary loading and validation: every error names the file, line and entry."""

from __future__ import annotations

from pathlib import Path

import pytest

import textfix
from textfix import GlossaryError, Rewriter, load_glossary, parse_glossary


def write(tmp_path: Path, body: str, name: str = "g.toml") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def error_of(tmp_path: Path, body: str) -> GlossaryError:
    with pytest.raises(GlossaryError) as info:
        load_glossary(write(tmp_path, body))
    return info.value


def test_full_format_loads(tmp_path: Path) -> None:
    """Metadata, terms, synonyms, phrases, rules with conditions, exceptions and channel."""
    g = load_glossary(write(tmp_path, '''
name = "full"
description = "d"
language = "en"
source = "s"
license = "MIT"
terms = ["defense chief"]
exceptions = ["Safety Council"]
[[term]]
text = "top brass"
tier = "likely"
example = "the prime brass"
[synonyms]
defense = ["protection"]
top = "prime"
[phrases]
"final yr" = "last year"
[[rule]]
spun = ["malignant growth", "malignant growths"]
canonical = "cancer"
require = ["cancer"]
window = 10
[channel.said]
"=" = 2
mentioned = 9
'''))
    assert (g.name, g.description, g.language, g.source, g.license) == (
        "full", "d", "en", "s", "MIT")
    assert [t.text for t in g.terms] == ["defense chief", "top brass"]
    assert g.terms[1].tier == "likely" and g.terms[1].example == "the prime brass"
    assert g.synonyms[1][:2] == ("top", ("prime",))
    assert [(r.spun, r.canonical) for r in g.rules] == [
        ("final yr", "last year"), ("malignant growth", "cancer"), ("malignant growths", "cancer")]
    cond = g.rules[1].condition
    assert cond is not None and cond.require == ("cancer",) and cond.window == 10
    assert g.exceptions[0][0] == "Safety Council"
    assert g.channel[0][0] == "said" and dict(g.channel[0][1]) == {"=": 2, "mentioned": 9}
    assert g.terms[1].line == 9 and g.rules[1].line == 18


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('name = "x"\nterms = ["a" "b"]\n', 2, "invalid TOML: Unclosed array"),
        ('name = "x"\ncolour = 1\n', 2, "entry 'colour': unknown key 'colour'"),
        ('terms = ["a b"]\n', 1, "missing name"),
        ('name = "x y"\n', 1, "name must be letters"),
        ('name = "x"\nterms = ["a b", 3]\n', 2, "term must be a string"),
        ('name = "x"\nterms = ["ok", ""]\n', 2, "entry '': term is empty"),
        ('name = "x"\nterms = ["ok", "--"]\n', 2, "entry '--': term has no words"),
        ('name = "x"\nterms = ["a {b}"]\n', 2, "cannot be tokenized: stray characters '{}'"),
        ('name = "x"\nterms = ["a b",\n"A  B"]\n', 3,
         "entry 'A  B': duplicate term (first at line 2)"),
        ('name = "x"\n[[term]]\ntext = "a b"\ntier = "maybe"\n', 2, "tier must be one of"),
        ('name = "x"\n[[term]]\ntext = "a b"\nshade = 1\n', 4, "unknown key 'shade' in [[term]]"),
        ('name = "x"\n[synonyms]\ndefense = ["protection", "protection"]\n', 3,
         "substitute 'protection' listed twice"),
        ('name = "x"\n[synonyms]\ndefense = ["Defense"]\n', 3, "is the word itself"),
        ('name = "x"\n[synonyms]\n"two words" = ["x"]\n', 3, "must be one word"),
        ('name = "x"\n[synonyms]\ndefense = 3\n', 3, "must be a string or a list of strings"),
        ('name = "x"\n[phrases]\n"final yr" = "last year"\n"Final  yr" = "last year"\n', 4,
         "duplicate rule (first at line 3)"),
        ('name = "x"\n[phrases]\n"final yr" = "last year"\n"final yr\'s" = "a"\n'
         '[[rule]]\nspun = "final yr"\ncanonical = "final year"\n', 5,
         "conflicting rule: also rewritten to 'last year'"),
        ('name = "x"\n[phrases]\n"same" = "Same"\n', 3, "spun and canonical are the same"),
        ('name = "x"\n[[rule]]\nspun = "a"\n', 2, "a rule needs spun and canonical"),
        ('name = "x"\n[[rule]]\nspun = "a b"\ncanonical = "c"\nwindow = 0\nrequire = ["d"]\n', 2,
         "window must be a positive number"),
        ('name = "x"\n[[rule]]\nspun = "a b"\ncanonical = "c"\nwindow = 4\n', 2,
         "window given without require"),
        ('name = "x"\n[[rule]]\nspun = "a b"\ncanonical = "c"\nscore = 2\n', 2,
         "score must be a number in (0, 1]"),
        ('name = "x"\n[channel.said]\nmentioned = -1\n', 2, "must be a non-negative integer"),
    ],
)
def test_validation_errors_name_file_line_and_entry(tmp_path: Path, body: str, line: int,
                                                     message: str) -> None:
    err = error_of(tmp_path, body)
    assert message in str(err)
    assert str(err).startswith(f"{tmp_path / 'g.toml'}:{line}:")
    assert err.path == str(tmp_path / "g.toml") and err.line == line


def test_rule_whose_output_another_rule_rewrites_is_rejected(tmp_path: Path) -> None:
    """Idempotence: "final yr" -> "last yr" would be rewritten again by "yr" -> "year"."""
    err = error_of(tmp_path, 'name = "x"\n[phrases]\n"yr" = "year"\n"final yr" = "last yr"\n')
    assert "entry 'final yr': output 'last yr' would be rewritten again by x:yr" in str(err)
    assert err.line == 4


def test_canonical_term_that_is_a_spun_form_of_another_is_rejected(tmp_path: Path) -> None:
    err = error_of(tmp_path, 'name = "x"\nterms = ["defense chief",\n"protection chief"]\n'
                   '[synonyms]\ndefense = ["protection"]\n')
    assert "entry 'protection chief': canonical term is itself a spun form" in str(err)
    assert err.line == 3


def test_unreadable_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="cannot read"):
        load_glossary(tmp_path / "missing.toml")
    p = tmp_path / "latin1.toml"
    p.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(GlossaryError, match=r"not UTF-8 \(byte 11\)"):
        load_glossary(p)


def test_conflicts_across_glossaries_are_reported(tmp_path: Path) -> None:
    """Two glossaries rewriting one phrase differently: reported, naming both files."""
    a = load_glossary(write(tmp_path, 'name = "a"\n[phrases]\n"final yr" = "last year"\n',
                            "a.toml"))
    b = load_glossary(write(tmp_path, 'name = "b"\n[phrases]\n"final yr" = "final year"\n',
                            "b.toml"))
    with pytest.raises(GlossaryError) as info:
        Rewriter([a, b])
    msg = str(info.value)
    assert msg.startswith(f"{tmp_path / 'b.toml'}:3: entry 'final yr': conflicting rule:")
    assert f"{tmp_path / 'a.toml'}:3" in msg


def test_same_rule_in_two_glossaries_combines(tmp_path: Path) -> None:
    a = load_glossary(write(tmp_path, 'name = "a"\n[phrases]\n"final yr" = "last year"\n',
                            "a.toml"))
    b = load_glossary(write(tmp_path, 'name = "b"\n[phrases]\n"final yr" = "last year"\n',
                            "b.toml"))
    assert Rewriter([a, b]).fix("the final yr").text == "the last year"


def test_glossary_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_glossary("nonsense = [")


def test_shipped_glossaries_resolve_by_name_and_reject_unknown_names() -> None:
    for name in textfix.available_glossaries():
        assert textfix.get_glossary(name).name == name
    with pytest.raises(GlossaryError, match="no such glossary"):
        textfix.get_glossary("no-such-glossary")
