"""What a run tells its user: messages, the progress bar, the edit report and the summary."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from typing import IO, Any, TextIO

from tqdm import tqdm

from textfix import Edit

EX_OK, EX_FOUND, EX_USAGE = 0, 1, 2


@dataclass
class Summary:
    """Counts of a run, owner of its exit code (like black's report)."""

    verb: str = "changed"
    """What ``changed`` counts, shown after the files; "" shows no count."""
    shows_edits: bool = True
    """False for commands that never edit (``detect``)."""
    files: int = 0
    changed: int = 0
    records: int = 0
    edits: int = 0
    skipped: int = 0
    errors: int = 0
    found: bool = False
    """Whether ``--check``/``--threshold`` found something (exit 1)."""
    started: float = field(default_factory=time.perf_counter)

    @property
    def return_code(self) -> int:
        """2 for any input error, else 1 if something was found, else 0."""
        if self.errors:
            return EX_USAGE
        return EX_FOUND if self.found else EX_OK

    def line(self) -> str:
        """The one-line summary: files, records, edits, seconds."""
        def n(k: int, word: str) -> str:
            return f"{k} {word}{'' if k == 1 else 's'}"

        parts = [n(self.files, "file") + (f" ({self.changed} {self.verb})" if self.verb else "")]
        if self.records:
            parts.append(n(self.records, "record"))
        if self.shows_edits:
            parts.append(n(self.edits, "edit"))
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.errors:
            parts.append(n(self.errors, "error"))
        seconds = time.perf_counter() - self.started
        return f"textfix: {', '.join(parts)} in {seconds:.2f} s"


class Console:
    """Messages on stderr, and a progress bar there when stderr is a terminal.

    The bar counts input bytes (MB/s and ETA) and shows files and records done; it appears
    only when the work lasts more than a moment, and never with ``quiet``.
    """

    def __init__(self, quiet: bool, total_bytes: int | None, *, err: TextIO | None = None
                 ) -> None:
        self.err = err or sys.stderr
        self.quiet = quiet
        show = not quiet and self.err.isatty()
        self.bar: tqdm[Any] | None = None
        if show:
            self.bar = tqdm(total=total_bytes or None, unit="B", unit_scale=True,
                            unit_divisor=1024, delay=0.5, file=self.err, leave=False,
                            dynamic_ncols=True, desc="textfix")

    def error(self, message: str) -> None:
        """An error: always shown."""
        self._write(f"textfix: {message}")

    def note(self, message: str) -> None:
        """Something skipped or worth knowing: hidden with ``quiet``."""
        if not self.quiet:
            self._write(f"textfix: {message}")

    def _write(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.err)
        else:
            print(text, file=self.err)

    def advance(self, nbytes: int, summary: Summary) -> None:
        """Count ``nbytes`` more input bytes done."""
        if self.bar is not None:
            self.bar.set_postfix_str(f"files={summary.files} records={summary.records}",
                                     refresh=False)
            self.bar.update(nbytes)

    def close(self, summary: Summary) -> None:
        """Remove the bar and print the summary (unless quiet)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        if not self.quiet:
            print(summary.line(), file=self.err)


class EditReport:
    """Every edit as one JSON object per line."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, path: str, edit: Edit, line: int, column: int, *, record: int | None = None,
              field_name: str | None = None, page: int | None = None) -> None:
        """One edit; ``line``/``column`` are 1-based (in the file, the field's value or the PDF
        page); ``record`` is a JSON line or table row, ``page`` a PDF page (1-based), else
        None."""
        obj = {
            "path": path, "record": record, "field": field_name, "page": page,
            "start": edit.start,
            "end": edit.end, "line": line, "column": column, "before": edit.before,
            "after": edit.after, "rule": edit.rule, "tier": edit.tier, "score": edit.score,
        }
        self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")
