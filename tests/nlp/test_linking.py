"""The linking rules on their own: namesakes, weak aliases, generic and partial organisation
names, ties, options."""

from __future__ import annotations

import pytest

from sanctionwatch.exceptions import UsageError
from sanctionwatch.nlp.linking import (
    ORGANIZATION,
    PERSON,
    VESSEL,
    Linker,
    MentionOptions,
    name_key,
)
from sanctionwatch.screening import ScreeningIndex
from tests.nlp.conftest import Read


@pytest.fixture
def linker(index: ScreeningIndex) -> Linker:
    return Linker(index)


def test_namesake_in_an_article_about_another_country(read: Read) -> None:
    nigeria = read("Inspector-General of Police Ibrahim Idris was sued in Abuja, Nigeria.")
    (mention,) = [m for m in nigeria.mentions if m.text == "Ibrahim Idris"]
    assert mention.entity_id is None
    assert any("listed for SY" in line for line in mention.explanation)
    syria = read("Ibrahim Idris, an engineer at a research centre in Damascus, was listed.")
    assert [m.entity_id for m in syria.mentions if m.text == "Ibrahim Idris"] == ["p-idris"]


def test_weak_aliases_are_not_names(linker: Linker) -> None:
    assert linker.link("Blade Runner", PERSON).entity_id is None


def test_organisation_needs_its_distinctive_words(linker: Linker) -> None:
    assert (
        linker.link("Democratic Party", ORGANIZATION, countries=frozenset({"US"})).entity_id is None
    )


def test_generic_names_link_only_exactly_and_in_their_country(linker: Linker) -> None:
    assert linker.is_generic("Russian Defence Ministry")
    assert linker.link("Russian Defence Ministry", ORGANIZATION).entity_id is None
    name = "Ministry of National Defence"
    assert linker.link(name, ORGANIZATION, countries=frozenset({"JP"})).entity_id is None
    assert linker.link(name, ORGANIZATION, countries=frozenset({"KP"})).entity_id == "o-mnd"


def test_namesakes_with_different_births_are_a_tie(linker: Linker) -> None:
    link = linker.link("John Edward Smith", PERSON)
    assert link.entity_id is None
    assert any(line.startswith("ambiguous") for line in link.explanation)


def test_persons_are_never_screened_as_vessels(linker: Linker) -> None:
    assert linker.link("Mikhail Khabarov", PERSON).entity_id is None
    link = linker.link("Mikhail Khabarov", VESSEL)
    assert link.entity_id == "v-khabarov"


def test_same_party_across_lists(linker: Linker) -> None:
    assert linker.same_party("p-kju", "p-kju")
    assert not linker.same_party("p-kju", "p-kyj")
    assert not linker.same_party("p-smith-1", "p-smith-2")  # same name, other birth year


def test_name_key() -> None:
    assert name_key("Kim Jong-un", ordered=False) == name_key("Jong Un KIM", ordered=False)
    assert name_key("the Houthis") == name_key("THE HOUTHIS") == "houthis"
    assert name_key("FOREIGN TRADE BANK (FTB)") == "foreign trade bank"


@pytest.mark.parametrize(
    "options",
    [
        MentionOptions(threshold=0.0),
        MentionOptions(threshold=0.8, exact_threshold=0.9),
        MentionOptions(candidates=0),
    ],
)
def test_bad_options(index: ScreeningIndex, options: MentionOptions) -> None:
    with pytest.raises(UsageError):
        Linker(index, options)
