"""Shared fixtures: the repository root, the seeds and small glossaries written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
#: Why a test that reads ``../shared`` is skipped: the project's shared research material (real
#: spun articles with their originals, real spun pages) is read beside the checkout, not shipped.
SHARED_MISSING = ("needs ../shared beside the project (its shared research material: real spun "
                  "pairs, not shipped with textfix)")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def starter_path() -> Path:
    return ROOT / "tests" / "data" / "starter.toml"
