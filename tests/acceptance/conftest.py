"""Fixtures of the acceptance suite: a journal of each test, or of each module when its tests
only read it. See acceptance_helpers.py for how `mentee` is run."""

from __future__ import annotations

from pathlib import Path

import pytest
from acceptance_helpers import Journal


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    """An empty journal of this test, today Saturday 2026-11-21, in Europe/Berlin."""
    return Journal(tmp_path)


@pytest.fixture(scope="module")
def module_root(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A folder of this module, for a journal its tests share."""
    return tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
