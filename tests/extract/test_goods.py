"""The goods taxonomy validates, and the classifier finds goods the way news writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.exceptions import ParseError
from sanctionwatch.extract.goods import (
    GoodsClassifier,
    classify_goods,
    goods_categories,
    goods_taxonomy,
    load_goods_taxonomy,
)

DEV_CATEGORIES = {
    "arms", "ammunition", "missiles", "ballistic_missile_tech", "nuclear_tech", "space_tech",
    "military_tech", "aircraft", "crude_oil", "refined_petroleum", "coal", "iron_ore", "metals",
    "seafood", "textiles", "food", "luxury_goods", "dual_use_electronics", "machinery",
    "vehicles", "workers", "financial", "unknown_cargo", "other",
}  # fmt: skip


def test_taxonomy_has_the_dev_set_categories_and_hs_codes() -> None:
    taxonomy = goods_taxonomy()
    assert set(taxonomy.categories) >= DEV_CATEGORIES
    assert set(taxonomy.required) == DEV_CATEGORIES
    assert "93" in taxonomy.categories["arms"].hs_codes
    assert "2710" in taxonomy.categories["refined_petroleum"].hs_codes
    assert taxonomy.is_unclear("other")
    assert taxonomy.is_unclear("unknown_cargo")
    assert not taxonomy.is_unclear("food")
    assert taxonomy.is_unclear("no_such_category")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The origin article: coordinated goods give one match each.
        ("artillery shells and antitank missiles", [("ammunition", "artillery shells"),
                                                    ("arms", "antitank missiles")]),
        ("advanced technology for satellites and nuclear-powered submarines",
         [("space_tech", "satellites"), ("nuclear_tech", "nuclear-powered submarines")]),
        ("grain and other food supplies", [("food", "grain"), ("food", "food supplies")]),
        # Systems and calibres as news names them.
        ("dozens of KN-23 and KN-24 ballistic missiles",
         [("missiles", "KN-23"), ("missiles", "KN-24"), ("missiles", "ballistic missiles")]),
        ("Shahed-136 drones, fielded as Geran-2",
         [("missiles", "Shahed-136"), ("aircraft", "drones"), ("missiles", "Geran-2")]),
        ("close-range Fath-360 missiles", [("missiles", "Fath-360"), ("missiles", "missiles")]),
        ("Iskander-M launchers", [("missiles", "Iskander-M")]),
        ("Su-35 fighter jets", [("aircraft", "Su-35"), ("aircraft", "fighter jets")]),
        ("3 million rounds of 152mm artillery ammunition",
         [("ammunition", "152mm artillery ammunition")]),
        ("152mm rounds and 122mm rockets",
         [("ammunition", "152mm rounds"), ("ammunition", "122mm rockets")]),
        ("170mm Koksan self-propelled guns", [("arms", "170mm Koksan self-propelled guns")]),
        ("smuggled microchips", [("dual_use_electronics", "microchips")]),
        ("microchips and semiconductors", [("dual_use_electronics", "microchips"),
                                          ("dual_use_electronics", "semiconductors")]),
        ("a ship-to-ship transfer", [("vessels", "ship-to-ship transfer")]),
        ("a Russian-made Aurus limousine", [("luxury_goods", "Aurus"),
                                            ("luxury_goods", "limousine")]),
        ("thousands of soldiers", [("other", "soldiers")]),
        ("5,000 military construction workers", [("workers", "military construction workers")]),
    ],
)  # fmt: skip
def test_classifier_finds_goods(text: str, expected: list[tuple[str, str]]) -> None:
    matches = classify_goods(text)
    assert [(m.category, m.phrase) for m in matches] == expected
    for match in matches:
        assert text[match.start : match.end] == match.phrase


def test_longest_match_wins_and_carries_its_own_hs_codes() -> None:
    [submarine] = classify_goods("nuclear-powered submarines")
    assert submarine.category == "nuclear_tech"
    assert submarine.hs_codes == ("8401", "8906.10")
    assert submarine.also == ("arms",)  # a nuclear submarine is also a warship
    [car] = classify_goods("a limousine")
    assert car.hs_codes == ("8703",)
    assert car.also == ("vehicles",)


def test_matching_is_case_insensitive_on_word_boundaries() -> None:
    assert goods_categories("ARTILLERY SHELLS") == ["ammunition"]
    assert goods_categories("anti tank missiles") == ["arms"]
    assert goods_categories("the coalition and the coalfield") == []
    assert goods_categories("a Grad launcher") == ["arms"]
    assert goods_categories("a grad student") == []  # the system name is case-sensitive


def test_stop_phrases_and_fallback_categories() -> None:
    assert goods_categories("satellite imagery of the port") == []
    assert goods_categories("Kim's armoured train") == []
    assert goods_categories("shipping containers") == ["unknown_cargo"]
    # Unidentified cargo is reported only when nothing more specific is found.
    assert goods_categories("containers of military equipment and munitions") == [
        "arms",
        "ammunition",
    ]


def test_classifier_over_a_custom_taxonomy(tmp_path: Path) -> None:
    path = tmp_path / "goods.yaml"
    path.write_text(
        "version: 1\nrequired: [widgets]\ncategories:\n"
        "  widgets:\n    label: Widgets\n    hs: [{code: '8479', desc: Machines}]\n"
        "    terms: [{name: w, phrases: [blue widget]}]\n",
        encoding="utf-8",
    )
    classifier = GoodsClassifier(load_goods_taxonomy(path))
    [match] = classifier.classify("two Blue-Widgets")
    assert (match.category, match.phrase, match.hs_codes) == ("widgets", "Blue-Widgets", ("8479",))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  a:\n    label: A\n    terms: [{name: x, phrases: [gizmo]}]\n"
         "  b:\n    label: B\n    terms: [{name: y, phrases: [gizmos]}]\n", "in both a and b"),
        ("  a:\n    label: A\n    terms: [{name: x, phrases: [gizmo], also: [nope]}]\n",
         "unknown categories in also"),
        ("  a:\n    label: A\n    hs: [{code: '9x', desc: bad}]\n"
         "    terms: [{name: x, phrases: [gizmo]}]\n", "not dd, dddd or dddd.dd"),
        ("  a:\n    label: A\n    terms: [{name: x, patterns: ['(']}]\n", "does not compile"),
    ],
)  # fmt: skip
def test_invalid_taxonomy_names_file_and_problem(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "goods.yaml"
    path.write_text(f"version: 1\nrequired: [a]\ncategories:\n{body}", encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        load_goods_taxonomy(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
