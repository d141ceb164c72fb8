"""The `sw-v2` features one by one."""

from __future__ import annotations

import pytest

from sanctionwatch.screening.model import normalize_identifier
from sanctionwatch.screening.names import Category, analyze
from sanctionwatch.screening.score import (
    NAME_SCALE,
    QueryName,
    WeightedName,
    align,
    birth_date_agreement,
    birth_date_feature,
    confidence,
    country_feature,
    identifier_feature,
    slot_similarity,
)


def _listed(text: str) -> WeightedName:
    name = analyze(text, Category.PERSON)
    return WeightedName(name, tuple(1.0 for _ in name.slots), tuple(5.0 for _ in name.slots))


def _query(text: str) -> QueryName:
    name = analyze(text, Category.PERSON)
    return QueryName(name, tuple(1.0 for _ in name.slots), tuple(5.0 for _ in name.slots))


@pytest.mark.parametrize(
    ("query", "listed", "date", "label"),
    [
        ("1984-01-08", ("1984-01-08",), "1984-01-08", "exact"),
        ("1984-01", ("1984-01-08",), "1984-01-08", "month"),
        ("1984", ("1984-01-08",), "1984-01-08", "year"),
        ("1984-08-01", ("1984-01-08",), "1984-01-08", "near"),  # day and month swapped
        ("1985", ("1984-01-08",), "1984-01-08", "near"),  # within the tolerance
        ("1990", ("1984-01-08",), "1984-01-08", "contradiction"),
        ("1983", ("1980", "1981", "1982", "1983"), "1983", "year"),  # a range, every year
    ],
)
def test_birth_date_agreement(query: str, listed: tuple[str, ...], date: str, label: str) -> None:
    assert birth_date_agreement(query, listed, 1) == (label, date)


def test_missing_birth_date_is_neutral() -> None:
    assert birth_date_agreement(None, ("1984",), 1) is None
    assert birth_date_agreement("1984", (), 1) is None
    assert birth_date_feature(0.8, "1984", (), None) == (0.8, None)


def test_birth_date_contradiction_costs_and_agreement_adds() -> None:
    worse, feature = birth_date_feature(0.9, "1990", ("1984",), ("contradiction", "1984"))
    assert feature is not None
    assert worse < 0.9
    assert feature.weight == pytest.approx(worse - 0.9, abs=1e-4)
    better, _ = birth_date_feature(0.9, "1984-01-08", ("1984-01-08",), ("exact", "1984-01-08"))
    assert better > 0.9


def test_country_feature() -> None:
    assert country_feature(0.8, frozenset(), frozenset({"kp"})) == (0.8, None)
    agree, _ = country_feature(0.8, frozenset({"kp"}), frozenset({"kp", "cn"}))
    differ, feature = country_feature(0.8, frozenset({"fr"}), frozenset({"kp"}))
    assert agree > 0.8 > differ
    assert feature is not None
    assert "fr vs kp" in feature.detail


def test_identifier_floor_and_contradiction() -> None:
    listed = {"imo": frozenset({"8660313"})}
    renamed, feature = identifier_feature(0.0, 0.0, {"imo": frozenset({"8660313"})}, listed)
    assert renamed >= 0.9
    assert feature is not None
    assert feature.value == 1.0
    other, against = identifier_feature(0.9, 1.0, {"imo": frozenset({"1234567"})}, listed)
    assert other < 0.6
    assert against is not None
    assert against.weight < 0
    # A different passport number is no contradiction: people hold several.
    assert identifier_feature(0.9, 1.0, {"doc": frozenset({"X1"})}, {"doc": frozenset({"Y2"})}) == (
        0.9,
        None,
    )


@pytest.mark.parametrize(
    ("kind", "raw", "clean"),
    [
        ("imo", "IMO 9179842", "9179842"),
        ("imo", "IMO9179842", "9179842"),
        ("mmsi", "445-118-000", "445118000"),
        ("doc", "No. 72 123-4567", "NO721234567"),
        ("doc", "12", None),
        ("imo", "123", None),
    ],
)
def test_identifiers_normalised(kind: str, raw: str, clean: str | None) -> None:
    assert normalize_identifier(kind, raw) == clean


def test_token_similarity_is_exact_phonetic_or_strict_fuzzy() -> None:
    def sim(a: str, b: str) -> float:
        x = analyze(a, Category.PERSON).slots[0]
        y = analyze(b, Category.PERSON).slots[0]
        return slot_similarity(x, y)[0]

    assert sim("kim", "kim") == 1.0
    assert 0.8 < sim("chong", "jong") < 1.0  # phonetic
    assert 0.6 < sim("putim", "putin") < 0.9  # one typo
    assert sim("putin", "potanin") < 0.6  # two edits in seven letters: not aligned
    assert sim("v", "vladimir") == 0.6  # an initial


def test_alignment_ignores_order_and_joins_split_words() -> None:
    assert align(_query("Vladimir Putin"), _listed("PUTIN, Vladimir")).similarity == 1.0
    joined = align(_query("Kim Jongun"), _listed("KIM Jong Un"))
    assert joined.similarity == 1.0
    assert "joined" in joined.hows


def test_information_discount() -> None:
    assert confidence(9.0) == 1.0
    assert confidence(3.0) < 0.5
    assert NAME_SCALE < 1.0  # a name alone never reaches 1.0
