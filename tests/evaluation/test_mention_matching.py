"""How `eval mentions` decides that a mention and a gold party name the same party."""

from __future__ import annotations

import pytest

from sanctionwatch.evaluation.mentions import corresponds, words


def test_words_fold_case_accents_articles_and_possessives() -> None:
    assert words("The Kremlin's") == ("kremlin",)
    assert words("José Martí") == ("jose", "marti")


@pytest.mark.parametrize(
    ("mention", "party"),
    [
        ("Kim", "Kim Jong-un"),
        ("Vladimir V. Putin", "Vladimir Putin"),
        ("the Wagner Group", "Wagner Group"),
        ("EU", "European Union"),
        ("European Union", "EU"),
        ("UN", "United Nations"),
        ("KCNA", "Korean Central News Agency"),
        ("UN", "UN Security Council"),
    ],
)
def test_same_party(mention: str, party: str) -> None:
    assert corresponds(mention, party)


@pytest.mark.parametrize(
    ("mention", "party"),
    [
        ("Kim Yo Jong", "Kim Jong-un"),
        ("EU", "Eurasian Economic Union"),  # initials EEU
        ("UN", "Security Council"),
        ("AIS", "Automatic Identification"),
        ("K", "Korea"),
        ("", "Korea"),
    ],
)
def test_other_party(mention: str, party: str) -> None:
    assert not corresponds(mention, party)
