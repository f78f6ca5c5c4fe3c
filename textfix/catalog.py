"""Glossaries as users load them: files parsed and fully validated (structure, then the
engine's check), the shipped set read as package data, and the default set.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from textfix import cache
from textfix.engine.check import check_glossaries
from textfix.engine.rewrite import set_default_glossaries, set_glossary_loader
from textfix.glossary.channel import channel_rules
from textfix.glossary.model import TIERS, Glossary, GlossaryError
from textfix.glossary.parse import parse_toml

__all__ = [
    "DEFAULT",
    "TIERS",
    "available",
    "check_glossaries",
    "default_glossaries",
    "get_glossary",
    "glossary_dir",
    "load_glossary",
    "parse_glossary",
    "resolve",
    "stats",
]

#: Glossaries used when none are named, in this order.
DEFAULT = ("news-spin", "defense-diplomacy", "news-terms", "tortured-phrases", "spinner-model")

#: From this source size on, a glossary missing from the cache is built in a child process
#: (see :func:`textfix.cache.build_apart`).
_BUILD_APART = 1 << 20
#: What that child runs: it loads (parses, validates and so compiles) the glossary, which
#: leaves both in the cache.
_BUILD_CODE = "import sys, textfix.catalog as c; c.load_glossary(sys.argv[1])"


def parse_glossary(text: str, path: str = "<glossary>", *, check: bool = True) -> Glossary:
    """Parse and validate glossary TOML given as a string; ``path`` is used in messages.

    ``check=False`` runs only the structural checks (no engine: entries may then rewrite
    each other's output).
    """
    g = parse_toml(text, path)
    if check:
        check_glossaries([g])
    return g


def load_glossary(path: str | Path) -> Glossary:
    """Load and validate one glossary file (TOML), from the compile cache when its bytes were
    loaded before.

    Args:
        path: the glossary file.

    Returns:
        The :class:`Glossary`, with ``path`` set to the file given.

    Raises:
        GlossaryError: naming the file, line and entry for anything malformed: a file that
            cannot be read or is not UTF-8, TOML syntax, unknown keys, wrong types, empty or
            untokenizable entries, duplicates and conflicts, and rules whose output another
            entry would rewrite again.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "demo.toml").write_text('name = "demo"\\nterms = ["defense chief"]\\n')
    >>> load_glossary(folder / "demo.toml").terms[0].text
    'defense chief'
    >>> load_glossary(folder / "missing.toml")
    Traceback (most recent call last):
    ...
    textfix.glossary.model.GlossaryError: .../missing.toml: cannot read: No such file or directory
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror or exc}", path=str(p)) from None
    key = cache.digest(raw)
    cached = cache.get("glossary", key)
    if cached is None and len(raw) >= _BUILD_APART and cache.build_apart(p, _BUILD_CODE):
        cached = cache.get("glossary", key)
    if isinstance(cached, Glossary):
        return replace(cached, path=str(p))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"not UTF-8 (byte {exc.start})", path=str(p)) from None
    g = parse_glossary(text, path=str(p))
    cache.put("glossary", key, g)
    return g


def glossary_dir() -> Path:
    """Folder of the shipped glossaries: the package data ``textfix/glossaries``."""
    # the package is installed as files, so the resource is a real folder
    return Path(str(resources.files("textfix").joinpath("glossaries"))).resolve()


def available() -> list[str]:
    """Names of the shipped glossaries."""
    folder = glossary_dir()
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def resolve(name_or_path: str | Path) -> Path:
    """A shipped glossary's name, or a path to a glossary file, as a path."""
    p = Path(name_or_path)
    if p.suffix == ".toml" or p.exists():
        return p
    shipped = glossary_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    known = ", ".join(available()) or "none"
    raise GlossaryError(f"no such glossary (shipped: {known})", path=str(name_or_path))


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int, size: int) -> Glossary:
    return load_glossary(path)


def get_glossary(name_or_path: str | Path) -> Glossary:
    """Load a glossary by shipped name or path, cached while the file is unchanged.

    Args:
        name_or_path: a shipped glossary's name (see :func:`available`), or a path to a
            glossary file.

    Returns:
        The validated :class:`Glossary`; the same object again while the file keeps its
        modification time and size.

    Raises:
        GlossaryError: no such shipped glossary or file, or the file does not load (see
            :func:`load_glossary`).

    >>> get_glossary("news-spin").name
    'news-spin'
    >>> get_glossary("no-such-glossary")
    Traceback (most recent call last):
    ...
    textfix.glossary.model.GlossaryError: no-such-glossary: no such glossary (shipped: ...)
    """
    p = resolve(name_or_path)
    try:
        st = p.stat()
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror or exc}", path=str(p)) from None
    return _load_cached(str(p), st.st_mtime_ns, st.st_size)


def default_glossaries() -> list[Glossary]:
    """The shipped glossaries of :data:`DEFAULT` that are present."""
    names = [n for n in DEFAULT if n in available()]
    return [get_glossary(n) for n in names]


def stats(g: Glossary) -> dict[str, Any]:
    """The counts of one glossary: terms, synonyms, rules by tier, exceptions, channel words."""
    tiers = Counter(r.tier for r in g.rules)
    learned = channel_rules(g)
    return {
        "name": g.name,
        "path": g.path,
        "entries": len(g),
        "terms": len(g.terms),
        "synonym_words": len(g.synonyms),
        "substitutes": sum(len(subs) for _, subs, _ in g.synonyms),
        "rules_sure": tiers.get("sure", 0),
        "rules_likely": tiers.get("likely", 0),
        "exceptions": len(g.exceptions),
        "channel_words": len(g.channel),
        "channel_rules": len(learned),
    }


set_default_glossaries(default_glossaries)
set_glossary_loader(get_glossary)
