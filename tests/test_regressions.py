"""Plain regression tests: each is the shrunk example of a bug the property suite found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import textfix


def test_spin_names_the_spun_form_it_wrote() -> None:
    """Round trip: with two spun forms for one canonical, the substitution names the form used
    (it named the first form whatever it wrote)."""
    g = textfix.parse_glossary('name = "random"\n[phrases]\n"aaac" = "aaab"\n"aaad" = "aaab"\n')
    for seed in range(4):
        spun = textfix.spin("aaab", g, seed=seed)
        res = textfix.Rewriter([g]).fix(spun.text)
        assert res.text == "aaab"
        assert [e.rule for e in res.edits] == [s.entry for s in spun.substitutions]


def test_spin_leaves_a_lower_case_name_alone() -> None:
    """Case: a one-word name written in lower case was spun, and the rewriter (rightly) does not
    read a lower-case substitute as a name, so the text did not come back."""
    g = textfix.parse_glossary('name = "random"\n[[term]]\ntext = "Aaaa"\ntier = "sure"\n'
                               '[synonyms]\naaaa = ["aaab aaac"]\n')
    text = "“aaaa” said"
    spun = textfix.spin(text, g)
    assert spun.text == text
    assert textfix.Rewriter([g]).fix(spun.text).text == text
    title = textfix.spin("“Aaaa” said", g)
    assert title.text == "“Aaab aaac” said"
    assert textfix.Rewriter([g]).fix(title.text).text == "“Aaaa” said"


def test_jsonl_keeps_line_separators_inside_other_fields(tmp_path: Path) -> None:
    """CLI agreement: U+0085 and U+2028 inside a string field are not line breaks of JSON Lines;
    every other field comes back unchanged."""
    record = {"id": 0, "text": "", "title": "a\x85b\u2028c", "tags": ["\x85"]}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "textfix", "fix", "--jsonl", "--field", "text",
                           str(path)], capture_output=True, check=True, timeout=300)
    lines = proc.stdout.decode("utf-8").split("\n")
    assert lines[1:] == [""]
    assert json.loads(lines[0]) == record


def test_spin_writes_a_shorter_phrase_in_the_case_the_rewriter_reads_back() -> None:
    """Round trip: a Title Case phrase spun into one word came back "Aaab aaab" when the rewriter
    learnt to carry Title Case across every word; the spinner now writes what it reads back."""
    g = textfix.parse_glossary('name = "random"\n[phrases]\n"aaaf" = "aaab aaac"\n')
    for text in ("Aaab Aaac", "aaab aaac"):
        spun = textfix.spin(text, g)
        assert spun.text == text.replace("aaab aaac", "aaaf").replace("Aaab Aaac", "Aaaf")
        assert textfix.Rewriter([g]).fix(spun.text).text == text


def test_rule_required_context_made_by_another_edit_is_idempotent() -> None:
    """Idempotence: "initiation capacity" requires "activation function", which only the repair
    of "ReLU initiation capacity" writes; fix(fix(x)) went further than fix(x)."""
    g = textfix.parse_glossary("""
name = "g"
[[rule]]
spun = "relu initiation capacity"
canonical = "relu activation function"
[[rule]]
spun = "initiation capacity"
canonical = "activation function"
require = ["activation function"]
""")
    rw = textfix.Rewriter([g])
    once = rw.fix("ReLU initiation capacity, initiation capacity").text
    assert rw.fix(once).text == once


def test_shipped_tortured_phrases_idempotent_on_shrunk_example() -> None:
    """Idempotence with the shipped tortured-phrases glossary (the example hypothesis shrank)."""
    rw = textfix.Rewriter([textfix.get_glossary("tortured-phrases")])
    once = rw.fix("ReLU initiation capacity, initiation capacity").text
    assert rw.fix(once).text == once
