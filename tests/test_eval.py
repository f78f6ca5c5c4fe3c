"""Scoring repairs: alignment, the official numbers, per-rule verdicts, inputs and the CLI."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import cli
from textfix.learn.align import changed_positions, distance, gaps, score_words
from textfix.learn.evaluate import (
    Pair,
    evaluate,
    format_report,
    read_pairs,
    score_clean,
    score_pair,
)

ORIGINAL = (
    "The defense ministers met in Geneva on Monday to review the security talks.\n"
    "The defense ministry said the security issues would be discussed again next year.\n"
    "Both sides agreed to meet in the spring.\n"
)
SPUN = (
    "The protection ministers met in Geneva on Monday to assessment the safety talks.\n"
    "The protection ministry mentioned the safety points could be mentioned once more"
    " subsequent yr.\n"
    "Both sides agreed to meet in the spring.\n"
)
GLOSSARY = """\
name = "evaltest"
terms = ["defense minister", "defense ministry", "security talks", "security issue"]

[synonyms]
defense = ["protection"]
security = ["safety"]
issue = ["point"]

[phrases]
"subsequent yr" = "next year"
"both sides agreed" = "either side agreed"
"""

# The official repair score, reduced to its two functions (difflib opcodes).
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def _ref_distance(a: list[str], b: list[str]) -> int:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


def _ref_changed(a: list[str], b: list[str]) -> set[int]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {i for op, i1, i2, _, _ in sm.get_opcodes() if op != "equal" for i in range(i1, i2)}


@pytest.fixture(scope="module")
def rewriter() -> textfix.Rewriter:
    return textfix.Rewriter([textfix.parse_glossary(GLOSSARY)])


def test_score_words_match_the_official_word_pattern() -> None:
    """Words are split exactly as the official score splits them."""
    text = "This yr’s “assembly”, co-chaired by U.S. officials — 2 o'clock."
    assert [w.text for w in score_words(text)] == _WORD.findall(text)
    assert all(text[w.start : w.end] == w.text for w in score_words(text))


def test_gaps_cover_every_difference() -> None:
    """Gaps are the regions outside a longest common subsequence, in order."""
    a, b = ["a", "b", "c", "d", "e"], ["a", "x", "c", "e", "f"]
    assert [tuple(g) for g in gaps(a, b)] == [(1, 2, 1, 2), (3, 4, 3, 3), (5, 5, 4, 5)]
    assert distance(a, b) == 3
    assert changed_positions(a, b) == {1, 3}
    assert gaps(a, a) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("abcd"), max_size=12), st.lists(st.sampled_from("abcd"),
                                                                 max_size=12))
def test_distance_is_an_edit_distance(a: list[str], b: list[str]) -> None:
    """The gap distance lies between the Levenshtein distance and the Indel distance."""
    from rapidfuzz.distance import Indel, Levenshtein

    d = distance(a, b)
    assert Levenshtein.distance(a, b) <= d <= Indel.distance(a, b)
    assert (d == 0) == (a == b)


def test_numbers_agree_with_the_official_score(rewriter: textfix.Rewriter) -> None:
    """WER, gap closed, spun words touched and damage equal the difflib-based official score."""
    fixed = rewriter.fix(SPUN).text
    o, s, f = (_WORD.findall(t) for t in (ORIGINAL, SPUN, fixed))
    wrong, touched = _ref_changed(s, o), _ref_changed(s, f)
    score = score_pair(Pair(ORIGINAL, SPUN, "p"), rewriter)
    assert score.words == len(o)
    assert score.dist_spun == _ref_distance(s, o)
    assert score.dist_fixed == _ref_distance(f, o)
    assert score.spun_words == len(wrong)
    assert score.spun_words_touched == len(wrong & touched)
    assert score.correct_words_damaged == len((set(range(len(s))) - wrong) & touched)
    assert score.gap_closed is not None and 0 < score.gap_closed < 1


def test_rules_are_judged_and_misses_listed(rewriter: textfix.Rewriter) -> None:
    """Edits restoring the original are correct, edits on correct words damaging, and spun
    words no edit touched are listed with what the original says."""
    report = evaluate([Pair(ORIGINAL, SPUN, "p")], rewriter)
    rules = report.rules
    assert rules["evaltest:defense minister"].correct == 1
    assert rules["evaltest:security talks"].correct == 1
    assert rules["evaltest:subsequent yr"].correct == 1
    assert rules["evaltest:both sides agreed"].damaging == 1
    assert rules["evaltest:both sides agreed"].examples == ["Both sides -> Either side"]
    assert report.total().correct_words_damaged == 2
    assert report.misses[("assessment", "review")] == 1
    assert report.misses[("mentioned", "said")] == 1
    assert not any(s == "protection" for s, _ in report.misses)
    text = format_report(report)
    assert "evaltest:both sides agreed: correct 0, inexact 0, damaging 1" in text
    assert "'assessment' -> 'review'" in text


def test_clean_text_counts_words_changed(rewriter: textfix.Rewriter) -> None:
    """Text that was never spun: every word the repair changes is counted."""
    clean = ORIGINAL.replace("Both sides agreed", "They agreed")
    assert score_clean(clean, rewriter).correct_words_damaged == 0
    damaged = score_clean("Both sides agreed on the defense ministry plan.", rewriter)
    assert damaged.correct_words_damaged == 2
    assert damaged.edits == 1


def test_read_pairs_from_files_folders_and_jsonl(tmp_path: Path) -> None:
    """Pairs come from two files, a folder of pair folders, or JSONL records with line numbers."""
    for name in ("b", "a"):
        d = tmp_path / "pairs" / name
        d.mkdir(parents=True)
        (d / "original.txt").write_text(f"{name} original", encoding="utf-8")
        (d / "spun.txt").write_text(f"{name} spun", encoding="utf-8")
    (tmp_path / "pairs" / "notes").mkdir()
    found = list(read_pairs(tmp_path / "pairs"))
    assert [(p.name, p.original, p.spun) for p in found] == [
        ("a", "a original", "a spun"), ("b", "b original", "b spun")]
    assert [p.name for p in read_pairs(tmp_path / "pairs" / "a")] == ["a"]
    one = list(read_pairs(tmp_path / "pairs" / "a" / "original.txt",
                          tmp_path / "pairs" / "a" / "spun.txt"))
    assert one[0].spun == "a spun"
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text('{"original": "x y", "spun": "x z"}\n\n{"original": "q", "spun": "r"}\n',
                     encoding="utf-8")
    assert [(p.original, p.line) for p in read_pairs(jsonl)] == [("x y", 1), ("q", 3)]
    jsonl.write_text('{"original": "x y"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"p\.jsonl:1"):
        list(read_pairs(jsonl))
    with pytest.raises(ValueError, match=r"no original\.txt"):
        list(read_pairs(tmp_path / "pairs" / "notes"))


def test_cli_eval_json_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    """``textfix eval ORIGINAL SPUN -g G --json`` prints the numbers; damage exits 1."""
    g = tmp_path / "g.toml"
    g.write_text(GLOSSARY, encoding="utf-8")
    orig, spun = tmp_path / "original.txt", tmp_path / "spun.txt"
    orig.write_text(ORIGINAL, encoding="utf-8")
    spun.write_text(SPUN, encoding="utf-8")
    code = cli.main(["eval", str(orig), str(spun), "-g", str(g), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["total"]["correct_words_damaged"] == 2
    assert data["rules"]["evaltest:both sides agreed"]["damaging"] == 1
    safe = tmp_path / "safe.toml"
    safe.write_text(GLOSSARY.replace('"both sides agreed" = "either side agreed"\n', ""),
                    encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text(ORIGINAL, encoding="utf-8")
    code = cli.main(["eval", str(orig), str(spun), "-g", str(safe), "--clean", str(clean)])
    out = capsys.readouterr().out
    assert code == 0
    assert "gap_closed" in out and "clean.txt" in out
    assert cli.main(["eval", str(tmp_path / "missing"), "-g", str(safe)]) == 2
    assert "eval:" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["textfix.learn.align", "textfix.learn.learn",
                                  "textfix.learn.induce"])
def test_docstring_examples(name: str) -> None:
    """The examples in the docstrings of the measuring and learning modules run."""
    import doctest
    import importlib

    failed, attempted = doctest.testmod(importlib.import_module(name))
    assert attempted > 0 and failed == 0
