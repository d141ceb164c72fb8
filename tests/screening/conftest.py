"""Small listed-entity sets built inline, and an index over them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy

from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import Match, Query, ScreenOptions

Make = Callable[..., EntityProxy]


def make(schema: str, entity_id: str, **props: Any) -> EntityProxy:
    """An FtM entity with the given id and properties (a list adds every value)."""
    entity = model.make_entity(schema)
    entity.id = entity_id
    for prop, values in props.items():
        for value in values if isinstance(values, list) else [values]:
            entity.add(prop, value)
    return entity


def screen(index: ScreeningIndex, name: str | None = None, **kwargs: Any) -> list[Match]:
    """Screen with everything a test may want to see (no threshold, generous limit)."""
    options = ScreenOptions(threshold=kwargs.pop("threshold", 0.0), limit=kwargs.pop("limit", 20))
    return index.screen(Query(name=name, **kwargs), options)


def score_of(matches: list[Match], entity_id: str) -> float:
    """The score of `entity_id` among `matches`, 0 when it is absent."""
    return next((m.score for m in matches if m.entity_id == entity_id), 0.0)


def listed_entities() -> list[EntityProxy]:
    """A small mixed list in the lists' own styles (OFAC "SURNAME, Given", UN upper case)."""
    return [
        make(
            "Person",
            "ofac-20157",
            name="KIM, Jong Un",
            firstName="Jong Un",
            lastName="KIM",
            birthDate="1984-01-08",
            nationality="kp",
        ),
        make("Person", "un-KPi.001", name="KIM YO JONG", birthDate="1987-09-26"),
        make("Person", "un-KPi.002", name="KIM JONG IL", birthDate="1941"),
        make("Person", "un-KPi.003", name="RI PYONG CHOL", birthDate="1948"),
        make(
            "Person",
            "uk-RUS0001",
            name="PUTIN, Vladimir Vladimirovich",
            alias="Путин Владимир Владимирович",
            birthDate="1952-10-07",
            nationality="ru",
        ),
        make("Person", "ofac-1001", name="POTANIN, Vladimir Olegovich", birthDate="1961"),
        make("Person", "ofac-1002", name="PRIGOZHIN, Yevgeniy Viktorovich", birthDate="1961"),
        make("Person", "ofac-1003", name="KHABAROV, Mikhail"),
        make("Person", "ofac-1004", name="SMIRNOFF, Sergei Ivanovich"),
        make("Person", "ofac-1005", name="HASSAN, Muhammad Ali", birthDate="1970"),
        make("Person", "ofac-1006", name="ALI, Ahmed"),
        make("Person", "ofac-1007", name="LEE, Min Ho"),
        make("Person", "ofac-1008", name="XI, Jinping"),
        make("Person", "ofac-1009", name="AL-QADDAFI, Muammar", birthDate="1942"),
        make("Person", "ofac-1010", name="SMITH, John", birthDate="1970-05-05"),
        make("Person", "ofac-1011", name="SMITH, John", birthDate="1985-02-02"),
        make("Person", "ofac-1012", name="ABDULLAH, Abd al-Rahman"),
        make(
            "Company",
            "ofac-2001",
            name="KOREA MINING DEVELOPMENT TRADING CORPORATION",
            alias="KOMID",
            country="kp",
        ),
        make("Company", "ofac-2002", name="KOREA KWANGSON BANKING CORPORATION", country="kp"),
        make("Company", "ofac-2003", name="ROMASHKA OOO", country="ru"),
        make("Organization", "ofac-2004", name="CHON MA SAN"),
        make("Vessel", "ofac-3001", name="CHON MA SAN", imoNumber="8660313", flag="kp"),
        make("Vessel", "ofac-3002", name="NAM SAN 8", imoNumber="8122347", mmsi="445118000"),
        make("Vessel", "ofac-3003", name="NAM SAN 7", imoNumber="7528439"),
        make("Person", "ofac-4001", name="CHON MA SAN"),
        make("Airplane", "ofac-5001", name="RA-82023"),
    ]


@pytest.fixture(scope="session")
def index() -> ScreeningIndex:
    """An index over `listed_entities`, built once (screening never changes it)."""
    sanctions = [
        make(
            "Sanction",
            "ofac-s-20157",
            entity="ofac-20157",
            authority="Office of Foreign Assets Control",
            program="DPRK3",
            listingDate="2016-07-06",
            sourceUrl="https://sanctionssearch.ofac.treas.gov/",
        ),
        make("Sanction", "uk-s-1", entity="uk-RUS0001", authority="HM Treasury", program="Russia"),
    ]
    # Sanctions first: the index takes targets and their sanctions in any order.
    entities = [*sanctions, *listed_entities()]
    return ScreeningIndex.build(entities, source_of=lambda e: (e.id or "").split("-")[0])
