"""The store on SQLite and PostgreSQL: snapshots, atomic writes, related records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import make_entity, make_sanction
from sanctionwatch.store.repo import NewSnapshot, Store, entity_checksum, owner_of


def _entities(names: list[str]) -> Iterator[EntityProxy]:
    for number, name in enumerate(names):
        person = make_entity("Person", f"t-{number}")
        person.add("name", name)
        person.add("topics", "sanction")
        yield person
        yield make_sanction(person, authority="Test Authority", program="TEST")


def test_write_snapshot_makes_it_active_and_supersedes(store: Store) -> None:
    first = store.write_snapshot(NewSnapshot("un", "a.xml", "1" * 64), _entities(["A", "B"]))
    assert first.status == "active"
    second = store.write_snapshot(NewSnapshot("un", "b.xml", "2" * 64), _entities(["A"]))
    assert store.active_snapshot("un") == second
    statuses = {s.id: s.status for s in store.snapshots("un")}
    assert statuses == {first.id: "superseded", second.id: "active"}
    assert store.count_entities(second.id) == 2


def test_failed_write_leaves_previous_snapshot_active(store: Store) -> None:
    good = store.write_snapshot(NewSnapshot("un", "a.xml", "1" * 64), _entities(["A", "B"]))

    def broken() -> Iterator[EntityProxy]:
        yield from _entities(["C"] * 3000)  # more than one insert batch before the error
        raise ParseError("b.xml", "truncated", where="line 9")

    with pytest.raises(ParseError, match=r"b\.xml: line 9: truncated"):
        store.write_snapshot(NewSnapshot("un", "b.xml", "2" * 64), broken())
    assert store.active_snapshot("un") == good
    assert [s.id for s in store.snapshots("un")] == [good.id]


def test_related_records_and_versions(store: Store) -> None:
    snap = store.write_snapshot(NewSnapshot("un", "a.xml", "1" * 64), _entities(["Kim"]))
    [record] = store.entity_versions("t-0")
    assert record.target
    related = store.related(snap.id, record)
    assert [r.schema for r in related] == ["Sanction"]
    assert related[0].properties["authority"] == ["Test Authority"]
    assert record.to_proxy().caption == "Kim"


def test_checksum_ignores_value_order() -> None:
    assert entity_checksum("Person", {"name": ["a", "b"]}) == entity_checksum(
        "Person", {"name": ["b", "a"]}
    )
    assert entity_checksum("Person", {"name": ["a"]}) != entity_checksum("Person", {"name": ["b"]})


def test_owner_of_auxiliary_records() -> None:
    person = make_entity("Person", "p1")
    sanction = make_sanction(person, authority="X")
    passport = make_entity("Passport", "p1-id-1")
    passport.add("holder", "p1")
    assert owner_of(person) is None
    assert owner_of(sanction) == "p1"
    assert owner_of(passport) == "p1"
