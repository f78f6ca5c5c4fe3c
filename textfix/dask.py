"""Run textfix on Dask: repair a bag of strings, a dataframe column or JSON Lines files.

Tasks never carry a :class:`~textfix.Rewriter`. They carry a :class:`RewriterSpec` (glossary
texts with their hashes, and the options) stored once in the graph, and each worker process
builds the Rewriter from it on first use and keeps it in a cache keyed by the spec's hash.

>>> import dask.bag as db
>>> from textfix import parse_glossary
>>> g = parse_glossary('name = "demo"\\nterms = ["defense chief"]\\n[synonyms]\\n'
...                    'defense = ["protection"]')
>>> fix_bag(db.from_sequence(["The protection chiefs met."]), [g]).compute()
['The defense chiefs met.']
"""

from __future__ import annotations

try:
    import dask.bag as db
    import dask.dataframe as dd
    import fsspec  # type: ignore[import-untyped]
    import pandas as pd  # type: ignore[import-untyped]
    from dask.base import compute, tokenize
    from dask.bytes.core import read_bytes
    from dask.delayed import Delayed, delayed
except ImportError:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "textfix.dask needs Dask, which is not installed: pip install 'textfix[dask]'"
    ) from None

import hashlib
import json
import posixpath
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._glossary import Glossary, parse_glossary
from ._registry import default_glossaries, get_glossary, resolve
from ._rewrite import Result, RewriteConfig, Rewriter

__all__ = [
    "JsonlReport",
    "RewriterSpec",
    "fix_bag",
    "fix_dataframe",
    "fix_jsonl",
    "fix_record_line",
    "result_to_dict",
    "rewriter_spec",
]

GlossarySource = str | Path | Glossary


# -- the spec a task carries, and the per-process cache of Rewriters --------------------------
@dataclass(frozen=True)
class _Text:
    """A glossary file's text as read on the client, parsed again on the worker."""

    path: str
    sha256: str
    text: str = field(repr=False)


@dataclass(frozen=True)
class RewriterSpec:
    """How to build a Rewriter on a worker: glossaries (texts or objects) and its config.

    ``key`` hashes everything, so equal specs share one cached Rewriter per process.
    """

    key: str
    glossaries: tuple[_Text | Glossary, ...]
    config: RewriteConfig

    def build(self) -> Rewriter:
        """Parse the glossaries and compile the Rewriter (done once per worker process)."""
        loaded = [g if isinstance(g, Glossary) else parse_glossary(g.text, path=g.path)
                  for g in self.glossaries]
        return Rewriter(loaded, self.config)


def rewriter_spec(glossaries: Sequence[GlossarySource] | None = None,
                  **options: Any) -> RewriterSpec:
    """Validate glossaries and options here, on the client, and describe them for workers.

    ``glossaries``: None for the default set, or shipped names, paths and Glossary objects.
    Files are read here, so workers need not see the client's disk.
    """
    config = RewriteConfig(**options)
    if glossaries is None:
        glossaries = [g.path for g in default_glossaries()]
    items: list[_Text | Glossary] = []
    for g in glossaries:
        if isinstance(g, Glossary):
            items.append(g)
            continue
        get_glossary(g)  # raises GlossaryError for a missing or invalid glossary
        path = resolve(g)
        raw = path.read_bytes()
        items.append(_Text(str(path), hashlib.sha256(raw).hexdigest(), raw.decode("utf-8")))
    parts = [g.sha256 if isinstance(g, _Text) else tokenize(g) for g in items]
    return RewriterSpec(tokenize(parts, config), tuple(items), config)


_CACHE: OrderedDict[str, Rewriter] = OrderedDict()
_CACHE_SIZE = 4
_LOCK = threading.Lock()
_BUILDS: dict[str, int] = {}
"""How many times this process built each spec's Rewriter (read by the tests)."""


def rewriter_for(spec: RewriterSpec) -> Rewriter:
    """The Rewriter of ``spec`` in this process, built on first use and then reused."""
    with _LOCK:
        rw = _CACHE.get(spec.key)
        if rw is None:
            rw = spec.build()
            _BUILDS[spec.key] = _BUILDS.get(spec.key, 0) + 1
            _CACHE[spec.key] = rw
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(spec.key)
        return rw


def _shared(spec: RewriterSpec) -> Delayed:
    """The spec as one key of the graph: sent to each worker once, not embedded in tasks."""
    shared: Delayed = delayed(spec, name=f"textfix-spec-{spec.key}", pure=True)
    return shared


# -- bags and dataframes ----------------------------------------------------------------------
def result_to_dict(res: Result) -> dict[str, Any]:
    """A Result as plain data: ``text``, ``edits`` (a dict per Edit) and ``spin_score``."""
    return {"text": res.text, "edits": [e._asdict() for e in res.edits],
            "spin_score": res.spin_score}


def _fix_partition(texts: Iterable[str], spec: RewriterSpec, return_edits: bool) -> list[Any]:
    rw = rewriter_for(spec)
    if return_edits:
        return [result_to_dict(rw.fix(t)) for t in texts]
    return [rw.fix(t).text for t in texts]


def fix_bag(bag: db.Bag, glossaries: Sequence[GlossarySource] | None = None, *,
            return_edits: bool = False, **options: Any) -> db.Bag:
    """Repair every string of ``bag``; with ``return_edits`` give :func:`result_to_dict` dicts.

    ``options`` are :class:`~textfix.RewriteConfig` fields (threshold, tier, min_score, ...).
    """
    spec = rewriter_spec(glossaries, **options)
    out: db.Bag = bag.map_partitions(  # type: ignore[no-untyped-call]
        _fix_partition, _shared(spec), return_edits)
    return out


def _fix_frame(df: pd.DataFrame, spec: RewriterSpec, column: str, edits_column: str,
               score_column: str) -> pd.DataFrame:
    rw = rewriter_for(spec)
    texts, counts, scores = [], [], []
    for value in df[column]:
        if not isinstance(value, str) and pd.isna(value):
            texts.append(value)
            counts.append(0)
            scores.append(float("nan"))
            continue
        res = rw.fix(value)
        texts.append(res.text)
        counts.append(len(res.edits))
        scores.append(res.spin_score)
    out = df.copy()
    out[column] = pd.Series(texts, index=df.index, dtype=df[column].dtype)
    out[edits_column] = pd.Series(counts, index=df.index, dtype="int64")
    out[score_column] = pd.Series(scores, index=df.index, dtype="float64")
    return out


def fix_dataframe(ddf: dd.DataFrame, column: str,
                  glossaries: Sequence[GlossarySource] | None = None, *,
                  edits_column: str | None = None, score_column: str | None = None,
                  **options: Any) -> dd.DataFrame:
    """Repair the text ``column`` of ``ddf``; add its edit count and spin score as columns.

    The new columns default to ``{column}_edits`` (int64) and ``{column}_spin_score``
    (float64); missing texts stay missing, with 0 edits and a NaN score.
    """
    if column not in ddf.columns:
        raise KeyError(f"no column {column!r} in the dataframe")
    spec = rewriter_spec(glossaries, **options)
    edits_column = edits_column or f"{column}_edits"
    score_column = score_column or f"{column}_spin_score"
    meta = ddf._meta.assign(**{edits_column: pd.Series(dtype="int64"),
                               score_column: pd.Series(dtype="float64")})
    out: dd.DataFrame = ddf.map_partitions(  # type: ignore[no-untyped-call]
        _fix_frame, _shared(spec), column, edits_column, score_column, meta=meta)
    return out


# -- JSON Lines files ---------------------------------------------------------------------------
def _field_value(record: dict[str, Any], path: str) -> tuple[dict[str, Any], str] | None:
    """The dict holding dotted ``path`` (``"meta.title"``) in ``record`` and the last key."""
    *parents, last = path.split(".")
    node: Any = record
    for key in parents:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, dict) and isinstance(node.get(last), str):
        return node, last
    return None


def fix_record_line(line: str, fields: Sequence[str],
                    rewriter: Rewriter) -> tuple[str, str | None]:
    """Repair the string ``fields`` (dotted paths) of one JSON Lines record.

    Returns the output line and None, or the line untouched and what is wrong with it. A record
    with nothing to repair comes back byte for byte; others keep key order and other fields.
    """
    if not line.strip():
        return line, None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return line, f"invalid JSON: {exc}"
    if not isinstance(record, dict):
        return line, f"not a JSON object but {type(record).__name__}"
    changed = False
    for path in fields:
        found = _field_value(record, path)
        if found is None:
            continue
        node, key = found
        fixed = rewriter.fix(node[key]).text
        if fixed != node[key]:
            node[key] = fixed
            changed = True
    return (json.dumps(record, ensure_ascii=False) if changed else line), None


@dataclass(frozen=True)
class _BlockReport:
    output: str
    lines: int
    changed: int
    errors: tuple[tuple[int, str], ...]
    written: bool


def _fix_block(block: bytes, spec: RewriterSpec, fields: tuple[str, ...], output: str,
               strict: bool) -> _BlockReport:
    """Repair one block of JSON Lines and write it to ``output`` (any fsspec URL)."""
    rw = rewriter_for(spec)
    raw_lines = block.split(b"\n") if block else []
    ends_with_newline = block.endswith(b"\n")
    if ends_with_newline:
        raw_lines.pop()
    out: list[bytes] = []
    errors: list[tuple[int, str]] = []
    changed = 0
    for number, raw in enumerate(raw_lines, 1):
        cr = raw.endswith(b"\r")
        try:
            line = (raw[:-1] if cr else raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append((number, f"not UTF-8 (byte {exc.start})"))
            out.append(raw)
            continue
        new, error = fix_record_line(line, fields, rw)
        if error is not None:
            errors.append((number, error))
        elif new != line:
            changed += 1
        out.append(new.encode("utf-8") + (b"\r" if cr else b""))
    if strict and errors:
        return _BlockReport(output, len(raw_lines), changed, tuple(errors), written=False)
    data = b"\n".join(out) + (b"\n" if ends_with_newline else b"")
    with fsspec.open(output, "wb", compression="infer") as fh:
        fh.write(data)
    return _BlockReport(output, len(raw_lines), changed, tuple(errors), written=True)


@dataclass(frozen=True)
class JsonlReport:
    """What :func:`fix_jsonl` did: files written, records read and changed, bad lines."""

    outputs: tuple[str, ...]
    records: int
    changed: int
    errors: tuple[tuple[str, int, str], ...]
    """(input path, line number, problem) of every malformed line, in input order."""
    written: bool = True
    """False when ``strict`` found errors: then partitions with a bad line wrote nothing."""


def _split_name(name: str) -> tuple[str, str]:
    """``"a.jsonl.gz"`` -> ``("a", ".jsonl.gz")``."""
    stem, dot, exts = name.partition(".")
    return stem, dot + exts


def fix_jsonl(paths: str | Sequence[str], output_dir: str, fields: Sequence[str] = ("text",),
              glossaries: Sequence[GlossarySource] | None = None, *,
              blocksize: int | str | None = None, strict: bool = False,
              storage_options: dict[str, Any] | None = None, **options: Any) -> JsonlReport:
    """Repair JSON Lines files (local paths, globs or fsspec URLs) into ``output_dir``.

    With ``blocksize`` None each input file is one partition and is written under its own name
    (``.gz`` and other compressions are kept); otherwise files are cut into blocks of that size
    at line ends, block ``i`` of ``name.jsonl`` becoming ``name-0000i.jsonl``. Runs on the
    current Dask scheduler (a ``distributed.Client`` if one is active).
    """
    storage_options = storage_options or {}
    spec = _shared(rewriter_spec(glossaries, **options))
    _, blocks, inputs = read_bytes(paths,  # type: ignore[no-untyped-call]
                                   delimiter=b"\n", blocksize=blocksize, sample=False,
                                   include_path=True, compression="infer", **storage_options)
    if not inputs:
        raise FileNotFoundError(f"no input files match {paths!r}")
    out_fs, out_root = fsspec.core.url_to_fs(output_dir, **storage_options)
    names = [posixpath.basename(p) for p in inputs]
    if len(set(names)) < len(names):
        raise ValueError("input files share a name; give them distinct names")
    outputs: list[list[str]] = []
    for name, file_blocks in zip(names, blocks, strict=True):
        if blocksize is None:
            outputs.append([name])
        else:
            stem, exts = _split_name(name)
            outputs.append([f"{stem}-{i:05d}{exts}" for i in range(len(file_blocks))])
    in_fs, _ = fsspec.core.url_to_fs(inputs[0], **storage_options)
    clash = {in_fs._strip_protocol(p) for p in inputs} & {
        out_fs._strip_protocol(posixpath.join(out_root, n)) for ns in outputs for n in ns}
    if type(in_fs) is type(out_fs) and clash:
        raise ValueError(f"output would overwrite its input: {sorted(clash)[0]}")
    out_fs.makedirs(out_root, exist_ok=True)
    protocol = out_fs.protocol if isinstance(out_fs.protocol, str) else out_fs.protocol[0]
    prefix = "" if protocol in ("file", "local") else f"{protocol}://"
    fix_block = delayed(_fix_block, pure=True)
    tasks = [fix_block(block, spec, tuple(fields), prefix + posixpath.join(out_root, name),
                       strict)
             for file_blocks, names_out in zip(blocks, outputs, strict=True)
             for block, name in zip(file_blocks, names_out, strict=True)]
    reports: tuple[_BlockReport, ...] = compute(*tasks)  # type: ignore[no-untyped-call]
    errors: list[tuple[str, int, str]] = []
    done = 0
    for path, file_blocks in zip(inputs, blocks, strict=True):
        offset = 0
        for rep in reports[done : done + len(file_blocks)]:
            errors += [(path, offset + n, msg) for n, msg in rep.errors]
            offset += rep.lines
        done += len(file_blocks)
    return JsonlReport(tuple(r.output for r in reports if r.written),
                       sum(r.lines for r in reports), sum(r.changed for r in reports),
                       tuple(errors), written=all(r.written for r in reports))
