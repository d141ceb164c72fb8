"""Safe fetching: address guard, redirects, size cap, retries, conditional GET."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.exceptions import BlockedAddressError, FetchError
from sanctionwatch.ingest import fetch
from sanctionwatch.ingest.fetch import Fetcher, is_public_address
from sanctionwatch.settings import Settings
from tests.httpserver import LocalServer, Reply


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp_path,
        "allow_private_addresses": True,
        "http_backoff": 0.01,
        "http_retries": 2,
        "http_timeout": 2.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4001:82b::200e", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),  # noqa: S104 (an address under test, not a bind)
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_loopback_is_refused_by_default(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/x"] = lambda _: Reply(body=b"secret")
    with Fetcher(_settings(tmp_path, allow_private_addresses=False)) as fetcher:
        with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"):
            fetcher.fetch_bytes(http_server.url("/x"))
        with pytest.raises(BlockedAddressError, match="localhost"):
            fetcher.fetch_bytes(f"http://localhost:{http_server.port}/x")
    assert http_server.requests == []


def test_redirect_to_private_address_is_refused(
    tmp_path: Path, http_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend 127.0.0.1 is public so the first hop passes; the redirect target 127.0.0.2 is not.
    monkeypatch.setattr(fetch, "is_public_address", lambda a: a == "127.0.0.1")
    target = f"http://127.0.0.2:{http_server.port}/secret"
    http_server.routes["/start"] = lambda _: Reply(302, headers={"Location": target})
    http_server.routes["/secret"] = lambda _: Reply(body=b"secret")
    with Fetcher(_settings(tmp_path, allow_private_addresses=False)) as fetcher:
        with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.2"):
            fetcher.fetch_bytes(http_server.url("/start"))
    assert [path for path, _ in http_server.requests] == ["/start"]


def test_download_to_file_and_conditional_get(tmp_path: Path, http_server: LocalServer) -> None:
    def route(handler: object) -> Reply:
        headers = getattr(handler, "headers", {})
        if headers.get("If-None-Match") == '"v1"':
            return Reply(304)
        return Reply(body=b"<list/>", headers={"ETag": '"v1"', "Content-Type": "text/xml"})

    http_server.routes["/list.xml"] = route
    dest = tmp_path / "out" / "list.xml"
    with Fetcher(_settings(tmp_path)) as fetcher:
        first = fetcher.fetch_to_file(http_server.url("/list.xml"), dest)
        assert first.status == 200
        assert dest.read_bytes() == b"<list/>"
        assert first.etag == '"v1"'
        second = fetcher.fetch_to_file(http_server.url("/list.xml"), tmp_path / "b", etag='"v1"')
    assert second.not_modified
    assert not (tmp_path / "b").exists()


def test_size_cap(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/big"] = lambda _: Reply(body=b"x" * 5000)
    with Fetcher(_settings(tmp_path, http_max_bytes=1000)) as fetcher:
        with pytest.raises(FetchError, match="exceeds the cap"):
            fetcher.fetch_to_file(http_server.url("/big"), tmp_path / "big")
    assert not (tmp_path / "big").exists()
    assert not (tmp_path / "big.part").exists()


def test_redirect_limit(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/loop"] = lambda _: Reply(302, headers={"Location": "/loop"})
    with Fetcher(_settings(tmp_path, http_max_redirects=3)) as fetcher:
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetcher.fetch_bytes(http_server.url("/loop"))
    assert len(http_server.requests) == 4


def test_retries_with_backoff_then_success(tmp_path: Path, http_server: LocalServer) -> None:
    answers = iter([Reply(503), Reply(503), Reply(body=b"ok")])
    http_server.routes["/flaky"] = lambda _: next(answers)
    with Fetcher(_settings(tmp_path)) as fetcher:
        result = fetcher.fetch_bytes(http_server.url("/flaky"))
    assert result.content == b"ok"
    assert len(http_server.requests) == 3


def test_gives_up_after_retries(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/down"] = lambda _: Reply(503)
    with Fetcher(_settings(tmp_path, http_retries=1)) as fetcher:
        with pytest.raises(FetchError, match=r"HTTP 503 \(after 2 attempts\)"):
            fetcher.fetch_bytes(http_server.url("/down"))


def test_timeout(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/slow"] = lambda _: Reply(body=b"late", delay=1.5)
    with Fetcher(_settings(tmp_path, http_timeout=0.3, http_retries=0)) as fetcher:
        with pytest.raises(FetchError, match="timed out"):
            fetcher.fetch_bytes(http_server.url("/slow"))


def test_client_errors_are_not_retried(tmp_path: Path, http_server: LocalServer) -> None:
    with Fetcher(_settings(tmp_path)) as fetcher:
        with pytest.raises(FetchError, match="HTTP 404"):
            fetcher.fetch_bytes(http_server.url("/missing"))
    assert len(http_server.requests) == 1


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "http://"])
def test_only_http_urls(tmp_path: Path, url: str) -> None:
    with Fetcher(_settings(tmp_path)) as fetcher:
        with pytest.raises(FetchError, match="only http and https"):
            fetcher.fetch_bytes(url)
