"""The sample lists read once for the builder and evaluation tests."""

from __future__ import annotations

import pytest

from sanctionwatch.evaluation.corpus import Corpus, load_corpus
from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def sample_corpus() -> Corpus:
    """The hand-written samples in samples/lists, as the dev-set builder reads them."""
    return load_corpus(SAMPLES / "lists")
