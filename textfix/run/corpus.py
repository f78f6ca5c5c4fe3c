"""Read a corpus to learn from: text files and folders, and JSON Lines fields.

Learning needs whole documents in memory (a few thousand pages at most), not streaming.
Files that are binary or not UTF-8 are skipped with a note, as ``fix`` skips them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from textfix.run.io import find_inputs, is_binary


@dataclass
class Corpus:
    """The documents read, and a note for each input skipped."""

    texts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: int = 0


class CorpusError(ValueError):
    """A corpus path is missing, or holds nothing readable."""


def read_corpus(paths: Sequence[str], fields: Sequence[str] = ("text",)) -> Corpus:
    """Every document under ``paths``: a text file is one document; in a ``.jsonl`` file the
    string values of ``fields`` in each record are.

    Raises:
        CorpusError: a path does not exist, or nothing readable was found.
    """
    found = find_inputs(paths)
    if found.missing:
        raise CorpusError(f"{found.missing[0]}: no such file or folder")
    out = Corpus(notes=list(found.notes) + [f"{u}; skipped" for u in found.unreadable])
    for src in found.sources:
        if src.path is None:
            raise CorpusError("-: a corpus is read from files or folders, not stdin")
        try:
            if is_binary(src.path):
                out.notes.append(f"{src.name}: skipped (binary file)")
                continue
            raw = src.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            out.notes.append(f"{src.name}: skipped (cannot decode as UTF-8 at byte {e.start})")
            continue
        except OSError as e:
            out.notes.append(f"{src.name}: skipped ({e.strerror or e})")
            continue
        out.files += 1
        if src.path.suffix == ".jsonl":
            out.texts += _records(raw, fields, src.name, out.notes)
        elif raw.strip():
            out.texts.append(raw)
    if not out.texts:
        where = ", ".join(paths)
        raise CorpusError(f"{where}: no readable text found"
                          + (f" ({len(out.notes)} skipped; {out.notes[0]})" if out.notes else ""))
    return out


def _records(raw: str, fields: Sequence[str], name: str, notes: list[str]) -> list[str]:
    out = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            notes.append(f"{name}:{n}: skipped (not JSON)")
            continue
        if isinstance(rec, dict):
            out += [v for f in fields if isinstance(v := rec.get(f), str) and v.strip()]
    return out

