"""Cache compiled glossaries on disk, keyed by the hash of their sources.

A glossary is parsed, validated and compiled once; later loads of the same bytes (by any process)
read the pickled result. Set ``TEXTFIX_CACHE_DIR`` to move the cache, ``TEXTFIX_CACHE=0`` to turn
it off. A cache that cannot be read or written is ignored: it only ever saves time.

Unpickling runs code, so an entry is only loaded when it is proven to be this user's own: the
folder must belong to the user and not be writable by group or others (else the run goes on
uncached), and every entry carries an HMAC-SHA256 under a random per-user key kept in the folder
(mode 0600); an entry that does not verify is never unpickled, only rebuilt. Such refusals are
silent for library use; the command line installs :func:`set_notify` to say so on stderr.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

#: Bump when compiled structures change shape, so old cache files are never read.
FORMAT = "28"
"""27: the term trie sealed without recursion (with 26's HMAC); 26: entries carry an
HMAC; 24 held the flat package's module paths; 23 was used by a
reverted experiment."""

#: The first bytes of an entry, before its 32-byte HMAC and the pickle.
_MAGIC = b"textfix-cache\0"
#: The per-user key file in the cache folder.
KEY_NAME = "hmac.key"
_KEY_BYTES = 32
_MAC_BYTES = 32

_notify: Callable[[str], None] | None = None
_said: set[str] = set()


def set_notify(fn: Callable[[str], None] | None) -> None:
    """Have refusals of the cache (an unsafe folder, an entry that fails its HMAC) reported to
    ``fn``, once per message; None (the default, for library use) keeps them silent."""
    global _notify
    _notify = fn
    _said.clear()


def _note(message: str) -> None:
    if _notify is not None and message not in _said:
        _said.add(message)
        _notify(message)


def digest(data: bytes) -> str:
    """Key of a glossary source: its bytes and the cache format."""
    return hashlib.sha256(FORMAT.encode() + b"\0" + data).hexdigest()


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("TEXTFIX_CACHE", "1") == "0":
        return None
    explicit = os.environ.get("TEXTFIX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "textfix"


def _unsafe(st: os.stat_result) -> str | None:
    """Why a folder or key file with this status may hold someone else's code, or None."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and st.st_uid != getuid():
        return "belongs to another user"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by group or others"
    return None


def _folder(create: bool) -> Path | None:
    """The cache folder when it is safe to use (made, mode 0700, if ``create``), else None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    why = _unsafe(st)
    if why is not None:
        _note(f"cache folder {folder} {why}; running without the cache "
              f"(make it your own with chmod go-w, or set TEXTFIX_CACHE_DIR)")
        return None
    return folder


def _key(folder: Path, create: bool) -> bytes | None:
    """This user's HMAC key in ``folder``, made if missing and ``create`` (None: unusable).

    The key is written whole to a private temporary file and linked into place, so a reader
    never sees a partial key and two processes making it at once agree on one.
    """
    path = folder / KEY_NAME
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            if not create or not _make_key(folder, path):
                return None
            continue
        except OSError:
            return None
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            why = _unsafe(st) or ("is readable by others" if st.st_mode & 0o077 else None)
            if why is not None or not stat.S_ISREG(st.st_mode):
                _note(f"cache key {path} {why or 'is not a regular file'}; running without "
                      f"the cache (remove it to start afresh)")
                return None
            key = fh.read(_KEY_BYTES + 1)
        if len(key) != _KEY_BYTES:
            _note(f"cache key {path} is damaged; running without the cache (remove it)")
            return None
        return key
    return None


def _make_key(folder: Path, path: Path) -> bool:
    """Put a new random key at ``path`` unless one is there; False if the folder refuses."""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".key-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(_KEY_BYTES))
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(FileExistsError):  # another process made it first
                os.link(tmp, path)
        finally:
            Path(tmp).unlink()
    except OSError:
        return False
    return True


def _mac(key: bytes, name: str, fh: BinaryIO) -> bytes:
    """The HMAC of an entry: its file name, then the rest of ``fh`` (its pickle), read in
    blocks; naming the file in it keeps one valid entry from standing in for another."""
    mac = hmac.new(key, name.encode() + b"\0", hashlib.sha256)
    while block := fh.read(1 << 20):
        mac.update(block)
    return mac.digest()


def get(kind: str, key: str) -> Any:
    """The object cached under ``kind``/``key``, or None (also when it fails its HMAC).

    The entry is checked as it is read, then unpickled from the same open file, which only
    this user can change (an entry owned by another or writable by others is refused).
    """
    folder = _folder(create=False)
    if folder is None:
        return None
    name = f"{kind}-{key}.pickle"
    try:
        fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:  # a missing or unreadable cache file is just a miss
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fh.fileno())
            secret = _key(folder, create=False)
            if secret is None:
                return None
            head = fh.read(len(_MAGIC) + _MAC_BYTES)
            ok = (stat.S_ISREG(st.st_mode) and _unsafe(st) is None
                  and head[:len(_MAGIC)] == _MAGIC
                  and hmac.compare_digest(head[len(_MAGIC):], _mac(secret, name, fh)))
            if not ok:
                _note(f"cache entry {folder / name} failed its check; not loaded, rebuilt")
                return None
            fh.seek(len(head))
            with _no_gc():
                return pickle.load(fh)
        except Exception:  # an unreadable or stale entry (classes changed shape) is a miss
            return None


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector: loading a large glossary's tables makes a million objects,
    and each full collection on the way would walk all made so far (0.5 s of 1.3 at 100k).

    The new objects then go straight to the oldest generation (a freeze and an unfreeze, two
    list splices; skipped if the program froze objects itself), so the next young collections
    do not walk them all again on their way there.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def has(kind: str, key: str) -> bool:
    """Whether an object is cached under ``kind``/``key`` (without loading or checking it)."""
    folder = _folder(create=False)
    return folder is not None and (folder / f"{kind}-{key}.pickle").is_file()


def put(kind: str, key: str, obj: Any) -> None:
    """Store ``obj`` under ``kind``/``key`` atomically, with its HMAC; silently skip when that
    is impossible (no room, no rights, a folder that is not safe, or an object too deep or odd
    to pickle: the cache only saves time)."""
    folder = _folder(create=True)
    if folder is None:
        return
    name = f"{kind}-{key}.pickle"
    try:
        secret = _key(folder, create=True)
        if secret is None:
            return
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")  # 0600
        try:
            with os.fdopen(fd, "w+b") as fh:
                fh.write(_MAGIC + bytes(_MAC_BYTES))
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
                fh.seek(len(_MAGIC) + _MAC_BYTES)
                mac = _mac(secret, name, fh)
                fh.seek(len(_MAGIC))
                fh.write(mac)
            Path(tmp).replace(folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, RecursionError, pickle.PicklingError, TypeError, AttributeError):
        return


def build_apart(path: Path, code: str) -> bool:
    """Run ``code`` (Python source, given ``path`` as ``sys.argv[1]``) in a child process that
    builds a large glossary and leaves the results in this cache; True when it did.

    The caller then loads them as any later process would: it never holds the build's
    transient memory, nor the word lists only the build consults (a 100k-term glossary: about
    400 MB instead of 700). Nothing is done when caching is off or in the child itself; any
    failure is left to the caller, which builds in-process and reports errors as usual.
    """
    if _folder(create=True) is None or os.environ.get("TEXTFIX_BUILDING") == "1":
        return False
    here = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ, TEXTFIX_BUILDING="1",
               PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    try:
        done = subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=False,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
