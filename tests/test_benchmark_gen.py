"""The benchmark's data generators: deterministic for a seed, and their glossary loads."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

import pytest

import textfix

GEN = Path(__file__).parents[1] / "benchmarks" / "gen.py"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    if not GEN.is_file():
        pytest.skip("benchmarks/ is not shipped here")
    spec = importlib.util.spec_from_file_location("bench_gen", GEN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_gen"] = module
    spec.loader.exec_module(module)
    return module


def _sample(gen: ModuleType, seed: int) -> tuple[str, list[dict[str, object]]]:
    g = gen.make_glossary(60, seed, n_rules=10)
    docs = list(itertools.islice(gen.make_documents(g, 0.03, seed), 3))
    return gen.glossary_toml(g), docs


def test_same_seed_same_data(gen: ModuleType) -> None:
    assert _sample(gen, 7) == _sample(gen, 7)
    assert _sample(gen, 7) != _sample(gen, 8)


def test_glossary_loads_and_truth_is_consistent(gen: ModuleType) -> None:
    toml, docs = _sample(gen, 3)
    g = textfix.parse_glossary(toml)
    assert len(g.terms) == 60 and len(g.rules) == 10
    spun = 0
    for doc in docs:
        text, truth, occ = doc["text"], doc["truth"], doc["occ"]
        assert isinstance(text, str) and isinstance(truth, str) and isinstance(occ, list)
        assert 2000 <= len(text) <= 10_200
        rebuilt, pos = [], 0
        for start, end, canon, is_spun in occ:
            rebuilt += [text[pos:start], canon]
            assert (text[start:end] != canon) == is_spun
            spun += is_spun
            pos = end
        rebuilt.append(text[pos:])
        assert "".join(rebuilt) == truth
    assert spun > 0


def test_zipf_corpus_is_skewed_and_uniform_is_unchanged(gen: ModuleType) -> None:
    """With ``zipf`` the terms' frequencies fall off by rank (a few terms take most
    occurrences); without it the corpus is exactly the uniform one."""
    from collections import Counter

    g = gen.make_glossary(200, 3, n_rules=10)
    uniform = list(itertools.islice(gen.make_documents(g, 0.3, 3), 40))
    assert uniform == list(itertools.islice(gen.make_documents(g, 0.3, 3, zipf=0.0), 40))
    skewed = list(itertools.islice(gen.make_documents(g, 0.3, 3, zipf=1.2), 40))
    assert skewed == list(itertools.islice(gen.make_documents(g, 0.3, 3, zipf=1.2), 40))

    def top_share(docs: list[dict[str, object]]) -> float:
        counts = Counter(str(o[2]).lower() for d in docs for o in d["occ"])  # type: ignore[attr-defined]
        total = sum(counts.values())
        return sum(n for _, n in counts.most_common(10)) / total

    assert top_share(skewed) > 2 * top_share(uniform)
