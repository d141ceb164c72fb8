"""The reading stage: inputs to documents, unreadable inputs with reasons, error handling."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from sanctionwatch.ingest import reader as reader_module
from sanctionwatch.ingest.dedup import canonical_url, document_id
from sanctionwatch.ingest.document import Document, DocumentStatus
from sanctionwatch.ingest.options import ReadOptions
from sanctionwatch.ingest.reader import (
    DocumentReader,
    iso_date,
    raise_errors,
    read_documents,
    report_errors,
)
from sanctionwatch.ingest.sources import RawInput
from sanctionwatch.settings import Settings
from tests.conftest import FIXTURES
from tests.httpserver import LocalServer, Reply

WIRE = (FIXTURES / "articles" / "wire.txt").read_text(encoding="utf-8").strip()


def _by_name(documents: list[Document]) -> dict[str, Document]:
    return {Path(str(d.origin).split("#")[0].split(":")[0]).name: d for d in documents}


def _read(inputs: list[str | Path], settings: Settings, **options: object) -> list[Document]:
    return list(read_documents(inputs, settings, options=ReadOptions(**options)))  # type: ignore[arg-type]


def test_fixture_files(settings: Settings, articles: Path) -> None:
    names = ["noisy_news.html", "german.html", "binary.html", "empty.html", "latin1.html"]
    documents = _by_name(_read([articles / name for name in names], settings))
    noisy = documents["noisy_news.html"]
    assert (noisy.status, noisy.language, noisy.reason) == (DocumentStatus.OK, "en", None)
    assert noisy.canonical_url == (
        "https://www.northern-ledger.example/world/2024/03/12/grain-for-shells"
    )
    assert noisy.id == document_id(noisy.canonical_url, noisy.content_hash)
    assert noisy.id.startswith("u")
    assert noisy.url is None  # read from a file: the URL is what the page declares
    assert (noisy.title, noisy.author, noisy.site, noisy.published) == (
        "Port records show grain cargoes heading north as shell shipments continue",
        "Hana Lindqvist",
        "Northern Ledger",
        "2024-03-12",
    )
    [(start, end)] = noisy.quotes
    assert noisy.text[start:end].startswith("“Grain is the part")
    assert noisy.fingerprint > 0
    assert len(noisy.content_hash) == 64

    german = documents["german.html"]
    assert (german.status, german.language) == (DocumentStatus.NOT_ANALYSED, "de")
    assert german.reason == "language de is not analysed (identified by stopwords)"
    assert german.text.startswith("Die Behörden haben am Montag")

    binary = documents["binary.html"]
    assert (binary.status, binary.reason) == (
        DocumentStatus.UNREADABLE,
        "binary: a PNG image, not an article",
    )
    assert binary.text == ""
    assert binary.id.startswith("h")

    empty = documents["empty.html"]
    assert (empty.status, empty.reason) == (DocumentStatus.UNREADABLE, "empty: no main text found")

    latin1 = documents["latin1.html"]
    assert latin1.status == DocumentStatus.OK
    assert "Société Maritime Générale" in latin1.text


def test_json_lines_corpus(settings: Settings, articles: Path) -> None:
    documents = _read([articles / "articles.jsonl"], settings)
    origins = [d.origin.rsplit(":", 1)[-1] for d in documents if d.origin is not None]
    # Line 8 repeats line 1 (same canonical URL, same text): not yielded twice.
    assert origins == ["1", "2", "3#d900", "4#d901", "5", "6"]
    first, second, dev, broken, not_json, not_object = documents
    assert first.canonical_url == "https://www.wire-example.org/2024/04/09/grain-train"
    assert first.url == "https://www.wire-example.org/2024/04/09/grain-train/?utm_source=newsletter"
    assert "Advertisement" not in first.text
    assert (first.title, first.published) == ("Grain train crosses border", "2024-04-09")
    assert second.text == (
        "Satellite images of the border rail yard show more freight wagons than at any time in "
        "the past five years, researchers said on Wednesday.\n\n"
        "The researchers said many of the wagons were covered with tarpaulins."
    )
    assert second.published == "2024-04-10"
    assert (dev.title, dev.published, dev.site, dev.status) == (
        "Tanker inspected at anchor",
        "2024-05-14",
        "regional daily",
        DocumentStatus.OK,
    )
    assert dev.id.startswith("h")
    for document in (broken, not_json, not_object):
        assert document.status == DocumentStatus.UNREADABLE
    assert broken.reason == "record has neither `html` nor `text`"
    assert not_json.reason is not None
    assert not_json.reason.startswith("invalid JSON")


def test_reading_twice_gives_the_same_ids(settings: Settings, articles: Path) -> None:
    first = [d.id for d in _read([articles], settings, fetch_feed_links=False)]
    second = [d.id for d in _read([articles], settings, fetch_feed_links=False)]
    assert first == second
    assert len(first) == len(set(first))


def test_near_duplicates_within_a_run_are_linked(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(WIRE)
    (tmp_path / "b.txt").write_text("Japan says tanker transfer broke sanctions\n\n" + WIRE)
    (tmp_path / "c.txt").write_text(WIRE)  # the same text again: same id, not yielded again
    (tmp_path / "d.txt").write_text("A different, much shorter note about the weather.")
    a, b, d = _read([tmp_path], settings)
    assert a.duplicate_of is None
    assert b.duplicate_of == a.id
    assert d.duplicate_of is None


def test_unreadable_inputs_do_not_stop_the_run(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "broken.html").write_bytes(
        b'<meta charset="utf-8"><p>' + bytes(range(0x80, 0x100)) * 8 + b"</p>"
    )
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    (tmp_path / "big.html").write_bytes(b"<p>" + b"word " * 400 + b"</p>")
    (tmp_path / "only-noise.txt").write_text("Advertisement\n\nShare this article\n")
    (tmp_path / "good.txt").write_text(WIRE)
    documents = _by_name(_read([tmp_path, tmp_path / "missing.html"], settings, max_bytes=1500))
    reasons = {name: d.reason for name, d in documents.items()}
    assert reasons["broken.html"] is not None
    assert reasons["broken.html"].startswith("broken encoding: not valid utf-8")
    assert reasons["blank.txt"] == "empty: no content"
    assert reasons["big.html"] == "too large: 2,007 bytes (limit 1,500)"
    assert reasons["only-noise.txt"] == "empty: only boilerplate"
    assert reasons["missing.html"] == "no such file or directory"
    assert documents["good.txt"].status == DocumentStatus.OK
    statuses = {name: d.status for name, d in documents.items() if name != "good.txt"}
    assert set(statuses.values()) == {DocumentStatus.UNREADABLE}


def test_urls_are_fetched_and_refusals_reported(
    local_settings: Settings, guarded_settings: Settings, http_server: LocalServer, articles: Path
) -> None:
    page = (articles / "noisy_news.html").read_bytes()
    http_server.routes["/world/2024/03/12/grain-for-shells/"] = lambda _: Reply(
        body=page, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    url = http_server.url("/world/2024/03/12/grain-for-shells/")
    [fetched] = _read([url], local_settings)
    assert fetched.status == DocumentStatus.OK
    assert fetched.url == url
    # The page declares a canonical URL on another host: the fetched URL stays the identity.
    assert fetched.canonical_url == url.rstrip("/")
    refused, local = _read([url, articles / "notes.txt"], guarded_settings)
    assert refused.status == DocumentStatus.UNREADABLE
    assert refused.reason is not None
    assert refused.reason.startswith("fetch failed: refusing to connect to 127.0.0.1")
    assert refused.id == fetched.id  # same URL, same id: a later successful read updates it
    assert local.status == DocumentStatus.OK
    assert http_server.requests == [
        ("/world/2024/03/12/grain-for-shells/", http_server.requests[0][1])
    ]


def test_feed_items_become_documents(
    local_settings: Settings, http_server: LocalServer, articles: Path
) -> None:
    feed = (articles / "feed.rss").read_text().replace("{base}", http_server.url(""))
    http_server.routes["/feed"] = lambda _: Reply(
        body=feed.encode(), headers={"Content-Type": "application/rss+xml"}
    )
    http_server.routes["/story/teaser"] = lambda _: Reply(
        body=(articles / "notes.txt").read_bytes(), headers={"Content-Type": "text/plain"}
    )
    full, teaser = _read([http_server.url("/feed")], local_settings)
    assert full.status == DocumentStatus.OK
    assert full.title == "Coast guard inspects tanker suspected of switching off its transponder"
    assert "Advertisement" not in full.text
    [(start, end)] = full.quotes
    assert full.text[start:end].startswith("“A ship that goes dark")
    assert teaser.text.startswith("VLADIVOSTOK —")
    assert teaser.title == "Port authority publishes new rules for ship-to-ship transfers"


def _boom(*_args: object, **_kwargs: object) -> object:
    raise RuntimeError("extractor crashed")


def test_unexpected_errors_go_to_the_handler(
    settings: Settings,
    articles: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(reader_module, "extract_html", _boom)
    inputs = [articles / "noisy_news.html", articles / "notes.txt"]
    with pytest.raises(RuntimeError, match="extractor crashed"):
        list(read_documents(inputs, settings, raise_errors))
    with caplog.at_level(logging.ERROR):
        [survivor] = read_documents(inputs, settings, report_errors)
    assert survivor.origin == str(articles / "notes.txt")
    assert "noisy_news.html: skipped after an unexpected error: extractor crashed" in caplog.text


def test_a_reader_crash_skips_only_its_input(
    settings: Settings, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_jsonl(*_args: object, **_kwargs: object) -> Iterator[RawInput]:
        yield RawInput("x.jsonl:1", kind="text", content=WIRE)
        raise RuntimeError("reader bug")

    monkeypatch.setattr("sanctionwatch.ingest.sources.Sources.read_jsonl", broken_jsonl)
    errors: list[tuple[str, Exception]] = []
    documents = list(
        read_documents(
            [articles / "articles.jsonl", articles / "notes.txt"],
            settings,
            lambda origin, exc: errors.append((origin, exc)),
        )
    )
    assert [d.origin for d in documents] == ["x.jsonl:1", str(articles / "notes.txt")]
    assert [(origin, str(exc)) for origin, exc in errors] == [
        (str(articles / "articles.jsonl"), "reader bug")
    ]


@pytest.mark.parametrize(
    ("declared", "source", "expected"),
    [
        (
            "https://www.site.example/a/story",
            "https://site.example/a/story?utm_source=x",
            "https://www.site.example/a/story",
        ),
        (
            "https://other.example/original",
            "https://site.example/copy",
            "https://site.example/copy",
        ),
        (
            "https://site.example/",
            "https://site.example/2024/05/story",
            "https://site.example/2024/05/story",
        ),
        (None, "https://site.example/story/", "https://site.example/story"),
        ("https://site.example/story", None, "https://site.example/story"),
        ("not a url", None, None),
    ],
)
def test_canonical_choice(declared: str | None, source: str | None, expected: str | None) -> None:
    raw = RawInput("test", kind="text", content=WIRE, url=source)
    reader = DocumentReader()
    extracted = reader_module.clean_text(WIRE)
    extracted.canonical_url = declared
    document = reader._readable(raw, extracted)
    assert document.canonical_url == expected
    if expected is not None:
        assert document.id == document_id(canonical_url(expected), document.content_hash)


def test_declared_language_is_a_fallback_only(settings: Settings) -> None:
    reader = DocumentReader()
    short = reader.document(
        RawInput("a", kind="text", content="Kim, Putin: 2024", language="en-GB")
    )
    assert (short.language, short.status) == ("en", DocumentStatus.OK)
    unknown = reader.document(RawInput("b", kind="text", content="Kim, Putin: 2024"))
    assert (unknown.language, unknown.status) == (None, DocumentStatus.NOT_ANALYSED)
    assert unknown.reason == "language not identified: too little text"
    lying = reader.document(RawInput("c", kind="text", content=WIRE, language="de"))
    assert (lying.language, lying.status) == ("en", DocumentStatus.OK)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-05", "2024-01-05"),
        ("2024-01-05T08:30:00Z", "2024-01-05"),
        ("Fri, 05 Jan 2024 08:30:00 GMT", "2024-01-05"),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value: str | None, expected: str | None) -> None:
    assert iso_date(value) == expected


def test_sample_articles(settings: Settings) -> None:
    samples = Path(__file__).resolve().parents[2] / "samples" / "articles"
    documents = _by_name(list(read_documents([samples], settings)))
    assert sorted(documents) == [
        "arms-for-food.html",
        "football.txt",
        "tanker-transfer.html",
        "vladivostok-summit.html",
        "wire.jsonl",
    ]
    for document in documents.values():
        assert (document.status, document.language) == (DocumentStatus.OK, "en")
        for noise in ("Advertisement", "Share", "newsletter", "Trending", "cookies", " AM | "):
            assert noise not in document.text
    tanker = documents["tanker-transfer.html"]
    assert "(IMO 9316529)" in tanker.text
    assert len(tanker.quotes) == 1
    wire = list(read_documents([samples / "wire.jsonl"], settings))
    assert [d.duplicate_of for d in wire] == [None, wire[0].id]
