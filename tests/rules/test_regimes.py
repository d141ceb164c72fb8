"""The regime files validate, and invalid data fails with the file and the measure named."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sanctionwatch.exceptions import ParseError
from sanctionwatch.rules.regimes import Rules, load_rules
from sanctionwatch.rules.schema import CITATION_FORM
from tests.conftest import ROOT
from tests.rules.conftest import DATA


def test_packaged_regimes_validate(rules: Rules) -> None:
    names = {Path(f).name for f in rules.files}
    assert {
        "un_dprk.yaml",
        "un_iran.yaml",
        "un_arms_embargoes.yaml",
        "eu_russia.yaml",
        "us_russia.yaml",
        "uk_russia.yaml",
    } <= names
    ids = [m.id for m in rules.measures]
    assert len(ids) == len(set(ids))
    assert {r.id for r in rules.regimes} >= {
        "UN-DPRK", "UN-IRAN", "UN-LIBYA", "UN-SOUTH-SUDAN", "UN-DRC", "UN-CAR", "UN-AL-SHABAAB",
        "UN-YEMEN", "UN-HAITI", "UN-SUDAN", "UN-ISIL-AQ", "UN-TALIBAN", "UN-LEBANON", "UN-IRAQ",
        "EU-RUSSIA", "US-RUSSIA", "UK-RUSSIA",
    }  # fmt: skip
    for measure in rules.measures:
        assert measure.citations, measure.id
        assert all(c.verification for c in measure.citations)
        assert len(measure.citation.split("; ")) == len(measure.citation_verification.split("; "))
        assert (measure.categories | measure.review_categories) <= set(rules.taxonomy.categories)


@pytest.mark.parametrize(
    "citation",
    [
        "UNSCR 1718 (2006) para 8(b)",
        "UNSCR 1718 (2006) para 8(a)(iii)",
        "UNSCR 2231 (2015) Annex B para 4",
        "UNSCR 2624 (2022)",
        "EU Reg. 833/2014 Art. 3n",
        "EU Dec. 2014/512/CFSP Art. 2",
        "UK SI 2019/855 reg 46Z9B",
        "UK SI 2019/855 regs 11-15",
        "US EO 14071 s.1(a)(ii)",
        "US EO 14024 s.1",
        "US EAR 15 CFR 746.8",
    ],
)
def test_citation_forms_of_the_dev_set_are_accepted(citation: str) -> None:
    assert CITATION_FORM.match(citation)


def test_key_citations_and_their_verification(rules: Rules) -> None:
    arms_from = rules.measure("UN-DPRK-ARMS-FROM")
    assert arms_from.citation == "UNSCR 1718 (2006) para 8(b); UNSCR 1874 (2009) para 9"
    assert arms_from.citation_verification == "partially-verified; from-memory"
    assert arms_from.weakest_verification == "from-memory"
    assert rules.measure("UN-DPRK-REFINED-CAP").citations[0].verification == "verified-in-source"
    assert rules.measure("EU-RU-PRICE-CAP").citation == "EU Reg. 833/2014 Art. 3n"


def test_in_force_follows_adoption_lifting_and_restoration(rules: Rules) -> None:
    arms_to_iran = rules.measure("UN-IRAN-ARMS-TO")
    assert arms_to_iran.in_force(date(2012, 1, 1))
    assert not arms_to_iran.in_force(date(2024, 9, 11))  # lifted on Implementation Day
    assert arms_to_iran.in_force(date(2025, 9, 27))  # restored by the snapback
    missile_items = rules.measure("UN-IRAN-2231-MISSILE")
    assert missile_items.in_force(date(2022, 10, 19))
    assert not missile_items.in_force(date(2023, 10, 18))
    assert not rules.measure("UN-DPRK-TEXTILES-FROM").in_force(date(2017, 9, 10))


def test_persons_measures_stand_behind_list_entries(rules: Rules) -> None:
    [us] = rules.measures_for_listing("Office of Foreign Assets Control", "RUSSIA-EO14024")
    assert us.id == "US-RU-EO14024-BLOCKING"
    [un] = rules.measures_for_listing("United Nations Security Council", "DPRK")
    assert un.id == "UN-DPRK-ASSET-FREEZE-TRAVEL"
    assert rules.measures_for_listing("Office of Foreign Assets Control", "SDGT") == []


GOOD = """\
version: 1
regimes:
  - id: X-TEST
    authority: UNSC
    name: test
    targets: [KP]
    scope: country
    status: in_force
    measures:
      - id: X-ONE
        instrument: "S/RES/1718 (2006)"
        paragraph: "8(b)"
        citations: [{text: "UNSCR 1718 (2006) para 8(b)", verification: partially-verified}]
        summary: s
        rationale: r
        direction: from_target
        categories: [arms]
        effective: 2006-10-14
        status: in_force
        verification: partially-verified
"""


def _rules_dir(tmp_path: Path, text: str, name: str = "x_test.yaml") -> Path:
    shutil.copy(DATA / "signals.yaml", tmp_path / "signals.yaml")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_minimal_regime_file_loads(tmp_path: Path) -> None:
    rules = load_rules(_rules_dir(tmp_path, GOOD))
    assert [m.id for m in rules.measures] == ["X-ONE"]
    assert rules.measures[0].targets == frozenset({"KP"})


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("categories: [arms]", "categories: [weapons]", "unknown goods categories ['weapons']"),
        ("targets: [KP]", "targets: [XX]", "'XX' is not an ISO 3166-1 alpha-2 code"),
        ('citations: [{text: "UNSCR 1718 (2006) para 8(b)", verification: partially-verified}]',
         "citations: []", "citations"),
        ("verification: partially-verified}]", "verification: checked}]", "verification"),
        ('"UNSCR 1718 (2006) para 8(b)"', '"Resolution 1718, 8b"', "uniform short form"),
        ("effective: 2006-10-14", "effective: 2006-13-14", "effective"),
        ("status: in_force\n        verification", "status: terminated\n        verification",
         "needs an ended date"),
        ("authority: UNSC", "authority: EU\n    jurisdiction: [DE]", "nexus"),
        ("direction: from_target", "direction: sideways", "direction"),
    ],
)  # fmt: skip
def test_invalid_data_names_file_and_measure(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD
    directory = _rules_dir(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ParseError) as caught:
        load_rules(directory)
    text = str(caught.value)
    assert "x_test.yaml" in text
    assert message in text
    assert "X-ONE" in text or "X-TEST" in text


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    directory = _rules_dir(tmp_path, GOOD)
    (directory / "y_test.yaml").write_text(GOOD.replace("X-TEST", "Y-TEST"), encoding="utf-8")
    with pytest.raises(ParseError, match=r"y_test\.yaml: measure X-ONE: duplicate id"):
        load_rules(directory)


def test_missing_signals_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ParseError, match="signals file missing"):
        load_rules(tmp_path)


def test_docs_name_every_regime_file_and_flag(rules: Rules) -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for name in {Path(f).name for f in rules.files} | {"signals.yaml"}:
        assert name in docs, name
    for flag in ("verified-in-source", "partially-verified", "from-memory", "unchecked"):
        assert f"`{flag}`" in docs
