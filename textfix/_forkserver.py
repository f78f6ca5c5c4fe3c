"""Imported once by the worker pool's fork server: what every worker needs is loaded there, so
each worker forked from it starts with it (and shares its memory pages) instead of loading it."""

from __future__ import annotations

from . import _batch  # noqa: F401 - imports the package and the worker entry points
from ._inflect import preload

preload()
