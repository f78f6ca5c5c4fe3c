"""A unified diff built from edits while the file streams by, in memory bounded by the hunks.

Chunks arrive in order with the edits made in them; lines an edit touches become ``-``/``+``
lines, the others are context. The result applies with ``patch -p0``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Iterator, Sequence
from typing import TextIO

from textfix import Edit, apply_edits
from textfix.run.io import line_starts

CONTEXT = 3
_NO_EOL = "\\ No newline at end of file\n"


def _split(text: str) -> list[str]:
    """Lines of ``text`` with their endings (split at ``\\n`` only)."""
    lines = text.split("\n")
    last = lines.pop()
    out = [line + "\n" for line in lines]
    if last:
        out.append(last)
    return out


def blocks(text: str, edits: Sequence[Edit]) -> Iterator[tuple[list[str], list[str]]]:
    """(old lines, new lines) in order: one unchanged line each, or a changed group of lines."""
    if not edits:
        for line in _split(text):
            yield [line], [line]
        return
    starts = line_starts(text)
    groups: list[tuple[int, int, list[Edit]]] = []  # first line, last line, edits

    def line_of(pos: int) -> int:
        return bisect_right(starts, pos) - 1

    for e in sorted(edits, key=lambda e: e.start):
        a, b = line_of(e.start), line_of(max(e.end - 1, e.start))
        if groups and a <= groups[-1][1]:
            lo, hi, es = groups[-1]
            groups[-1] = (lo, max(hi, b), [*es, e])
        else:
            groups.append((a, b, [e]))
    lines = _split(text)
    pos = 0
    for lo, hi, es in groups:
        for k in range(pos, lo):
            yield [lines[k]], [lines[k]]
        base = starts[lo]
        old = "".join(lines[lo : hi + 1])
        shifted = [e._replace(start=e.start - base, end=e.end - base) for e in es]
        yield lines[lo : hi + 1], _split(apply_edits(old, shifted))
        pos = hi + 1
    for k in range(pos, len(lines)):
        yield [lines[k]], [lines[k]]


class DiffWriter:
    """Streams the unified diff of one file to ``out``; nothing is written if nothing changed."""

    def __init__(self, path: str, out: TextIO, context: int = CONTEXT) -> None:
        self.path, self.out, self.context = path, out, context
        self.old_no = self.new_no = 0  # lines consumed so far
        self.before: deque[str] = deque(maxlen=context)
        self.hunk: list[tuple[str, str]] | None = None
        self.start = (0, 0)
        self.trailing = 0
        self.header = False

    def feed(self, text: str, edits: Sequence[Edit]) -> None:
        """Add the next chunk of the old file and the edits made in it."""
        for old, new in blocks(text, edits):
            if old == new:
                self._equal(old[0])
            else:
                self._change(old, new)

    def _equal(self, line: str) -> None:
        self.old_no += 1
        self.new_no += 1
        if self.hunk is None:
            self.before.append(line)
            return
        self.hunk.append((" ", line))
        self.trailing += 1
        if self.trailing > 2 * self.context:
            # the gap is too long to join the next change: close the hunk after C lines and
            # keep the last C lines as leading context for whatever comes next
            tail = [text for _, text in self.hunk[len(self.hunk) - self.context :]]
            del self.hunk[len(self.hunk) - self.trailing + self.context :]
            self._emit()
            self.before.extend(tail)

    def _change(self, old: list[str], new: list[str]) -> None:
        if self.hunk is None:
            n = len(self.before)
            self.start = (self.old_no - n, self.new_no - n)
            self.hunk = [(" ", line) for line in self.before]
            self.before.clear()
        self.hunk += [("-", line) for line in old] + [("+", line) for line in new]
        self.old_no += len(old)
        self.new_no += len(new)
        self.trailing = 0

    def _emit(self) -> None:
        assert self.hunk is not None
        hunk, self.hunk = self.hunk, None
        self.trailing = 0
        if not self.header:
            self.out.write(f"--- {self.path}\n+++ {self.path}\n")
            self.header = True
        n_old = sum(1 for tag, _ in hunk if tag != "+")
        n_new = sum(1 for tag, _ in hunk if tag != "-")
        a = self.start[0] + (1 if n_old else 0)
        b = self.start[1] + (1 if n_new else 0)
        parts = [f"@@ -{a},{n_old} +{b},{n_new} @@\n"]
        for tag, line in hunk:
            parts.append(tag + line)
            if not line.endswith("\n"):
                parts.append("\n" + _NO_EOL)
        self.out.write("".join(parts))

    def close(self) -> bool:
        """Finish the last hunk; return whether anything was written."""
        if self.hunk is not None:
            if self.trailing > self.context:
                del self.hunk[len(self.hunk) - self.trailing + self.context :]
            self._emit()
        return self.header
