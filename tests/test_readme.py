"""The README's example repair is what textfix really prints."""

from __future__ import annotations

import re

import textfix

from .conftest import ROOT


def test_readme_example_output() -> None:
    """`textfix.fix("...")` followed by `# '...'` in the README shows the true result."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pairs = re.findall(r'textfix\.fix\("([^"]+)"\)\n# \'([^\']+)\'', readme)
    assert pairs, "the README lost its example"
    for text, shown in pairs:
        assert textfix.fix(text) == shown


def _table() -> dict[str, str]:
    """The README's table of shipped glossaries: name -> its size cell."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| .* \| ([^|]+) \|$", readme, re.MULTILINE)
    return {name: size.strip() for name, size in rows}


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_readme_glossary_sizes_are_the_real_counts() -> None:
    """Every count in the README's glossary table is what ``textfix glossary stats`` counts,
    and every shipped glossary has its row: the table cannot drift from the files."""
    from textfix.catalog import stats

    table = _table()
    assert sorted(table) == sorted(textfix.available_glossaries())
    words = {"terms": "terms", "substitutes": "substitutes", "exceptions": "exceptions",
             "channel words": "channel_words", "learned entries": "learned"}
    for name, cell in table.items():
        g = textfix.get_glossary(name)
        real = {**stats(g), "learned": len(g.learned)}
        for part in cell.split(", "):
            if m := re.fullmatch(r"([\d,]+) sure and ([\d,]+) likely rules", part):
                got = (_number(m[1]), _number(m[2]))
                assert got == (real["rules_sure"], real["rules_likely"]), (name, part)
            else:
                m = re.fullmatch(r"([\d,]+) ([a-z ]+)", part)
                assert m is not None and m[2] in words, (name, part)
                assert _number(m[1]) == real[words[m[2]]], (name, part)


def test_no_sure_edit_on_readme_prose() -> None:
    """The README's own prose reads as fluent English to the default set: edits land only in
    its quoted spun examples and code ("sure phrases" once fired as "certain terms")."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = [m.span() for m in re.finditer(
        r'```.*?```|`[^`\n]*`|"[^"]*?"', readme, re.DOTALL)]
    res = textfix.fix_and_explain(readme)
    assert res.edits, "the README's spun examples are repaired"
    prose = [(readme.count("\n", 0, e.start) + 1, e.before, e.after, e.tier)
             for e in res.edits if not any(a <= e.start < b for a, b in quoted)]
    assert prose == []
