"""Verdicts on reported transfers: prohibited with citations, not prohibited with the reason,
needs_review where the text leaves the decisive fact open; dates and directions matter."""

from __future__ import annotations

from datetime import date

import pytest

from sanctionwatch.exceptions import InputError
from sanctionwatch.extract.records import Finding, Verdict
from sanctionwatch.rules.evaluate import evaluate_transfer, transfer_verdict
from sanctionwatch.rules.regimes import Rules
from tests.rules.conftest import Judge, MakeTransfer, citations, measures

ORIGIN = "2023-09-05"  # the origin article's date


def _verdicts(findings: list[Finding]) -> set[str]:
    return {f.verdict for f in findings}


# --- the origin article ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "goods"),
    [("ammunition", "artillery shells"), ("arms", "antitank missiles")],
)
def test_dprk_arms_and_ammunition_to_russia_are_prohibited(
    judge: Judge, category: str, goods: str
) -> None:
    findings = judge(category, "KP", "RU", goods=goods, date=ORIGIN, certainty="planned")
    assert _verdicts(findings) == {Verdict.PROHIBITED}
    assert {"UNSCR 1718 (2006) para 8(b)", "UNSCR 1874 (2009) para 9"} <= citations(findings)
    [finding] = findings
    assert finding.measure_id == "UN-DPRK-ARMS-FROM"
    assert finding.citations == ["UNSCR 1718 (2006) para 8(b)", "UNSCR 1874 (2009) para 9"]
    assert finding.citation == "; ".join(finding.citations)
    assert finding.authority == "UNSC"
    assert finding.transfer == 0
    assert finding.rationale.startswith("DPRK export of all arms and related materiel is banned")
    assert finding.verification == "partially-verified; from-memory"


def test_satellite_technology_to_the_dprk_is_prohibited(judge: Judge) -> None:
    findings = judge(
        "space_tech", "RU", "KP", goods="advanced technology for satellites", date=ORIGIN
    )
    assert _verdicts(findings) == {Verdict.PROHIBITED}
    assert {
        "UNSCR 1718 (2006) para 8(a)(ii)",
        "UNSCR 1718 (2006) para 8(c)",
        "UNSCR 2270 (2016) para 17",
        "UNSCR 2321 (2016) para 11",
    } <= citations(findings)


def test_nuclear_submarine_technology_to_the_dprk_is_prohibited(judge: Judge) -> None:
    findings = judge(
        "nuclear_tech",
        "RU",
        "KP",
        goods="advanced technology for nuclear-powered submarines",
        date=ORIGIN,
    )
    assert _verdicts(findings) == {Verdict.PROHIBITED}
    # A nuclear submarine is also a warship, so the arms embargo applies as well.
    assert {
        "UNSCR 1718 (2006) para 8(a)(i)",
        "UNSCR 1718 (2006) para 8(a)(ii)",
        "UNSCR 1718 (2006) para 8(c)",
    } <= citations(findings)


def test_food_to_the_dprk_is_not_prohibited(judge: Judge) -> None:
    findings = judge("food", "RU", "KP", goods="grain and other food supplies", date=ORIGIN)
    [finding] = findings
    assert finding.verdict == Verdict.NOT_PROHIBITED
    assert finding.citation is None
    assert "no UN ban on food supplied to the DPRK" in finding.rationale
    assert "2397 para 6" in finding.rationale
    assert "excludes food and medicine" in finding.rationale


def test_food_from_the_dprk_is_prohibited(judge: Judge) -> None:
    findings = judge("food", "KP", "CN", goods="pine mushrooms", date="2020-01-01")
    assert measures(findings) == {"UN-DPRK-SECTORAL-EXPORTS-FROM"}
    assert "UNSCR 2397 (2017) para 6" in citations(findings)


def test_troop_deployment_needs_review_with_no_measure(judge: Judge) -> None:
    [finding] = judge("other", "KP", "RU", goods="about 11,000 North Korean soldiers")
    assert finding.verdict == Verdict.NEEDS_REVIEW
    assert finding.measure_id is None
    assert finding.citation is None
    assert "not expressly covered" in finding.rationale


def test_a_catch_all_category_is_re_read_from_the_goods(judge: Judge) -> None:
    findings = judge(
        "other", "RU", "KP", goods="raw materials and components for its weapons factories"
    )
    assert _verdicts(findings) == {Verdict.PROHIBITED}
    assert {"UNSCR 2270 (2016) para 8", "UNSCR 1718 (2006) para 8(a)(i)"} <= citations(findings)


def test_unidentified_cargo_needs_review_listing_what_would_apply(judge: Judge) -> None:
    findings = judge("unknown_cargo", "KP", "RU", goods="shipping containers")
    assert _verdicts(findings) == {Verdict.NEEDS_REVIEW}
    assert measures(findings) == {"UN-DPRK-ARMS-FROM", "UN-DPRK-CARGO-INSPECTION"}


# --- dates -------------------------------------------------------------------------------------


def test_iranian_missiles_to_russia_depend_on_the_snapback(judge: Judge) -> None:
    in_gap = judge("missiles", "IR", "RU", goods="Fath-360 missiles", date="2024-09-11")
    assert transfer_verdict(in_gap) == Verdict.NEEDS_REVIEW
    assert not any(f.authority == "UNSC" for f in in_gap)  # only unilateral exposure
    assert "US EO 13949" in citations(in_gap)

    restored = judge("missiles", "IR", "RU", goods="Fath-360 missiles", date="2025-10-01")
    assert transfer_verdict(restored) == Verdict.PROHIBITED
    [un] = [f for f in restored if f.measure_id == "UN-IRAN-ARMS-FROM"]
    assert un.citation == "UNSCR 1747 (2007) para 5"
    assert "contested" in un.rationale


def test_su35_to_iran_after_the_snapback_is_prohibited(judge: Judge) -> None:
    findings = judge("aircraft", "RU", "IR", goods="Su-35 fighter jets", date="2025-10-20")
    assert _verdicts(findings) == {Verdict.PROHIBITED}
    assert measures(findings) == {"UN-IRAN-ARMS-TO"}
    assert "UNSCR 1929 (2010) para 8" in citations(findings)

    before = judge("aircraft", "RU", "IR", goods="Su-35 fighter jets", date="2024-06-01")
    assert transfer_verdict(before) == Verdict.NEEDS_REVIEW  # US exposure only
    assert "UN-IRAN-ARMS-TO" not in measures(before)


def test_shahed_drones_under_2231_are_contested(judge: Judge) -> None:
    findings = judge("missiles", "IR", "RU", goods="Shahed-136 drones", date="2022-10-19")
    assert transfer_verdict(findings) == Verdict.NEEDS_REVIEW
    [annex_b] = [f for f in findings if f.measure_id == "UN-IRAN-2231-MISSILE"]
    assert annex_b.verdict == Verdict.NEEDS_REVIEW
    assert annex_b.citation == "UNSCR 2231 (2015) Annex B para 4"
    assert annex_b.verification == "unchecked"  # not in the cited reference


def test_a_measure_not_yet_in_force_does_not_apply(judge: Judge) -> None:
    [finding] = judge("textiles", "KP", "CN", goods="garments", date="2016-06-01")
    assert finding.verdict == Verdict.NOT_PROHIBITED
    assert "UN-DPRK-TEXTILES-FROM" in finding.rationale  # named as not in force
    later = judge("textiles", "KP", "CN", goods="garments", date="2019-06-25")
    assert measures(later) == {"UN-DPRK-TEXTILES-FROM"}


def test_as_of_stands_in_for_a_missing_date(make_transfer: MakeTransfer, rules: Rules) -> None:
    transfer = make_transfer("missiles", "IR", "RU", goods="missiles", date=None)
    assert transfer_verdict(evaluate_transfer(transfer, 0, rules, date(2024, 1, 1))) == (
        Verdict.NEEDS_REVIEW
    )
    assert transfer_verdict(evaluate_transfer(transfer, 0, rules, date(2025, 12, 1))) == (
        Verdict.PROHIBITED
    )


def test_a_malformed_date_is_an_input_error(make_transfer: MakeTransfer, rules: Rules) -> None:
    with pytest.raises(InputError, match="transfer 3: date"):
        evaluate_transfer(make_transfer("arms", "KP", "RU", date="last week"), 3, rules)


# --- oil to the DPRK ---------------------------------------------------------------------------


def test_refined_petroleum_above_the_cap_is_prohibited(judge: Judge) -> None:
    findings = judge(
        "refined_petroleum",
        "RU",
        "KP",
        goods="more than one million barrels of oil products",
        date="2024-11-22",
    )
    assert measures(findings) == {"UN-DPRK-REFINED-CAP"}
    assert citations(findings) == {"UNSCR 2397 (2017) para 5"}


def test_refined_petroleum_by_ship_to_ship_transfer_is_prohibited(judge: Judge) -> None:
    findings = judge(
        "refined_petroleum",
        None,
        "KP",
        goods="diesel",
        sentence="Two tankers transferred diesel to North Korean-flagged tankers in ship-to-ship "
        "operations.",
        date="2023-08-17",
    )
    assert _verdicts(findings) == {Verdict.PROHIBITED}
    assert {"UNSCR 2375 (2017) para 11", "UNSCR 2397 (2017) para 5"} <= citations(findings)


def test_refined_petroleum_within_the_cap_is_not_prohibited(judge: Judge) -> None:
    [finding] = judge(
        "refined_petroleum",
        "CN",
        "KP",
        goods="20,000 barrels of diesel",
        sentence="The delivery was notified to the 1718 Committee.",
        date="2023-03-01",
    )
    assert finding.verdict == Verdict.NOT_PROHIBITED
    assert "500,000-barrel" in finding.rationale


def test_refined_petroleum_of_unknown_volume_needs_review(judge: Judge) -> None:
    findings = judge("refined_petroleum", "CN", "KP", goods="diesel", date="2023-03-01")
    assert transfer_verdict(findings) == Verdict.NEEDS_REVIEW
    assert "UN-DPRK-REFINED-CAP" in measures(findings)


def test_jet_fuel_to_the_dprk_is_prohibited_whatever_the_volume(judge: Judge) -> None:
    findings = judge("refined_petroleum", "CN", "KP", goods="jet fuel", date="2023-03-01")
    assert "UN-DPRK-AVFUEL-TO" in measures(findings)
    assert transfer_verdict(findings) == Verdict.PROHIBITED


# --- luxury, workers, targeted groups ----------------------------------------------------------


def test_luxury_car_to_the_dprk_is_prohibited(judge: Judge) -> None:
    findings = judge(
        "luxury_goods", "RU", "KP", goods="a Russian-made Aurus limousine", date="2024-02-20"
    )
    assert _verdicts(findings) == {Verdict.PROHIBITED}
    assert {
        "UNSCR 1718 (2006) para 8(a)(iii)",
        "UNSCR 2094 (2013) para 23",
        "UNSCR 2397 (2017) para 7",  # a car is a transportation vehicle as well
    } <= citations(findings)


def test_workers_who_may_be_soldiers_need_review(judge: Judge) -> None:
    soldiers = judge("workers", "KP", "RU", goods="5,000 military construction workers")
    assert transfer_verdict(soldiers) == Verdict.NEEDS_REVIEW
    assert "UNSCR 2397 (2017) para 8" in citations(soldiers)
    workers = judge("workers", "KP", "RU", goods="13,000 workers on student visas")
    assert transfer_verdict(workers) == Verdict.PROHIBITED
    assert {"UNSCR 2397 (2017) para 8", "UNSCR 2375 (2017) para 17"} <= citations(workers)


def test_targeted_embargo_needs_the_targeted_group(judge: Judge) -> None:
    houthis = judge(
        "arms", "IR", "YE", goods="components for air-defence systems", recipient="the Houthis"
    )
    assert _verdicts(houthis) == {Verdict.PROHIBITED}
    assert {"UNSCR 2216 (2015) para 14", "UNSCR 2624 (2022)"} <= citations(houthis)
    government = judge("arms", "FR", "YE", goods="rifles", recipient="the Yemeni government")
    [finding] = [f for f in government if f.measure_id == "UN-YE-ARMS"]
    assert finding.verdict == Verdict.NEEDS_REVIEW
    assert "Houthi" in finding.rationale


# --- Russia: export controls and the price cap -------------------------------------------------


def test_chips_to_russia_via_a_third_country_need_their_origin(judge: Judge) -> None:
    unknown = judge("dual_use_electronics", "KG", "RU", goods="integrated circuits")
    assert _verdicts(unknown) == {Verdict.NEEDS_REVIEW}
    assert {"EU Reg. 833/2014 Art. 2a", "US EAR 15 CFR 746.8"} <= citations(unknown)
    assert all("applies only if" in f.rationale for f in unknown)

    american = judge(
        "dual_use_electronics",
        "KG",
        "RU",
        goods="microcontrollers made by American manufacturers",
    )
    assert {f.measure_id for f in american if f.verdict == Verdict.PROHIBITED} == {"US-RU-EAR"}
    assert "US origin" in american[0].rationale

    european = judge(
        "dual_use_electronics",
        "KG",
        "RU",
        goods="FPGAs made by European and American manufacturers",
    )
    prohibited = {f.authority for f in european if f.verdict == Verdict.PROHIBITED}
    assert prohibited == {"EU", "US"}


def test_chips_exported_from_the_eu_to_russia_are_prohibited(judge: Judge) -> None:
    findings = judge("dual_use_electronics", "DE", "RU", goods="microchips")
    assert transfer_verdict(findings) == Verdict.PROHIBITED
    assert "EU-RU-DUAL-USE" in measures(findings)
    assert "US-RU-EAR" not in measures(findings)  # no US link is named


def test_the_price_cap_binds_service_providers_not_the_cargo(judge: Judge) -> None:
    shadow = judge(
        "crude_oil",
        "RU",
        "IN",
        goods="700,000 barrels of Urals crude",
        sentence="A tanker loaded Russian crude at a price well above the Western cap.",
        date="2024-02-27",
    )
    assert _verdicts(shadow) == {Verdict.NEEDS_REVIEW}
    assert {
        "EU Reg. 833/2014 Art. 3n",
        "UK SI 2019/855 reg 46Z9B",
        "US EO 14071 s.1(a)(ii)",
    } <= citations(shadow)

    piraeus = judge(
        "crude_oil",
        "RU",
        None,
        goods="Russian oil at $71 a barrel",
        sentence="The cargo was carried by a tanker managed from Piraeus, at $71 a barrel.",
        date="2024-02-27",
    )
    assert [(f.verdict, f.measure_id) for f in piraeus] == [(Verdict.PROHIBITED, "EU-RU-PRICE-CAP")]
    assert piraeus[0].citation == "EU Reg. 833/2014 Art. 3n"

    under_cap = judge(
        "crude_oil",
        "RU",
        "IN",
        goods="Russian oil at $55 a barrel",
        sentence="The cargo was carried by a tanker managed from Piraeus.",
        date="2024-02-27",
    )
    assert transfer_verdict(under_cap) == Verdict.NOT_PROHIBITED


def test_unilateral_only_exposure_needs_review(judge: Judge) -> None:
    findings = judge("crude_oil", "IR", "CN", goods="Iranian crude", date="2024-07-09")
    assert _verdicts(findings) == {Verdict.NEEDS_REVIEW}
    assert {f.authority for f in findings} == {"US"}
    assert all("not a binding prohibition" in f.rationale for f in findings)


def test_every_prohibited_finding_carries_a_citation(judge: Judge) -> None:
    cases = [
        ("arms", "KP", "RU"),
        ("coal", "KP", "CN"),
        ("luxury_goods", "RU", "KP"),
        ("space_tech", "RU", "KP"),
        ("machinery", "CN", "KP"),
        ("seafood", "KP", "CN"),
    ]
    for category, supplier, recipient in cases:
        findings = judge(category, supplier, recipient)
        assert transfer_verdict(findings) == Verdict.PROHIBITED, category
        for finding in findings:
            assert finding.citation
            assert finding.measure_id
            assert finding.verification
            assert finding.citation.count(";") == finding.verification.count(";")


def test_no_measure_means_not_prohibited(judge: Judge) -> None:
    [finding] = judge("food", "RU", "EG", goods="wheat")
    assert finding.verdict == Verdict.NOT_PROHIBITED
    assert "no measure in force covers it" in finding.rationale


def test_transfer_verdict_orders_the_findings() -> None:
    assert transfer_verdict([]) == Verdict.NOT_PROHIBITED
    review = Finding(verdict=Verdict.NEEDS_REVIEW, rationale="r")
    banned = Finding(verdict=Verdict.PROHIBITED, rationale="p")
    assert transfer_verdict([review]) == Verdict.NEEDS_REVIEW
    assert transfer_verdict([review, banned]) == Verdict.PROHIBITED
