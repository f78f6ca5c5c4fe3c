"""Decisions exported by the review page, and applying them to the original inputs.

The review page lets a person accept or reject each edit; its export is a small JSON file that,
with the input files alone, rebuilds the accepted text (``textfix apply DECISIONS.json``).

Schema (``format`` = ``"textfix-review-decisions"``, ``version`` = 1)::

    {
      "format": "textfix-review-decisions",
      "version": 1,
      "title": "report title",
      "exported": "2025-11-04T12:00:00.000Z",
      "documents": [
        {
          "name": "spun.txt",                 # as shown on the page
          "path": "spun.txt",                 # input file (null: stdin)
          "record": null,                     # JSON Lines / CSV / Parquet row (1-based), or null
          "field": null,                      # field of the record, or null
          "page": null,                       # PDF page (1-based), or null
          "sha256": "<hex>",                  # SHA-256 of the document's text as UTF-8
          "edits": [[4, 14, "protection", "defense", "defense-diplomacy:defense chief"], ...],
          "accepted": [0, 1, 3],              # indices into "edits" to apply
          "rejected": [2]                     # the others (informative)
        }
      ]
    }

``edits`` lists every edit of the document in report order as ``[start, end, before, after,
rule]``, offsets counting code points of the document's text. An edit nobody decided on counts
as accepted (the page starts from what ``textfix fix`` would do). ``sha256`` is taken over the
exact text the offsets index into (one text file, one field value, one PDF page), so applying
refuses an input that changed since the page was made.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

FORMAT = "textfix-review-decisions"
VERSION = 1


class DecisionsError(ValueError):
    """A decisions file that is malformed, or that does not fit the input it names."""


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` as UTF-8 (lone surrogates kept), the key of a document."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class DecisionEdit:
    """One proposed edit as the decisions file records it."""

    start: int
    end: int
    before: str
    after: str
    rule: str


@dataclass(frozen=True)
class DocumentDecision:
    """What the reviewer decided for one document."""

    name: str
    path: str | None
    record: int | None
    field: str | None
    page: int | None
    sha256: str
    edits: tuple[DecisionEdit, ...]
    accepted: frozenset[int]

    @property
    def where(self) -> str:
        """``path[:record][.field][ page N]``, for messages."""
        out = self.path if self.path is not None else self.name
        if self.record is not None:
            out += f":{self.record}"
        if self.field is not None:
            out += f" field {self.field}"
        if self.page is not None:
            out += f" page {self.page}"
        return out


@dataclass(frozen=True)
class Decisions:
    """A whole decisions file: its title and one entry per reviewed document."""

    title: str
    documents: tuple[DocumentDecision, ...]


def _need(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str,
          *, nullable: bool = False) -> Any:
    if key not in obj:
        raise DecisionsError(f"{where}: missing {key!r}")
    value = obj[key]
    if value is None and nullable:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise DecisionsError(f"{where}: {key!r} has the wrong type")
    return value


def _parse_edit(raw: Any, where: str) -> DecisionEdit:
    ok = (isinstance(raw, list) and len(raw) == 5
          and all(isinstance(v, int) and not isinstance(v, bool) for v in raw[:2])
          and all(isinstance(v, str) for v in raw[2:]))
    if not ok:
        raise DecisionsError(f"{where}: an edit must be [start, end, before, after, rule]")
    start, end, before, after, rule = raw
    if not 0 <= start <= end:
        raise DecisionsError(f"{where}: edit {start}:{end} has bad offsets")
    return DecisionEdit(start, end, before, after, rule)


def _parse_document(raw: Any, n: int) -> DocumentDecision:
    where = f"document {n + 1}"
    if not isinstance(raw, dict):
        raise DecisionsError(f"{where}: not an object")
    name = _need(raw, "name", str, where)
    where = f"document {n + 1} ({name})"
    edits = tuple(_parse_edit(e, where) for e in _need(raw, "edits", list, where))
    accepted = _need(raw, "accepted", list, where)
    bad = [i for i in accepted
           if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(edits)]
    if bad:
        raise DecisionsError(f"{where}: accepted index {bad[0]!r} is not an edit")
    sha = _need(raw, "sha256", str, where)
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise DecisionsError(f"{where}: sha256 must be 64 lower-case hex digits")
    return DocumentDecision(
        name=name, path=_need(raw, "path", str, where, nullable=True),
        record=_need(raw, "record", int, where, nullable=True),
        field=_need(raw, "field", str, where, nullable=True),
        page=_need(raw, "page", int, where, nullable=True), sha256=sha, edits=edits,
        accepted=frozenset(accepted))


def parse_decisions(data: str | bytes | Mapping[str, Any]) -> Decisions:
    """Validate a decisions file (its JSON text or the parsed object)."""
    if isinstance(data, (str, bytes)):
        try:
            obj = json.loads(data)
        except ValueError as exc:
            raise DecisionsError(f"not JSON: {exc}") from None
    else:
        obj = data
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise DecisionsError(f"not a decisions file (format is not {FORMAT!r})")
    if obj.get("version") != VERSION:
        raise DecisionsError(f"decisions version {obj.get('version')!r} is not {VERSION}")
    docs = _need(obj, "documents", list, "decisions")
    title = obj.get("title")
    return Decisions(title=title if isinstance(title, str) else "",
                     documents=tuple(_parse_document(d, i) for i, d in enumerate(docs)))


def apply_document(decision: DocumentDecision, text: str) -> str:
    """The document's text with its accepted edits applied.

    Refuses (``DecisionsError``) when ``text`` is not the text that was reviewed, or when an
    accepted edit does not fit it, so a changed input never gets stale edits.
    """
    if text_sha256(text) != decision.sha256:
        raise DecisionsError(f"{decision.where}: input changed since review (sha256 differs)")
    out: list[str] = []
    pos = 0
    chosen = sorted((decision.edits[i] for i in decision.accepted), key=lambda e: e.start)
    for e in chosen:
        if e.start < pos or e.end > len(text) or text[e.start:e.end] != e.before:
            raise DecisionsError(f"{decision.where}: edit {e.start}:{e.end} does not fit")
        out += [text[pos:e.start], e.after]
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def decisions_for(documents: Sequence[DocumentDecision], path: str | None
                  ) -> list[DocumentDecision]:
    """The documents of one input file, in order (for ``apply`` to rewrite file by file)."""
    return [d for d in documents if d.path == path]
