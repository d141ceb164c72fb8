"""Scoring pairs with the engine, and the `eval` commands (on the hand-written samples)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sanctionwatch.cli.eval import app
from sanctionwatch.evaluation.corpus import Corpus
from sanctionwatch.evaluation.pairs import Pair, read_pairs, write_pairs
from sanctionwatch.evaluation.screening import build_pair_index, evaluate_pairs, screen_pairs
from tests.conftest import SAMPLES

PAIRS = [
    Pair("김정은", "Jong Un KIM", 1, "Person", "original_script"),
    Pair("Kim Chong-un", "Jong Un KIM", 1, "Person", "korean_romanisation"),
    Pair("PUTIN, Vladimir", "Vladimir Vladimirovich PUTIN", 1, "Person", "word_order"),
    Pair("KIM JONG IL", "Jong Un KIM", 0, "Person", "neg_korean"),
    Pair("Sergey LAVROV", "Vladimir Vladimirovich PUTIN", 0, "Person", "neg_other"),
]


def test_pairs_are_scored_against_their_candidate(sample_corpus: Corpus) -> None:
    index, ids = build_pair_index(PAIRS, sample_corpus.entities)
    scores = screen_pairs(index, ids, PAIRS)
    assert scores[0] >= 0.7
    assert scores[1] >= 0.7
    assert scores[2] >= 0.7
    assert scores[3] < 0.7
    assert scores[4] == 0.0  # not even retrieved


def test_queries_are_taken_out_of_the_background(sample_corpus: Corpus) -> None:
    # 김정은 is an alias of the listed KIM Jong Un: the pair index must not hold it, so that the
    # query has to find the candidate's own spelling.
    index, _ids = build_pair_index(PAIRS, sample_corpus.entities)
    listed = [e for e in sample_corpus.entities if "김정은" in e.get("alias", quiet=True)]
    assert listed
    for entity in listed:
        assert entity.id is not None
        assert "김정은" not in index.get(entity.id).names
        assert "김정은" in entity.get("alias")  # the caller's entities are left alone


def test_evaluate_pairs_reports_cost_and_misses(sample_corpus: Corpus) -> None:
    result = evaluate_pairs(PAIRS, sample_corpus.entities, 0.7)
    data = result.as_dict()
    assert (data["precision"], data["recall"]) == (1.0, 1.0)
    assert data["positives_not_retrieved"] == 0
    assert data["queries"] == 5
    assert data["index_entities"] > 40


def test_eval_screening_command(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    write_pairs(path, PAIRS)
    lists = str(SAMPLES / "lists")
    runner = CliRunner()
    found = runner.invoke(app, ["screening", "--pairs", str(path), "--lists", lists, "--json"])
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert {"precision", "recall", "f1", "threshold", "pairs", "curve"} <= set(data)
    assert data["pairs"] == 5
    assert data["threshold"] == 0.7
    table = runner.invoke(app, ["screening", "--pairs", str(path), "--lists", lists])
    assert table.exit_code == 0, table.output
    assert "Precision-recall curve" in table.stdout
    assert "original_script" in table.stdout
    bad = runner.invoke(
        app, ["screening", "--pairs", str(path), "--lists", lists, "--threshold", "2"]
    )
    assert bad.exit_code != 0


def test_eval_build_pairs_command(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    found = CliRunner().invoke(
        app, ["build-pairs", "--lists", str(SAMPLES / "lists"), "--out", str(out), "--seed", "3"]
    )
    assert found.exit_code == 0, found.output
    assert "original_script" in found.stdout
    assert "Left out" in found.stdout
    pairs = read_pairs(out)
    assert len(pairs) > 50
    assert {p.label for p in pairs} == {0, 1}
