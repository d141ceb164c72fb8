"""Certainty: the trigger's clause, who says so, and a party's denial or acknowledgement."""

from __future__ import annotations

import pytest

from sanctionwatch.extract.certainty import ACKNOWLEDGED, DENIED, Stance, Stances
from sanctionwatch.extract.parties import Party
from sanctionwatch.extract.records import Certainty
from tests.extract.conftest import Extract


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the outlet's own voice
        ("North Korea exported 12,000 tonnes of coal to China in January.", Certainty.CONFIRMED),
        # the outlet's own review of records
        (
            "The records, reviewed by this publication, show that a Dubai company sold microchips "
            "to a Russian drone maker.",
            Certainty.CONFIRMED,
        ),
        # on a third party's word
        (
            "Iran supplied Russia with Shahed drones in 2023, according to U.S. officials.",
            Certainty.ALLEGED,
        ),
        ("The tanker is believed to have carried Iranian crude to China.", Certainty.ALLEGED),
        # prospective
        (
            "Russia plans to deliver Su-35 fighter jets to Iran next year, the agency reported.",
            Certainty.PLANNED,
        ),
        (
            "North Korea will send 3,000 workers to Russia next year, officials in Moscow said.",
            Certainty.PLANNED,
        ),
        (
            "Pyongyang wants Moscow to supply it with diesel, diplomats said.",
            Certainty.PLANNED,
        ),
        # a possibility only
        (
            "Analysts say China could supply Russia with artillery shells if the war drags on.",
            Certainty.SPECULATIVE,
        ),
        (
            "Russia may transfer submarine technology to North Korea, some analysts believe.",
            Certainty.SPECULATIVE,
        ),
    ],
)
def test_clause_certainty(transfers: Extract, text: str, expected: str) -> None:
    found = transfers(text)
    assert found
    assert {t.certainty for t in found} == {expected}


def test_a_party_denying_makes_it_denied(transfers: Extract) -> None:
    text = (
        "U.S. intelligence says Iran has sent ballistic missiles to Russia.\n\n"
        "Tehran has rejected the claims as baseless."
    )
    assert [t.certainty for t in transfers(text)] == [Certainty.DENIED]


def test_a_denial_covers_only_the_goods_it_names(transfers: Extract) -> None:
    text = (
        "Ukraine says Iran has shipped Shahed drones to Russia. It also says Iranian instructors "
        "trained Russian crews in Crimea.\n\nTehran denied sending any weapons."
    )
    found = {t.category: t.certainty for t in transfers(text)}
    assert found == {"missiles": Certainty.DENIED, "military_tech": Certainty.ALLEGED}


def test_a_denial_by_someone_else_does_not_count(transfers: Extract) -> None:
    text = (
        "Officials say North Korea shipped coal to China. Seoul denied buying any coal from the "
        "North."
    )
    assert [t.certainty for t in transfers(text)] == [Certainty.ALLEGED]


def test_a_generic_statement_is_no_denial(transfers: Extract) -> None:
    text = (
        "Investigators say a Chinese firm sold drone engines to Iran. Beijing fully implements "
        "Security Council resolutions, a spokesman said."
    )
    assert [t.certainty for t in transfers(text)] == [Certainty.ALLEGED]


def test_a_party_acknowledging_makes_it_confirmed(transfers: Extract) -> None:
    text = "The ministry said Iran had sent 200 missiles to Russia, and Moscow acknowledged it."
    assert [t.certainty for t in transfers(text)] == [Certainty.CONFIRMED]


def test_a_party_speaking_is_an_acknowledgement(transfers: Extract) -> None:
    text = (
        "Russian President Vladimir Putin gave North Korean leader Kim Jong Un a limousine, North "
        "Korea's state news agency KCNA said."
    )
    assert [t.certainty for t in transfers(text)] == [Certainty.CONFIRMED]


def test_declining_to_confirm_is_neither(transfers: Extract) -> None:
    text = (
        "Officials say Iran sent missiles to Russia. The Kremlin declined to confirm the "
        "deliveries."
    )
    assert [t.certainty for t in transfers(text)] == [Certainty.ALLEGED]


def test_stances_take_precedence_in_order() -> None:
    iran = Party("Iran", "IR", "country")
    russia = Party("Russia", "RU", "country")
    denial = Stance(DENIED, 3, frozenset({"IR"}), frozenset(), frozenset({"missiles"}))
    acknowledgement = Stance(ACKNOWLEDGED, 4, frozenset({"RU"}), frozenset(), None)
    stances = Stances([denial, acknowledgement])
    assert stances.certainty(Certainty.ALLEGED, iran, russia, "missiles") == Certainty.DENIED
    assert stances.certainty(Certainty.CONFIRMED, iran, russia, "missiles") == Certainty.DENIED
    assert stances.certainty(Certainty.ALLEGED, iran, russia, "aircraft") == Certainty.CONFIRMED
    assert stances.certainty(Certainty.PLANNED, iran, russia, "missiles") == Certainty.PLANNED
    assert stances.certainty(Certainty.SPECULATIVE, iran, russia, "missiles") == (
        Certainty.SPECULATIVE
    )


def test_a_ship_managers_denial_covers_its_voyage() -> None:
    denial = Stance(DENIED, 5, frozenset(), frozenset({"aegean", "star", "manager"}), None)
    russia = Party("Russia", "RU", "country")
    assert (
        Stances([denial]).certainty(
            Certainty.CONFIRMED, russia, None, "crude_oil", ("Aegean Star",)
        )
        == Certainty.DENIED
    )
    assert (
        Stances([denial]).certainty(Certainty.CONFIRMED, russia, None, "crude_oil", ("Volga One",))
        == Certainty.CONFIRMED
    )
