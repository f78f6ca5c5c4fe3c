"""``textfix fix --adapt``: learn the spinner of the inputs themselves before repairing them.

A corpus cleaner's inputs are often the output of one spinner nobody has catalogued. With
``--adapt``, textfix first reads the inputs as ``learn --spun-corpus`` would, then repairs them
with what it learned added to the chosen glossaries (the default set unless ``-g``). The
learned glossary is named ``adapted``: its edits carry rules ``adapted:FORM``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import textfix
from textfix.cli.report import EX_USAGE, Console
from textfix.learn.spun_corpus import LearnError, confirmed_note, learn_spun, render_learned
from textfix.run import io
from textfix.run.corpus import CorpusError, read_corpus

#: Learned entries shown in the note.
_SHOWN = 12


def adapt(args: argparse.Namespace, found: io.Found, console: Console) -> int | None:
    """Learn from the inputs and add the learned glossary to ``args.glossary``; an exit code
    if nothing could be learned."""
    if any(s.path is None for s in found.sources):
        console.error("--adapt learns from files and folders; it cannot read stdin twice")
        return EX_USAGE
    try:
        corpus = read_corpus([str(s.path) for s in found.sources], tuple(args.field or ["text"]))
        entries = learn_spun(corpus.texts)
    except (CorpusError, LearnError) as exc:
        console.error(f"--adapt: {exc}")
        return EX_USAGE
    if not entries:
        console.note(f"--adapt: nothing learned from {len(corpus.texts)} documents; "
                     "repairing with the glossaries alone")
        return None
    folder = tempfile.TemporaryDirectory(prefix="textfix-adapt-")
    args.adapt_folder = folder  # lives as long as the run
    path = Path(folder.name) / "adapted.toml"
    path.write_text(render_learned(entries, "adapted", source="textfix fix --adapt"),
                    encoding="utf-8")
    if args.adapt_save:
        Path(args.adapt_save).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    names = args.glossary or [g.name for g in textfix.default_glossaries()]
    args.glossary = [*names, str(path)]
    shown = ", ".join(f"{e.spun} -> {e.canonical}" for e in entries[:_SHOWN])
    more = f", and {len(entries) - _SHOWN} more" if len(entries) > _SHOWN else ""
    console.note(f"--adapt: learned {len(entries)} substitutions from {len(corpus.texts)} "
                 f"documents ({confirmed_note(entries)}): {shown}{more}")
    return None
