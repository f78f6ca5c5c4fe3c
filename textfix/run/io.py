"""Files: finding inputs, streaming them in safe chunks, atomic writes.

Text is decoded incrementally from bytes and cut into chunks that end at a paragraph or line
boundary, so a file of any size is read in bounded memory and line endings are kept exactly.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import fnmatch
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO, NamedTuple

#: Characters per chunk of a text file (each chunk is one document for the rewriter).
CHUNK_CHARS = 1 << 20
#: Records (JSON lines, CSV rows) go to a worker in batches of about this many characters (or
#: the chunk size, if smaller): small enough that two workers finish together, whatever the mix
#: of slow spun and fast clean records (a batch of 1 MiB left one worker idle for a second).
BATCH_CHARS = 1 << 16
_READ_BYTES = 1 << 18
_SNIFF_BYTES = 8192
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
#: Characters that no glossary entry has between its words, so no match crosses them.
_HARD = "!?;:"
#: How far past the chunk size a chunk may grow to end where no match crosses.
_GROW = 8
#: The name of an :class:`AtomicWriter`'s temporary file, as a kill -9 may leave it.
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]+\.textfix-tmp")
_LEFTOVER_NOTE = "left by an interrupted run (its target was not changed); remove it"


class Source(NamedTuple):
    """One input: how to show it, where it is (None: stdin), and where it maps to."""

    name: str
    path: Path | None
    rel: str
    """Path relative to the folder it was found in (the file name for a file argument)."""
    named: bool = False
    """Named on the command line (not found in a folder): skipping it is an error."""


@dataclass
class Found:
    """Inputs found under the given paths, plus notes on what was skipped and why."""

    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """Folders (or paths) that could not be listed or looked at, each with the reason: an
    error, since the files in them were not seen."""


def matches_globs(rel: str, globs: Sequence[str]) -> bool:
    """Whether the relative path ``rel``, or its file name, matches one of ``globs``."""
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in globs)


def find_inputs(paths: Sequence[str], include: Sequence[str] = (),
                exclude: Sequence[str] = ()) -> Found:
    """Expand files, folders (recursed in sorted order) and ``-`` into a list of sources.

    Hidden entries, symbolic links and anything but regular files (pipes, sockets, devices)
    met while walking a folder are skipped with a note;
    ``include``/``exclude`` globs match the path relative to the folder or the file name.
    """
    found = Found()
    for arg in paths or ["-"]:
        if arg == "-":
            found.sources.append(Source("-", None, "-"))
            continue
        p = Path(arg)
        try:
            p.stat()
        except FileNotFoundError:
            found.missing.append(arg)
            continue
        except OSError as exc:  # a folder on the way that cannot be searched
            found.unreadable.append(f"{arg}: cannot read ({exc.strerror or exc})")
            continue
        if p.is_dir():
            _walk(p, include, exclude, found)
        else:
            found.sources.append(Source(arg, p, p.name, True))
            found.notes.extend(f"{t}: {_LEFTOVER_NOTE}" for t in leftovers(p))
    seen: set[str] = set()
    unique = []
    for src in found.sources:
        key = os.path.realpath(src.path) if src.path is not None else "-"
        if key in seen:
            found.notes.append(f"{src.name}: skipped (already listed)")
            continue
        seen.add(key)
        unique.append(src)
    found.sources = unique
    return found


def _walk(root: Path, include: Sequence[str], exclude: Sequence[str], found: Found) -> None:
    def unreadable(exc: OSError) -> None:
        name = exc.filename if exc.filename is not None else root
        found.unreadable.append(f"{name}: cannot read folder ({exc.strerror or exc})")

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        base = Path(folder)
        for d in sorted(dirs):
            if d.startswith(".") or (base / d).is_symlink():
                what = "hidden" if d.startswith(".") else "symbolic link"
                found.notes.append(f"{base / d}: skipped ({what} folder)")
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not (base / d).is_symlink())
        for name in sorted(files):
            p = base / name
            rel = p.relative_to(root).as_posix()
            if include and not matches_globs(rel, include):
                continue
            if exclude and matches_globs(rel, exclude):
                continue
            if _LEFTOVER.fullmatch(name):
                found.notes.append(f"{p}: {_LEFTOVER_NOTE}")
            elif name.startswith("."):
                found.notes.append(f"{p}: skipped (hidden file)")
            elif p.is_symlink():
                found.notes.append(f"{p}: skipped (symbolic link)")
            elif not p.is_file():
                found.notes.append(f"{p}: skipped (not a regular file)")
            else:
                found.sources.append(Source(str(p), p, rel))


def leftovers(path: Path) -> list[Path]:
    """Temporary files of an interrupted write of ``path`` still beside it."""
    try:
        near = sorted(path.parent.iterdir())
    except OSError:
        return []
    return [t for t in near
            if (m := _LEFTOVER.fullmatch(t.name)) is not None and m["name"] == path.name]


_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE,
              codecs.BOM_UTF16_BE)


def wide_encoding(encoding: str) -> bool:
    """Whether text in ``encoding`` holds NUL bytes as a matter of course (UTF-16, UTF-32)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))


def is_binary(path: Path, encoding: str = "utf-8") -> bool:
    """Whether the file looks binary: a NUL byte among its first bytes. Text in UTF-16 or
    UTF-32 (the encoding given, or a byte order mark of theirs) is full of NULs, so it is
    never called binary: its decoding decides."""
    if wide_encoding(encoding):
        return False
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    return b"\0" in head and not head.startswith(_WIDE_BOMS)


def _decode(dec: codecs.IncrementalDecoder, raw: bytes, done: int, final: bool = False) -> str:
    """``dec.decode(raw)``, where ``done`` bytes of the stream came before ``raw``; a
    UnicodeDecodeError is raised again with its offsets counted from the start of the stream
    (the decoder's own count from its block, and bytes it held back, would be misleading)."""
    try:
        return dec.decode(raw, final)
    except UnicodeDecodeError as exc:
        state = dec.getstate()
        held = len(state[0]) if isinstance(state, tuple) and isinstance(state[0], bytes) else 0
        base = done - held  # the decoder read its held-back bytes, then raw (from `done`)
        raise UnicodeDecodeError(exc.encoding, exc.object, base + exc.start, base + exc.end,
                                 exc.reason) from None


def check_decodes(path: Path, encoding: str, errors: str) -> None:
    """Decode the whole file in bounded memory; raise UnicodeDecodeError at the first bad byte
    (its offsets count from the start of the file)."""
    dec = codecs.getincrementaldecoder(encoding)(errors)
    done = 0
    with path.open("rb") as fh:
        while block := fh.read(_READ_BYTES):
            _decode(dec, block, done)
            done += len(block)
    _decode(dec, b"", done, final=True)


#: Bytes of a spooled stream kept in memory; the rest goes to a temporary file.
_SPOOL_BYTES = 1 << 23


def spool_checked(stream: BinaryIO | IO[str], encoding: str, errors: str
                  ) -> BinaryIO | IO[str]:
    """A stream read once (stdin, a pipe) copied whole into a spooled temporary file while
    it is decoded, so an undecodable one fails before any of it is repaired and written;
    raise UnicodeDecodeError (offsets from the start of the stream). The copy is returned at
    its start; the caller closes it. A text stream needs no decoding and is returned as it is.
    """
    if isinstance(stream.read(0), str):
        return stream
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 (returned open)
    dec = codecs.getincrementaldecoder(encoding)(errors)
    done = 0
    try:
        while block := stream.read(_READ_BYTES):
            assert isinstance(block, bytes)
            _decode(dec, block, done)
            spool.write(block)
            done += len(block)
        _decode(dec, b"", done, final=True)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool  # type: ignore[return-value]


def _safe_cut(buf: str, lo: int, hi: int) -> int | None:
    """The last place in ``buf[lo:hi]`` no entry can match across, or None: after a blank line
    (a paragraph break), else after a character no term or rule has between its words
    (``!``, ``?``, ``;``, ``:``)."""
    last = None
    for m in _BLANK_LINE.finditer(buf, lo, hi):
        last = m
    if last is not None:
        return last.end()
    hard = max(buf.rfind(c, lo, hi) for c in _HARD)
    return hard + 1 if hard >= 0 else None


def _cut(buf: str, limit: int, final: bool = False) -> int | None:
    """Where to end the next chunk of ``buf``: at a place no match can cross (see
    :func:`_safe_cut`), preferably in the second half of ``limit``, else anywhere before it,
    else at the first such place after it while the chunk stays within ``_GROW`` times
    ``limit`` (the end of the text counts as such a place). None: read more text first. Only
    a text with no such place in all that room is cut at the last line end, else the last
    space (and may repair differently there)."""
    for lo in (limit // 2, 1):
        cut = _safe_cut(buf, lo, limit)
        if cut is not None:
            return cut
    room = _GROW * limit
    ahead = _safe_cut_after(buf, limit, min(len(buf), room))
    if ahead is not None:
        return ahead
    if len(buf) <= room:
        return len(buf) if final else None  # the end of the text may end the chunk
    nl = buf.rfind("\n", 0, limit)
    if nl >= 0:
        return nl + 1
    sp = max(buf.rfind(" ", 0, limit), buf.rfind("\t", 0, limit))
    return sp + 1 if sp > 0 else limit


def _safe_cut_after(buf: str, lo: int, hi: int) -> int | None:
    """The first place in ``buf[lo:hi]`` no entry can match across, or None."""
    m = _BLANK_LINE.search(buf, lo, hi)
    best = m.end() if m is not None else None
    for c in _HARD:
        k = buf.find(c, lo, hi)
        if k >= 0 and (best is None or k + 1 < best):
            best = k + 1
    return best


class Piece(NamedTuple):
    """Text read from an input: its offset in the decoded file, first line (0-based), bytes."""

    offset: int
    line: int
    text: str
    nbytes: int


def _decoded(stream: BinaryIO | IO[str], encoding: str, errors: str
             ) -> Iterator[tuple[str, int]]:
    """(text, bytes read) pieces of a binary or text stream."""
    probe = stream.read(0)
    if isinstance(probe, str):
        while block := stream.read(_READ_BYTES):
            assert isinstance(block, str)
            yield block, len(block.encode("utf-8", "surrogatepass"))
        return
    dec = codecs.getincrementaldecoder(encoding)(errors)
    done = 0
    while raw := stream.read(_READ_BYTES):
        assert isinstance(raw, bytes)
        yield _decode(dec, raw, done), len(raw)
        done += len(raw)
    yield _decode(dec, b"", done, final=True), 0


def read_chunks(stream: BinaryIO | IO[str], encoding: str = "utf-8", errors: str = "strict",
                limit: int = CHUNK_CHARS) -> Iterator[Piece]:
    """Decode ``stream`` and yield chunks of at most ``limit`` chars cut at safe boundaries.

    Offsets and line numbers count from the start of the stream; UnicodeDecodeError propagates.
    """
    buf, pending, offset, line = "", 0, 0, 0

    def pieces(final: bool) -> Iterator[Piece]:
        """Cut whole pieces off the front of ``buf`` while it is longer than ``limit``."""
        nonlocal buf, pending, offset, line
        while len(buf) > limit:
            cut = _cut(buf, limit, final=final)
            if cut is None:
                return
            piece, buf = buf[:cut], buf[cut:]
            share = pending * len(piece) // (len(piece) + len(buf))
            pending -= share
            yield Piece(offset, line, piece, share)
            offset += len(piece)
            line += piece.count("\n")

    for text, n in _decoded(stream, encoding, errors):
        buf += text
        pending += n
        yield from pieces(final=False)
    yield from pieces(final=True)
    if buf or offset == 0:
        yield Piece(offset, line, buf, pending)


def read_lines(stream: BinaryIO | IO[str], encoding: str = "utf-8", errors: str = "strict",
               batch: int = 1 << 18) -> Iterator[tuple[int, list[str], int]]:
    """Decode ``stream`` and yield (first line number, lines with their endings, bytes).

    Lines are split at ``\\n`` only (CRLF stays on its line); a batch holds about ``batch`` chars.
    """
    lines: list[str] = []
    size, pending, first, tail = 0, 0, 1, ""
    for text, n in _decoded(stream, encoding, errors):
        pending += n
        parts = (tail + text).split("\n")
        tail = parts.pop()
        for part in parts:
            lines.append(part + "\n")
            size += len(part) + 1
            if size >= batch:
                yield first, lines, pending
                first += len(lines)
                lines, size, pending = [], 0, 0
    if tail:
        lines.append(tail)
    if lines:
        yield first, lines, pending


def line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start (split at ``\\n``)."""
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


class AtomicWriter:
    """Write a file through a temporary file in the target's folder, then rename it over.

    Until :meth:`commit`, the target is untouched; :meth:`discard` (or any exception) removes
    the temporary file, so an interrupted run leaves every file old or new, never half-written.
    """

    def __init__(self, target: Path, encoding: str, errors: str, *,
                 mode_from: Path | None = None, backup: str | None = None) -> None:
        self.target = target
        self.encoding, self.errors = encoding, errors
        self.mode_from, self.backup = mode_from, backup
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".textfix-tmp")
        self.tmp = Path(name)
        self._fh: BinaryIO | None = os.fdopen(fd, "wb", buffering=1 << 20)  # few system calls
        self._enc = codecs.getincrementalencoder(encoding)(errors)

    def write(self, text: str) -> None:
        """Append ``text`` (encoded) to the temporary file."""
        assert self._fh is not None
        self._fh.write(self._enc.encode(text))

    @property
    def stream(self) -> BinaryIO:
        """The temporary file itself, for writers that produce bytes (a Parquet writer)."""
        assert self._fh is not None
        return self._fh

    def commit(self) -> None:
        """Flush, fsync, copy the mode, keep a backup if asked, and rename over the target."""
        assert self._fh is not None
        fh, self._fh = self._fh, None
        try:
            self._check_writable()
            fh.write(self._enc.encode("", final=True))
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            if self.mode_from is not None:
                shutil.copymode(self.mode_from, self.tmp)
            if self.backup:
                shutil.copy2(self.target, self.target.with_name(self.target.name + self.backup))
            self.tmp.replace(self.target)
        except BaseException:
            fh.close()
            self.tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(self.target.parent)

    def _check_writable(self) -> None:
        """Refuse to replace, in place, a file with no write bit: the rename would succeed
        (it needs only the folder's permission, and root passes every check), but a
        write-protected file is left as it is, as ``rm`` leaves it without asking."""
        if self.mode_from is None or not self.target.exists():
            return
        if os.path.realpath(self.mode_from) != os.path.realpath(self.target):
            return
        if not stat.S_IMODE(self.target.stat().st_mode) & 0o222:
            raise PermissionError(errno.EACCES, "read-only file", str(self.target))

    def discard(self) -> None:
        """Drop the temporary file; the target keeps its old content."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self.tmp.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable where the platform allows opening folders."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
