"""Fixtures for the language stage: the shared spaCy pipeline, a small index, a parse helper."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from spacy.language import Language

from sanctionwatch.ingest.document import Document
from sanctionwatch.nlp.analyze import Analysis, analyze
from sanctionwatch.nlp.pipeline import load_pipeline
from sanctionwatch.screening import ScreeningIndex
from tests.screening.conftest import make

Read = Callable[..., Analysis]


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English pipeline, loaded once for the session."""
    return load_pipeline()


@pytest.fixture(scope="session")
def index() -> ScreeningIndex:
    """Listed parties chosen to tempt the linker: namesakes across schemata, common words."""
    return ScreeningIndex.build(
        [
            make(
                "Person",
                "p-kju",
                name="KIM, Jong Un",
                firstName="Jong Un",
                lastName="KIM",
                birthDate="1984-01-08",
                nationality="kp",
            ),
            make(
                "Person",
                "p-kyj",
                name="KIM, Yo Jong",
                firstName="Yo Jong",
                lastName="KIM",
                birthDate="1987-09-26",
                nationality="kp",
            ),
            make("Person", "p-putin", name="PUTIN, Vladimir Vladimirovich", nationality="ru"),
            make("Vessel", "v-angara", name="ANGARA", imoNumber="9179842", flag="ru"),
            make("Company", "c-angara", name="ANGARA", country="ru"),
            make("Person", "p-angara", name="ANGARA, Ivan"),
            make("Vessel", "v-khabarov", name="MIKHAIL KHABAROV", imoNumber="9328649"),
            make("Vessel", "v-progress", name="PROGRESS"),
            make("Organization", "o-progress", name="PROGRESS"),
            make(
                "Company",
                "c-komid",
                name="KOREA MINING DEVELOPMENT TRADING CORPORATION",
                alias="KOMID",
                country="kp",
            ),
            make("Organization", "o-houthis", name="THE HOUTHIS", country="ye"),
            make("Person", "p-idris", name="IDRIS, Ibrahim", nationality="sy"),
            make("Person", "p-ermakov", name="ERMAKOV, Aleksandr", weakAlias="Blade Runner"),
            make("Organization", "o-sdp", name="SERB DEMOCRATIC PARTY", country="ba"),
            make("Organization", "o-mnd", name="MINISTRY OF NATIONAL DEFENCE", country="kp"),
            make("Person", "p-smith-1", name="SMITH, John Edward", birthDate="1970"),
            make("Person", "p-smith-2", name="SMITH, John Edward", birthDate="1985"),
            make("Company", "c-september", name="LIMITED LIABILITY COMPANY SEPTEMBER"),
            make(
                "Company",
                "c-rosneft",
                name="OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY",
                alias="ROSNEFT",  # as OFAC lists it (a.k.a.)
                country="ru",
            ),
        ]
    )


@pytest.fixture
def read(nlp: Language, index: ScreeningIndex) -> Read:
    """Analyse a text (as an English document) against the test index."""

    def run(text: str, **kwargs: Any) -> Analysis:
        doc = Document(id=kwargs.pop("doc_id", "t1"), text=text, language="en")
        return analyze(doc, kwargs.pop("index", index), kwargs.pop("options", None), nlp=nlp)

    return run
