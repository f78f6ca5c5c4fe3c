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
