"""Fixtures of the ingest tests: the hand-written article files and fast fetch settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.settings import Settings

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


@pytest.fixture
def articles() -> Path:
    """The directory of hand-written article fixtures."""
    return ARTICLES


@pytest.fixture
def local_settings(tmp_path: Path) -> Settings:
    """Settings that may fetch from the local test server, with quick retries."""
    return Settings(
        data_dir=tmp_path / "data",
        allow_private_addresses=True,
        http_retries=0,
        http_backoff=0.01,
        http_timeout=2.0,
    )


@pytest.fixture
def guarded_settings(tmp_path: Path) -> Settings:
    """Default settings: private and loopback addresses are refused."""
    return Settings(data_dir=tmp_path / "data", http_retries=0, http_timeout=2.0)
