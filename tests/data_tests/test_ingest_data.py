"""The reading stage on the labelled dev set (`../shared/data/dev/news.jsonl`).

Its five HTML records are full noisy pages whose `text` field is the expected main text; the
plain-text records keep scraped boilerplate on purpose, and every record is English.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from sanctionwatch.ingest.document import DocumentStatus
from sanctionwatch.ingest.reader import read_documents
from sanctionwatch.settings import Settings


def _token_f1(predicted: str, expected: str) -> float:
    got = Counter(re.findall(r"\w+", predicted.lower()))
    want = Counter(re.findall(r"\w+", expected.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def dev_set(shared_data: Path) -> Path:
    path = shared_data / "dev" / "news.jsonl"
    if not path.is_file():
        pytest.fail(f"dev set missing: {path}")
    return path


def test_dev_set_reads_as_english_articles(dev_set: Path, tmp_path: Path) -> None:
    records = {
        json.loads(line)["id"]: json.loads(line) for line in dev_set.read_text().splitlines()
    }
    documents = list(read_documents([dev_set], Settings(data_dir=tmp_path)))
    assert len(documents) == len(records) == 41
    scores = {}
    for document in documents:
        assert document.origin is not None
        record = records[document.origin.rsplit("#", 1)[1]]
        assert (document.status, document.language) == (DocumentStatus.OK, "en")
        assert document.duplicate_of is None  # 41 distinct articles
        assert document.title == record["title"]
        assert document.published == record["date"]
        if record["html"]:
            scores[record["id"]] = _token_f1(document.text, record["text"])
            assert len(document.quotes) == 1  # each page has one blockquote
        else:
            # Boilerplate lines go; every gold evidence sentence and party stays.
            for item in record["gold"]["transfers"]:
                assert item["evidence"] in document.text
            for party in record["gold"]["named_parties"]:
                assert party in document.text
    assert len(scores) == 5
    assert min(scores.values()) >= 0.99, scores


def test_noise_lines_of_the_plain_records_are_removed(dev_set: Path, tmp_path: Path) -> None:
    documents = {
        d.origin.rsplit("#", 1)[1]: d
        for d in read_documents([dev_set], Settings(data_dir=tmp_path))
        if d.origin is not None
    }
    for noise in (
        "Advertisement",
        "Read more:",
        "Related:",
        "Subscribe to our newsletter",
        "Maria Jensen 7:42 AM",
        "Stephen Moore 8:30 AM",
        "Join the conversation",
        "Share this article",
        "Home > Economy",
        "AP Photo/Minh Hoang",
    ):
        assert not any(noise in d.text for d in documents.values()), noise
