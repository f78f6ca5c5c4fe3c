"""The shipped glossaries: where they live once installed, and the default set."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ._glossary import Glossary, GlossaryError, load_glossary

#: Glossaries used when none are named, in this order.
DEFAULT = ("news-spin", "defense-diplomacy", "news-terms", "tortured-phrases")


def glossary_dir() -> Path:
    """Folder of the shipped glossaries: inside the installed package, or the source tree."""
    inside = Path(__file__).resolve().parent / "glossaries"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / "glossaries"


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
    """Load a glossary by shipped name or path, cached while the file is unchanged."""
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
