"""PDF, Parquet and CSV from the command line: fix, detect, review and apply.

The review page's data is read straight from the HTML here (no browser), turned into the
decisions the page would export, and applied: accepting everything must give ``fix``'s output.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import textfix
from textfix.cli import main
from textfix.run.pdf import pdf_pages

fpdf = pytest.importorskip("fpdf", reason="building test PDFs needs fpdf2")
pa = pytest.importorskip("pyarrow", reason="Parquet needs pyarrow (textfix[parquet])")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pdfminer", reason="PDF input needs pdfminer.six (textfix[pdf])")

SPUN = "The protection chiefs met this yr to debate the 2 nations."


def _run(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "textfix", *args], cwd=cwd, input=stdin,
                          capture_output=True)


def _report(out: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def _decisions(page: str, rejected: frozenset[int] = frozenset()) -> dict[str, Any]:
    """What the page exports, built from its data: every edit accepted but ``rejected``
    (indices over the whole report)."""
    m = re.search(r'<script type="application/json" id="tf-data">(.*?)</script>', page, re.S)
    assert m is not None
    data = json.loads(m.group(1))
    docs = []
    for d in data["docs"]:
        edits = [[e[0], e[1], e[2], e[3], data["rules"][e[4]]] for e in d["e"]]
        acc = [k for k in range(len(edits)) if d["o"] + k not in rejected]
        docs.append({"name": d["n"], "path": d["p"], "record": d["r"], "field": d["f"],
                     "page": d["g"], "sha256": d["h"], "edits": edits, "accepted": acc,
                     "rejected": [k for k in range(len(edits)) if k not in acc]})
    return {"format": "textfix-review-decisions", "version": 1, "title": data["title"],
            "documents": docs}


def _review_apply(tmp: Path, *args: str, apply_args: tuple[str, ...] = (),
                  rejected: frozenset[int] = frozenset()) -> subprocess.CompletedProcess[bytes]:
    got = _run("review", "-q", *args, "-o", "r.html", cwd=tmp)
    assert got.returncode == 0, got.stderr
    page = (tmp / "r.html").read_text(encoding="utf-8")
    (tmp / "d.json").write_text(json.dumps(_decisions(page, rejected)), encoding="utf-8")
    return _run("apply", "d.json", *apply_args, cwd=tmp)


# ---- PDF ------------------------------------------------------------------------------------

LEFT = ("Recent work on counterfeit con-\nsciousness shows that profound learning models "
        "can be trained on large data sets. The results are encour-\naging for the field.")
RIGHT = "In the second column we discuss related work on this yr of the 2 nations."


def _pdf(path: Path) -> None:
    """A two-column first page with a hyphenated tortured phrase, and a second page."""
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(15, 20)
    pdf.multi_cell(85, 6, LEFT)
    pdf.set_xy(110, 20)
    pdf.multi_cell(85, 6, RIGHT)
    pdf.add_page()
    pdf.set_xy(15, 20)
    pdf.multi_cell(180, 6, "Page two names counterfeit consciousness once.")
    path.write_bytes(bytes(pdf.output()))


def test_pdf_hyphenated_phrase_is_reported_with_its_page(tmp_path: Path) -> None:
    _pdf(tmp_path / "paper.pdf")
    got = _run("fix", "-q", "--report", "-", "paper.pdf", cwd=tmp_path)
    assert got.returncode == 0, got.stderr
    rows = _report(got.stdout)
    found = {(r["page"], r["before"], r["after"]) for r in rows}
    assert (1, "counterfeit consciousness", "artificial intelligence") in found
    assert (2, "counterfeit consciousness", "artificial intelligence") in found
    assert all(r["record"] is None and r["field"] is None for r in rows)
    text = _run("fix", "-q", "paper.pdf", cwd=tmp_path).stdout.decode("utf-8")
    first, second = text.split("\f")
    assert "artificial intelligence shows" in first and first.index("field.") < first.index(
        "In the second column")
    assert second == "Page two names artificial intelligence once.\n"
    pages = pdf_pages(tmp_path / "paper.pdf")
    for row in rows:  # offsets, line and column point into the page's text
        page = pages[row["page"] - 1]
        assert page[row["start"]:row["end"]] == row["before"]
        assert page.split("\n")[row["line"] - 1][row["column"] - 1:].startswith(row["before"])
    assert _run("fix", "-q", "-o", "out", "paper.pdf", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / "paper.txt").read_text(encoding="utf-8") == text
    score = _run("detect", "-q", "--json", "paper.pdf", cwd=tmp_path)
    assert json.loads(score.stdout)["score"] > 0


def test_pdf_cannot_be_written_in_place_and_bad_pdfs_are_one_line(tmp_path: Path) -> None:
    _pdf(tmp_path / "paper.pdf")
    before = (tmp_path / "paper.pdf").read_bytes()
    got = _run("fix", "-w", "paper.pdf", cwd=tmp_path)
    assert got.returncode == 2 and b"cannot be written in place" in got.stderr
    assert (tmp_path / "paper.pdf").read_bytes() == before
    pdf = fpdf.FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "counterfeit consciousness")
    (tmp_path / "locked.pdf").write_bytes(bytes(pdf.output()))
    (tmp_path / "fake.pdf").write_bytes(b"hello")
    for name, why in (("locked.pdf", "encrypted PDF"), ("fake.pdf", "not a PDF")):
        got = _run("fix", "-q", name, cwd=tmp_path)
        lines = got.stderr.decode("utf-8").splitlines()
        assert got.returncode == 2 and lines == [f"textfix: {name}: {lines[0].split(': ', 2)[2]}"]
        assert why in lines[0] and "Traceback" not in got.stderr.decode()


def test_pdf_review_and_apply(tmp_path: Path) -> None:
    _pdf(tmp_path / "paper.pdf")
    fixed = _run("fix", "-q", "paper.pdf", cwd=tmp_path).stdout
    got = _review_apply(tmp_path, "paper.pdf")
    assert got.returncode == 0, got.stderr
    assert got.stdout == fixed
    got = _review_apply(tmp_path, "paper.pdf", rejected=frozenset(range(100)))
    pages = fixed.decode("utf-8").split("\f")
    assert got.stdout.decode("utf-8").split("\f")[1] == pages[1].replace(
        "artificial intelligence", "counterfeit consciousness")


# ---- Parquet --------------------------------------------------------------------------------

def _parquet(path: Path, groups: int = 3, rows: int = 5) -> None:
    parts = []
    for g in range(groups):
        base = g * rows
        parts.append(pa.table({
            "id": pa.array(range(base, base + rows), pa.int64()),
            "body": pa.array([None if r % 3 == 2 else f"row {base + r}: {SPUN}"
                              for r in range(rows)], pa.string()),
            "title": pa.array([f"this yr {base + r}" for r in range(rows)], pa.large_string()),
            "n": pa.array([0.5 * r for r in range(rows)], pa.float32()),
            "tags": pa.array([["a", "this yr"]] * rows, pa.list_(pa.string())),
        }))
    table = pa.concat_tables(parts).replace_schema_metadata({"origin": "test"})
    with pq.ParquetWriter(path, table.schema, compression="zstd") as w:
        for p in parts:
            w.write_table(p.replace_schema_metadata(table.schema.metadata))


def test_parquet_fix_keeps_other_columns_schema_and_row_groups(tmp_path: Path) -> None:
    _parquet(tmp_path / "in.parquet")
    args = ("--field", "body", "--field", "title", "--field", "id")
    one = _run("fix", "-q", *args, "-j", "1", "-o", "o1", "--report", "r1.jsonl", "in.parquet",
               cwd=tmp_path)
    two = _run("fix", "-q", *args, "-j", "2", "-o", "o2", "in.parquet", cwd=tmp_path)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert (tmp_path / "o1/in.parquet").read_bytes() == (tmp_path / "o2/in.parquet").read_bytes()
    before = pq.read_table(tmp_path / "in.parquet")
    after = pq.read_table(tmp_path / "o1/in.parquet")
    assert after.schema.equals(before.schema, check_metadata=True)
    for name in ("id", "n", "tags"):
        assert after.column(name).equals(before.column(name)), name
    assert after.column("body").to_pylist() == [
        None if b is None else textfix.fix(b) for b in before.column("body").to_pylist()]
    assert after.column("title").to_pylist() == [
        textfix.fix(t) for t in before.column("title").to_pylist()]
    meta = pq.ParquetFile(tmp_path / "o1/in.parquet").metadata
    assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == [5, 5, 5]
    assert meta.row_group(0).column(0).compression == "ZSTD"
    rows = _report((tmp_path / "r1.jsonl").read_bytes())
    assert {r["record"] for r in rows if r["field"] == "body"} == {
        n + 1 for n in range(15) if n % 5 % 3 != 2}
    assert all(r["page"] is None for r in rows)
    body = before.column("body").to_pylist()
    for r in rows:
        value = body[r["record"] - 1] if r["field"] == "body" else before.column(
            "title")[r["record"] - 1].as_py()
        assert value[r["start"]:r["end"]] == r["before"]


def test_parquet_check_write_detect(tmp_path: Path) -> None:
    _parquet(tmp_path / "in.parquet", groups=1)
    got = _run("fix", "--check", "--field", "body", "in.parquet", cwd=tmp_path)
    assert got.returncode == 1 and got.stdout == b"in.parquet\n"
    scores = _run("detect", "-q", "--json", "--field", "body", "in.parquet", cwd=tmp_path)
    assert [json.loads(x)["record"] for x in scores.stdout.splitlines()] == [1, 2, 4, 5]
    assert _run("fix", "-q", "-w", "--field", "body", "in.parquet", cwd=tmp_path).returncode == 0
    assert "this year" in pq.read_table(tmp_path / "in.parquet").column("body")[0].as_py()
    assert _run("fix", "--check", "--field", "body", "in.parquet", cwd=tmp_path).returncode == 0
    ints = _run("fix", "-q", "-o", "ints", "--field", "id", "in.parquet", cwd=tmp_path)
    assert ints.returncode == 0, ints.stderr  # a column that is not text passes through
    assert pq.read_table(tmp_path / "ints/in.parquet").equals(pq.read_table(tmp_path /
                                                                             "in.parquet"))
    for bad, why in ((("--check", "--field", "nope"), "no column 'nope'"),
                     (("--field", "body", "--diff"), "Parquet is written with")):
        got = _run("fix", *bad, "in.parquet", cwd=tmp_path)
        assert got.returncode == 2 and why in got.stderr.decode()
        assert len(got.stderr.decode().splitlines()) <= 2


def test_parquet_review_and_apply(tmp_path: Path) -> None:
    _parquet(tmp_path / "in.parquet")
    assert _run("fix", "-q", "--field", "body", "-o", "fixed", "in.parquet",
                cwd=tmp_path).returncode == 0
    got = _review_apply(tmp_path, "--field", "body", "in.parquet", apply_args=("-o", "applied"))
    assert got.returncode == 0, got.stderr
    assert pq.read_table(tmp_path / "applied/in.parquet").equals(
        pq.read_table(tmp_path / "fixed/in.parquet"))
    got = _review_apply(tmp_path, "--field", "body", "in.parquet", apply_args=("-o", "none"),
                        rejected=frozenset(range(1000)))
    assert pq.read_table(tmp_path / "none/in.parquet").equals(
        pq.read_table(tmp_path / "in.parquet"))


def test_missing_extras_are_one_line_errors(tmp_path: Path) -> None:
    _parquet(tmp_path / "in.parquet", groups=1)
    _pdf(tmp_path / "paper.pdf")
    block = ("import sys; sys.modules['pyarrow'] = None; sys.modules['pdfminer'] = None\n"
             "from textfix.cli import main; sys.exit(main(sys.argv[1:]))")
    for args, extra in ((["fix", "--field", "body", "--check", "in.parquet"], "parquet"),
                        (["fix", "paper.pdf"], "pdf")):
        got = subprocess.run([sys.executable, "-c", block, *args], cwd=tmp_path,
                             capture_output=True, text=True)
        assert got.returncode == 2
        errors = [x for x in got.stderr.splitlines() if not x.startswith("textfix: 0 files")]
        assert len(errors) == 1 and f"pip install 'textfix[{extra}]'" in errors[0], errors


# ---- CSV ------------------------------------------------------------------------------------

CSV = ('id,"body",note\r\n'
       f'1,"{SPUN} ""this yr""",keep  "odd\r\n'
       f'2,{SPUN.replace(",", "")},"multi\nline, this yr"\r\n'
       '3,,\r\n'
       '4,"line one\r\nthis yr",\r\n'
       '5,short\n')


def test_csv_fix_changes_only_named_cells(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_bytes(CSV.encode("utf-8"))
    got = _run("fix", "-q", "--field", "body", "--report", "r.jsonl", "in.csv", cwd=tmp_path)
    assert got.returncode == 0, got.stderr
    out = got.stdout.decode("utf-8")
    assert out.count("\r\n") == CSV.count("\r\n") and "keep  \"odd" in out
    assert 'multi\nline, this yr"' in out  # not a named column
    assert "line one\r\nthis year" in out and '""this year""' in out
    assert out.startswith('id,"body",note\r\n') and "\n3,,\r\n" in out
    rows = _report((tmp_path / "r.jsonl").read_bytes())
    assert {r["record"] for r in rows} == {1, 2, 4}
    same = _run("fix", "-q", "--field", "body", "-j", "2", "-o", "o", "in.csv", cwd=tmp_path)
    assert same.returncode == 0 and (tmp_path / "o/in.csv").read_bytes() == got.stdout
    # without --field a .csv file is text, as before
    assert _run("fix", "-q", "in.csv", cwd=tmp_path).stdout == textfix.fix(CSV).encode()
    missing = _run("fix", "--field", "text", "in.csv", cwd=tmp_path)
    assert missing.returncode == 2 and b"no column 'text'" in missing.stderr


def test_csv_review_and_apply(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_bytes(CSV.encode("utf-8"))
    fixed = _run("fix", "-q", "--field", "body", "in.csv", cwd=tmp_path).stdout
    got = _review_apply(tmp_path, "--field", "body", "in.csv", apply_args=("-o", "a"))
    assert got.returncode == 0, got.stderr
    assert (tmp_path / "a/in.csv").read_bytes() == fixed
    got = _review_apply(tmp_path, "--field", "body", "in.csv", apply_args=("-w",),
                        rejected=frozenset(range(1000)))
    assert (tmp_path / "in.csv").read_bytes() == CSV.encode("utf-8")


def test_text_review_apply_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """In process too; a changed input is refused with one line and exit 2."""
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(SPUN + "\r\n", encoding="utf-8")
    assert main(["review", "-q", "a.txt", "-o", "r.html"]) == 0
    page = Path("r.html").read_text(encoding="utf-8")
    Path("d.json").write_text(json.dumps(_decisions(page)), encoding="utf-8")
    capsysbinary.readouterr()
    assert main(["apply", "-q", "d.json"]) == 0
    assert capsysbinary.readouterr().out == textfix.fix(SPUN + "\r\n").encode()
    Path("a.txt").write_text(SPUN + "!\n", encoding="utf-8")
    assert main(["apply", "-q", "d.json"]) == 2
    err = capsysbinary.readouterr().err.decode()
    assert err == "textfix: a.txt: input changed since review (sha256 differs)\n"
    assert hashlib.sha256(b"x").hexdigest() not in page
