"""The compile cache: large glossaries are built in a child process and loaded from the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import textfix
from textfix import cache as _cache
from textfix import catalog


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, and every glossary counted as large."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(folder))
    monkeypatch.delenv("TEXTFIX_CACHE", raising=False)
    monkeypatch.setattr(catalog, "_BUILD_APART", 0)
    return folder


def test_large_glossary_is_built_apart_then_loaded(cache: Path, starter_path: Path,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "starter.toml"
    shutil.copy(starter_path, path)
    calls: list[bool] = []
    real = _cache.build_apart

    def spy(p: Path, code: str) -> bool:
        calls.append(real(p, code))
        return calls[-1]

    monkeypatch.setattr(_cache, "build_apart", spy)
    g = textfix.load_glossary(path)
    assert calls == [True]
    assert sorted(f.name.split("-")[0] for f in cache.iterdir()) == ["compiled", "glossary"]
    built_here = textfix.parse_glossary(path.read_text(encoding="utf-8"), path=str(path))
    assert g == built_here and g.path == str(path)
    assert textfix.Rewriter([g]).fix("the final yr").text == \
        textfix.Rewriter([built_here]).fix("the final yr").text
    textfix.load_glossary(path)  # now a plain cache hit: no second build
    assert calls == [True]


def test_broken_large_glossary_is_reported_with_file_and_line(cache: Path,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "broken"\nterms = ["Security Council"]\n[synonyms\n', "utf-8")
    with pytest.raises(textfix.GlossaryError) as err:
        textfix.load_glossary(path)
    assert str(path) in str(err.value) and err.value.line == 3
    assert not list(cache.glob("glossary-*"))


def test_no_child_when_caching_is_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTFIX_CACHE", "0")
    assert _cache.build_apart(tmp_path / "missing.toml", "pass") is False


def test_prefilter_pickles_as_its_keys_and_finds_the_same_starts() -> None:
    """The compile cache pickles the prefilter without its automaton; the copy builds its own
    and finds every start word (possessives and hyphenated words included), at word offsets."""
    import pickle

    from textfix.engine.compile import _automaton
    from textfix.engine.prefilter import Prefilter
    from textfix.text.tokenize import prefilter_bytes

    pre = _automaton({"fuzomi", "well-known", "pledrevo"}, {})
    assert pre is not None
    text = "fuzomi's pledrevo, a well-known co-fuzomi; xfuzomi fuzomix FUZOMI"
    low = text.lower()

    def starts(p: Prefilter) -> list[int]:
        return sorted({s for _k, s, _e in p.hits(prefilter_bytes(low))})

    found = starts(pre)
    copy = pickle.loads(pickle.dumps(pre))
    assert copy.keys == pre.keys and starts(copy) == found
    assert [low[p:p + 6] for p in found] == ["fuzomi", "pledre", "well-k", "fuzomi", "fuzomi"]
    assert found[-1] == text.index("FUZOMI")


def test_prefilter_hits_carry_their_keys_readings() -> None:
    """A hit names its key: a key of its own pattern with no joiner carries its readings (and
    they survive pickling); a hyphenated key carries None, so the matcher looks the word up."""
    import pickle

    from textfix.engine.compile import _automaton
    from textfix.text.tokenize import prefilter_bytes

    readings = {"fuzomi": (("fuzomi", 0, "", (), None, "fuzomi"),)}
    pre = _automaton({"fuzomi", "well-known", "pledrevo"}, readings)
    assert pre is not None
    low = "a well-known fuzomi's fuzomi"
    hits = pickle.loads(pickle.dumps(pre)).hits(prefilter_bytes(low))
    found = [(low[s:e - 2], pre.values[k]) for k, s, e in hits]
    assert found == [("well-known", None), ("fuzomi", readings["fuzomi"]),
                     ("fuzomi", readings["fuzomi"])]
    assert pre.values[pre.keys.index(b" pledrevo ")] == ()


def test_loading_leaves_the_cycle_collector_as_it_found_it(cache: Path) -> None:
    """A cache load pauses the collector and restores it: on if it was on, off if it was off,
    and objects the program froze itself stay frozen."""
    import gc

    _cache.put("compiled", "k", {"tables": [[1, 2], {"a": (3, [4])}]})
    was = gc.isenabled()
    try:
        gc.enable()
        assert _cache.get("compiled", "k") == {"tables": [[1, 2], {"a": (3, [4])}]}
        assert gc.isenabled()
        gc.disable()
        assert _cache.get("compiled", "k") is not None and not gc.isenabled()
        gc.enable()
        gc.freeze()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert _cache.get("compiled", "k") is not None
        assert gc.get_freeze_count() == frozen and gc.isenabled()
        # a loaded object is still tracked, so a full collection can still reclaim it
        loaded = _cache.get("compiled", "k")
        assert gc.is_tracked(loaded["tables"])
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
