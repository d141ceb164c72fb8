"""Listed parties of a transfer become `listed_party` findings with list, programme and date."""

from __future__ import annotations

from sanctionwatch.extract.records import Verdict
from sanctionwatch.rules.evaluate import Listing, evaluate_parties
from sanctionwatch.rules.regimes import Rules
from tests.rules.conftest import MakeTransfer

OFAC = "Office of Foreign Assets Control"


def test_a_listed_supplier_gives_a_listed_party_finding(
    make_transfer: MakeTransfer, rules: Rules
) -> None:
    transfer = make_transfer(
        "crude_oil",
        "RU",
        "IN",
        supplier="Rosneft",
        supplier_entity="ofac-1",
        date="2025-11-01",
    )
    listings = {"ofac-1": [(OFAC, "RUSSIA-EO14024", "2025-10-22")]}
    [finding] = evaluate_parties(transfer, 2, listings, rules)
    assert finding.verdict == Verdict.LISTED_PARTY
    assert finding.transfer == 2
    assert finding.entity_id == "ofac-1"
    assert finding.authority == OFAC
    assert finding.measure_id == "US-RU-EO14024-BLOCKING"
    assert finding.citation == "US EO 14024 s.1"
    assert "the supplier Rosneft is listed by" in finding.rationale
    assert "RUSSIA-EO14024 since 2025-10-22" in finding.rationale
    assert "after the article's date" not in finding.rationale


def test_recipient_and_vessels_through_a_callable_lookup(
    make_transfer: MakeTransfer, rules: Rules
) -> None:
    transfer = make_transfer(
        "refined_petroleum",
        None,
        "KP",
        recipient_entity="un-KPe.001",
        vessel_entities=["un-vessel-1", "un-vessel-1"],
        date="2017-01-01",
    )

    def lookup(entity_id: str) -> list[Listing]:
        return [("United Nations Security Council", "DPRK", "2018-03-30")]

    findings = evaluate_parties(transfer, 0, lookup, rules)
    assert [(f.entity_id, f.measure_id) for f in findings] == [
        ("un-KPe.001", "UN-DPRK-ASSET-FREEZE-TRAVEL"),
        ("un-vessel-1", "UN-DPRK-ASSET-FREEZE-TRAVEL"),
    ]
    assert all("(listed after the article's date)" in f.rationale for f in findings)
    assert "UNSCR 1718 (2006) para 8(d)" in (findings[0].citation or "")


def test_unlinked_or_unlisted_parties_give_nothing(
    make_transfer: MakeTransfer, rules: Rules
) -> None:
    transfer = make_transfer("arms", "KP", "RU", supplier_entity="ofac-2")
    assert evaluate_parties(transfer, 0, {}, rules) == []
    assert evaluate_parties(make_transfer("arms", "KP", "RU"), 0, {"x": []}, rules) == []


def test_an_entry_without_a_known_measure_still_counts(
    make_transfer: MakeTransfer, rules: Rules
) -> None:
    transfer = make_transfer("arms", "KP", "RU", supplier_entity="ofac-3", supplier="X Co")
    [finding] = evaluate_parties(transfer, None, {"ofac-3": [(OFAC, "SDGT", None)]}, rules)
    assert finding.measure_id is None
    assert finding.citation is None
    assert finding.transfer is None
    assert finding.rationale == f"the supplier X Co is listed by {OFAC} under SDGT"
