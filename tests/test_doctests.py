"""The examples in the docstrings run, against the installed package."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["textfix", "textfix.text.tokenize", "textfix.text.inflect", "textfix.text.separators",
           "textfix.text.article", "textfix.glossary.model", "textfix.glossary.parse",
           "textfix.engine.edit", "textfix.engine.score", "textfix.engine.rewrite",
           "textfix.catalog", "textfix.model.lm", "textfix.model.spinner", "textfix.model.sources",
           "textfix.learn.spun_corpus"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
