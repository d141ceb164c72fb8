"""Precision, recall, F1, the curve and the best threshold on cases computed by hand."""

from __future__ import annotations

import pytest

from sanctionwatch.evaluation.pairs import Pair
from sanctionwatch.evaluation.screening import (
    Counts,
    best_f1,
    counts_at,
    evaluate,
    pr_curve,
    recall_at_precision,
)

LABELS = [1, 1, 1, 1, 0, 0, 0, 0]
SCORES = [0.95, 0.80, 0.60, 0.10, 0.75, 0.50, 0.30, 0.00]


def test_counts_at_a_threshold() -> None:
    # At 0.7: predicted 0.95, 0.80, 0.75 → tp 2, fp 1; missed 0.60, 0.10 → fn 2; tn 3.
    counts = counts_at(LABELS, SCORES, 0.7)
    assert counts == Counts(tp=2, fp=1, fn=2, tn=3)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(2 / 4)
    assert counts.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_a_score_equal_to_the_threshold_is_a_match() -> None:
    assert counts_at([1, 0], [0.7, 0.69], 0.7) == Counts(tp=1, fp=0, fn=0, tn=1)


def test_edge_cases_of_the_measures() -> None:
    nothing_predicted = Counts(tp=0, fp=0, fn=3, tn=2)
    assert nothing_predicted.precision == 1.0  # no false alarm
    assert nothing_predicted.recall == 0.0
    assert nothing_predicted.f1 == 0.0
    no_positives = Counts(tp=0, fp=1, fn=0, tn=1)
    assert no_positives.recall == 1.0
    assert no_positives.precision == 0.0
    with pytest.raises(ValueError, match="2 labels but 1 scores"):
        counts_at([1, 0], [0.5], 0.5)


def test_curve_is_ordered_by_threshold() -> None:
    curve = pr_curve(LABELS, SCORES, thresholds=[0.9, 0.5, 0.7])
    assert [p.threshold for p in curve] == [0.5, 0.7, 0.9]
    # At 0.5: tp 3 (0.95, 0.80, 0.60), fp 2 (0.75, 0.50).
    assert curve[0].precision == pytest.approx(3 / 5)
    assert curve[0].recall == pytest.approx(3 / 4)
    # At 0.9: tp 1, fp 0.
    assert (curve[2].precision, curve[2].recall) == (1.0, 0.25)


def test_best_f1_over_the_scores() -> None:
    # Candidates: 0.95 → F1 0.4; 0.80 → 0.667; 0.75 → 0.571; 0.60 → P 3/4 R 3/4 F1 0.75;
    # 0.50 → P 3/5 R 3/4 F1 0.667; 0.30 → 0.6; 0.10 → P 4/7 R 1 F1 0.727; 0.00 → 0.667.
    best = best_f1(LABELS, SCORES)
    assert best.threshold == 0.60
    assert best.f1 == pytest.approx(0.75)


def test_best_f1_takes_tied_scores_together() -> None:
    # Both pairs at 0.5 are predicted at once: P 1/2, R 1, F1 2/3.
    best = best_f1([1, 0], [0.5, 0.5])
    assert (best.threshold, best.precision, best.recall) == (0.5, 0.5, 1.0)


def test_recall_at_a_precision_floor() -> None:
    # Thresholds from the top: 0.95 P 1 R 1/4; 0.80 P 1 R 2/4; 0.75 P 2/3 R 2/4; 0.60 P 3/4
    # R 3/4; 0.50 P 3/5; 0.30 P 1/2; 0.10 P 4/7 R 1; 0.00 P 1/2.
    strict = recall_at_precision(LABELS, SCORES, 0.95)
    assert strict is not None
    assert (strict.threshold, strict.recall) == (0.80, 0.5)
    loose = recall_at_precision(LABELS, SCORES, 0.7)
    assert loose is not None
    assert (loose.threshold, loose.precision, loose.recall) == (0.60, 0.75, 0.75)
    assert recall_at_precision([0, 1], [0.9, 0.1], 0.95) is None
    # Tied scores are taken together: 0.5 holds a match and a non-match.
    assert recall_at_precision([1, 0], [0.5, 0.5], 0.95) is None


def test_evaluate_reports_categories() -> None:
    pairs = [
        Pair("a", "a", 1, "Person", "alias"),
        Pair("b", "b", 1, "Person", "alias"),
        Pair("c", "d", 0, "Person", "negative"),
    ]
    result = evaluate(pairs, [0.9, 0.2, 0.8], 0.7)
    data = result.as_dict()
    assert (data["pairs"], data["positives"], data["negatives"]) == (3, 2, 1)
    assert (data["precision"], data["recall"]) == (0.5, 0.5)
    assert data["categories"] == [
        {"category": "alias", "label": 1, "pairs": 2, "predicted": 1, "share": 0.5},
        {"category": "negative", "label": 0, "pairs": 1, "predicted": 1, "share": 1.0},
    ]
    assert len(data["curve"]) == 20
    assert {"threshold", "precision", "recall", "f1"} == set(data["curve"][0])
    assert data["at_one"] == 0
