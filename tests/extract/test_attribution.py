"""Attribution: who says so, worded as in the text; None for the outlet's own voice."""

from __future__ import annotations

import pytest

from tests.extract.conftest import Extract


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X said" after the claim, and before it
        (
            "North Korea has sent Russia about 2,000 containers of munitions, Seoul said.",
            "Seoul",
        ),
        (
            "U.S. intelligence says Iran has sent ballistic missiles to Russia.",
            "U.S. intelligence",
        ),
        # "X told reporters that ..."
        (
            "Japanese officials told reporters that two tankers had transferred diesel to North "
            "Korean-flagged ships.",
            "Japanese officials",
        ),
        # "according to X", and to a document by X
        (
            "Iran supplied Russia with Shahed drones in 2023, according to U.S. officials.",
            "U.S. officials",
        ),
        (
            "According to a report by the UN panel of experts, North Korea shipped coal to "
            "Vietnam in 2023.",
            "the UN panel of experts",
        ),
        # a parenthetical reporting clause
        (
            "In return, the minister said, Pyongyang has received wheat and other food from "
            "Moscow.",
            "the minister",
        ),
        # the speaker the parser left without a subject ("..., X, said")
        (
            "Russia appears to have supplied North Korea with air-defence missiles, South Korea's "
            "adviser, Lee Jae-won, said on Friday.",
            "South Korea's adviser, Lee Jae-won",
        ),
        # the outlet's own voice and its own review of documents
        ("North Korea exported 12,000 tonnes of coal to China in January.", None),
        (
            "A tanker loaded Iranian crude at Kharg Island, according to shipping documents "
            "reviewed by this publication.",
            None,
        ),
    ],
)
def test_attributed_to(transfers: Extract, text: str, expected: str | None) -> None:
    found = transfers(text)
    assert found
    assert {t.attributed_to for t in found} == {expected}


def test_a_pronoun_speaker_is_the_previous_source(transfers: Extract) -> None:
    text = (
        "Researchers at the institute tracked the voyages. They said the ships had delivered "
        "fuel to North Korea."
    )
    assert [t.attributed_to for t in transfers(text)] == ["Researchers at the institute"]


def test_a_short_form_is_given_as_first_named(transfers: Extract) -> None:
    text = (
        "American and allied officials said Kim Jong Un would travel to Russia. North Korea "
        "will send Russia artillery shells, the officials said."
    )
    assert [t.attributed_to for t in transfers(text)] == ["American and allied officials"]


def test_a_blockquote_is_the_quoted_partys(transfers: Extract) -> None:
    first = "The defence ministry briefed reporters on Monday."
    quote = "Pyongyang has shipped thousands of rockets to Russia this year."
    last = "Defence ministry spokesman Lee Jae-won said the figures came from intelligence."
    text = f"{first}\n\n{quote}\n\n{last}"
    start = text.index(quote)
    found = transfers(text, quotes=[(start, start + len(quote))])
    assert [t.attributed_to for t in found] == ["Defence ministry spokesman Lee Jae-won"]
