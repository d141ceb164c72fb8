"""The main-text benchmark scorer, on hand-computed cases and a hand-made benchmark directory."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sanctionwatch.evaluation.maintext import evaluate_maintext, score_page, tokens
from sanctionwatch.exceptions import InputError


def test_tokens_are_word_runs() -> None:
    assert tokens("Kim's train, 2023!") == ["Kim", "s", "train", "2023"]


def test_identical_texts_score_one() -> None:
    score = score_page("a b c d e", "a b c d e")
    assert (score.tp, score.fp, score.fn, score.exact) == (1.0, 0.0, 0.0, True)


def test_partial_overlap_is_normalised() -> None:
    # gold shingles: (a b c d), (b c d e); predicted: (a b c d), (b c d x) -> tp 1, fp 1, fn 1
    score = score_page("a b c d x", "a b c d e")
    assert score.tp == pytest.approx(1 / 3)
    assert score.fp == pytest.approx(1 / 3)
    assert score.fn == pytest.approx(1 / 3)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    assert not score.exact


def test_shingles_count_multiplicity() -> None:
    score = score_page("a b c d a b c d", "a b c d")
    # predicted shingles: abcd x2, bcda, cdab, dabc -> tp 1, fp 4, fn 0
    assert score.precision == pytest.approx(1 / 5)
    assert score.recall == pytest.approx(1.0)


def test_empty_prediction_has_zero_recall() -> None:
    score = score_page("", "some gold text here")
    assert score.recall == 0.0


def _page(body: str) -> str:
    return (
        "<html><head><title>Ship seized</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Ship seized</h1>{body}</article>"
        "<aside>Trending: celebrity news</aside><footer>© 2024 Example</footer></body></html>"
    )


def test_evaluate_directory(tmp_path: Path) -> None:
    body = (
        "<p>Coast guards seized a tanker suspected of carrying refined oil to North Korea "
        "in a ship-to-ship transfer off the coast, officials said on Tuesday.</p>"
        "<p>Advertisement</p>"
        "<p>The vessel had switched off its transponder for eleven days before the transfer, "
        "according to tracking data reviewed by investigators.</p>"
    )
    gold = (
        "Coast guards seized a tanker suspected of carrying refined oil to North Korea in a "
        "ship-to-ship transfer off the coast, officials said on Tuesday.\n\nThe vessel had "
        "switched off its transponder for eleven days before the transfer, according to "
        "tracking data reviewed by investigators."
    )
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(_page(body).encode()))
    (tmp_path / "ground-truth.json").write_text(
        json.dumps({"p1": {"articleBody": gold, "url": "https://example.org/a"}})
    )
    ours, plain = evaluate_maintext(tmp_path)
    assert ours.name == "sanctionwatch"
    assert plain.name == "trafilatura"
    assert ours.pages == 1
    assert ours.accuracy == 1.0  # "Advertisement" removed
    assert ours.f1 >= plain.f1


def test_not_a_benchmark_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"ground-truth\.json"):
        evaluate_maintext(tmp_path)
