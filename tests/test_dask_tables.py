"""textfix.dask on Parquet and CSV: the same tables as ``textfix fix --field``, written by tasks."""

from __future__ import annotations

from pathlib import Path

import dask
import pytest

import textfix
from textfix.cli import main

pa = pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (textfix[parquet])")
pq = pytest.importorskip("pyarrow.parquet")
tfd = pytest.importorskip("textfix.dask")

SPUN = "The protection chiefs met this yr to debate the 2 nations."


def test_fix_tables_matches_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    table = pa.table({"id": pa.array(range(6), pa.int64()),
                      "body": pa.array([SPUN, None, "clean", SPUN, "", "this yr"]),
                      "w": pa.array([0.5] * 6)})
    pq.write_table(table, data / "a.parquet", row_group_size=4)
    (data / "b.csv").write_text(f'id,body\n1,"{SPUN}"\n2,\n', encoding="utf-8")
    (data / "notes.txt").write_text(SPUN, encoding="utf-8")
    with dask.config.set(scheduler="threads"):
        reports = tfd.fix_tables(str(data), str(tmp_path / "out"), ["body"])
    assert [(r.name.rsplit("/", 1)[-1], r.rows, r.changed) for r in reports] == [
        ("a.parquet", 6, 3), ("b.csv", 2, 1)]
    assert main(["fix", "-q", "--field", "body", "-o", str(tmp_path / "cli"), str(data)]) == 0
    for name in ("a.parquet", "b.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    out = pq.read_table(tmp_path / "out" / "a.parquet")
    assert out.column("w").equals(table.column("w")) and out.column("id").equals(
        table.column("id"))
    assert out.column("body").to_pylist()[0] == textfix.fix(SPUN)
    assert not (tmp_path / "out" / "notes.txt").exists()
