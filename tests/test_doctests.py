"""The examples in the docstrings run, against the installed package."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["textfix", "textfix._tokenize", "textfix._inflect", "textfix._glossary",
           "textfix._compile", "textfix._rewrite"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
