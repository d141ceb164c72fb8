"""Stable ids, canonical URLs, content hashes and near-duplicate fingerprints."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sanctionwatch.ingest.dedup import (
    NEAR_DUPLICATE_BITS,
    NearDuplicateIndex,
    band_probes,
    bands,
    canonical_url,
    content_hash,
    document_id,
    hamming,
    simhash,
    to_signed,
    to_unsigned,
)
from sanctionwatch.ingest.extract import extract_html
from tests.conftest import FIXTURES

# A wire story written for these tests; its copies below are what other sites make of it.
WIRE = (FIXTURES / "articles" / "wire.txt").read_text(encoding="utf-8").strip()


def _paragraphs() -> list[str]:
    return WIRE.split("\n\n")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://WWW.Example.COM:443/World/Story/?utm_source=rss&utm_medium=feed#comments",
            "https://www.example.com/World/Story",
        ),
        ("http://example.com", "http://example.com/"),
        ("http://example.com:8080//a//b/", "http://example.com:8080/a/b"),
        ("https://example.com/a?b=2&a=1&fbclid=xyz&gclid=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?id=7&ref=twitter", "https://example.com/a?id=7"),
        ("https://example.com/search?q=a+b", "https://example.com/search?q=a+b"),
        ("https://news.example./story", "https://news.example/story"),
        ("ftp://example.com/file", None),
        ("mailto:desk@example.com", None),
        ("not a url", None),
        ("http://[::1", None),
    ],
)
def test_canonical_url(url: str, expected: str | None) -> None:
    assert canonical_url(url) == expected


def test_id_ignores_scheme_and_www_but_not_the_path() -> None:
    ids = {
        document_id(canonical_url(url), "0" * 64)
        for url in (
            "http://www.example.com/story/1",
            "https://example.com/story/1/",
            "https://EXAMPLE.com/story/1?utm_campaign=x",
        )
    }
    assert len(ids) == 1
    [only] = ids
    assert only.startswith("u")
    assert len(only) == 21
    assert document_id(canonical_url("https://example.com/story/2"), "0" * 64) != only


def test_id_without_url_comes_from_the_content_hash() -> None:
    text_hash = content_hash("Some article text.")
    assert document_id(None, text_hash) == "h" + text_hash[:20]


def test_content_hash_ignores_layout_not_words() -> None:
    assert content_hash("One  paragraph.\n\nTwo.") == content_hash("One paragraph. Two.")
    assert content_hash("Cafe\u0301") == content_hash("Café")  # NFC
    assert content_hash("One paragraph.") != content_hash("One paragraph!")


def test_signed_storage_round_trip() -> None:
    for value in (0, 1, (1 << 63) - 1, 1 << 63, (1 << 64) - 1, simhash(WIRE)):
        stored = to_signed(value)
        assert -(1 << 63) <= stored < (1 << 63)
        assert to_unsigned(stored) == value
    assert to_signed((1 << 64) - 1) == -1


def test_simhash_is_stable_and_64_bit() -> None:
    fingerprint = simhash(WIRE)
    assert fingerprint == simhash(WIRE)
    assert 0 < fingerprint < 1 << 64
    assert simhash("") == 0
    assert simhash(WIRE.upper()) == fingerprint  # case-folded shingles


@pytest.mark.parametrize(
    "copy",
    [
        "Japan says tanker transfer broke sanctions\n\n" + WIRE,  # a site's own headline
        WIRE.replace("TOKYO (Wire) — ", ""),  # dateline dropped
        "\n\n".join(_paragraphs()[:-1]),  # last paragraph cut
        WIRE + "\n\nReporting by the Tokyo bureau; editing by the Asia desk.",  # credit line
        "\n\n".join([*_paragraphs()[:3], "Advertisement", *_paragraphs()[3:]]),
    ],
)
def test_copies_of_a_wire_story_are_near_duplicates(copy: str) -> None:
    assert hamming(simhash(WIRE), simhash(copy)) <= NEAR_DUPLICATE_BITS


def test_different_stories_are_far_apart(articles: Path) -> None:
    other = extract_html((articles / "noisy_news.html").read_text(encoding="utf-8")).text
    assert hamming(simhash(WIRE), simhash(other)) > 2 * NEAR_DUPLICATE_BITS


def test_band_probes_cover_every_fingerprint_within_the_threshold() -> None:
    rng = random.Random(7)
    for _ in range(200):
        fingerprint = rng.getrandbits(64)
        other = fingerprint
        for bit in rng.sample(range(64), NEAR_DUPLICATE_BITS):
            other ^= 1 << bit
        probes = band_probes(fingerprint)
        assert any(band in values for band, values in zip(bands(other), probes, strict=True))
    assert [len(values) for values in band_probes(0)] == [1 + 16 + 120] * 4


def test_index_finds_the_nearest_earlier_document() -> None:
    index = NearDuplicateIndex()
    original = simhash(WIRE)
    index.add("a", original)
    index.add("b", original ^ 0b111)  # 3 bits away from a
    index.add("far", original ^ ((1 << 64) - 1))
    assert len(index) == 3
    assert index.find(original ^ 0b1) == ("a", 1)
    assert index.find(original ^ 0b111) == ("b", 0)
    assert index.find(original, exclude=["a"]) == ("b", 3)
    assert index.find(original ^ ((1 << 20) - 1)) is None  # 20 bits away


def test_index_scales_without_scanning() -> None:
    rng = random.Random(1)
    index = NearDuplicateIndex()
    fingerprints = [rng.getrandbits(64) for _ in range(5000)]
    for number, fingerprint in enumerate(fingerprints):
        index.add(str(number), fingerprint)
    for number in range(0, 5000, 250):
        changed = fingerprints[number]
        for bit in rng.sample(range(64), NEAR_DUPLICATE_BITS):
            changed ^= 1 << bit
        assert index.find(changed) == (str(number), NEAR_DUPLICATE_BITS)
