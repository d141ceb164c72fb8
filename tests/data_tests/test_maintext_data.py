"""Quality gate: our main-text extraction on Scrapinghub's benchmark (181 real pages).

The cleaning must not lower trafilatura's own score, and must not drop below the figure
measured when the gate was set (F1 0.9631, precision 0.9484, recall 0.9783; noise margin 0.003).
"""

from __future__ import annotations

from pathlib import Path

from sanctionwatch.evaluation.maintext import evaluate_maintext

FLOOR_F1 = 0.9631 - 0.003


def test_maintext_gate(shared_data: Path) -> None:
    ours, plain = evaluate_maintext(shared_data / "articles" / "scrapinghub")
    assert ours.pages == plain.pages == 181
    assert ours.f1 >= plain.f1
    assert ours.recall >= plain.recall - 0.001
    assert ours.f1 >= FLOOR_F1
