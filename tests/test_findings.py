"""Article findings: one listed party reported with every list that carries it, and only then."""

from __future__ import annotations

from followthemoney import model
from followthemoney.proxy import EntityProxy

from sanctionwatch.findings import same_party_elsewhere
from sanctionwatch.lists.common import make_sanction
from sanctionwatch.screening import ScreeningIndex


def _person(entity_id: str, name: str, birth: str | None = None) -> list[EntityProxy]:
    person = model.make_entity("Person")
    person.id = entity_id
    person.add("name", name)
    person.add("birthDate", birth)
    return [person, make_sanction(person, authority=entity_id.partition("-")[0], program="X")]


def _index() -> ScreeningIndex:
    entities = [
        *_person("ofac-1", "PUTIN, Vladimir Vladimirovich", "1952-10-07"),
        *_person("uk-2", "Vladimir Vladimirovich PUTIN"),  # the condensed UK list: no birth date
        *_person("eu-3", "Vladimir Vladimirovich Putin", "1952-10-07"),
        *_person("un-4", "Vladimir Vladimirovich PUTIN", "1979-01-01"),  # a namesake
    ]
    sources = {e.id: e.id.partition("-")[0] for e in entities if e.id}

    def source_of(entity: EntityProxy) -> str:
        return sources[entity.id or ""]

    return ScreeningIndex.build(entities, source_of=source_of)


def test_same_party_on_other_lists_needs_corroboration() -> None:
    found = {s.entity_id for s in same_party_elsewhere(_index(), "ofac-1")}
    assert found == {"uk-2", "eu-3"}  # not the namesake born 1979


def test_unknown_entity_has_no_other_entries() -> None:
    assert same_party_elsewhere(_index(), "nobody") == []
