"""The compile cache: large glossaries are built in a child process and loaded from the cache."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
import sys
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
    assert sorted(f.name.split("-")[0] for f in cache.iterdir()) == \
        ["compiled", "glossary", _cache.KEY_NAME]
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


class _Planted:
    """A pickle that would create a marker file when loaded: code run from the cache."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "ran"))  # type: ignore[return-value]


def _plant(cache: Path, marker: Path) -> list[Path]:
    """Replace every glossary entry in ``cache`` with a pickle that runs code: a bare one and
    one behind the entry header with a forged HMAC."""
    entries = sorted(cache.glob("glossary-*.pickle"))
    assert entries
    evil = pickle.dumps(_Planted(marker))
    for k, entry in enumerate(entries):
        entry.write_bytes(evil if k % 2 == 0 else _cache._MAGIC + bytes(32) + evil)
    return entries


def test_key_is_private_and_entries_carry_an_hmac(cache: Path) -> None:
    _cache.put("compiled", "k", [1, 2])
    key = cache / _cache.KEY_NAME
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
    assert stat.S_IMODE(cache.stat().st_mode) & 0o077 == 0
    entry = (cache / "compiled-k.pickle").read_bytes()
    assert entry.startswith(_cache._MAGIC) and pickle.dumps([1, 2], 5)[2:] in entry
    assert _cache.get("compiled", "k") == [1, 2]
    # the same bytes under another name do not verify: one entry cannot stand in for another
    (cache / "compiled-j.pickle").write_bytes(entry)
    assert _cache.get("compiled", "j") is None
    # a new key (another user's cache copied in) invalidates every entry
    key.unlink()
    _cache.put("compiled", "other", 0)
    assert _cache.get("compiled", "k") is None


def test_planted_pickle_is_not_run_but_rebuilt(cache: Path, starter_path: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """An entry whose HMAC does not verify is never unpickled; the glossary is rebuilt and
    stored again with a valid HMAC. Library use says nothing."""
    marker = tmp_path / "ran"
    first = textfix.load_glossary(starter_path)
    entries = _plant(cache, marker)
    again = textfix.load_glossary(starter_path)
    assert not marker.exists()
    assert again == first
    assert all(e.read_bytes().startswith(_cache._MAGIC) for e in entries)
    assert _cache.get("glossary", entries[0].name[len("glossary-"):-len(".pickle")]) == first
    assert capsys.readouterr().err == ""


def _cli(tmp_path: Path, cache: Path, starter_path: Path) -> subprocess.CompletedProcess[str]:
    text = tmp_path / "in.txt"
    text.write_text("The protection chief met the final yr.\n", encoding="utf-8")
    env = dict(os.environ, TEXTFIX_CACHE_DIR=str(cache))
    env.pop("TEXTFIX_CACHE", None)
    return subprocess.run([sys.executable, "-m", "textfix", "fix", "-q", "-j", "1", "-g",
                           str(starter_path), str(text)], capture_output=True, text=True,
                          env=env, check=False)


def test_cli_notes_a_planted_entry_and_goes_on(cache: Path, starter_path: Path,
                                               tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    clean = _cli(tmp_path, cache, starter_path)
    assert clean.returncode == 0 and clean.stderr == ""
    _plant(cache, marker)
    done = _cli(tmp_path, cache, starter_path)
    assert not marker.exists()
    assert done.returncode == 0 and done.stdout == clean.stdout
    assert "failed its check; not loaded, rebuilt" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert _cli(tmp_path, cache, starter_path).stderr == ""  # rebuilt and valid again


def test_group_writable_cache_folder_is_refused(cache: Path, starter_path: Path,
                                                tmp_path: Path) -> None:
    """A cache folder others can write to is not used at all: the run goes on uncached, with
    one line saying why, and writes nothing there."""
    marker = tmp_path / "ran"
    assert _cli(tmp_path, cache, starter_path).returncode == 0
    _plant(cache, marker)
    before = sorted((f.name, f.read_bytes()) for f in cache.iterdir())
    cache.chmod(0o775)
    done = _cli(tmp_path, cache, starter_path)
    assert done.returncode == 0 and "protection" not in done.stdout
    assert done.stderr.strip() == (f"textfix: cache folder {cache} is writable by group or "
                                   f"others; running without the cache (make it your own "
                                   f"with chmod go-w, or set TEXTFIX_CACHE_DIR)")
    assert not marker.exists()
    assert sorted((f.name, f.read_bytes()) for f in cache.iterdir()) == before


def test_a_key_others_can_read_is_refused(cache: Path) -> None:
    _cache.put("compiled", "k", 1)
    notes: list[str] = []
    _cache.set_notify(notes.append)
    try:
        (cache / _cache.KEY_NAME).chmod(0o644)
        assert _cache.get("compiled", "k") is None
        assert notes == [f"cache key {cache / _cache.KEY_NAME} is readable by others; running "
                         f"without the cache (remove it to start afresh)"]
    finally:
        _cache.set_notify(None)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="only root can give a folder to another user")
def test_cache_folder_of_another_user_is_refused(cache: Path) -> None:
    _cache.put("compiled", "k", 1)
    os.chown(cache, 65534, -1)
    assert _cache.get("compiled", "k") is None
