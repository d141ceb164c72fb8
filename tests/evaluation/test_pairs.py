"""The dev-set builder on the hand-written samples, and the pairs CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.evaluation.corpus import Corpus, discover
from sanctionwatch.evaluation.negatives import NEGATIVE_CATEGORIES
from sanctionwatch.evaluation.pairs import (
    CATEGORY_CAPS,
    Pair,
    build_pairs,
    read_pairs,
    write_pairs,
)
from sanctionwatch.exceptions import InputError
from tests.conftest import SAMPLES


def test_discover_takes_one_file_per_source(tmp_path: Path) -> None:
    found = {f.source: f.path.relative_to(SAMPLES / "lists") for f in discover(SAMPLES / "lists")}
    assert found["un"] == Path("un/consolidated.xml")  # not prev/
    assert set(found) == {"un", "ofac-sdn", "uk", "eu"}
    with pytest.raises(InputError, match="no list files"):
        discover(tmp_path)


def test_build_is_deterministic_for_a_seed(sample_corpus: Corpus) -> None:
    first = build_pairs(sample_corpus, seed=7)
    second = build_pairs(sample_corpus, seed=7)
    assert first.pairs == second.pairs
    assert first.counts == second.counts


def test_build_draws_every_kind_of_pair(sample_corpus: Corpus) -> None:
    report = build_pairs(sample_corpus)
    pairs = {(p.query, p.candidate): p for p in report.pairs}
    # Original script, Hangul and Cyrillic renderings of listed persons are positives.
    assert pairs[("김정은", "Jong Un KIM")].category == "original_script"
    assert pairs[("Сергей Иванович Морозов", "Sergei Ivanovich MOROZOV")].category == "cyrillic"
    assert any(p.category == "korean_hangul" for p in report.pairs)
    assert any(p.category == "korean_romanisation" for p in report.pairs)
    # An alias that renders the primary name is a positive; a different name is left out.
    assert pairs[("Wladimir PUTIN", "Vladimir Vladimirovich PUTIN")].label == 1
    assert report.excluded["alias_not_a_variant"] > 0
    # Word order and dropped middle names follow the list's convention.
    assert pairs[("PUTIN Vladimir Vladimirovich", "Vladimir Vladimirovich PUTIN")].label == 1
    assert pairs[("DOKU UMAROV", "DOKU KHAMATOVICH UMAROV")].category == "drop_middle"
    negatives = [p for p in report.pairs if p.label == 0]
    assert negatives
    assert all(p.category in NEGATIVE_CATEGORIES for p in negatives)
    assert all(p.category.startswith("neg_") == (p.label == 0) for p in report.pairs)
    assert set(report.counts) <= set(CATEGORY_CAPS)
    assert sum(report.counts.values()) == len(report.pairs)


def test_no_pair_is_trivial_or_repeated(sample_corpus: Corpus) -> None:
    report = build_pairs(sample_corpus)
    keys = [(p.query.casefold(), p.candidate.casefold(), p.schema) for p in report.pairs]
    assert len(keys) == len(set(keys))
    assert all(p.query.casefold() != p.candidate.casefold() for p in report.pairs)


def test_pairs_round_trip(tmp_path: Path) -> None:
    pairs = [
        Pair("Kim Jong-un", "KIM, Jong Un", 1, "Person", "alias_person"),
        Pair('ACME "Trading", LLC', "ACME OOO", 1, "Company", "legal_form"),
        Pair("Ali Hassan", "Ali Hussein", 0, "Person", ""),
    ]
    path = tmp_path / "pairs.csv"
    assert write_pairs(path, pairs) == 3
    assert read_pairs(path) == pairs


def test_minimal_columns_default_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("Query,Candidate,Label\nA B,A C,0\n", encoding="utf-8")
    assert read_pairs(path) == [Pair("A B", "A C", 0, "Thing", "")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("query,candidate\nA,B\n", "missing column"),
        ("query,candidate,label\nA,B,yes\n", "line 2: label must be 0 or 1"),
        ("query,candidate,label\n,B,1\n", "line 2: empty query or candidate"),
        ("query,candidate,label,schema\nA,B,1,Spaceship\n", "line 2: unknown schema"),
        ("query,candidate,label\nA,B,1,extra\n", "line 2: more fields than columns"),
        ('query,candidate,label\n"A,B,1\n', "malformed CSV"),
        ("query,candidate,label\n", "no pairs"),
    ],
)
def test_bad_pair_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_pairs(path)


def test_unreadable_pair_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_pairs(tmp_path / "missing.csv")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("query,candidate,label\nJosé,Jose,1\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_pairs(latin1)
