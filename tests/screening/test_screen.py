"""Screening behaviour on a small list: scripts, variants, order, companies, evidence, schemas."""

from __future__ import annotations

import pytest

from sanctionwatch.exceptions import NotFoundError
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import ALGORITHM, DEFAULT_THRESHOLD, Match, Query, ScreenOptions
from tests.screening.conftest import make, score_of, screen

KIM_JONG_UN = "ofac-20157"


@pytest.mark.parametrize(
    "name", ["김정은", "Ким Чен Ын", "Kim Jong-un", "KIM JONG UN", "Kim Chong Un"]
)
def test_kim_jong_un_in_any_script_and_romanisation(index: ScreeningIndex, name: str) -> None:
    matches = screen(index, name, schema="Person")
    assert matches[0].entity_id == KIM_JONG_UN
    assert matches[0].score >= DEFAULT_THRESHOLD
    # His relatives share two of three syllables; they rank below and under the threshold.
    assert score_of(matches, "un-KPi.001") < DEFAULT_THRESHOLD
    assert score_of(matches, "un-KPi.002") < DEFAULT_THRESHOLD


def test_un_style_name_found_from_hangul(index: ScreeningIndex) -> None:
    assert screen(index, "김여정")[0].entity_id == "un-KPi.001"
    assert screen(index, "리병철")[0].entity_id == "un-KPi.003"


def test_explanation_names_the_transliteration(index: ScreeningIndex) -> None:
    match = screen(index, "김정은")[0]
    name = match.features[0]
    assert name.name == "name"
    assert "korean romanisation" in name.detail
    assert "'KIM, Jong Un'" in name.detail
    assert match.algorithm == ALGORITHM == "sw-v2"


@pytest.mark.parametrize(
    "name",
    [
        "Vladimir Putin",
        "PUTIN Vladimir",
        "Путин Владимир Владимирович",
        "Владимир Путин",
        "Wladimir Wladimirowitsch Putin",  # German spelling
    ],
)
def test_putin_in_any_order_with_or_without_patronymic(index: ScreeningIndex, name: str) -> None:
    matches = screen(index, name)
    assert matches[0].entity_id == "uk-RUS0001"
    assert matches[0].score >= 0.85


def test_similar_surname_is_not_a_match(index: ScreeningIndex) -> None:
    # Potanin shares the given name and P-T-N with Putin, but is another person.
    assert score_of(screen(index, "Vladimir Putin"), "ofac-1001") < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Evgeny Prigozhin", "ofac-1002"),
        ("Евгений Пригожин", "ofac-1002"),
        ("Yevgeny Prigojine", "ofac-1002"),
        ("Mikhail Habarov", "ofac-1003"),
        ("Sergey Smirnov", "ofac-1004"),
        ("Mohammed Ali Hasan", "ofac-1005"),
        ("Muammar Gaddafi", "ofac-1009"),
        ("Moammar el-Kadhafi", "ofac-1009"),
        ("Abdul Rahman Abdullah", "ofac-1012"),
    ],
)
def test_romanisation_variants(index: ScreeningIndex, name: str, entity_id: str) -> None:
    matches = screen(index, name)
    assert matches[0].entity_id == entity_id
    assert matches[0].score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("name", ["习近平", "Xi Jinping", "XI Jin-ping", "Hsi Chin-ping"])
def test_chinese_hanzi_pinyin_and_wade_giles(index: ScreeningIndex, name: str) -> None:
    matches = screen(index, name)
    assert matches[0].entity_id == "ofac-1008"
    assert matches[0].score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("name", ["Ali", "Kim", "Lee Min", "Smith", "Mohammed"])
def test_short_and_common_names_do_not_score_high(index: ScreeningIndex, name: str) -> None:
    assert all(m.score < DEFAULT_THRESHOLD for m in screen(index, name))


def test_komid_by_listed_acronym_and_full_name(index: ScreeningIndex) -> None:
    assert screen(index, "KOMID", threshold=DEFAULT_THRESHOLD)[0].entity_id == "ofac-2001"
    full = screen(index, "Korea Mining Development Trading Corp", schema="Company")
    assert full[0].entity_id == "ofac-2001"
    assert full[0].score >= 0.9


def test_acronym_derived_from_initials(index: ScreeningIndex) -> None:
    match = screen(index, "KKBC", threshold=DEFAULT_THRESHOLD)[0]
    assert match.entity_id == "ofac-2002"
    assert any(f.name == "name_kind" and "acronym" in f.detail for f in match.features)


@pytest.mark.parametrize("name", ["OOO Romashka", "Romashka LLC", "Romashka Limited"])
def test_legal_forms_are_normalised(index: ScreeningIndex, name: str) -> None:
    match = screen(index, name, schema="Company")[0]
    assert match.entity_id == "ofac-2003"
    assert match.score >= 0.9


def test_generic_words_alone_do_not_match(index: ScreeningIndex) -> None:
    assert all(m.score < DEFAULT_THRESHOLD for m in screen(index, "Korea Trading Corporation"))


def test_renamed_vessel_found_by_imo(index: ScreeningIndex) -> None:
    matches = screen(index, "NEW HOPE", schema="Vessel", identifiers={"imo": ["IMO 8660313"]})
    assert matches[0].entity_id == "ofac-3001"
    assert matches[0].score >= 0.9
    assert any(f.name == "identifier" and f.weight > 0 for f in matches[0].features)


def test_mmsi_and_identifier_only_queries(index: ScreeningIndex) -> None:
    by_mmsi = screen(index, identifiers={"mmsi": ["445 118 000"]})
    assert by_mmsi[0].entity_id == "ofac-3002"
    assert by_mmsi[0].matched_name is None


def test_different_imo_lowers_a_name_match(index: ScreeningIndex) -> None:
    same_name = screen(index, "NAM SAN 8", schema="Vessel", identifiers={"imo": ["7528439"]})
    # The name says NAM SAN 8, the IMO number says NAM SAN 7: the hull decides.
    assert same_name[0].entity_id == "ofac-3003"
    assert score_of(same_name, "ofac-3002") < DEFAULT_THRESHOLD


def test_vessel_numbers_must_agree(index: ScreeningIndex) -> None:
    matches = screen(index, "Nam San 8", schema="Vessel")
    assert matches[0].entity_id == "ofac-3002"
    assert score_of(matches, "ofac-3003") < DEFAULT_THRESHOLD


def test_schema_compatibility(index: ScreeningIndex) -> None:
    def found(schema: str) -> dict[str, str]:
        return {m.entity_id: m.schema for m in screen(index, "Chon Ma San", schema=schema)}

    vessel = found("Vessel")
    assert "ofac-3001" in vessel
    assert set(vessel.values()) == {"Vessel"}  # a vessel query never returns persons
    person = found("Person")
    assert "ofac-4001" in person
    assert set(person.values()) == {"Person"}
    org = found("Organization")
    assert "ofac-2004" in org
    assert set(org.values()) <= {"Organization", "Company"}
    assert {"ofac-3001", "ofac-4001", "ofac-2004"} <= found("Thing").keys()
    legal = found("LegalEntity")
    assert {"ofac-4001", "ofac-2004"} <= legal.keys()
    assert "Vessel" not in legal.values()


def test_birth_date_contradiction_ranks_common_name_below_full_match(
    index: ScreeningIndex,
) -> None:
    matches = screen(index, "John Smith", birth_date="1970")
    assert [m.entity_id for m in matches[:2]] == ["ofac-1010", "ofac-1011"]
    assert matches[0].score >= DEFAULT_THRESHOLD > matches[1].score
    contradiction = next(f for f in matches[1].features if f.name == "birth_date")
    assert contradiction.weight < 0


def test_birth_date_exact_beats_year_beats_missing(index: ScreeningIndex) -> None:
    exact = score_of(screen(index, "Kim Jong Un", birth_date="1984-01-08"), KIM_JONG_UN)
    year = score_of(screen(index, "Kim Jong Un", birth_date="1984"), KIM_JONG_UN)
    missing = score_of(screen(index, "Kim Jong Un"), KIM_JONG_UN)
    near = score_of(screen(index, "Kim Jong Un", birth_date="1985"), KIM_JONG_UN)
    far = score_of(screen(index, "Kim Jong Un", birth_date="1960"), KIM_JONG_UN)
    assert exact > year > missing == near > far
    assert exact < 1.0 or year < 1.0  # scores stay rankable, not all 1.0


def test_birth_date_tolerance_is_an_option(index: ScreeningIndex) -> None:
    query = Query(name="Kim Jong Un", birth_date="1981")
    strict = index.screen(query, ScreenOptions(threshold=0.0, dob_tolerance_years=0))
    lenient = index.screen(query, ScreenOptions(threshold=0.0, dob_tolerance_years=3))
    assert score_of(strict, KIM_JONG_UN) < score_of(lenient, KIM_JONG_UN)


def test_country_agreement_and_contradiction(index: ScreeningIndex) -> None:
    agree = score_of(screen(index, "Kim Jong Un", countries=["kp"]), KIM_JONG_UN)
    neutral = score_of(screen(index, "Kim Jong Un"), KIM_JONG_UN)
    contradict = score_of(screen(index, "Kim Jong Un", countries=["fr"]), KIM_JONG_UN)
    assert agree > neutral > contradict >= DEFAULT_THRESHOLD  # a little, not a veto


def test_passport_number_normalised(index: ScreeningIndex) -> None:
    person = make("Person", "p-1", name="Ivan Ivanov", passportNumber="72 1234567")
    small = ScreeningIndex.build([person])
    matches = small.screen(
        Query(name="I. Ivanov", identifiers={"passport": ["721234567"]}), ScreenOptions()
    )
    assert matches[0].entity_id == "p-1"
    assert any(f.name == "identifier" for f in matches[0].features)


def test_weak_aliases_count_less_and_can_be_left_out() -> None:
    person = make("Person", "p-2", name="Abu Bakr AL-BAGHDADI", weakAlias="Abu Duaa")
    small = ScreeningIndex.build([person])
    weak = small.screen(Query(name="Abu Duaa"), ScreenOptions(threshold=0.0))
    assert any(f.name == "name_kind" for f in weak[0].features)
    without = small.screen(
        Query(name="Abu Duaa"), ScreenOptions(threshold=0.0, include_weak_aliases=False)
    )
    assert all(m.matched_name != "Abu Duaa" for m in without)


def test_scores_are_ranked_bounded_and_explained(index: ScreeningIndex) -> None:
    matches = screen(index, "Kim Jong Un", birth_date="1984-01-08", countries=["kp"])
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    for match in matches:
        assert match.algorithm == "sw-v2"
        assert match.features
        assert all(f.detail for f in match.features)
    top = matches[0]
    assert {f.name for f in top.features} >= {"name", "birth_date", "country"}
    assert top.as_dict()["explanation"][0]["feature"] == "name"


def test_threshold_and_limit(index: ScreeningIndex) -> None:
    everything = screen(index, "Kim Jong Un", limit=50)
    assert len(everything) > 1
    assert len(screen(index, "Kim Jong Un", limit=1)) == 1
    above = index.screen(Query(name="Kim Jong Un"), ScreenOptions())
    assert all(m.score >= DEFAULT_THRESHOLD for m in above)


def test_sanctions_and_source_attached(index: ScreeningIndex) -> None:
    match = screen(index, "Kim Jong Un")[0]
    assert match.source == "ofac"
    (sanction,) = match.sanctions
    assert sanction.program == "DPRK3"
    assert sanction.listing_date == "2016-07-06"
    assert sanction.authority == "Office of Foreign Assets Control"


def test_snapshot_of_sanctions() -> None:
    person = make("Person", "p-3", name="Ivan Ivanov")
    sanction = make("Sanction", "s-3", entity="p-3", authority="UN", program="X")
    small = ScreeningIndex.build([person, sanction], snapshot_of=lambda e: "un-2026-08-01")
    assert small.get("p-3").sanctions[0].snapshot == "un-2026-08-01"


def test_get_len_and_screen_many(index: ScreeningIndex) -> None:
    summary = index.get("uk-RUS0001")
    assert summary.caption == "PUTIN, Vladimir Vladimirovich"
    assert "Путин Владимир Владимирович" in summary.names
    assert summary.countries == ["ru"]
    with pytest.raises(NotFoundError):
        index.get("nope")
    assert len(index) == 26
    many = index.screen_many([Query(name="KOMID"), Query(name="Putin Vladimir")], ScreenOptions())
    assert [r[0].entity_id for r in many] == ["ofac-2001", "uk-RUS0001"]


def test_query_from_entity() -> None:
    entity = make(
        "Person",
        "q-1",
        name="Kim Jong Un",
        alias="김정은",
        birthDate="1984-01-08",
        nationality="kp",
        passportNumber="836110034",
    )
    query = Query.from_entity(entity)
    assert query.schema == "Person"
    assert query.names() == ["Kim Jong Un", "김정은"]
    assert query.birth_date == "1984-01-08"
    assert query.countries == ["kp"]
    assert query.identifiers == {"passport": ["836110034"]}
    vessel = Query.from_entity(make("Vessel", "q-2", name="X", imoNumber="9179842"))
    assert vessel.identifiers == {"imo": ["IMO9179842"]}


def test_family_name_must_match() -> None:
    listed = [
        make("Person", "ofac-1", name="U'n-cho'ng CH'OE", firstName="U'n-cho'ng", lastName="CH'OE"),
        make("Person", "un-1", name="MIN BYONG CHOL"),  # UN style: surname first, no lastName
        make("Person", "ofac-2", name="ZHANG, Jiang Ping", lastName="ZHANG"),
    ]
    small = ScreeningIndex.build(listed)
    options = ScreenOptions(threshold=0.0)
    # Two of three syllables agree, the family name does not.
    choe = small.screen(Query(name="Kim Chong Un"), options)
    assert score_of(choe, "ofac-1") < DEFAULT_THRESHOLD
    assert any(f.name == "surname" for f in choe[0].features)
    assert score_of(small.screen(Query(name="Ri Pyong Chol"), options), "un-1") < DEFAULT_THRESHOLD
    # In Han script the query's own family name is known (习), and it is not Zhang.
    assert score_of(small.screen(Query(name="习近平"), options), "ofac-2") < DEFAULT_THRESHOLD


def test_repeated_queries_in_a_batch_are_screened_once(index: ScreeningIndex) -> None:
    queries = [Query(name="KOMID"), Query(name="Nobody Known"), Query(name="KOMID")]
    results = index.screen_many(queries, ScreenOptions())
    assert results[0] == results[2]
    assert results[0] is not results[2]  # callers may change their lists
    assert results[1] == []


def test_different_hull_numbers_are_other_vessels() -> None:
    """Sister ships differ only in their number; a different number is nearly decisive, a
    number on one side only is not (lists often drop it)."""
    index = ScreeningIndex.build(
        [
            make("Vessel", "v-1", name="FU YUAN YU 8683"),
            make("Vessel", "v-2", name="LONG XING"),
            make("Company", "c-1", name="AL-NOOR TRADING BRANCH 7"),
        ]
    )
    anything = ScreenOptions(threshold=0.0)

    def best(name: str, schema: str) -> Match:
        return index.screen(Query(name=name, schema=schema), anything)[0]

    same = best("FU YUAN YU 8683", "Vessel")
    sister = best("FU YUAN YU 8673", "Vessel")
    assert sister.entity_id == "v-1"
    assert sister.score < 0.4
    assert same.score > 0.9
    name = next(f for f in sister.features if f.name == "name")
    assert "'8673' / '8683': x0.50" in name.detail
    assert best("LONG XING 608", "Vessel").score >= 0.5  # the list gives no number
    assert best("AL-NOOR TRADING BRANCH 8", "Company").score < 0.4


def test_german_spellings_of_russian_names() -> None:
    index = ScreeningIndex.build(
        [
            make("Person", "p-1", name="PRIGOZHIN, Yevgeniy Viktorovich"),
            make("Person", "p-2", name="MEDVEDEV, Dmitry Anatolyevich"),
            make("Person", "p-3", name="Dmitri M. TOLCHINSKIY"),
        ]
    )
    assert score_of(screen(index, "Jewgeni Prigoschin"), "p-1") >= DEFAULT_THRESHOLD
    found = screen(index, "Dmitri Medwedew")
    assert found[0].entity_id == "p-2"
    assert found[0].score >= DEFAULT_THRESHOLD
