"""Cache compiled glossaries on disk, keyed by the hash of their sources.

A glossary is parsed, validated and compiled once; later loads of the same bytes (by any process)
read the pickled result. Set ``TEXTFIX_CACHE_DIR`` to move the cache, ``TEXTFIX_CACHE=0`` to turn
it off. A cache that cannot be read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Bump when compiled structures change shape, so old cache files are never read.
FORMAT = "25"
"""24 held the flat package's module paths; 23 was used by a reverted experiment."""


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


def get(kind: str, key: str) -> Any:
    """The object cached under ``kind``/``key``, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / f"{kind}-{key}.pickle").open("rb") as fh, _no_gc():
            return pickle.load(fh)
    except Exception:  # a missing, stale or corrupt cache file is just a miss
        return None


@contextmanager
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
    """Whether an object is cached under ``kind``/``key`` (without loading it)."""
    folder = cache_dir()
    return folder is not None and (folder / f"{kind}-{key}.pickle").is_file()


def put(kind: str, key: str, obj: Any) -> None:
    """Store ``obj`` under ``kind``/``key`` atomically; silently skip when that is impossible
    (no room, no rights, or an object too deep or odd to pickle: the cache only saves time)."""
    folder = cache_dir()
    if folder is None:
        return
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(folder / f"{kind}-{key}.pickle")
    except (OSError, RecursionError, pickle.PicklingError, TypeError, AttributeError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def build_apart(path: Path, code: str) -> bool:
    """Run ``code`` (Python source, given ``path`` as ``sys.argv[1]``) in a child process that
    builds a large glossary and leaves the results in this cache; True when it did.

    The caller then loads them as any later process would: it never holds the build's
    transient memory, nor the word lists only the build consults (a 100k-term glossary: about
    400 MB instead of 700). Nothing is done when caching is off or in the child itself; any
    failure is left to the caller, which builds in-process and reports errors as usual.
    """
    if cache_dir() is None or os.environ.get("TEXTFIX_BUILDING") == "1":
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
