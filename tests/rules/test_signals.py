"""Signals read from a transfer's goods and sentence: caps, prices, origin, service providers."""

from __future__ import annotations

from sanctionwatch.rules.regimes import Rules


def test_volumes_and_prices(rules: Rules) -> None:
    read = rules.signals.read
    assert read("more than one million barrels of oil products", "").barrels == 1_000_000
    assert read("about 1.8 million barrels of crude", "").barrels == 1_800_000
    assert read("700,000 barrels", "").barrels == 700_000
    assert read("20,000 tonnes of anthracite", "").tonnes == 20_000
    assert read("Russian oil", "carried at $71 a barrel").usd_per_barrel == 71
    assert read("crude", "sold at 59.5 dollars per barrel").usd_per_barrel == 59.5
    assert read("fuel", "").barrels is None


def test_flags_origin_and_providers(rules: Rules) -> None:
    read = rules.signals.read
    sts = read("fuel", "a North Korean-flagged tanker lying alongside a foreign tanker")
    assert {"ship_to_ship", "dprk_flagged"} <= sts.flags
    assert "above_cap" in read("oil products", "double the annual ceiling").flags
    assert "within_cap" in read("diesel", "within the UN cap").flags
    assert "military_personnel" in read("military construction workers", "").flags
    # Goods-scoped flags ignore the sentence, which may describe other transfers.
    assert "military_personnel" not in read("workers", "and 1,000 soldiers").flags
    made = read("FPGAs made by European and American manufacturers", "")
    assert made.origins == {"EU", "US"}
    assert made.origin_state("UK") is False
    assert read("chips", "").origin_state("US") is None
    assert read("Chinese-made modules", "").origin_state("EU") is False
    assert read("crude", "a tanker managed from Piraeus").providers == {"EU"}
    assert read("crude", "insured in London").providers == {"UK"}
