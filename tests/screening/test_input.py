"""Bad input is refused with a `UsageError` naming the problem; list data is cleaned instead."""

from __future__ import annotations

import pytest

from sanctionwatch.exceptions import UsageError
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import Query, ScreenOptions
from tests.screening.conftest import make


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (Query(), "no name and no identifier"),
        (Query(name="   "), "no name and no identifier"),
        (Query(name="x" * 10_000), "too long"),
        (Query(name="Kim\x00Jong Un"), "control character (U+0000)"),
        (Query(name="Kim\x1bJong"), "control character (U+001B)"),
        (Query(name="Kim", schema="Spaceship"), "unknown schema 'Spaceship'"),
        (Query(name="Kim", schema="Sanction"), "unknown schema 'Sanction'"),
        (Query(name="Kim", birth_date="08/01/1984"), "not YYYY"),
        (Query(name="Kim", countries=["Atlantis"]), "unknown country 'Atlantis'"),
        (Query(name="Kim", identifiers={"dna": ["x"]}), "unknown identifier kind 'dna'"),
        (Query(identifiers={"imo": ["9179842\x07"]}), "control character"),
    ],
)
def test_bad_queries_raise_usage_errors(query: Query, message: str) -> None:
    index = ScreeningIndex.build([make("Person", "p-1", name="Kim Jong Un")])
    with pytest.raises(UsageError) as raised:
        index.screen(query, ScreenOptions())
    assert message in str(raised.value)
    assert raised.value.exit_code == 2
    assert raised.value.status == 400


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ScreenOptions(algorithm="logic-v2"), "unknown algorithm"),
        (ScreenOptions(threshold=1.5), "threshold"),
        (ScreenOptions(limit=0), "limit"),
        (ScreenOptions(dob_tolerance_years=-1), "dob_tolerance_years"),
    ],
)
def test_bad_options_raise_usage_errors(options: ScreenOptions, message: str) -> None:
    index = ScreeningIndex.build([make("Person", "p-1", name="Kim Jong Un")])
    with pytest.raises(UsageError, match=message):
        index.screen(Query(name="Kim Jong Un"), options)


def test_query_text_is_stripped_and_country_names_accepted() -> None:
    query = Query(name="  Kim Jong Un\n", countries=["North Korea"]).validated()
    assert query.name == "Kim Jong Un"
    assert query.countries == ["kp"]


def test_list_names_with_control_characters_are_cleaned_not_refused() -> None:
    index = ScreeningIndex.build([make("Person", "p-1", name="Kim\tJong Un")])
    assert index.screen(Query(name="Kim Jong Un"), ScreenOptions())[0].entity_id == "p-1"


def test_entities_without_names_or_ids_are_harmless() -> None:
    nameless = make("Person", "p-2", birthDate="1984")
    other = make("Address", "a-1", full="Pyongyang")
    index = ScreeningIndex.build([nameless, other, make("Person", "p-1", name="Kim Jong Un")])
    assert len(index) == 2
    assert index.screen(Query(name="Kim Jong Un"), ScreenOptions())[0].entity_id == "p-1"
