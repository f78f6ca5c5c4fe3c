"""Parquet and CSV streaming: named text cells change, every other byte and type stays."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from textfix.run.tables import Cell, TableError, map_csv, map_parquet

pa = pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (textfix[parquet])")
pq = pytest.importorskip("pyarrow.parquet")


def _fix(text: str) -> str:
    return text.replace("this yr", "this year").replace("protection chiefs", "defense chiefs")


def _sample(path: Path, groups: int = 3, rows: int = 4) -> None:
    parts = []
    for g in range(groups):
        base = g * rows
        parts.append(pa.table({
            "id": pa.array(range(base, base + rows), pa.int64()),
            "body": pa.array([None if r % 3 == 2 else f"row {base + r}: the protection chiefs "
                              "met this yr" for r in range(rows)], pa.string()),
            "title": pa.array([f"this yr {base + r}" for r in range(rows)], pa.large_string()),
            "score": pa.array([0.5 * r for r in range(rows)], pa.float32()),
            "tags": pa.array([["a", "this yr"]] * rows, pa.list_(pa.string())),
            "when": pa.array([1_700_000_000_000 + r for r in range(rows)], pa.timestamp("ms")),
        }))
    table = pa.concat_tables(parts).replace_schema_metadata({"origin": "test", "v": "1"})
    with pq.ParquetWriter(path, table.schema, compression="zstd") as w:
        for p in parts:
            w.write_table(p.replace_schema_metadata(table.schema.metadata))


def test_parquet_named_fields_only(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    _sample(src)
    before = pq.read_table(src)
    seen: list[Cell] = []

    def fix(cell: Cell, text: str) -> str:
        seen.append(cell)
        return _fix(text)

    stats = map_parquet(src, dst, ["body", "title", "id"], cell_fn=fix)
    after = pq.read_table(dst)
    assert after.schema.equals(before.schema, check_metadata=True)
    for name in ("id", "score", "tags", "when"):
        assert after.column(name).equals(before.column(name)), name
    bodies = before.column("body").to_pylist()
    assert after.column("body").to_pylist() == [None if b is None else _fix(b) for b in bodies]
    assert after.column("title").to_pylist() == [_fix(t) for t in before.column("title")
                                                 .to_pylist()]
    assert pq.ParquetFile(dst).schema.equals(pq.ParquetFile(src).schema)
    meta_in, meta_out = pq.ParquetFile(src).metadata, pq.ParquetFile(dst).metadata
    assert meta_out.num_row_groups == meta_in.num_row_groups == 3
    assert [meta_out.row_group(g).num_rows for g in range(3)] == [4, 4, 4]
    assert meta_out.row_group(0).column(0).compression == "ZSTD"
    assert stats.rows == 12 and stats.parts == 3
    assert stats.cells == 9 + 12 and stats.changed == 21
    assert Cell(3, "title") in seen and Cell(3, "body") not in seen  # row 3's body is null


def test_parquet_in_place_and_missing_field(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    _sample(src, groups=1)
    map_parquet(src, src, ["body"], _fix)
    assert "this year" in pq.read_table(src).column("body")[0].as_py()
    with pytest.raises(TableError, match="no column 'text'"):
        map_parquet(src, tmp_path / "x.parquet", ["text"], _fix)
    assert not (tmp_path / "x.parquet").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in.parquet"]


def test_parquet_failure_leaves_no_output(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    _sample(src)

    def boom(text: str) -> str:
        raise RuntimeError("worker died")

    with pytest.raises(RuntimeError):
        map_parquet(src, dst, ["body"], boom)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet"]


CSV = ('id,"body",note\r\n'
       '1,"the protection chiefs, met ""this yr""",keep  "odd\r\n'
       '2,the protection chiefs met this yr,"multi\nline, this yr"\r\n'
       '3,,\r\n'
       '4,"",x\r\n'
       '5,"line one\r\nthis yr",\r\n'
       '6,short\n')


def test_csv_changes_only_named_cells(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_bytes(("\ufeff" + CSV).encode("utf-8"))
    stats = map_csv(src, dst, ["body"], _fix, chunk_rows=2)
    want = ("\ufeff" + CSV).replace("protection chiefs", "defense chiefs")
    want = want.replace('""this yr""', '""this year""').replace(
        "met this yr,", "met this year,").replace("line one\r\nthis yr", "line one\r\nthis year")
    assert dst.read_bytes().decode("utf-8") == want
    assert stats.rows == 6 and stats.cells == 4 and stats.changed == 3


def test_csv_new_value_gets_quotes_when_needed(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("a,b\nx,plain\n", encoding="utf-8")
    map_csv(src, dst, ["b"], lambda t: 'now, "quoted"')
    assert dst.read_text(encoding="utf-8") == 'a,b\nx,"now, ""quoted"""\n'


def test_csv_missing_or_duplicate_column(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("a,b,b\n1,2,3\n", encoding="utf-8")
    with pytest.raises(TableError, match="no column 'c'"):
        map_csv(src, tmp_path / "o.csv", ["c"], _fix)
    with pytest.raises(TableError, match="more than one column 'b'"):
        map_csv(src, tmp_path / "o.csv", ["b"], _fix)


MEMORY_CHILD = textwrap.dedent("""
    import json, resource, sys

    def hwm_kb():
        # VmHWM starts afresh with this program; ru_maxrss would carry the parent's peak
        try:
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    import pyarrow.parquet as pq
    from textfix.run.tables import map_parquet
    base = hwm_kb()
    stats = map_parquet(sys.argv[1], sys.argv[2], ["body"], lambda t: t.replace("yr", "year"))
    peak = hwm_kb()
    print(json.dumps({"base_kb": base, "peak_kb": peak, "rows": stats.rows}))
""")


def _peak_growth_mb(tmp: Path, groups: int, rows: int = 2_000) -> float:
    """Peak memory a fresh process gains while repairing ``groups`` row groups of 4 MB."""
    src, dst = tmp / f"big{groups}.parquet", tmp / f"out{groups}.parquet"
    body = ("the protection chiefs met this yr to debate the 2 nations. " * 34)[:2000]
    with pq.ParquetWriter(src, pa.schema([("id", pa.int64()), ("body", pa.string())])) as w:
        for g in range(groups):
            w.write_table(pa.table({"id": pa.array(range(g * rows, (g + 1) * rows), pa.int64()),
                                    "body": pa.array([body] * rows, pa.string())}))
    out = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(src), str(dst)],
                         capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    assert got["rows"] == rows * groups
    return float(got["peak_kb"] - got["base_kb"]) / 1024


@pytest.mark.slow
def test_parquet_memory_follows_row_groups_not_file(tmp_path: Path) -> None:
    """4 MB row groups: 40 MB and 160 MB of text need the same memory, far below the text."""
    small = _peak_growth_mb(tmp_path, 10)
    large = _peak_growth_mb(tmp_path, 40)
    print(f"peak growth: 40 MB of text {small:.0f} MB, 160 MB of text {large:.0f} MB")
    assert large < 150, f"grew {large:.0f} MB for 160 MB of text"
    assert large - small < 25, f"memory grew with the file: {small:.0f} -> {large:.0f} MB"
