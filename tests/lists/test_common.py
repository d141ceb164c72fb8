"""What the list parsers share: IMO number checks and extraction, country mapping."""

from __future__ import annotations

import pytest

from sanctionwatch.lists.common import (
    ParseReport,
    add_country,
    country_code,
    extract_imo_numbers,
    imo_company_valid,
    imo_valid,
    is_target,
    make_entity,
    make_sanction,
)

# The IMO company numbers of the 16 DPRK companies in the UN list of 27 February 2026.
UN_COMPANY_NUMBERS = (
    "1790183", "5342883", "5571322", "5963351", "5787684", "5936312", "5676084", "5985863",
    "5954061", "5145892", "5434358", "5982254", "5988369", "5878561", "5905801", "5987860",
)  # fmt: skip


@pytest.mark.parametrize("number", ["7937317", "9220639"])  # CHONG CHON GANG, BALTIC LEADER
def test_ship_numbers_pass_the_ship_check(number: str) -> None:
    assert imo_valid(number)


@pytest.mark.parametrize("number", UN_COMPANY_NUMBERS)
def test_real_company_numbers_pass_the_company_check(number: str) -> None:
    assert imo_company_valid(number)


def test_the_checks_tell_most_ship_and_company_numbers_apart() -> None:
    # A check digit is right by chance for one number in ten or eleven: 9220639 passes both
    # checks and 1790183 too, but most numbers of one kind fail the other kind's check.
    assert not imo_company_valid("7937317")
    assert [n for n in UN_COMPANY_NUMBERS if imo_valid(n)] == ["1790183"]


@pytest.mark.parametrize("number", ["7937318", "5342884", "534288", "79373170", "IMO7937317", ""])
def test_wrong_check_digits_and_shapes_fail_both_checks(number: str) -> None:
    assert not imo_valid(number)
    assert not imo_company_valid(number)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Chong Chon Gang (IMO 7937317)", ["7937317"]),
        ("IMO Number: 5342883.", ["5342883"]),
        ("Vessel Registration Identification IMO7937317;", ["7937317"]),
        ("IMO company no. 1790183", ["1790183"]),
        ("imo ship #9220639", ["9220639"]),
        ("International Maritime Organization (IMO) Number: 1790183", ["1790183"]),
        ("International Maritime Organization (IMO) company number 5342883", ["5342883"]),
        ("IMO 7937317 and again IMO 7937317, then IMO: 9220639", ["7937317", "9220639"]),
        # Not IMO numbers: too short, too long, no IMO label.
        ("IMO 793731", []),
        ("IMO 79373170", []),
        ("Registration 7937317", []),
        ("PRIMO 7937317", []),
        ("", []),
        (None, []),
    ],
)
def test_extract_imo_numbers(text: str | None, expected: list[str]) -> None:
    assert extract_imo_numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia", "ru"),
        ("ru", "ru"),
        ("Korea, North", "kp"),
        # Names FtM misses, from the UK and OFAC files.
        ("Congo (Democratic Republic)", "cd"),
        ("Occupied  Palestinian Territories", "ps"),
        ("LAO PDR", "la"),
        ("Northern Mali", "ml"),
        ("Atlantis", None),
        ("Kafia Kingi", None),
    ],
)
def test_country_code(text: str, code: str | None) -> None:
    assert country_code(text) == code


def test_add_country_counts_and_warns_once_per_unmapped_value() -> None:
    report = ParseReport("test", "test.xml")
    person = make_entity("Person", "p-1")
    assert add_country(person, "nationality", " Congo (Democratic Republic) ", report) == "cd"
    assert add_country(person, "nationality", "Atlantis", report) is None
    assert add_country(person, "birthCountry", "Atlantis", report) is None
    assert add_country(person, "nationality", None, report) is None
    assert add_country(person, "nationality", "unknown", report) is None  # a null marker
    assert person.get("nationality") == ["cd"]
    assert report.unmapped == {"country": 2}
    assert report.orphans == {}
    assert report.warnings == ["p-1: country not recognised: 'Atlantis'"]


def test_add_country_skips_a_property_the_schema_lacks() -> None:
    report = ParseReport("test", "test.xml")
    company = make_entity("Company", "c-1")
    assert add_country(company, "nationality", "Atlantis", report) is None
    assert report.unmapped == {}


def test_is_target_follows_the_source_flag_else_the_schema() -> None:
    person = make_entity("Person", "p-1")
    assert is_target(person)
    assert not is_target(make_sanction(person, authority="X"))
    person.context["target"] = False  # a relative in an OpenSanctions export
    assert not is_target(person)
    person.context["target"] = "no"  # not a flag: the schema decides
    assert is_target(person)
