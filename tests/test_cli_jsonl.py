"""``textfix fix --jsonl --field``: only the named string fields change, the rest stays as is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textfix import cli
from textfix.run.jsonl import field_trie, find_fields

from .test_cli import FIXED, SPUN, gloss, run

__all__ = ["gloss"]

S, F = SPUN.strip(), FIXED.strip()

RECORDS = [
    # unicode around a spun term, raw and escaped
    '{"id": 1, "text": "🙂 ' + S + ' 東京", "lang": "en"}\n',
    '{"id": 2, "text": "\\u00e9t\\u00e9: ' + S + '", "lang": "fr"}\n',
    # nested fields, arrays of records, non-string values at a target path
    '{"meta": {"title": "' + S + '", "n": 3}, "paras": [{"text": "' + S + '"}, {"text": 7}],'
    ' "text": null}\n',
    '{"text": 12.50, "other": "' + S + '"}\n',
    # malformed, blank, and a record without the fields
    '{"text": "' + S + '",\n',
    "\n",
    '{"z": 1, "a": [1, 2.0e3, true],   "y": {"b": "' + S + '"}}\r\n',
]
FIELDS = ["--field", "text", "--field", "meta.title", "--field", "paras.text"]


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    p = tmp_path / "d.jsonl"
    p.write_bytes("".join(RECORDS).encode("utf-8"))
    return p


def test_fields_repaired_everything_else_kept(capsys: pytest.CaptureFixture[str], data: Path,
                                              gloss: str) -> None:
    """Named string fields are repaired; other fields, key order, spacing and numbers stay."""
    code, out, err = run(capsys, "fix", "-q", "--jsonl", *FIELDS, "-g", gloss, str(data))
    assert code == cli.EX_OK
    lines = out.split("\n")
    got = [line + "\n" for line in lines[:-1]]
    assert len(got) == len(RECORDS)
    assert got[0] == RECORDS[0].replace(S, F)
    assert json.loads(got[1])["text"] == "été: " + F
    assert got[1].isascii()  # an escaped literal stays escaped
    rec = json.loads(got[2])
    assert (rec["meta"], rec["paras"], rec["text"]) == (
        {"title": F, "n": 3}, [{"text": F}, {"text": 7}], None)
    assert got[3] == RECORDS[3]  # a number at the path and other fields are untouched
    assert got[4:] == RECORDS[4:]  # malformed, blank and fieldless lines pass through
    assert f"{data}:5: not valid JSON" in err and "passed through" in err
    for before, after in zip(RECORDS, got, strict=True):
        if before.strip() and not before.startswith('{"text": "'):
            a, b = json.loads(before), json.loads(after)
            assert list(a) == list(b)  # key order
            for key in a:
                if key not in ("text", "meta", "paras"):
                    assert a[key] == b[key]


def test_strict_stops_on_malformed_line(capsys: pytest.CaptureFixture[str], data: Path,
                                        gloss: str) -> None:
    """With ``--strict`` a malformed line is an error (exit 2) and nothing is written."""
    before = data.read_bytes()
    code, _, err = run(capsys, "fix", "-q", "-w", "--strict", "--jsonl", *FIELDS, "-g", gloss,
                       str(data))
    assert code == cli.EX_USAGE and ":5: not valid JSON" in err
    assert data.read_bytes() == before


def test_write_and_report(capsys: pytest.CaptureFixture[str], data: Path,
                          gloss: str) -> None:
    """``-w`` rewrites the JSON Lines file; the report names record, field and positions."""
    code, report, _ = run(capsys, "fix", "-q", "-w", "--report", "-", "--jsonl", *FIELDS,
                          "-g", gloss, str(data))
    assert code == cli.EX_OK
    edits = [json.loads(line) for line in report.splitlines()]
    assert {(e["record"], e["field"]) for e in edits} == {
        (1, "text"), (2, "text"), (3, "meta.title"), (3, "paras.text")}
    value = "🙂 " + S + " 東京"
    for e in (e for e in edits if e["record"] == 1):
        assert value[e["start"] : e["end"]] == e["before"]
        assert (e["line"], e["column"]) == (1, e["start"] + 1)
    text = data.read_bytes().decode("utf-8")
    assert text.count(F) == 4 and text.endswith(RECORDS[-1])


def test_detect_per_record(capsys: pytest.CaptureFixture[str], data: Path,
                           gloss: str) -> None:
    """``detect --jsonl`` scores each record that has the fields, by line number."""
    code, out, _ = run(capsys, "detect", "-q", "--json", "--jsonl", *FIELDS, "-g", gloss,
                         str(data))
    assert code == cli.EX_OK
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["record"] for r in rows] == [1, 2, 3]
    assert all(r["score"] > 0 for r in rows)
    assert run(capsys, "detect", "-q", "--strict", "--jsonl", *FIELDS, "-g", gloss,
               str(data))[0] == cli.EX_USAGE


def test_find_fields_spans() -> None:
    """Spans point at the string literals of the wanted fields, duplicates included."""
    line = '{"a": {"b": "x\\"y"}, "b": "no", "a": {"b": "z"}, "c": ["p", {"d": "q"}]}'
    found = find_fields(line, field_trie(["a.b", "c"]))
    assert [(line[f.start : f.end], f.value, f.field) for f in found] == [
        ('"x\\"y"', 'x"y', "a.b"), ('"z"', "z", "a.b"), ('"p"', "p", "c")]
    with pytest.raises(ValueError):
        find_fields('{"a": 1} trailing', field_trie(["a"]))


def test_records_go_to_workers_in_small_batches(tmp_path: Path) -> None:
    """JSON lines are batched by BATCH_CHARS, not the 1 MiB chunk size: with two workers a
    big batch of slow spun records left the other worker idle at the end."""
    from textfix.run import io
    from textfix.run.units import Reading, units

    path = tmp_path / "in.jsonl"
    line = json.dumps({"text": "The minister mentioned talks final yr. " * 40}) + "\n"
    path.write_text(line * (4 * io.BATCH_CHARS // len(line) + 1), encoding="utf-8")
    how = Reading(jsonl=True, fields=("text",))
    batches = [u for u, work in units([io.Source(str(path), path, "in.jsonl", True)], how)
               if u.kind == "lines"]
    assert how.chunk > io.BATCH_CHARS and len(batches) >= 4
    assert max(sum(map(len, u.data)) for u in batches) <= io.BATCH_CHARS + len(line)
    assert "".join(x for u in batches for x in u.data) == path.read_text(encoding="utf-8")
