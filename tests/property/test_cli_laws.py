"""Laws 8 and 9: the same output in every process and with any number of jobs, and the command
line agrees with the library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import textfix
from textfix.testing import glossary_texts, real_texts, texts

from .conftest import scaled

pytestmark = pytest.mark.property

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
STARTER = ROOT / "tests" / "data" / "starter.toml"


@lru_cache(maxsize=1)
def fix_help() -> str:
    """``textfix fix --help`` of the installed command."""
    return run_cli(["fix", "--help"]).stdout.decode()


def needs_option(option: str) -> None:
    """Skip, with the reason, when the installed command line has no ``option`` yet."""
    if option not in fix_help().split():
        pytest.skip(f"`textfix fix` has no {option} option yet")


def run_cli(args: list[str], env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m textfix ARGS`` (the installed package), output as bytes."""
    return subprocess.run([sys.executable, "-m", "textfix", *args], capture_output=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=600, check=False)


def encodable(text: str) -> bool:
    """A text file's content: UTF-8 encodable and no NUL (the command skips binary files)."""
    return "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


def inputs() -> st.SearchStrategy[str]:
    """Any UTF-8 encodable text, real document runs and text of the shipped glossaries."""
    words = [glossary_texts(g) for g in textfix.default_glossaries()]
    return st.one_of(texts(), real_texts(SEEDS), *words).filter(encodable)


# -- law 8 ------------------------------------------------------------------------------------

SCRIPT = """
import json, sys, textfix
rws = [textfix.default_rewriter(), textfix.Rewriter([textfix.load_glossary(sys.argv[1])])]
texts = [open(p, encoding="utf-8", newline="").read() for p in sys.argv[2:]]
texts += [textfix.spin(t, rw.glossaries, seed=7).text for t in texts for rw in rws]
out = [[rw.fix(t).text, [list(e) for e in rw.fix(t).edits], rw.detect(t)]
       for rw in rws for t in texts]
print(json.dumps(out))
"""


def test_determinism_hash_seed() -> None:
    """Texts, edits and scores are identical in processes with different PYTHONHASHSEED."""
    args = ["-c", SCRIPT, str(STARTER), *map(str, SEEDS)]
    outs = set()
    for seed in ("0", "1", "4242", "random"):
        proc = subprocess.run([sys.executable, *args], capture_output=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, timeout=600)
        outs.add(proc.stdout)
    assert len(outs) == 1
    assert any(edits for _, edits, _ in json.loads(outs.pop()))


def test_determinism_jobs(tmp_path: Path) -> None:
    """`textfix fix -j 1` and `-j 2` (files and chunks of a large file) write the same output."""
    needs_option("-j")
    src = tmp_path / "in"
    src.mkdir()
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        (src / p.name).write_text(text, encoding="utf-8")
        spun = textfix.spin(text, textfix.default_glossaries(), seed=3).text
        (src / f"spun-{p.name}").write_text(spun, encoding="utf-8")
    big = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS) * 20
    (src / "big.txt").write_text(big, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        proc = run_cli(["fix", "-q", "-j", jobs, "--chunk-size", "4096", "-o", str(out),
                        str(src)])
        assert proc.returncode in (0, 1), proc.stderr.decode()
        outputs.append({p.relative_to(out): p.read_bytes()
                        for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 2 * len(SEEDS) + 1


# -- law 9 ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@scaled(0.1)
@given(text=inputs())
def test_cli_agreement(folder: Path, text: str) -> None:
    """`textfix fix FILE` prints exactly textfix.fix(text), byte for byte (newlines kept)."""
    path = folder / "input.txt"
    path.write_bytes(text.encode("utf-8"))
    proc = run_cli(["fix", str(path)])
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8") == textfix.fix(text)


RECORD = st.fixed_dictionaries({
    "id": st.integers(),
    "text": inputs(),
    "title": st.text(max_size=20).filter(encodable),
    "meta": st.dictionaries(st.text(max_size=5).filter(encodable),
                            st.one_of(st.none(), st.booleans(), st.floats(allow_nan=False),
                                      st.text(max_size=8).filter(encodable)), max_size=3),
    "tags": st.lists(st.text(max_size=5).filter(encodable), max_size=3),
})


@scaled(0.1)
@given(records=st.lists(RECORD, min_size=1, max_size=5))
def test_cli_jsonl_keeps_fields(folder: Path, records: list[dict[str, object]]) -> None:
    """`textfix fix --jsonl --field text` repairs the field like textfix.fix and keeps every other
    field as it was."""
    needs_option("--jsonl")
    path = folder / "input.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    proc = run_cli(["fix", "--jsonl", "--field", "text", str(path)])
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode("utf-8").split("\n")  # not splitlines: U+0085 is in strings
    assert lines.pop() == ""
    got = [json.loads(line) for line in lines]
    assert len(got) == len(records)
    for before, after in zip(records, got, strict=True):
        assert {k: v for k, v in after.items() if k != "text"} == {
            k: v for k, v in before.items() if k != "text"}
        assert after["text"] == textfix.fix(str(before["text"]))
