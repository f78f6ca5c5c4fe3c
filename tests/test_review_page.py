"""The review page without a browser: data escaping, validation, decisions and apply."""

from __future__ import annotations

import json
import re

import pytest

import textfix
from textfix.review.decisions import (
    DecisionsError,
    apply_document,
    parse_decisions,
    text_sha256,
)
from textfix.review.page import ReviewDocument, render_review, script_json


def _data(page: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="tf-data">(.*?)</script>', page, re.S)
    assert m is not None
    return dict(json.loads(m.group(1)))


def test_script_json_escapes_what_could_end_or_break_a_script() -> None:
    raw = {"t": "</script><script>alert(1)</script> & \u2028\u2029 <!--"}
    out = script_json(raw)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in out
    assert json.loads(out) == raw


def test_page_is_self_contained_and_carries_every_edit() -> None:
    text = "The protection chiefs met this yr. </script><b>x</b>"
    res = textfix.fix_and_explain(text)
    page = render_review([ReviewDocument.from_result("a<b>.txt", text, res)], title="<t>")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert page.count("<script") == 2 and "<b>x</b>" not in page
    assert "<title>&lt;t&gt;</title>" in page
    data = _data(page)
    docs = data["docs"]
    assert isinstance(docs, list)
    (doc,) = docs
    assert len(doc["e"]) == len(res.edits)
    rebuilt = doc["t"][0] + "".join(e[3] + s for e, s in zip(doc["e"], doc["t"][1:], strict=True))
    assert rebuilt == res.text
    assert doc["h"] == text_sha256(text)


def test_edits_that_do_not_fit_are_refused() -> None:
    bad = [{"start": 0, "end": 3, "before": "Thx", "after": "A", "rule": "g:x", "tier": "sure",
            "score": 1.0}]
    with pytest.raises(ValueError, match="does not fit"):
        render_review([ReviewDocument("d", "The end", bad)])


def _decisions(text: str, accepted: list[int]) -> dict[str, object]:
    res = textfix.fix_and_explain(text)
    return {"format": "textfix-review-decisions", "version": 1, "title": "t", "documents": [{
        "name": "d", "path": "d.txt", "record": None, "field": None, "page": None,
        "sha256": text_sha256(text),
        "edits": [[e.start, e.end, e.before, e.after, e.rule] for e in res.edits],
        "accepted": accepted, "rejected": []}]}


def test_apply_accepted_edits_only() -> None:
    text = "The protection chiefs met this yr."
    res = textfix.fix_and_explain(text)
    n = len(res.edits)
    assert n >= 2
    (doc,) = parse_decisions(json.dumps(_decisions(text, list(range(n))))).documents
    assert apply_document(doc, text) == res.text
    (none,) = parse_decisions(_decisions(text, [])).documents
    assert apply_document(none, text) == text
    (one,) = parse_decisions(_decisions(text, [1])).documents
    assert apply_document(one, text) == textfix.apply_edits(text, [res.edits[1]])


def test_apply_refuses_a_changed_input() -> None:
    text = "The protection chiefs met this yr."
    (doc,) = parse_decisions(_decisions(text, [0])).documents
    with pytest.raises(DecisionsError, match=r"d\.txt: input changed since review"):
        apply_document(doc, text + " ")


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "x"}, "not a decisions file"),
    ({"version": 2}, "version 2"),
    ({"documents": [{"name": "d"}]}, "missing 'edits'"),
])
def test_malformed_decisions(change: dict[str, object], message: str) -> None:
    obj = _decisions("this yr", [0])
    obj.update(change)
    with pytest.raises(DecisionsError, match=message):
        parse_decisions(obj)


def test_bad_index_and_hash() -> None:
    obj = _decisions("this yr", [5])
    with pytest.raises(DecisionsError, match="accepted index 5"):
        parse_decisions(obj)
    obj = _decisions("this yr", [0])
    obj["documents"][0]["sha256"] = "abc"  # type: ignore[index]
    with pytest.raises(DecisionsError, match="sha256 must be"):
        parse_decisions(obj)


def test_assets_are_package_data() -> None:
    """The page's style and script come from the installed package, inline."""
    from importlib import resources

    folder = resources.files("textfix.review").joinpath("assets")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["review.css", "review.html", "review.js"]
    page = render_review([])
    assert folder.joinpath("review.js").read_text(encoding="utf-8") in page
