"""The screening quality gate (STYLE rule 16): the dev set rebuilt from the real lists in
`../shared/data/lists` with the pinned seed must score at least the figures pinned in
`bench/baseline.json`, less a small noise margin.

A drop beyond the margin fails. If it is deliberate (a trade-off, a changed dev set), measure
again with `python bench/screening.py --baseline-out bench/baseline.json` and let the edited
baseline go through review: lowering a floor is never a side effect.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.evaluation.corpus import load_corpus
from sanctionwatch.evaluation.pairs import build_pairs
from sanctionwatch.evaluation.screening import evaluate_pairs
from sanctionwatch.screening.model import ALGORITHM
from tests.conftest import ROOT

BASELINE = ROOT / "bench" / "baseline.json"
MEASURES = ("precision", "recall", "f1")


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return dict(json.loads(BASELINE.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_screening_quality_holds(shared_data: Path, baseline: dict[str, Any]) -> None:
    corpus = load_corpus(shared_data / "lists")
    report = build_pairs(corpus, baseline["dev_set"]["seed"])
    assert len(report.pairs) == baseline["dev_set"]["pairs"], (
        f"the dev set changed ({len(report.pairs)} pairs, baseline "
        f"{baseline['dev_set']['pairs']}): measure again and update {BASELINE.name}"
    )
    result = evaluate_pairs(report.pairs, corpus.entities, baseline["threshold"]).as_dict()
    assert result["algorithm"] == baseline["algorithm"] == ALGORITHM
    fallen = {
        measure: (result[measure], baseline[measure])
        for measure in MEASURES
        if result[measure] < baseline[measure] - baseline["noise"]
    }
    floor = baseline["recall_at_precision"]
    at_floor = result["recall_at_precision"]
    assert at_floor["precision_floor"] == floor["precision_floor"]
    if at_floor["recall"] < floor["recall"] - baseline["noise"]:
        fallen["recall_at_precision"] = (at_floor["recall"], floor["recall"])
    assert not fallen, (
        "screening quality fell below the baseline (measured, pinned): "
        + ", ".join(f"{m} {now:.4f} < {then:.4f}" for m, (now, then) in fallen.items())
        + f"; by category: {result['categories']}"
    )
