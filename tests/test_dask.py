"""textfix on Dask: bags, dataframes and ``textfix fix --jsonl --dask`` on a real 2-process cluster.

One ``distributed.LocalCluster`` (two worker processes, one thread each) serves the module;
every result is compared with the single-process path, byte for byte for files.
"""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import distributed
import pandas as pd
import pytest

import textfix
import textfix.dask as tfd
from textfix.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "seeds" / "001_73e4453e2cad5e0e.txt").read_text(encoding="utf-8")
PARAGRAPHS = [p for p in SEED.splitlines() if p.strip()]

GLOSSARY = textwrap.dedent("""\
    name = "dask-test"
    terms = ["defense chief", "Defense Minister", "Defense Secretary", "defense ministry",
             "Security Consultative Meeting", "security issues", "last week"]
    [synonyms]
    defense = ["protection"]
    security = ["safety"]
    meeting = ["assembly"]
    issues = ["points"]
    last = ["final"]
    """)


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "dask-test.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rewriter(glossary: Path) -> textfix.Rewriter:
    return textfix.Rewriter([textfix.load_glossary(glossary)])


def test_docstring_example() -> None:
    """The module docstring's example runs."""
    failed, attempted = doctest.testmod(tfd)
    assert attempted > 0 and failed == 0


def test_fix_bag_equals_rewriter(client: distributed.Client, glossary: Path,
                                 rewriter: textfix.Rewriter) -> None:
    """Every string of a bag comes back as Rewriter.fix makes it, in order."""
    bag = db.from_sequence(PARAGRAPHS * 2, npartitions=6)
    got = tfd.fix_bag(bag, [str(glossary)]).compute()
    assert got == [rewriter.fix(p).text for p in PARAGRAPHS * 2]
    assert got != PARAGRAPHS * 2  # the glossary does repair the seed


def test_fix_bag_return_edits_replay(client: distributed.Client, glossary: Path,
                                     rewriter: textfix.Rewriter) -> None:
    """With return_edits, each record holds text, edits and score, and the edits replay."""
    bag = db.from_sequence(PARAGRAPHS, npartitions=3)
    got = tfd.fix_bag(bag, [glossary], return_edits=True, tier="sure").compute()
    for src, rec in zip(PARAGRAPHS, got, strict=True):
        want = textfix.Rewriter([textfix.load_glossary(glossary)], tier="sure").fix(src)
        edits = [textfix.Edit(**e) for e in rec["edits"]]
        assert rec["text"] == want.text == textfix.apply_edits(src, edits)
        assert rec["spin_score"] == want.spin_score
    assert any(rec["edits"] for rec in got)


def test_rewriter_built_once_per_worker(client: distributed.Client, glossary: Path) -> None:
    """Tasks carry one shared spec key; each worker process builds the Rewriter at most once."""
    g = textfix.load_glossary(glossary)
    bag = tfd.fix_bag(db.from_sequence(PARAGRAPHS * 4, npartitions=12), [g], threshold=0.3)
    specs = [k for k in dict(bag.__dask_graph__()) if str(k).startswith("textfix-spec-")]
    assert len(specs) == 1
    bag.compute()
    tfd.fix_bag(db.from_sequence(PARAGRAPHS, npartitions=4), [g], threshold=0.3).compute()
    key = tfd.rewriter_spec([g], threshold=0.3).key
    builds = client.run(lambda: tfd._BUILDS.get(key, 0))
    assert len(builds) == 2
    assert sum(builds.values()) >= 1
    assert all(n <= 1 for n in builds.values())


def test_fix_dataframe(client: distributed.Client, glossary: Path,
                       rewriter: textfix.Rewriter) -> None:
    """The text column is repaired; edit counts and spin scores are added; gaps stay gaps."""
    texts = [*PARAGRAPHS, None]
    pdf = pd.DataFrame({"id": range(len(texts)), "body": texts})
    ddf = dd.from_pandas(pdf, npartitions=3)
    out = tfd.fix_dataframe(ddf, "body", [glossary]).compute()
    assert list(out.columns) == ["id", "body", "body_edits", "body_spin_score"]
    assert out["body_edits"].dtype == "int64"
    assert out["body_spin_score"].dtype == "float64"
    for i, text in enumerate(PARAGRAPHS):
        res = rewriter.fix(text)
        assert out["body"].iloc[i] == res.text
        assert out["body_edits"].iloc[i] == len(res.edits)
        assert out["body_spin_score"].iloc[i] == pytest.approx(res.spin_score)
    assert pd.isna(out["body"].iloc[-1])
    assert out["body_edits"].iloc[-1] == 0
    with pytest.raises(KeyError, match="nope"):
        tfd.fix_dataframe(ddf, "nope", [glossary])


def test_default_set(client: distributed.Client) -> None:
    """Without glossaries, workers use the shipped default set, as textfix.fix does."""
    got = tfd.fix_bag(db.from_sequence(PARAGRAPHS, npartitions=2)).compute()
    assert got == [textfix.fix(p) for p in PARAGRAPHS]


# -- JSON Lines through the command line ----------------------------------------------------------
def _records() -> list[str]:
    """Lines with all the awkward cases: escapes, nesting, CRLF, blanks, malformed records."""
    lines = []
    for i, p in enumerate(PARAGRAPHS):
        rec = {"id": i, "text": p, "meta": {"title": "The protection chief", "n": 1.50}}
        lines.append(json.dumps(rec, ensure_ascii=i % 2 == 0) + "\n")
    lines[1] = lines[1].replace(", ", ",")
    lines[2] = lines[2][:-1] + "\r\n"
    lines.insert(3, "\n")
    lines.insert(5, '{"text": "The protection chief", broken\n')
    lines.insert(7, "[1, 2, 3]\n")
    lines.append('{"text": "The final record, no newline, safety points"}')
    return lines


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    lines = _records()
    (root / "a.jsonl").write_text("".join(lines), encoding="utf-8", newline="")
    (root / "sub" / "b.jsonl").write_text("".join(lines[:4] + lines[8:]), encoding="utf-8",
                                          newline="")
    (root / "sub" / "c.jsonl").write_text("", encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _untimed(err: str) -> list[str]:
    """stderr lines, the summary's time taken out."""
    return [re.sub(r" in [0-9.]+ s$", "", line) for line in err.splitlines()]


def test_cli_dask_equals_single_process(client: distributed.Client, corpus: Path,
                                        glossary: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """--dask writes the same bytes, reports the same malformed lines, and exits the same."""
    args = ["fix", "--jsonl", "--field", "text", "--field", "meta.title", "-g", str(glossary),
            "--exclude", "c.jsonl"]
    assert main([*args, "-o", str(tmp_path / "one"), str(corpus)]) == 0
    single = capsys.readouterr().err
    assert main([*args, "--dask", client.scheduler.address, "-o", str(tmp_path / "many"),
                 str(corpus)]) == 0
    dasked = capsys.readouterr().err
    assert _files(tmp_path / "many") == _files(tmp_path / "one")
    assert sorted(_files(tmp_path / "many")) == ["a.jsonl", "sub/b.jsonl"]
    assert _files(tmp_path / "many")["a.jsonl"] != (corpus / "a.jsonl").read_bytes()
    assert "a.jsonl:6: not valid JSON" in dasked
    assert _untimed(dasked) == _untimed(single)


def test_cli_dask_strict(client: distributed.Client, corpus: Path, glossary: Path,
                         tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --strict a malformed line exits 2 and its file is not written; clean files are."""
    (corpus / "sub" / "b.jsonl").write_text('{"text": "final week"}\n', encoding="utf-8")
    out = tmp_path / "out"
    code = main(["fix", "--jsonl", "--field", "text", "-g", str(glossary), "--strict",
                 "--dask", client.scheduler.address, "-o", str(out), str(corpus)])
    assert code == 2
    assert "a.jsonl:6: not valid JSON" in capsys.readouterr().err
    assert not (out / "a.jsonl").exists()
    assert (out / "sub" / "b.jsonl").read_text(encoding="utf-8") == '{"text": "last week"}\n'


def test_blocks_equal_whole_files(client: distributed.Client, corpus: Path, glossary: Path,
                                  tmp_path: Path) -> None:
    """Cut into small blocks, a file gives parts whose concatenation is the whole-file output,
    and malformed lines keep their line numbers in the file."""
    whole = tfd.fix_jsonl(str(corpus / "a.jsonl"), str(tmp_path / "whole"), ["text"],
                          [glossary])
    parts = tfd.fix_jsonl(str(corpus / "a.jsonl"), str(tmp_path / "parts"), ["text"],
                          [glossary], blocksize=600)
    assert len(parts.outputs) > 3
    joined = b"".join(Path(p).read_bytes() for p in sorted(parts.outputs))
    assert joined == (tmp_path / "whole" / "a.jsonl").read_bytes()
    assert [e[0] for e in parts.files[0].errors] == [e[0] for e in whole.files[0].errors]
    assert [e[0] for e in whole.files[0].errors] == [6]
    assert parts.records == whole.records == len(_records())
    assert parts.edits == whole.edits > 0


def test_refuses_to_overwrite_input(corpus: Path, glossary: Path) -> None:
    """Writing into the input folder under the same names is refused before any work."""
    with pytest.raises(ValueError, match="overwrite"):
        tfd.fix_jsonl(str(corpus), str(corpus), ["text"], [glossary])


def test_cli_usage_errors(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--dask without -o, or with stdin, is a usage error (exit 2) before any connection."""
    assert main(["fix", "--jsonl", "--field", "text", "--dask", "tcp://127.0.0.1:9",
                 str(corpus)]) == 2
    assert "-o OUTDIR" in capsys.readouterr().err


_WITHOUT_DASK = """
import sys
for name in ("dask", "dask.bag", "dask.dataframe", "distributed"):
    sys.modules[name] = None
{body}
"""


def _run_without_dask(body: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _WITHOUT_DASK.format(body=body)], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def test_missing_extra_import_message(tmp_path: Path) -> None:
    """Without Dask, importing textfix.dask says which extra to install."""
    proc = _run_without_dask(textwrap.dedent("""
        try:
            import textfix.dask
        except ImportError as exc:
            print(exc)
        else:
            print("imported")
        """), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "pip install 'textfix[dask]'" in proc.stdout


def test_missing_extra_cli_message(corpus: Path, tmp_path: Path) -> None:
    """Without Dask, --dask prints one line naming the extra and exits 2, no traceback."""
    proc = _run_without_dask(textwrap.dedent(f"""
        from textfix.cli import main
        sys.exit(main(["fix", "--jsonl", "--field", "text", "--dask", "tcp://127.0.0.1:9",
                       "-o", {str(tmp_path / "out")!r}, {str(corpus)!r}]))
        """), tmp_path)
    assert proc.returncode == 2
    assert "pip install 'textfix[dask]'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_plain_cli_does_not_import_dask(corpus: Path, glossary: Path, tmp_path: Path) -> None:
    """Without --dask the command line runs with Dask absent."""
    proc = _run_without_dask(textwrap.dedent(f"""
        from textfix.cli import main
        code = main(["fix", "--jsonl", "--field", "text", "-g", {str(glossary)!r},
                     "-o", {str(tmp_path / "out")!r}, {str(corpus)!r}])
        assert "dask" not in {{m.split(".")[0] for m in sys.modules if sys.modules[m]}}
        sys.exit(code)
        """), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "a.jsonl").exists()
