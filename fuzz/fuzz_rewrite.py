"""atheris target: tokenizer, matcher and rewriter on any text (see fuzz/README.md).

Checks, besides "never raises": token offsets point at the token text, edits replay to the
output, and a second repair changes nothing.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import textfix
    from textfix.text.tokenize import tokenize

DEMO = textfix.parse_glossary("""
name = "fuzz"
terms = ["Security Consultative Meeting", "defense chief", "nuclear fuel", "last week"]
[synonyms]
security = ["safety"]
meeting = ["assembly"]
defense = ["protection", "defence force"]
chief = ["head"]
nuclear = ["atomic"]
fuel = ["gasoline"]
last = ["final"]
[phrases]
"earlier this yr" = "earlier this year"
"counterfeit consciousness" = "artificial intelligence"
""")
REWRITERS = (textfix.Rewriter([DEMO]), textfix.default_rewriter())


def test_one_input(data: bytes) -> None:
    """Feed one input to the tokenizer and to every rewriter, checking their laws."""
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicode(len(data))
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text, tok
    for rw in REWRITERS:
        res = rw.fix(text)
        assert res.replay(text) == res.text
        assert rw.fix(res.text).text == res.text, (text, res.text)
        assert 0.0 <= res.spin_score <= 1.0


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
