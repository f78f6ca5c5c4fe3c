"""atheris target: the glossary loader on any bytes (see fuzz/README.md).

Only :class:`textfix.GlossaryError` may come out of loading; a glossary that loads must compile
and repair a sentence without raising.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import textfix

PATH = Path(tempfile.mkdtemp(prefix="textfix-fuzz-")) / "g.toml"


def test_one_input(data: bytes) -> None:
    """Load ``data`` as a glossary file; anything but GlossaryError is a bug."""
    PATH.write_bytes(data)
    try:
        g = textfix.load_glossary(PATH)
    except textfix.GlossaryError:
        return
    textfix.Rewriter([g]).fix("The protection chiefs met earlier this yr.")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
