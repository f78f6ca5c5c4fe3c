"""The review page in a real headless Chromium: edits, decisions, export, apply, escaping.

The page comes from ``textfix review`` and the decisions go through ``textfix apply``, so the
whole loop a reviewer runs is tested: as many ``[data-edit]`` elements as ``fix --report``
lists, accept-all gives ``fix``'s output and reject-all the input, byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import textfix

from .browser import chromium, missing
from .conftest import SEEDS

pytestmark = pytest.mark.skipif(missing() is not None, reason=str(missing()))

SEED = SEEDS / "001_73e4453e2cad5e0e.txt"


def _textfix(*args: str, cwd: Path | None = None) -> bytes:
    """Run the command line; its stdout."""
    out = subprocess.run([sys.executable, "-m", "textfix", *args], capture_output=True,
                         check=True, cwd=cwd)
    return out.stdout


def _download(driver: Any, folder: Path, click: str = "btn-export") -> Path:
    """Click the export button and return the file Chromium saved."""
    for old in folder.glob("*.json"):
        old.unlink()
    driver.find_element("id", click).click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        done = [p for p in folder.glob("*.json") if not p.name.endswith(".crdownload")]
        if done:
            time.sleep(0.1)
            return done[0]
        time.sleep(0.05)
    raise AssertionError("no decisions file was downloaded")


def _open(driver: Any, page: Path) -> None:
    driver.get(page.resolve().as_uri())
    assert driver.execute_script("return document.documentElement.dataset.ready") == "true"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, bytes, list[Any]]:
    """The spun article reviewed from its own folder: page, input, fix output, report."""
    tmp = tmp_path_factory.mktemp("seed")
    (tmp / "spun.txt").write_bytes(SEED.read_bytes())
    fixed = _textfix("fix", "-q", "spun.txt", cwd=tmp)
    report = _textfix("fix", "-q", "--report", "-", "spun.txt", cwd=tmp)
    records = [json.loads(line) for line in report.decode("utf-8").splitlines()]
    _textfix("review", "-q", "spun.txt", "-o", "review.html", cwd=tmp)
    return tmp, SEED.read_bytes(), fixed, records


def test_seed_edits_export_and_apply(seed: tuple[Path, bytes, bytes, list[Any]],
                                     tmp_path: Path) -> None:
    folder, spun, fixed, records = seed
    n = len(records)
    assert n > 50 and fixed != spun
    with chromium(downloads=tmp_path) as d:
        _open(d, folder / "review.html")
        assert d.execute_script("return document.querySelectorAll('[data-edit]').length") == n
        shown = d.execute_script(
            "return Array.from(document.querySelectorAll('[data-edit]'), e => +e.dataset.edit)")
        assert shown == list(range(n))

        # nothing decided: every edit counts as accepted, as fix would do
        assert _textfix("apply", str(_download(d, tmp_path)), cwd=folder) == fixed
        d.find_element("id", "btn-reject-all").click()
        assert _textfix("apply", str(_download(d, tmp_path)), cwd=folder) == spun
        d.find_element("id", "btn-accept-all").click()
        assert _textfix("apply", str(_download(d, tmp_path)), cwd=folder) == fixed

        # keyboard: j three times selects edit 2, r rejects it
        d.find_element("tag name", "body").send_keys("jjj")
        assert d.execute_script("return document.activeElement.dataset.edit") == "2"
        d.switch_to.active_element.send_keys("r")
        el = d.find_element("css selector", '[data-edit="2"]')
        assert "s-rej" in (el.get_attribute("class") or "")
        saved = _download(d, tmp_path)
        doc = json.loads(saved.read_text(encoding="utf-8"))["documents"][0]
        assert doc["rejected"] == [2] and sorted(doc["accepted"]) == [
            i for i in range(n) if i != 2]
        kept = [textfix.Edit(r["start"], r["end"], r["before"], r["after"], r["rule"],
                             r["tier"], r["score"]) for k, r in enumerate(records) if k != 2]
        want = textfix.apply_edits(spun.decode("utf-8"), kept).encode("utf-8")
        assert _textfix("apply", str(saved), cwd=folder) == want
        _textfix("apply", "-o", "applied", str(saved), cwd=folder)
        assert (folder / "applied" / "spun.txt").read_bytes() == want
        shot = Path(os.environ.get("REVIEW_SCREENSHOT_DIR", tmp_path)) / "review-article.png"
        d.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000


def test_rule_filter_and_tier_toggle(seed: tuple[Path, bytes, bytes, list[Any]]) -> None:
    folder, _, _, records = seed
    with chromium() as d:
        _open(d, folder / "review.html")
        sure = sum(r["tier"] == "sure" for r in records)
        d.find_element("css selector", "#f-tiers .t-likely").click()
        assert d.execute_script("return document.querySelectorAll('.ed:not(.off)').length") == sure
        assert d.execute_script("return document.querySelectorAll('[data-edit]').length") == len(
            records)
        link = d.find_element("css selector", "#top-rules [data-rule]")
        rule = link.get_attribute("title")
        link.click()
        want = [k for k, r in enumerate(records) if r["rule"] == rule]
        got = d.execute_script(
            "return Array.from(document.querySelectorAll('.ed:not(.off)'), e => +e.dataset.edit)")
        assert got == want
        assert d.execute_script("return +document.activeElement.dataset.edit") == want[0]
        d.find_element("id", "in-reject-rule").click()
        rejected = d.execute_script("return window.textfixReview.decisions().documents[0]"
                                    ".rejected")
        assert rejected == want


def test_script_in_a_document_runs_nothing(tmp_path: Path) -> None:
    evil = ('Hello <script>window.pwned = 1</script></script><!-- <img src=x '
            'onerror="window.pwned = 2"> &amp; \u2028 this yr the 2 nations\n')
    name = "a <img src=x onerror=window.pwned=3><script>window.pwned=5<!--.txt"
    (tmp_path / name).write_text(evil, encoding="utf-8")
    (tmp_path / "b.txt").write_text(evil, encoding="utf-8")
    _textfix("review", "-q", name, "b.txt", "-o", "evil.html",
             "--title", "<script>window.pwned=4</script>", cwd=tmp_path)
    res = textfix.fix_and_explain(evil)
    assert res.edits
    with chromium() as d:
        _open(d, tmp_path / "evil.html")
        assert d.execute_script("return window.pwned") is None
        assert d.execute_script("return document.scripts.length") == 2
        assert d.execute_script("return document.querySelectorAll('img').length") == 0
        texts = d.execute_script(
            "return Array.from(document.querySelectorAll('.doc-text'), e => e.textContent)")
        shown = evil
        for e in reversed(res.edits):
            shown = shown[:e.end] + e.after + shown[e.end:]
        assert texts == [shown, shown]
        assert d.title == "<script>window.pwned=4</script>"
        assert d.find_element("css selector", ".doc h2").text == name


def test_corpus_pages_and_jsonl_apply(tmp_path: Path) -> None:
    base = "The protection chiefs met this yr to debate the 2 nations. "
    texts = [base * (1 + n % 3) if n % 4 else "A clean sentence about weather."
             for n in range(120)]
    data = tmp_path / "corpus.jsonl"
    data.write_text("".join(json.dumps({"id": n, "text": t}) + "\n"
                            for n, t in enumerate(texts)), encoding="utf-8")
    _textfix("review", "-q", "--field", "text", "corpus.jsonl", "-o", "corpus.html",
             cwd=tmp_path)
    fixed = _textfix("fix", "-q", "--field", "text", "corpus.jsonl", cwd=tmp_path)
    edits = [len(textfix.fix_and_explain(t).edits) for t in texts]
    with chromium(downloads=tmp_path) as d:
        _open(d, tmp_path / "corpus.html")
        assert d.execute_script("return document.querySelectorAll('.doc').length") == 50
        assert d.execute_script("return document.querySelectorAll('[data-edit]').length") == sum(
            edits[:50])
        assert d.execute_script("return window.textfixReview.total") == sum(edits)
        d.find_element("css selector", "body").send_keys("]")
        ids = d.execute_script("return Array.from(document.querySelectorAll('.doc'),"
                               " e => +e.dataset.doc)")
        assert ids == list(range(50, 100))
        assert len(d.find_elements("css selector", ".hist .bar")) == 10
        d.find_element("css selector", '.hist .bar[data-lo="0.0"]').click()
        clean = d.execute_script("return Array.from(document.querySelectorAll('.doc'),"
                                 " e => +e.dataset.doc)")
        assert clean == [n for n in range(120) if textfix.detect(texts[n]) < 0.1][:50]
        saved = _download(d, tmp_path)
        got = json.loads(saved.read_text(encoding="utf-8"))
        assert [x["record"] for x in got["documents"]] == list(range(1, 121))
        assert _textfix("apply", str(saved), cwd=tmp_path) == fixed
