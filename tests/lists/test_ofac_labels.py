"""The OFAC label table (`data/ofac_labels.yml`) and the checks made when it is loaded."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from sanctionwatch.lists import ofac_labels
from sanctionwatch.lists.ofac_labels import LabelTable, feature, feature_kind, label_key


def table(features: list[dict[str, Any]], provisions: list[str] | None = None) -> dict[str, Any]:
    needed = {"kind": "doc", "labels": [ofac_labels.GAZETTE, ofac_labels.VESSEL_ID]}
    crypto = {"kind": "crypto", "labels": [ofac_labels.CRYPTO]}
    return {"features": [needed, crypto, *features], "provisions": provisions or []}


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Passport", "doc"),
        ("  National ID No.: ", "doc"),
        ("Vessel Registration Identification", "doc"),
        ("Other Vessel Flag", "country"),
        ("Organization Established Date", "date"),
        ("Email Address", "prop"),
        ("Linked To:", "skip"),
        ("Digital Currency Address - XBT", "crypto"),
        ("Secondary sanctions risk:", "provision"),
        ("Executive Order 13846 information:", "provision"),
        ("Favourite Colour", ""),
    ],
)
def test_feature_kind(label: str, kind: str) -> None:
    assert feature_kind(label) == kind


def test_feature_properties() -> None:
    assert feature(label_key("Tax ID No.")) == ("doc", "taxNumber")
    assert feature(label_key("Former Vessel Flag")) == ("country", "pastFlags")
    assert feature(label_key("Aircraft Mode S Transponder Code")) == ("doc", "")
    assert feature("unknown") == ("", "")


def test_known_labels_are_longest_first() -> None:
    labels = ofac_labels.known_labels()
    assert labels.index("passport booklet") < labels.index("passport")
    assert "secondary sanctions risk" in labels
    assert len(labels) == len(set(labels))


def test_the_packaged_table_loads() -> None:
    loaded = ofac_labels.load_table()
    assert any("swift/bic" in f.labels for f in loaded.features)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (table([{"kind": "doc", "property": "passportNumber", "labels": ["passport"]}] * 2),
         "appears twice"),
        (table([{"kind": "prop", "property": "favouriteColour", "labels": ["colour"]}]),
         "no FtM schema has a property"),
        (table([{"kind": "prop", "property": "email", "labels": ["Email Address:"]}]),
         "not written as label_key writes it"),
        (table([{"kind": "guess", "labels": ["x"]}]), "Input should be"),
        (table([{"kind": "prop", "labels": []}]), "at least 1 item"),
        ({"features": [], "provisions": []}, "labels the parser relies on are missing"),
        (table([], provisions=[ofac_labels.GAZETTE]), "appears twice"),
    ],
)  # fmt: skip
def test_a_broken_table_is_rejected(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        LabelTable.model_validate(data)
