"""Safe HTTP fetching for list downloads and article URLs.

Everything fetched comes from outside and every URL may be hostile: requests have timeouts, a
size cap, a limited number of redirects (each one re-checked), and — unless settings allow it —
never reach private, loopback, link-local or otherwise non-public addresses. The address check
happens when the socket connects, on the resolved IP, so DNS rebinding cannot slip past it.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from sanctionwatch.exceptions import BlockedAddressError, FetchError
from sanctionwatch.settings import Settings

log = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_CHUNK = 64 * 1024


def is_public_address(address: str) -> bool:
    """Whether an IP address is globally routable (not private, loopback, link-local, ...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself and refuses non-public addresses before connecting."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = [str(info[4][0]) for info in infos]
        blocked = [a for a in addresses if not is_public_address(a)]
        if blocked:
            raise BlockedAddressError(
                f"refusing to connect to {host} ({', '.join(sorted(set(blocked)))}): "
                "a private, loopback or link-local address "
                "(set SANCTIONWATCH_ALLOW_PRIVATE_ADDRESSES=true to allow)"
            )
        # Connect to the address we checked, not to a second resolution of the name.
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the guarded network backend in its connection pool."""

    def __init__(self) -> None:
        super().__init__(trust_env=False, retries=0)
        # httpx does not expose the network backend; swapping the pool is the supported hook
        # in httpcore (ConnectionPool(network_backend=...)).
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=_GuardedBackend(),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
        )


@dataclass
class FetchResult:
    """What one download produced."""

    url: str  # the final URL after redirects
    status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    size: int
    path: Path | None = None  # for fetch_to_file
    content: bytes | None = None  # for fetch_bytes

    @property
    def not_modified(self) -> bool:
        """The server answered 304 to a conditional request."""
        return self.status == 304


class Fetcher:
    """An HTTP client with the safety rules of the settings; use as a context manager."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        transport = (
            httpx.HTTPTransport(trust_env=False)
            if settings.allow_private_addresses
            else (_GuardedTransport())
        )
        self.client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(settings.http_timeout),
            follow_redirects=False,
            headers={"User-Agent": settings.http_user_agent},
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release connections."""
        self.client.close()

    def fetch_to_file(
        self,
        url: str,
        dest: Path,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """Download `url` to `dest` (written atomically); conditional on etag/last-modified."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(dest.name + ".part")

        def attempt() -> FetchResult:
            with self._open(url, headers) as (response, final_url):
                result = _result(response, final_url)
                if response.status_code == 304:
                    return result
                size = 0
                with partial.open("wb") as handle:
                    for chunk in self._chunks(response, url):
                        size += len(chunk)
                        handle.write(chunk)
                result.size = size
                partial.replace(dest)
                result.path = dest
                return result

        try:
            return self._with_retries(url, attempt)
        finally:
            partial.unlink(missing_ok=True)

    def fetch_bytes(self, url: str, *, accept: str | None = None) -> FetchResult:
        """Download `url` into memory (size-capped)."""
        headers = {"Accept": accept} if accept else {}

        def attempt() -> FetchResult:
            with self._open(url, headers) as (response, final_url):
                result = _result(response, final_url)
                result.content = b"".join(self._chunks(response, url))
                result.size = len(result.content)
                return result

        return self._with_retries(url, attempt)

    # -- internals ---------------------------------------------------------------------------

    def _with_retries(self, url: str, attempt: Any) -> FetchResult:
        delay = self.settings.http_backoff
        for number in range(self.settings.http_retries + 1):
            try:
                result: FetchResult = attempt()
                return result
            except _Retryable as exc:
                if number == self.settings.http_retries:
                    raise FetchError(f"{url}: {exc} (after {number + 1} attempts)") from exc
                log.warning("%s: %s; retrying in %.1fs", url, exc, delay)
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _open(self, url: str, headers: dict[str, str]) -> _ResponseContext:
        return _ResponseContext(self, url, headers)

    def _chunks(self, response: httpx.Response, url: str) -> Iterator[bytes]:
        cap = self.settings.http_max_bytes
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            raise FetchError(
                f"{url}: response of {int(declared):,} bytes exceeds the cap of {cap:,}"
            )
        total = 0
        try:
            for chunk in response.iter_bytes(_CHUNK):
                total += len(chunk)
                if total > cap:
                    raise FetchError(f"{url}: response exceeds the size cap of {cap:,} bytes")
                yield chunk
        except httpx.TransportError as exc:
            raise _Retryable(f"connection broke after {total:,} bytes: {exc}") from exc


class _Retryable(Exception):
    """A failure worth another attempt (timeouts, resets, 5xx, 429)."""


class _ResponseContext:
    """Opens a streamed response, following redirects by hand so each hop is checked."""

    def __init__(self, fetcher: Fetcher, url: str, headers: dict[str, str]) -> None:
        self.fetcher = fetcher
        self.url = url
        self.headers = headers
        self.response: httpx.Response | None = None

    def __enter__(self) -> tuple[httpx.Response, str]:
        url = self.url
        for _hop in range(self.fetcher.settings.http_max_redirects + 1):
            _check_scheme(url)
            try:
                request = self.fetcher.client.build_request("GET", url, headers=self.headers)
                response = self.fetcher.client.send(request, stream=True)
            except BlockedAddressError:
                raise
            except httpx.TimeoutException as exc:
                raise _Retryable(f"timed out ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                cause = exc.__context__
                if isinstance(cause, BlockedAddressError):
                    raise cause from None
                raise _Retryable(f"connection failed: {exc}") from exc
            if response.status_code in _REDIRECTS:
                location = response.headers.get("Location")
                response.close()
                if not location:
                    raise FetchError(f"{url}: redirect without a Location header")
                url = urljoin(url, location)
                continue
            if response.status_code in _RETRY_STATUS:
                response.close()
                raise _Retryable(f"HTTP {response.status_code}")
            if response.status_code >= 400:
                response.close()
                raise FetchError(f"{url}: HTTP {response.status_code}")
            self.response = response
            return response, url
        raise FetchError(
            f"{self.url}: more than {self.fetcher.settings.http_max_redirects} redirects"
        )

    def __exit__(self, *exc: object) -> None:
        if self.response is not None:
            self.response.close()


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https URLs can be fetched")


def _result(response: httpx.Response, final_url: str) -> FetchResult:
    return FetchResult(
        url=final_url,
        status=response.status_code,
        content_type=response.headers.get("Content-Type"),
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        size=0,
    )
