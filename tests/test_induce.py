"""Proposing canonical terms from clean text: names, domain phrases, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textfix import cli
from textfix.learn.induce import induce

CLEAN = [
    "The Joint Chiefs of Staff met on Friday. Officials said the graph database was slow.",
    "A report by the Joint Chiefs of Staff praised the graph database and its query planner.",
    "The query planner of the graph database rewrote the plan. It was a good day for everyone.",
    "Officials at the U.S. Navy said the new query planner helped. The U.S. Navy agreed.",
]


def test_recurring_names_are_proposed_with_their_linking_words() -> None:
    """Runs of capitalized words recur as names, small linking words kept, "The" dropped."""
    found = {c.term: c for c in induce(CLEAN)}
    assert found["Joint Chiefs of Staff"].kind == "name"
    assert found["Joint Chiefs of Staff"].occurrences == 2
    assert found["U.S. Navy"].kind == "name"
    assert "The Joint Chiefs of Staff" not in found


def test_domain_phrases_recur_and_avoid_common_words() -> None:
    """Recurring n-grams of rarer words are proposed; common-word phrases and singles are not."""
    found = {c.term: c for c in induce(CLEAN)}
    assert found["graph database"].occurrences == 3
    assert found["query planner"].kind == "phrase"
    assert "good day" not in found  # seen once
    assert not any(t.startswith(("the ", "said ")) for t in found)
    assert "planner of the graph" not in found


def test_min_count_and_shadowing() -> None:
    """A phrase inside a longer candidate seen as often is left out; min_count filters."""
    text = ["We tuned the sparse matrix kernel. The sparse matrix kernel is fast."] * 2
    terms = [c.term for c in induce(text)]
    assert "sparse matrix kernel" in terms
    assert "sparse matrix" not in terms and "matrix kernel" not in terms
    assert induce(CLEAN, min_count=4) == []


def test_ranking_is_deterministic_and_best_first() -> None:
    """Candidates come sorted by score, ties by term, the same every run."""
    first = induce(CLEAN)
    assert first == induce(CLEAN)
    scores = [c.score for c in first]
    assert scores == sorted(scores, reverse=True)


def test_cli_induce_prints_terms_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    """``textfix glossary induce`` prints one term per line, or JSON with counts."""
    folder = tmp_path / "clean"
    folder.mkdir()
    for k, text in enumerate(CLEAN):
        (folder / f"{k}.txt").write_text(text, encoding="utf-8")
    assert cli.main(["glossary", "induce", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "graph database" in lines and "Joint Chiefs of Staff" in lines
    assert cli.main(["glossary", "induce", str(folder), "--json", "--top", "2"]) == 0
    records = [json.loads(ln) for ln in capsys.readouterr().out.splitlines()]
    assert len(records) == 2
    assert set(records[0]) == {"term", "occurrences", "kind", "score"}
    assert cli.main(["glossary", "induce", str(tmp_path / "missing.txt")]) == 2
