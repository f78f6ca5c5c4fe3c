"""Glossary files: the TOML format read into the data model, with structural checks that
name file, line and entry.

Structural checks are everything one file can tell on its own: syntax, unknown keys, wrong
types, empty or untokenizable entries, duplicates and conflicts. Whether entries rewrite each
other's output takes the engine: :func:`textfix.catalog.parse_glossary` runs both.
"""

from __future__ import annotations

import math
import sys
from bisect import bisect_left
from dataclasses import replace
from typing import Any

import regex

from textfix import cache
from textfix.glossary.model import (
    MAX_ENTRY_CHARS,
    MAX_ENTRY_WORDS,
    TIERS,
    Condition,
    Glossary,
    GlossaryError,
    Learned,
    Rule,
    Term,
)
from textfix.text.separators import ENTRY_GLUE
from textfix.text.tokenize import WORD, phrase_keys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

_META_KEYS = {"name", "description", "language", "source", "license", "version", "url"}
_TOP_KEYS = ({"terms", "term", "synonyms", "phrases", "rule", "exceptions", "channel", "learned"}
             | _META_KEYS)
#: The longest learned form, in words.
MAX_LEARNED_WORDS = 8
_LEARNED_KEYS = {"canonical", "weight", "canonical_weight", "gain", "share", "count", "docs",
                 "clean", "source", "examples", "rival", "also", "confirmed"}
_TERM_KEYS = {"text", "tier", "proper", "note", "example", "source"}
_RULE_KEYS = {
    "spun", "canonical", "tier", "require", "require_any", "forbid", "window",
    "example", "note", "source", "score",
}


class _Lines:
    """Find the line of an entry in the raw TOML source (tomllib keeps no positions).

    Every quoted string and bare key is indexed once, so finding 100k entries stays linear.
    """

    _ITEM = regex.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|^\s*([A-Za-z0-9_\-]+)\s*=')

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.index: dict[str, list[int]] = {}
        self.headers: dict[str, list[int]] = {}
        for n, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                self.headers.setdefault(stripped.split("#")[0].strip(), []).append(n)
            for m in self._ITEM.finditer(line):
                value = m.group(1) if m.group(1) is not None else m.group(2) or m.group(3)
                if value is not None:
                    seen = self.index.setdefault(value, [])
                    if not seen or seen[-1] != n:
                        seen.append(n)

    def find(self, needle: str, after: int = 0) -> int:
        lines = self.index.get(needle)
        if lines:
            k = bisect_left(lines, after)
            return lines[k] if k < len(lines) else lines[-1]
        for i in range(max(after - 1, 0), len(self.lines)):  # escaped or partial entries
            if needle in self.lines[i]:
                return i + 1
        return 0

    def nth_header(self, header: str, n: int) -> int:
        found = self.headers.get(header, [])
        return found[n] if n < len(found) else 0


def parse_toml(text: str, path: str = "<glossary>") -> Glossary:
    """Parse glossary TOML given as a string, with the structural checks; ``path`` is used in
    messages. The digest of the source is set, so the result keys the compile cache.

    >>> parse_toml('name = "demo"\\nterms = ["defense chief"]').terms[0].text
    'defense chief'
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = regex.search(r"line (\d+)", str(exc))
        raise GlossaryError(f"invalid TOML: {exc}", path=path,
                            line=int(m.group(1)) if m else None) from None
    except RecursionError:  # the TOML reader recurses into each nested array or table
        raise GlossaryError("invalid TOML: arrays or tables nested too deeply",
                            path=path) from None
    return replace(_build(data, _Lines(text), path), digest=cache.digest(text.encode("utf-8")))


def _err(problem: str, path: str, line: int, entry: str | None = None) -> GlossaryError:
    return GlossaryError(problem, path=path, line=line or None, entry=entry)


def _unknown(keys: set[str], allowed: set[str], where: str, path: str, lines: _Lines,
             line: int = 0) -> None:
    for key in sorted(keys - allowed):
        raise _err(f"unknown key {key!r} in {where} (allowed: {', '.join(sorted(allowed))})",
                   path, lines.find(key, line) or line, key)


def _string(value: Any, what: str, path: str, line: int, entry: str | None = None) -> str:
    if not isinstance(value, str):
        raise _err(f"{what} must be a string, not {type(value).__name__}", path, line, entry)
    return value


def _strings(value: Any, what: str, path: str, line: int, entry: str | None) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(f"{what} must be a string or a list of strings", path, line, entry)
    return tuple(value)


def _short(value: str) -> str:
    """An over-long entry as a message shows it: its first words."""
    return value if len(value) <= 60 else value[:60] + "..."


def _phrase(value: str, what: str, path: str, line: int) -> str:
    """Check that an entry is tokenizable (words joined only by spaces and light punctuation)
    and within the stated limits of :data:`MAX_ENTRY_WORDS` and :data:`MAX_ENTRY_CHARS`."""
    if not value.strip():
        raise _err(f"{what} is empty", path, line, value)
    if len(value) > MAX_ENTRY_CHARS:
        raise _err(f"{what} is longer than {MAX_ENTRY_CHARS} characters ({len(value)})", path,
                   line, _short(value))
    if len(value) > MAX_ENTRY_WORDS and (n := len(WORD.findall(value))) > MAX_ENTRY_WORDS:
        raise _err(f"{what} is longer than {MAX_ENTRY_WORDS} words ({n})", path, line,
                   _short(value))
    if not WORD.search(value):
        raise _err(f"{what} has no words to match", path, line, value)
    glue = WORD.sub("", value)
    if not ENTRY_GLUE.match(glue):
        bad = "".join(sorted({c for c in glue if not ENTRY_GLUE.match(c)}))
        raise _err(f"{what} cannot be tokenized: stray characters {bad!r}", path, line, value)
    return value


def _tier(value: Any, path: str, line: int, entry: str) -> str:
    if value not in TIERS:
        raise _err(f"tier must be one of {', '.join(TIERS)}, not {value!r}", path, line, entry)
    return str(value)


def _build(data: dict[str, Any], lines: _Lines, path: str) -> Glossary:
    _unknown(set(data), _TOP_KEYS, "the glossary file", path, lines)
    meta = {k: v for k, v in data.items() if k in _META_KEYS}
    if "name" not in meta:
        raise _err("missing name = \"...\" at the top of the file", path, 1)
    name = _string(meta["name"], "name", path, lines.find("name"))
    if not regex.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", name):
        raise _err("name must be letters, digits, '-', '_' or '.'", path,
                   lines.find("name"), name)

    terms = _build_terms(data, lines, path)
    synonyms = _build_synonyms(data, lines, path)
    rules = _build_rules(data, lines, path)
    exceptions = []
    for value in _strings(data.get("exceptions", []), "exceptions", path,
                          lines.find("exceptions"), None):
        ln = lines.find(value)
        exceptions.append((_phrase(value, "exception", path, ln), ln))
    channel = _build_channel(data, lines, path)
    learned = _build_learned(data, lines, path)
    return Glossary(
        name=name, path=path,
        description=str(meta.get("description", "")), language=str(meta.get("language", "en")),
        source=str(meta.get("source", "")), license=str(meta.get("license", "")),
        terms=tuple(terms), synonyms=tuple(synonyms), rules=tuple(rules),
        exceptions=tuple(exceptions), channel=tuple(channel), learned=tuple(learned),
        meta=dict(meta),
    )


def _build_terms(data: dict[str, Any], lines: _Lines, path: str) -> list[Term]:
    terms: list[Term] = []
    seen: dict[tuple[str, ...], int] = {}
    listed = data.get("terms", [])
    if not isinstance(listed, list):
        raise _err("terms must be a list of strings", path, lines.find("terms"))
    raw: list[tuple[Any, int]] = [(v, lines.find(str(v))) for v in listed]
    tables = data.get("term", [])
    if not isinstance(tables, list):
        raise _err("[[term]] must be an array of tables", path, lines.find("[[term]]"))
    raw += [(t, lines.nth_header("[[term]]", i)) for i, t in enumerate(tables)]
    for value, line in raw:
        if isinstance(value, dict):
            _unknown(set(value), _TERM_KEYS, "[[term]]", path, lines, line)
            if "text" not in value:
                raise _err("[[term]] needs a text", path, line)
            text = _string(value["text"], "term text", path, line)
            tier = _tier(value["tier"], path, line, text) if "tier" in value else None
            proper = value.get("proper")
            if proper is not None and not isinstance(proper, bool):
                raise _err("proper must be true or false", path, line, text)
            term = Term(_phrase(text, "term", path, line), tier, proper, line,
                        str(value.get("note", "")), str(value.get("example", "")),
                        str(value.get("source", "")))
        else:
            text = _string(value, "term", path, line)
            term = Term(_phrase(text, "term", path, line), line=line)
        keys = phrase_keys(term.text)
        if keys in seen:
            raise _err(f"duplicate term (first at line {seen[keys]})", path, line, term.text)
        seen[keys] = line
        terms.append(term)
    return terms


def _build_synonyms(data: dict[str, Any], lines: _Lines, path: str
                    ) -> list[tuple[str, tuple[str, ...], int]]:
    table = data.get("synonyms", {})
    if not isinstance(table, dict):
        raise _err("[synonyms] must be a table: word = [substitutes]", path,
                   lines.find("[synonyms]"))
    out = []
    after = lines.find("[synonyms]")
    for word, subs in table.items():
        line = lines.find(word, after)
        _phrase(word, "synonym word", path, line)
        if len(phrase_keys(word)) != 1:
            raise _err("a synonym-map key must be one word", path, line, word)
        values = _strings(subs, f"synonyms of {word!r}", path, line, word)
        if not values:
            raise _err("synonym list is empty", path, line, word)
        keys_seen: set[tuple[str, ...]] = set()
        for v in values:
            _phrase(v, f"substitute of {word!r}", path, line)
            k = phrase_keys(v)
            if k == phrase_keys(word):
                raise _err(f"substitute {v!r} is the word itself", path, line, word)
            if k in keys_seen:
                raise _err(f"substitute {v!r} listed twice", path, line, word)
            keys_seen.add(k)
        out.append((word, values, line))
    return out


def _condition(value: dict[str, Any], path: str, line: int, entry: str) -> Condition | None:
    parts = {}
    for key in ("require", "require_any", "forbid"):
        phrases = _strings(value.get(key, []), key, path, line, entry)
        for ph in phrases:
            _phrase(ph, key, path, line)
        parts[key] = phrases
    window = value.get("window")
    if window is not None and (not isinstance(window, int) or isinstance(window, bool)
                               or window < 1):
        raise _err("window must be a positive number of words", path, line, entry)
    if not any(parts.values()):
        if window is not None:
            raise _err("window given without require, require_any or forbid", path, line, entry)
        return None
    return Condition(parts["require"], parts["require_any"], parts["forbid"], window)


def _build_rules(data: dict[str, Any], lines: _Lines, path: str) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[tuple[str, ...], tuple[str, int]] = {}
    phrases = data.get("phrases", {})
    if not isinstance(phrases, dict):
        raise _err("[phrases] must be a table: \"spun\" = \"canonical\"", path,
                   lines.find("[phrases]"))
    after = lines.find("[phrases]")
    raw: list[tuple[dict[str, Any], int]] = [
        ({"spun": k, "canonical": v}, lines.find(k, after)) for k, v in phrases.items()
    ]
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise _err("[[rule]] must be an array of tables", path, lines.find("[[rule]]"))
    raw += [(t, lines.nth_header("[[rule]]", i)) for i, t in enumerate(tables)]
    for value, line in raw:
        _unknown(set(value), _RULE_KEYS, "[[rule]]", path, lines, line)
        if "spun" not in value or "canonical" not in value:
            raise _err("a rule needs spun and canonical", path, line)
        canonical = _phrase(_string(value["canonical"], "canonical", path, line),
                            "canonical phrase", path, line)
        tier = _tier(value.get("tier", "sure"), path, line, canonical)
        score = value.get("score", 1.0)
        if not isinstance(score, (int, float)) or isinstance(score, bool) or not 0 < score <= 1:
            raise _err("score must be a number in (0, 1]", path, line, canonical)
        for spun in _strings(value["spun"], "spun", path, line, canonical):
            _phrase(spun, "spun phrase", path, line)
            cond = _condition(value, path, line, spun)
            keys = phrase_keys(spun)
            if keys == phrase_keys(canonical):
                raise _err("spun and canonical are the same phrase", path, line, spun)
            if keys in seen:
                first, at = seen[keys]
                kind = "duplicate rule" if first == canonical else (
                    f"conflicting rule: also rewritten to {first!r}")
                raise _err(f"{kind} (first at line {at})", path, line, spun)
            seen[keys] = (canonical, line)
            rules.append(Rule(spun, canonical, tier, cond, float(score), line,
                              str(value.get("example", "")), str(value.get("source", ""))))
    return rules


def _build_channel(data: dict[str, Any], lines: _Lines, path: str
                   ) -> list[tuple[str, tuple[tuple[str, int], ...], int]]:
    table = data.get("channel", {})
    if not isinstance(table, dict):
        raise _err("[channel] must be a table of tables", path, lines.find("[channel"))
    out = []
    for word, counts in table.items():
        line = lines.find(f"[channel.{word}]") or lines.find(word)
        if not isinstance(counts, dict) or not counts:
            raise _err("a channel entry must be a table of counts", path, line, word)
        if len(phrase_keys(word)) != 1:
            raise _err("a channel word must be one word", path, line, word)
        pairs = []
        for form, n in counts.items():
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise _err(f"count of {form!r} must be a non-negative integer", path, line, word)
            if form != "=":
                _phrase(form, "channel form", path, line)
            pairs.append((form, n))
        out.append((word, tuple(pairs), line))
    return out


def _number(value: Any, what: str, path: str, line: int, entry: str, integer: bool = False
            ) -> float:
    ok = isinstance(value, int) if integer else isinstance(value, int | float)
    if not ok or isinstance(value, bool) or not math.isfinite(value):
        kind = "an integer" if integer else "a number"
        raise _err(f"{what} must be {kind}", path, line, entry)
    return value  # type: ignore[no-any-return]


def _build_learned(data: dict[str, Any], lines: _Lines, path: str) -> list[Learned]:
    """``[learned."spun form"]`` tables: canonical form and evidence of each substitution."""
    table = data.get("learned", {})
    if not isinstance(table, dict):
        raise _err("[learned] must be a table of tables", path, lines.find("[learned"))
    out = []
    seen: set[tuple[str, ...]] = set()
    for spun, value in table.items():
        line = lines.find(f"[learned.{_quoted(spun)}]") or lines.find(spun)
        if not isinstance(value, dict):
            raise _err("a learned entry must be a table", path, line, spun)
        _unknown(set(value), _LEARNED_KEYS, f"learned entry {spun!r}", path, lines, line)
        _phrase(spun, "learned form", path, line)
        keys = phrase_keys(spun)
        if len(keys) > MAX_LEARNED_WORDS:
            raise _err(f"a learned form is longer than {MAX_LEARNED_WORDS} words", path, line,
                       spun)
        if keys in seen:
            raise _err("learned form listed twice", path, line, spun)
        seen.add(keys)
        if "canonical" not in value or "weight" not in value:
            raise _err("a learned entry needs canonical and weight", path, line, spun)
        canonical = _phrase(_string(value["canonical"], "canonical", path, line, spun),
                            "canonical", path, line)
        if phrase_keys(canonical) == keys:
            raise _err("canonical is the spun form itself", path, line, spun)
        nums = {k: _number(value[k], k, path, line, spun, k in ("count", "docs", "clean"))
                for k in ("weight", "canonical_weight", "gain", "share", "count", "docs",
                          "clean") if k in value}
        examples = _strings(value.get("examples", []), "examples", path, line, spun)
        out.append(Learned(spun, canonical, float(nums["weight"]),
                           float(nums.get("canonical_weight", 0.0)),
                           float(nums.get("gain", 0.0)), float(nums.get("share", 1.0)),
                           int(nums.get("count", 0)), int(nums.get("docs", 0)),
                           int(nums.get("clean", 0)),
                           _string(value.get("source", ""), "source", path, line, spun),
                           examples, _rivals(value.get("rival", []), keys, path, line, spun),
                           _rivals(value.get("also", []), keys, path, line, spun, "also"),
                           line, _flag(value.get("confirmed", True), "confirmed", path, line,
                                       spun)))
    outputs = {phrase_keys(e.canonical): e for e in out}
    for e in out:
        chained = outputs.get(phrase_keys(e.spun))
        if chained is not None:
            raise _err(f"learned form is the canonical of {chained.spun!r}, which would be "
                       "rewritten again", path, e.line, e.spun)
    return out


def _rivals(value: Any, keys: tuple[str, ...], path: str, line: int, entry: str,
            what: str = "rival") -> tuple[str, ...]:
    """The ``rival`` (or ``also``) originals of a learned entry (a string or a list)."""
    out = tuple(_phrase(r, what, path, line)
                for r in _strings(value, what, path, line, entry) if r)
    if any(phrase_keys(r) == keys for r in out):
        raise _err(f"{'a rival' if what == 'rival' else 'an also original'} is the spun form "
                   "itself", path, line, entry)
    return out


def _flag(value: Any, name: str, path: str, line: int, entry: str) -> bool:
    """A boolean field of an entry."""
    if not isinstance(value, bool):
        raise _err(f"{name} must be true or false", path, line, entry)
    return value


def _quoted(key: str) -> str:
    """A TOML table-name part as a writer most likely wrote it."""
    return key if regex.fullmatch(r"[A-Za-z0-9_\-]+", key) else '"' + key + '"'
