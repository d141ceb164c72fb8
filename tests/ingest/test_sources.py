"""Readers: files, directories, JSON lines, WARC, feeds, URLs and standard input."""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sanctionwatch.ingest.options import ReadOptions
from sanctionwatch.ingest.sources import RawInput, Sources, sniff_kind
from sanctionwatch.settings import Settings
from tests.httpserver import LocalServer, Reply

HTML = b"<!DOCTYPE html><html><body><article><p>A story.</p></article></body></html>"


def _read(settings: Settings, spec: str | Path, **options: object) -> list[RawInput]:
    with Sources(settings, ReadOptions(**options)) as sources:  # type: ignore[arg-type]
        return list(sources.read(spec))


def _warc(path: Path, records: list[tuple[str, str, str, bytes]], *, compress: bool = True) -> None:
    """Write a WARC file: (uri, HTTP status line, content type, body) per response record."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(
                "https://example.com/",
                "request",
                payload=io.BytesIO(b""),
                length=0,  # with a length, warcio needs no (unclosed) temporary file
                http_headers=request,
            )
        )
        for uri, status, content_type, body in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=headers,
                )
            )


# -- files and directories ---------------------------------------------------------------------


def test_html_and_text_files(settings: Settings, articles: Path) -> None:
    [page] = _read(settings, articles / "noisy_news.html")
    assert (page.kind, page.origin, page.problem) == (
        "html",
        str(articles / "noisy_news.html"),
        None,
    )
    assert isinstance(page.content, bytes)
    [text] = _read(settings, articles / "notes.txt")
    assert text.kind == "text"


def test_directory_is_walked_in_order_and_skips_what_is_not_an_article(
    settings: Settings, articles: Path, tmp_path: Path
) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(articles, root)
    (root / "README.md").write_text("# Notes\n\nNot an article.\n")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / ".hidden.html").write_bytes(HTML)
    (root / "sub").mkdir()
    (root / "sub" / "page").write_bytes(HTML)  # no extension: sniffed as HTML
    (root / "sub" / "story.html.gz").write_bytes(gzip.compress(HTML))
    origins = [raw.origin.removeprefix(str(root) + "/") for raw in _read(settings, root)]
    assert origins[:3] == [
        "articles.jsonl:1",
        "articles.jsonl:2",
        "articles.jsonl:3#d900",
    ]
    files = [origin for origin in origins if "#" not in origin and ":" not in origin]
    assert files == [
        "binary.html",
        "empty.html",
        "german.html",
        "latin1.html",
        "noisy_news.html",
        "notes.txt",
        "wire.txt",
        "sub/page",
        "sub/story.html.gz",
    ]
    assert "feed.rss#item1" in origins
    assert "feed.atom#item1" in origins
    gzipped = _read(settings, root / "sub" / "story.html.gz")
    assert gzipped[0].content == HTML


def test_missing_and_oversized_files_are_problems(settings: Settings, tmp_path: Path) -> None:
    [missing] = _read(settings, tmp_path / "nowhere.html")
    assert missing.problem == "no such file or directory"
    big = tmp_path / "big.html"
    big.write_bytes(HTML * 100)
    [raw] = _read(settings, big, max_bytes=1000)
    assert raw.problem is not None
    assert raw.problem.startswith("too large: 7,")
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b" " * 100_000))
    [raw] = _read(settings, bomb, max_bytes=1000)
    assert raw.problem == "too large: more than 1,000 bytes (limit 1,000)"


def test_sniffing() -> None:
    assert sniff_kind(b"\xef\xbb\xbf<!DOCTYPE html><html>") == "html"
    assert sniff_kind(b"<?xml version='1.0'?>\n<html xmlns='x'>") == "html"
    assert sniff_kind(b"<?xml version='1.0'?>\n<rss version='2.0'>") == "feed"
    assert sniff_kind(b'<feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert sniff_kind(b"WARC/1.1\r\n") == "warc"
    assert sniff_kind(b'{"text": "a"}\n{"text": "b"}') == "jsonl"
    assert sniff_kind(b"[1, 2]") is None
    assert sniff_kind(b"# A markdown file") is None


# -- JSON lines --------------------------------------------------------------------------------


def test_json_lines(settings: Settings, articles: Path) -> None:
    raws = _read(settings, articles / "articles.jsonl")
    origin = str(articles / "articles.jsonl")
    assert [raw.origin.removeprefix(origin) for raw in raws] == [
        ":1",
        ":2",
        ":3#d900",
        ":4#d901",
        ":5",
        ":6",
        ":8",
    ]
    first, second, dev, broken, not_json, not_object, _repeat = raws
    assert (first.kind, first.title, first.published) == (
        "html",
        "Grain train crosses border",
        "2024-04-09T10:00:00Z",
    )
    assert first.url == "https://www.wire-example.org/2024/04/09/grain-train/?utm_source=newsletter"
    assert (second.kind, second.author, second.published) == (
        "text",
        "Staff",
        "Wed, 10 Apr 2024 08:00:00 GMT",
    )
    assert (dev.kind, dev.published, dev.site, dev.url) == (
        "text",
        "2024-05-14",
        "regional daily",
        None,
    )
    assert broken.problem == "record has neither `html` nor `text`"
    assert not_json.problem is not None
    assert not_json.problem.startswith("invalid JSON")
    assert not_object.problem == "a JSON line must be an object"


def test_oversized_json_line_is_skipped_alone(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"text": "' + "x" * 5000 + '"}\n{"text": "short"}\n')
    big, small = _read(settings, path, max_bytes=1000)
    assert big.problem == "too large: line longer than 1,000 bytes"
    assert small.content == "short"


# -- WARC --------------------------------------------------------------------------------------


def test_warc_yields_html_responses_only(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(
        path,
        [
            ("https://example.com/a", "200 OK", "text/html; charset=utf-8", HTML),
            ("https://example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://example.com/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
            ("https://example.com/b", "200 OK", "application/xhtml+xml", HTML),
        ],
    )
    raws = _read(settings, path)
    assert [raw.url for raw in raws] == ["https://example.com/a", "https://example.com/b"]
    assert raws[0].origin == f"{path}#https://example.com/a"
    assert raws[0].content == HTML
    assert raws[0].content_type == "text/html; charset=utf-8"


def test_uncompressed_warc(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    _warc(path, [("https://example.com/a", "200 OK", "text/html", HTML)], compress=False)
    assert [raw.url for raw in _read(settings, path)] == ["https://example.com/a"]


def test_truncated_and_broken_warc_files(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    _warc(path, [("https://example.com/a", "200 OK", "text/html", HTML * 50)] * 2)
    path.write_bytes(path.read_bytes()[:-50])
    first, cut = _read(settings, path)
    assert first.problem is None
    assert cut.problem is not None
    assert cut.problem.startswith("truncated WARC record:")
    broken = tmp_path / "broken.warc.gz"
    _warc(broken, [("https://example.com/a", "200 OK", "text/html", HTML)])
    broken.write_bytes(broken.read_bytes() + b"<html>not a WARC record</html>\n" * 3)
    good, failed = _read(settings, broken)
    assert good.url == "https://example.com/a"
    assert failed.problem is not None
    assert failed.problem.startswith("broken WARC after 1 records: Invalid WARC record")


# -- feeds and URLs ----------------------------------------------------------------------------


def _feed(articles: Path, name: str, base: str) -> bytes:
    return (articles / name).read_text().replace("{base}", base).encode()


def test_feed_file_without_fetching(settings: Settings, articles: Path, tmp_path: Path) -> None:
    path = tmp_path / "shipping.rss"
    path.write_bytes(_feed(articles, "feed.rss", "https://harbour-courier.example"))
    full, teaser = _read(settings, path, fetch_feed_links=False)
    assert full.origin == f"{path}#item1"
    assert full.language == "en"  # the channel's <language>
    assert (full.kind, full.url, full.title, full.author, full.published) == (
        "html",
        "https://harbour-courier.example/story/full",
        "Coast guard inspects tanker suspected of switching off its transponder",
        "Tomas Berg",
        "2024-05-14",
    )
    assert isinstance(full.content, str)
    assert "<blockquote>" in full.content
    assert (
        teaser.content
        == "<p>The port authority said transfers at anchor will need a permit from June.</p>"
    )


def test_rss_feed_over_http_fetches_teaser_links(
    local_settings: Settings, articles: Path, http_server: LocalServer
) -> None:
    feed = _feed(articles, "feed.rss", http_server.url(""))
    page = (articles / "noisy_news.html").read_bytes()
    http_server.routes["/feed"] = lambda _: Reply(
        body=feed, headers={"Content-Type": "application/rss+xml; charset=utf-8"}
    )
    http_server.routes["/story/teaser"] = lambda _: Reply(
        body=page, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    full, fetched = _read(local_settings, http_server.url("/feed"))
    assert full.origin == http_server.url("/feed") + "#item1"
    assert isinstance(full.content, str)
    assert fetched.origin == http_server.url("/feed") + "#item2"
    assert fetched.url == http_server.url("/story/teaser")
    assert fetched.content == page
    assert fetched.title == "Port authority publishes new rules for ship-to-ship transfers"
    assert fetched.published == "2024-05-13"
    paths = [path for path, _ in http_server.requests]
    assert paths == ["/feed", "/story/teaser"]  # the full item's link is not fetched
    assert "application/rss+xml" in http_server.requests[0][1]["Accept"]


def test_atom_feed_served_as_xml_is_sniffed(
    local_settings: Settings, articles: Path, http_server: LocalServer
) -> None:
    feed = _feed(articles, "feed.atom", http_server.url(""))
    http_server.routes["/atom"] = lambda _: Reply(
        body=feed, headers={"Content-Type": "application/xml"}
    )
    full, missing = _read(local_settings, http_server.url("/atom"))
    assert (full.title, full.author, full.published) == (
        "Customs data show surge in dual-use electronics through a transit hub",
        "Amira Haddad",
        "2024-06-01",
    )
    assert missing.url == http_server.url("/notes/hearing")
    assert missing.problem is not None
    assert missing.problem.startswith("fetch failed:")
    assert "404" in missing.problem


def test_url_content_types(local_settings: Settings, http_server: LocalServer) -> None:
    http_server.routes["/page"] = lambda _: Reply(
        body=HTML, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    http_server.routes["/plain"] = lambda _: Reply(
        body=b"Plain story.", headers={"Content-Type": "text/plain"}
    )
    http_server.routes["/image"] = lambda _: Reply(
        body=b"\x89PNG\r\n\x1a\n", headers={"Content-Type": "image/png"}
    )
    http_server.routes["/moved"] = lambda _: Reply(301, headers={"Location": "/page"})
    [page] = _read(local_settings, http_server.url("/moved"))
    assert (page.kind, page.url, page.origin) == (
        "html",
        http_server.url("/page"),
        http_server.url("/moved"),
    )
    [plain] = _read(local_settings, http_server.url("/plain"))
    assert (plain.kind, plain.content) == ("text", b"Plain story.")
    [image] = _read(local_settings, http_server.url("/image"))
    assert image.problem == "unsupported content type image/png"


def test_private_address_is_refused_and_reported(
    guarded_settings: Settings, http_server: LocalServer
) -> None:
    http_server.routes["/page"] = lambda _: Reply(body=HTML)
    [raw] = _read(guarded_settings, http_server.url("/page"))
    assert raw.problem is not None
    assert raw.problem.startswith("fetch failed: refusing to connect to 127.0.0.1")
    assert http_server.requests == []


def test_fetched_pages_obey_the_article_size_cap(
    local_settings: Settings, http_server: LocalServer
) -> None:
    http_server.routes["/big"] = lambda _: Reply(
        body=HTML * 1000, headers={"Content-Type": "text/html"}
    )
    [raw] = _read(local_settings, http_server.url("/big"), max_bytes=10_000)
    assert raw.problem is not None
    assert "exceeds the cap of 10,000" in raw.problem


# -- standard input ----------------------------------------------------------------------------


def test_stdin_is_sniffed(settings: Settings, tmp_path: Path, articles: Path) -> None:
    def stdin(data: bytes) -> list[RawInput]:
        options = ReadOptions(fetch_feed_links=False)  # no DNS look-ups in a unit test
        with Sources(settings, options, stdin=io.BytesIO(data)) as sources:
            return list(sources.read("-"))

    [page] = stdin(HTML)
    assert (page.kind, page.origin, page.content) == ("html", "<stdin>", HTML)
    [text] = stdin(b"Just a plain story, typed in.")
    assert text.kind == "text"
    records = stdin((articles / "articles.jsonl").read_bytes())
    assert records[2].origin == "<stdin>:3#d900"
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("https://example.com/a", "200 OK", "text/html", HTML)])
    [warc] = stdin(path.read_bytes())
    assert warc.url == "https://example.com/a"
    [feed] = stdin(_feed(articles, "feed.atom", "https://x.example"))[:1]
    assert feed.author == "Amira Haddad"
