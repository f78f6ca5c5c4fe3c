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
    from fsspec.implementations.local import LocalFileSystem  # type: ignore[import-untyped]
    from fsspec.utils import infer_compression  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "textfix.dask needs Dask, which is not installed: pip install 'textfix[dask]'"
    ) from None

import hashlib
import posixpath
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from glob import has_magic
from pathlib import Path
from typing import Any, NamedTuple

from textfix.catalog import default_glossaries, get_glossary, parse_glossary, resolve
from textfix.engine.config import RewriteConfig
from textfix.engine.edit import Result
from textfix.engine.rewrite import Rewriter
from textfix.glossary.model import Glossary
from textfix.run.io import matches_globs
from textfix.run.jsonl import field_trie, fix_line
from textfix.run.tables import map_csv, map_parquet

__all__ = [
    "FileReport",
    "Input",
    "JsonlReport",
    "RewriterSpec",
    "TableReport",
    "fix_bag",
    "fix_dataframe",
    "fix_jsonl",
    "fix_tables",
    "list_inputs",
    "result_to_dict",
    "rewriter_for",
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

    Files are read here, so workers need not see the client's disk.

    Args:
        glossaries: None for the default set, or shipped names, paths and Glossary objects.
        **options: :class:`~textfix.RewriteConfig` fields (threshold, tier, min_score, ...).

    Returns:
        A :class:`RewriterSpec`; equal glossaries and options give the same ``key``.

    Raises:
        GlossaryError: a glossary is missing or does not validate.
        ValueError: an option is out of range.

    >>> rewriter_spec(["news-spin"], tier="sure").config.tier
    'sure'
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


_SNIFF_BYTES = 8192
"""A NUL byte among a file's first bytes marks it binary (as the command line does)."""

_CACHE: OrderedDict[str, Rewriter] = OrderedDict()
_CACHE_SIZE = 4
_LOCK = threading.Lock()
_BUILDS: dict[str, int] = {}
"""How many times this process built each spec's Rewriter (read by the tests)."""


def rewriter_for(spec: RewriterSpec) -> Rewriter:
    """The Rewriter of ``spec`` in this process, built on first use and then reused.

    Args:
        spec: what :func:`rewriter_spec` made.

    Returns:
        The :class:`~textfix.Rewriter`, the same object for every call with an equal spec
        (the last four specs are kept).

    Raises:
        GlossaryError: a glossary text no longer validates (it did on the client).

    >>> spec = rewriter_spec(["news-spin"])
    >>> rewriter_for(spec) is rewriter_for(spec)
    True
    """
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

    Args:
        bag: a Dask bag of ``str``.
        glossaries: None for the default set, or shipped names, paths and Glossary objects.
        return_edits: give a dict per text (text, edits, spin score) instead of the text.
        **options: :class:`~textfix.RewriteConfig` fields (threshold, tier, min_score, ...).

    Returns:
        A lazy bag of repaired texts (or dicts), in the order of ``bag``.

    Raises:
        GlossaryError: a glossary is missing or does not validate (raised here, at once).
        ValueError: an option is out of range.

    >>> texts = db.from_sequence(["The ministers met final yr."])
    >>> fix_bag(texts, ["news-spin"], return_edits=True).compute()[0]["edits"][0]["after"]
    'last year'
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

    Args:
        ddf: a Dask dataframe.
        column: the name of its text column.
        glossaries: None for the default set, or shipped names, paths and Glossary objects.
        edits_column: name of the edit-count column (default ``{column}_edits``, int64).
        score_column: name of the spin-score column (default ``{column}_spin_score``,
            float64).
        **options: :class:`~textfix.RewriteConfig` fields (threshold, tier, min_score, ...).

    Returns:
        A lazy dataframe: ``column`` repaired, the two columns added; missing texts stay
        missing, with 0 edits and a NaN score.

    Raises:
        KeyError: ``ddf`` has no ``column``.
        GlossaryError: a glossary is missing or does not validate.

    >>> frame = dd.from_pandas(pd.DataFrame({"body": ["The ministers met final yr."]}),
    ...                        npartitions=1)
    >>> fix_dataframe(frame, "body", ["news-spin"]).compute()["body_edits"].tolist()
    [1]
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
@dataclass(frozen=True)
class _BlockReport:
    output: str
    lines: int
    edits: int
    errors: tuple[tuple[int, str], ...]
    written: bool
    failed: str | None = None
    """Why the whole block was left out (undecodable, binary)."""


def _write(output: str, data: bytes) -> None:
    """Write ``data`` to an fsspec URL; local files go through a temporary file and a rename."""
    fs, path = fsspec.core.url_to_fs(output)
    if not isinstance(fs, LocalFileSystem):
        with fsspec.open(output, "wb", compression="infer") as fh:
            fh.write(data)
        return
    tmp = posixpath.join(posixpath.dirname(path), f".{posixpath.basename(path)}.textfix-tmp")
    try:
        with fsspec.open(tmp, "wb", compression=infer_compression(path)) as fh:
            fh.write(data)
        fs.mv(tmp, path)
    finally:
        if fs.exists(tmp):
            fs.rm(tmp)


def _fix_block(block: bytes, spec: RewriterSpec, fields: tuple[str, ...], output: str,
               strict: bool, encoding: str, errors: str, first: bool) -> _BlockReport:
    """Repair one block of JSON Lines and write it to ``output`` (any fsspec URL)."""
    if first and b"\0" in block[:_SNIFF_BYTES]:
        return _BlockReport(output, 0, 0, (), False, "skipped (binary file)")
    try:
        text = block.decode(encoding, errors)
    except UnicodeDecodeError as exc:
        return _BlockReport(output, 0, 0, (), False, f"cannot decode as {exc.encoding} "
                            f"(byte {exc.start}: {exc.reason}); skipped")
    rw = rewriter_for(spec)
    trie = field_trie(fields)
    lines = text.split("\n")
    last = lines.pop()  # after the last newline: "" or a final line without one
    lines = [line + "\n" for line in lines] + ([last] if last else [])
    out: list[str] = []
    bad: list[tuple[int, str]] = []
    edits = 0
    for number, line in enumerate(lines, 1):
        rec = fix_line(line, trie, rw)
        if rec.error is not None:
            bad.append((number, rec.error))
        edits += sum(len(e) for _, e, _ in rec.edits)
        out.append(rec.line)
    report = _BlockReport(output, len(lines), edits, tuple(bad), written=False)
    if strict and bad:
        return report
    _write(output, "".join(out).encode(encoding, errors))
    return replace(report, written=True)


@dataclass(frozen=True)
class FileReport:
    """What happened to one input file of :func:`fix_jsonl`."""

    name: str
    outputs: tuple[str, ...]
    """The partitions written for it (all of them, unless one was left out)."""
    records: int
    edits: int
    errors: tuple[tuple[int, str], ...]
    """(line number, problem) of each malformed line: passed through, or under ``strict``
    the reason its partition was not written."""
    failed: str | None = None
    """Why (part of) the file was left out: binary, or not in the encoding."""


@dataclass(frozen=True)
class JsonlReport:
    """What :func:`fix_jsonl` did, file by file, in input order."""

    files: tuple[FileReport, ...]

    @property
    def records(self) -> int:
        """JSON lines read (blank lines included)."""
        return sum(f.records for f in self.files)

    @property
    def edits(self) -> int:
        """Edits made in all records."""
        return sum(f.edits for f in self.files)

    @property
    def outputs(self) -> tuple[str, ...]:
        """Every partition written."""
        return tuple(o for f in self.files for o in f.outputs)


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


class Input(NamedTuple):
    """An input file: its URL, its name relative to its argument, and how to show it."""

    url: str
    rel: str
    name: str


def list_inputs(paths: str | Sequence[str], storage_options: dict[str, Any] | None = None, *,
                include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[Input]:
    """Every file named, matched by a glob, or found under a folder (sorted, hidden entries
    skipped, ``include``/``exclude`` globs applied as by the command line), on one filesystem.
    """
    found: list[Input] = []
    kinds: set[type] = set()
    for arg in [paths] if isinstance(paths, str) else paths:
        fs, root = fsspec.core.url_to_fs(arg, **(storage_options or {}))
        kinds.add(type(fs))
        local = isinstance(fs, LocalFileSystem)
        if has_magic(root):
            for p in sorted(fs.glob(root)):
                if not fs.isdir(p):
                    found.append(Input(_url(fs, p), posixpath.basename(p), _url(fs, p)))
        elif fs.isdir(root):
            for p in sorted(fs.find(root)):
                rel = posixpath.relpath(p, root)
                if _hidden(rel) or (include and not matches_globs(rel, include)) or (
                        exclude and matches_globs(rel, exclude)):
                    continue
                name = posixpath.join(arg, rel) if local else _url(fs, p)
                found.append(Input(_url(fs, p), rel, name))
        elif fs.exists(root):
            found.append(Input(_url(fs, root), posixpath.basename(root), arg))
        else:
            raise FileNotFoundError(f"{arg}: no such file or folder")
    if len(kinds) > 1:
        raise ValueError("all inputs must be on one filesystem")
    return found


def _url(fs: Any, path: str) -> str:
    """``path`` on ``fs`` as a URL, or as a plain path for local files."""
    return path if isinstance(fs, LocalFileSystem) else str(fs.unstrip_protocol(path))


def _split_name(name: str) -> tuple[str, str]:
    """``"d/a.jsonl.gz"`` -> ``("d/a", ".jsonl.gz")``."""
    folder, base = posixpath.split(name)
    stem, dot, exts = base.partition(".")
    return posixpath.join(folder, stem), dot + exts


def fix_jsonl(paths: str | Sequence[str], output_dir: str, fields: Sequence[str] = ("text",),
              glossaries: Sequence[GlossarySource] | None = None, *,
              blocksize: int | str | None = None, strict: bool = False,
              encoding: str = "utf-8", errors: str = "strict",
              include: Sequence[str] = (), exclude: Sequence[str] = (),
              storage_options: dict[str, Any] | None = None, **options: Any) -> JsonlReport:
    """Repair JSON Lines files (paths, globs, folders or fsspec URLs) into ``output_dir``.

    Outputs keep the inputs' names (relative to a folder argument) and compression. With
    ``blocksize`` None each file is one partition; otherwise files are cut into blocks of that
    size at line ends and block ``i`` of ``a.jsonl`` becomes ``a-0000i.jsonl``. Runs on the
    current Dask scheduler (a ``distributed.Client`` if one is active).

    Records are repaired as by ``textfix fix --jsonl``: named string fields only, every other
    byte of a line kept; a malformed line passes through and is reported, or with ``strict``
    its partition is not written. A binary or undecodable file (block) is left out.

    Args:
        paths: files, globs, folders or fsspec URLs of JSON Lines.
        output_dir: where the repaired files go (any fsspec URL).
        fields: the string fields to repair (dotted paths).
        glossaries: None for the default set, or shipped names, paths and Glossary objects.
        blocksize: None for a partition per file, else the size of a block (``"64MiB"``).
        strict: leave a partition with a malformed line unwritten.
        encoding: the files' text encoding (``errors`` says what to do with bad bytes).
        include: globs a file under a folder must match; ``exclude``: globs it must not.
        storage_options: for fsspec (credentials, endpoints).
        **options: :class:`~textfix.RewriteConfig` fields (threshold, tier, min_score, ...).

    Returns:
        A :class:`JsonlReport`: records, edits, malformed lines and outputs, per input file.

    Raises:
        FileNotFoundError: no input matches ``paths``.
        ValueError: two inputs have the same name, or an output would overwrite its input.
        GlossaryError: a glossary is missing or does not validate.

    >>> import json, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.jsonl").write_text(json.dumps({"text": "They met final yr."}) + "\\n")
    >>> fix_jsonl(str(folder / "in.jsonl"), str(folder / "out"), ["text"], ["news-spin"]).edits
    1
    >>> (folder / "out" / "in.jsonl").read_text()
    '{"text": "They met last year."}\\n'
    """
    storage_options = storage_options or {}
    inputs = list_inputs(paths, storage_options, include=include, exclude=exclude)
    if not inputs:
        raise FileNotFoundError(f"no input files match {paths!r}")
    if len({i.rel for i in inputs}) < len(inputs):
        raise ValueError("two inputs have the same name; pass their common folder instead")
    spec = _shared(rewriter_spec(glossaries, **options))
    out_fs, out_root = fsspec.core.url_to_fs(output_dir, **storage_options)
    in_fs, _ = fsspec.core.url_to_fs(inputs[0].url, **storage_options)
    sources = {in_fs._strip_protocol(i.url) for i in inputs}
    work: list[tuple[Delayed, str, bool]] = []  # block, output path, first block of its file
    counts: list[int] = []
    for url, rel, _ in inputs:
        _, (blocks,) = read_bytes(  # type: ignore[no-untyped-call]
            url, delimiter=b"\n", blocksize=blocksize, sample=False, compression="infer",
            **storage_options)
        if blocksize is None:
            names = [rel]
        else:
            stem, exts = _split_name(rel)
            names = [f"{stem}-{i:05d}{exts}" for i in range(len(blocks))]
        counts.append(len(blocks))
        work += [(b, posixpath.join(out_root, n), i == 0)
                 for i, (b, n) in enumerate(zip(blocks, names, strict=True))]
    clash = sorted(sources & {target for _, target, _ in work})
    if clash and type(in_fs) is type(out_fs):
        raise ValueError(f"output would overwrite its input: {clash[0]}")
    for folder in sorted({posixpath.dirname(target) for _, target, _ in work}):
        out_fs.makedirs(folder, exist_ok=True)
    fix_block = delayed(_fix_block, pure=True)
    tasks = [fix_block(block, spec, tuple(fields), _url(out_fs, target), strict, encoding,
                       errors, first) for block, target, first in work]
    reports: tuple[_BlockReport, ...] = compute(*tasks)  # type: ignore[no-untyped-call]
    files: list[FileReport] = []
    done = 0
    for source, n in zip(inputs, counts, strict=True):
        offset, bad = 0, []
        mine = reports[done : done + n]
        for rep in mine:
            bad += [(offset + line, msg) for line, msg in rep.errors]
            offset += rep.lines
        failed = next((r.failed for r in mine if r.failed), None)
        files.append(FileReport(source.name, tuple(r.output for r in mine if r.written),
                                offset, sum(r.edits for r in mine), tuple(bad), failed))
        done += n
    return JsonlReport(tuple(files))


# -- Parquet and CSV tables: one task per file ----------------------------------------------

class TableReport(NamedTuple):
    """What :func:`fix_tables` did to one table."""

    name: str
    output: str
    rows: int
    cells: int
    """Text cells seen (not null, not empty)."""
    changed: int


def _fix_table(src: str, dst: str, fmt: str, fields: tuple[str, ...], spec: RewriterSpec,
               encoding: str) -> tuple[int, int, int]:
    """Repair one table on a worker, as ``textfix fix --field`` does, written atomically."""
    rw = rewriter_for(spec)
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        stats = map_parquet(src, dst, fields, lambda t: rw.fix(t).text)
    else:
        stats = map_csv(src, dst, fields, lambda t: rw.fix(t).text, encoding=encoding)
    return stats.rows, stats.cells, stats.changed


def fix_tables(paths: str | Sequence[str], output_dir: str, fields: Sequence[str],
               glossaries: Sequence[GlossarySource] | None = None, *,
               format: str | None = None, encoding: str = "utf-8",
               include: Sequence[str] = (), exclude: Sequence[str] = (),
               **options: Any) -> tuple[TableReport, ...]:
    """Repair the named text columns of Parquet and CSV files into ``output_dir``.

    Each file is one task: a Parquet file is read and written row group by row group with its
    schema, codecs and every other column kept; in a CSV file only the bytes of the changed
    cells change. Nulls and columns that are not strings pass through. Inputs and
    ``output_dir`` are local paths (a disk the workers share); outputs keep the inputs' names
    relative to a folder argument.

    Args:
        paths: files, globs or folders.
        output_dir: where the repaired tables go.
        fields: the columns to repair.
        glossaries: None for the default set, or shipped names, paths and Glossary objects.
        format: ``"parquet"`` or ``"csv"`` for every input; None: by extension (``.parquet``,
            ``.pq``, ``.csv``; other files are left out).
        encoding: the CSV files' encoding.
        include: globs a file under a folder must match; ``exclude``: globs it must not.
        **options: :class:`~textfix.RewriteConfig` fields.

    Returns:
        One :class:`TableReport` per table, in input order.

    Raises:
        FileNotFoundError: no table matches ``paths``.
        TableError: a named column is missing (nothing is written for that file).
        GlossaryError: a glossary is missing or does not validate.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("id,text\\n1,They met final yr.\\n")
    >>> fix_tables(str(folder / "a.csv"), str(folder / "out"), ["text"], ["news-spin"])[0].changed
    1
    >>> (folder / "out" / "a.csv").read_text()
    'id,text\\n1,They met last year.\\n'
    """
    kinds = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}
    inputs = [i for i in list_inputs(paths, include=include, exclude=exclude)
              if format or posixpath.splitext(i.rel)[1].lower() in kinds]
    if not inputs:
        raise FileNotFoundError(f"no Parquet or CSV files match {paths!r}")
    spec = _shared(rewriter_spec(glossaries, **options))
    task = delayed(_fix_table, pure=True)
    jobs = []
    for i in inputs:
        src = fsspec.core.url_to_fs(i.url)[1]
        fmt = format or kinds[posixpath.splitext(i.rel)[1].lower()]
        dst = str(Path(output_dir) / i.rel)
        if Path(dst).resolve() == Path(src).resolve():
            raise ValueError(f"output would overwrite its input: {src}")
        jobs.append((i, dst, task(src, dst, fmt, tuple(fields), spec, encoding)))
    counts: tuple[tuple[int, int, int], ...] = compute(  # type: ignore[no-untyped-call]
        *[t for _, _, t in jobs])
    return tuple(TableReport(i.name, dst, *c) for (i, dst, _), c in zip(jobs, counts,
                                                                           strict=True))
