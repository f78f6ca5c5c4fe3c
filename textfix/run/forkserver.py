"""Imported once by the worker pool's fork server: what every worker needs is loaded there, so
each worker forked from it starts with it (and shares its memory pages) instead of loading it.

lemminflect is not among it: its tables serve compiling a glossary, and a worker loads compiled
glossaries from the cache (the readings carry their inflected forms), so preloading them only
delayed every worker's start by a quarter of a second."""

from __future__ import annotations

from textfix.run import batch  # noqa: F401 - imports the package and the worker pool
