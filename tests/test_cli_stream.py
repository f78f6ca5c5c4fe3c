"""Streaming in chunks, worker processes and the streamed diff of the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import textfix
from textfix import cli
from textfix.cli.diff import DiffWriter
from textfix.run import io as _io

from .test_cli import CLEAN, FIXED, GLOSSARY, SPUN, gloss, run

__all__ = ["gloss"]  # the fixture, re-used


def _corpus_line(k: int) -> str:
    return SPUN if k % 3 == 0 else f"Paragraph {k} has nothing to repair at all.\n"


def test_chunks_cover_the_input_and_end_at_line_breaks() -> None:
    """Chunks concatenate to the input, end after a newline, and carry offsets and lines."""
    text = "".join(_corpus_line(k) + ("\r\n" if k % 7 == 0 else "") for k in range(300))
    text += "last line without newline é"
    raw = text.encode("utf-8")
    pieces = list(_io.read_chunks(io.BytesIO(raw), limit=500))
    assert len(pieces) > 10
    assert "".join(p.text for p in pieces) == text
    assert sum(p.nbytes for p in pieces) == len(raw)
    offset = line = 0
    for p in pieces:
        assert (p.offset, p.line) == (offset, line)
        assert len(p.text) <= 500
        offset += len(p.text)
        line += p.text.count("\n")
    assert all(p.text.endswith("\n") for p in pieces[:-1])


def test_chunks_prefer_blank_lines() -> None:
    """A chunk ends after a blank line when there is one in its second half."""
    text = ("a b c d e f\n" * 30 + "\n") * 5
    pieces = list(_io.read_chunks(io.StringIO(text), limit=1000))
    assert all(p.text.endswith("\n\n") for p in pieces[:-1])


def test_read_lines_keeps_endings() -> None:
    """JSON Lines are split at \\n only, each line keeping its own ending."""
    text = '{"a": 1}\r\n{"a": 2}\n\n{"a": 3}'
    batches = list(_io.read_lines(io.BytesIO(text.encode()), batch=10))
    lines = [line for _, batch, _ in batches for line in batch]
    assert lines == ['{"a": 1}\r\n', '{"a": 2}\n', "\n", '{"a": 3}']
    firsts = [first for first, _, _ in batches]
    assert firsts == [1, *(1 + sum(len(b) for _, b, _ in batches[:k]) for k in range(1, 3))]


def test_chunked_file_repairs_like_the_whole_text(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, gloss: str) -> None:
    """Small chunks never split a term: the output equals repairing the text in one piece,
    and reported offsets, lines and columns refer to the whole file."""
    text = "".join(_corpus_line(k) for k in range(400))
    f = tmp_path / "big.txt"
    f.write_text(text, encoding="utf-8")
    rep = tmp_path / "r.jsonl"
    code, out, _ = run(capsys, "fix", "-q", "-j", "1", "--chunk-size", "333", "--report",
                       str(rep), "-g", gloss, str(f))
    whole = textfix.Rewriter([textfix.load_glossary(gloss)]).fix(text)
    assert code == cli.EX_OK
    assert out == whole.text
    edits = [json.loads(line) for line in rep.read_text(encoding="utf-8").splitlines()]
    assert len(edits) == len(whole.edits)
    starts = _io.line_starts(text)
    for e, w in zip(edits, whole.edits, strict=True):
        assert (e["start"], e["end"], e["after"]) == (w.start, w.end, w.after)
        assert starts[e["line"] - 1] + e["column"] - 1 == e["start"]


def test_jobs_output_is_identical(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  gloss: str) -> None:
    """``-j 2`` writes and reports exactly what ``-j 1`` does, in input order."""
    src = tmp_path / "in"
    for k in range(24):
        sub = src / f"d{k % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{k:02}.txt").write_text("".join(_corpus_line(k + j) for j in range(k)) + CLEAN,
                                         encoding="utf-8")
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        rep = tmp_path / f"rep{jobs}.jsonl"
        code, _, _ = run(capsys, "fix", "-q", "-j", jobs, "--chunk-size", "400", "-o", str(out),
                         "--report", str(rep), "-g", gloss, str(src))
        assert code == cli.EX_OK
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.txt")}
        results.append((files, rep.read_bytes()))
        code, diff, _ = run(capsys, "fix", "-q", "-j", jobs, "--diff", "-g", gloss, str(src))
        results.append(({}, diff.encode()))
    assert len(results[0][0]) == 24
    assert results[0] == results[2] and results[1] == results[3]
    assert results[0][1].count(b"\n") > 50


def test_jobs_on_large_jsonl(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             gloss: str) -> None:
    """``-j 2`` on a large JSON Lines file prints exactly what ``-j 1`` prints."""
    lines = []
    for k in range(3000):
        rec = {"id": k, "text": _corpus_line(k).strip(), "n": k * 0.5}
        lines.append(json.dumps(rec) + "\n" if k % 500 else "{broken\n")
    f = tmp_path / "big.jsonl"
    f.write_text("".join(lines), encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        code, out, err = run(capsys, "fix", "-q", "-j", jobs, "--chunk-size", "4000",
                             "--jsonl", "--field", "text", "-g", gloss, str(f))
        assert code == cli.EX_OK
        assert err.count("passed through") == 6
        outs.append(out)
    assert outs[0] == outs[1]
    spun = sum(1 for k in range(3000) if k % 3 == 0 and k % 500)
    assert outs[0].count(FIXED.strip()) == spun
    assert outs[0].count("{broken\n") == 6


def test_diff_writer_hunks() -> None:
    """Changes far apart give separate hunks with three lines of context; close ones merge."""
    lines = [f"line {k}\n" for k in range(30)]
    text = "".join(lines)
    rw = textfix.Rewriter([textfix.parse_glossary(GLOSSARY)])
    for k in (2, 4, 20):
        lines[k] = SPUN
    spun = "".join(lines)
    res = rw.fix(spun)
    out = io.StringIO()
    w = DiffWriter("f.txt", out)
    w.feed(spun, res.edits)
    assert w.close()
    hunks = [h for h in out.getvalue().split("\n") if h.startswith("@@")]
    assert hunks == ["@@ -1,8 +1,8 @@", "@@ -18,7 +18,7 @@"]
    assert out.getvalue().count("+" + FIXED) == 3
    quiet = io.StringIO()
    w = DiffWriter("g.txt", quiet)
    w.feed(text, ())
    assert not w.close() and quiet.getvalue() == ""


def test_jobs_on_jsonl_report_and_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         gloss: str) -> None:
    """Workers send back edits only when a report wants them; the report and the counted
    edits are the same with ``-j 1`` and ``-j 2`` either way."""
    lines = [json.dumps({"id": k, "text": _corpus_line(k).strip()}) + "\n" for k in range(1200)]
    f = tmp_path / "in.jsonl"
    f.write_text("".join(lines), encoding="utf-8")
    reports, summaries = [], []
    for jobs in ("1", "2"):
        report = tmp_path / f"report-{jobs}.jsonl"
        code, _, err = run(capsys, "fix", "-j", jobs, "--chunk-size", "3000", "--jsonl",
                           "--field", "text", "--report", str(report), "-g", gloss, str(f))
        assert code == cli.EX_OK
        reports.append(report.read_text(encoding="utf-8"))
        code, _, err = run(capsys, "fix", "-j", jobs, "--chunk-size", "3000", "--jsonl",
                           "--field", "text", "-g", gloss, str(f))
        summaries.append(err.strip().splitlines()[-1].split(" in ")[0])
    assert reports[0] == reports[1] and reports[0].count("\n") >= 400
    assert summaries[0] == summaries[1] and "edit" in summaries[0]
