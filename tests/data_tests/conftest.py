"""Fixtures for tests on the real files in `../shared/data` (beside the project).

On a user's machine without that directory the tests skip with the reason; in CI
(`SANCTIONWATCH_REQUIRE_DATA=1`, set by `.ci/run`) a missing file fails the run instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(
    os.environ.get(
        "SANCTIONWATCH_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"
    )
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The `../shared/data` directory; skip (or fail in CI) when it is missing."""
    if not SHARED_DATA.is_dir():
        message = f"shared data directory not found: {SHARED_DATA}"
        if os.environ.get("SANCTIONWATCH_REQUIRE_DATA") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED_DATA
