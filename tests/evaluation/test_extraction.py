"""Extraction figures on a small gold file written for this test."""

from __future__ import annotations

from typing import Any

import pytest

from sanctionwatch.evaluation.extraction import gold_transfers, score_extraction
from sanctionwatch.exceptions import InputError
from sanctionwatch.extract.records import Certainty, Transfer


def gold(
    from_country: str | None,
    to_country: str | None,
    category: str,
    certainty: str = Certainty.ALLEGED,
) -> dict[str, Any]:
    return {
        "from": from_country,
        "to": to_country,
        "from_country": from_country,
        "to_country": to_country,
        "goods": category,
        "category": category,
        "certainty": certainty,
    }


def record(doc_id: str, transfers: list[dict[str, Any]], verdicts: list[Any]) -> dict[str, Any]:
    return {
        "id": doc_id,
        "date": "2024-03-01",
        "text": "...",
        "gold": {
            "reports_transfer": bool(transfers),
            "transfers": transfers,
            "expected_verdicts": [
                {"transfer_index": i, "verdict": v, "measures": list(m)}
                for i, (v, m) in enumerate(verdicts)
            ],
        },
    }


def predicted(
    doc_id: str,
    supplier: str | None,
    recipient: str | None,
    category: str,
    goods: str,
    certainty: str = Certainty.ALLEGED,
) -> Transfer:
    return Transfer(
        doc_id=doc_id,
        sentence=f"{supplier} sent {goods} to {recipient}.",
        sentence_index=0,
        goods=goods,
        category=category,
        supplier_country=supplier,
        recipient_country=recipient,
        date="2024-03-01",
        certainty=certainty,
    )


ARMS_FROM = ("UNSCR 1718 (2006) para 8(b)", "UNSCR 1874 (2009) para 9")
RECORDS = [
    record(
        "a1",
        [gold("KP", "RU", "ammunition"), gold("RU", "KP", "food", Certainty.PLANNED)],
        [("prohibited", ARMS_FROM), ("not_prohibited", ())],
    ),
    record("a2", [gold("IR", "RU", "missiles", Certainty.DENIED)], [("needs_review", ())]),
    record("n1", [], []),
    record("n2", [], []),
]


@pytest.fixture
def figures() -> dict[str, Any]:
    return score_extraction(
        RECORDS,
        {
            "a1": [
                predicted("a1", "KP", "RU", "ammunition", "artillery shells"),
                predicted("a1", "KP", "RU", "ammunition", "shells"),  # counted once only
                predicted("a1", "RU", "KP", "food", "wheat", Certainty.CONFIRMED),
            ],
            "n2": [predicted("n2", "KP", "CN", "coal", "coal")],
        },
    )


def test_transfer_precision_recall_f1(figures: dict[str, Any]) -> None:
    transfers = figures["transfers"]
    assert (transfers["tp"], transfers["fp"], transfers["fn"]) == (2, 2, 1)
    assert transfers["precision"] == 0.5
    assert transfers["recall"] == pytest.approx(0.6667)
    assert transfers["f1"] == pytest.approx(0.5714)


def test_certainty_and_verdicts_on_matched_transfers(figures: dict[str, Any]) -> None:
    assert figures["certainty"] == {"matched": 2, "correct": 1, "accuracy": 0.5}
    verdicts = figures["verdicts"]
    assert (verdicts["matched"], verdicts["correct"]) == (2, 2)
    assert verdicts["confusion"]["prohibited"] == {"prohibited": 1}


def test_negatives_and_citations(figures: dict[str, Any]) -> None:
    assert figures["negatives"] == {"articles": 2, "transfers": 1, "with_prohibited": 1}
    citations = figures["citations"]
    assert (citations["prohibited"], citations["correct"], citations["share"]) == (1, 1, 1.0)
    assert citations["unsupported"] == 2  # the duplicate and the coal on a negative article
    kinds = {(e["doc"], e["kind"]) for e in figures["errors"]}
    assert kinds == {("a1", "false_positive"), ("n2", "false_positive"), ("a2", "missed")}


def test_nothing_predicted() -> None:
    figures = score_extraction(RECORDS, {})
    assert figures["transfers"]["f1"] == 0.0
    assert figures["transfers"]["precision"] is None
    assert figures["certainty"]["accuracy"] is None
    assert figures["negatives"]["with_prohibited"] == 0


def test_a_malformed_record_is_named() -> None:
    with pytest.raises(InputError, match="gold record x9"):
        gold_transfers({"id": "x9", "gold": {"transfers": [{"category": "arms"}]}})
