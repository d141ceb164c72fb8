"""Fixtures for transfer extraction: the shared pipeline, a small index and a `transfers` helper
that reads a text (written for these tests) the whole way: Document → analyze → extract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy
from spacy.language import Language

from sanctionwatch.extract.records import Transfer
from sanctionwatch.extract.transfers import extract_transfers
from sanctionwatch.ingest.document import Document
from sanctionwatch.nlp.analyze import analyze
from sanctionwatch.nlp.pipeline import load_pipeline
from sanctionwatch.screening import ScreeningIndex

Extract = Callable[..., list[Transfer]]


def _entity(schema: str, entity_id: str, **props: Any) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.id = entity_id
    for prop, value in props.items():
        entity.add(prop, value)
    return entity


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English pipeline, loaded once for the session."""
    return load_pipeline()


@pytest.fixture(scope="session")
def listed() -> ScreeningIndex:
    """Two listed persons and a listed tanker, to see linked parties carried into transfers."""
    return ScreeningIndex.build(
        [
            _entity("Person", "p-putin", name="PUTIN, Vladimir Vladimirovich", nationality="ru"),
            _entity(
                "Person",
                "p-kju",
                name="KIM, Jong Un",
                firstName="Jong Un",
                lastName="KIM",
                nationality="kp",
            ),
            _entity("Vessel", "v-sunrise", name="SUNRISE GLORY", imoNumber="9054420"),
        ]
    )


@pytest.fixture
def transfers(nlp: Language) -> Extract:
    """Extract the transfers of a text; keywords: `published`, `quotes`, `index`."""

    def run(text: str, **kwargs: Any) -> list[Transfer]:
        doc = Document(
            id="t1",
            text=text,
            language="en",
            published=kwargs.get("published", "2025-03-01"),
            quotes=kwargs.get("quotes", []),
        )
        analysis = analyze(doc, kwargs.get("index"), nlp=nlp)
        return extract_transfers(doc, analysis)

    return run


def keys(found: list[Transfer]) -> set[tuple[str | None, str | None, str]]:
    """(supplier country, recipient country, category) of each transfer."""
    return {(t.supplier_country, t.recipient_country, t.category) for t in found}
