"""Readers that turn every kind of input into raw articles (`RawInput`), one interface for all.

An input is a URL, `-` (standard input) or a path: an HTML page, a plain text, an RSS/Atom
feed (each item is an article: its own content when full, else its fetched link), a WARC file
(HTML response records), JSON lines (`{url, html | text, title?, published?, ...}`, also the
dev set's `{id, title, date, site, html | null, text}`), possibly gzip-compressed, or a
directory of any of these (walked recursively, kind by extension, else by sniffing).

Readers never extract or store anything (STYLE rule 3). A problem with one input — too large,
fetch failed, a broken JSON line — is carried in `RawInput.problem` so that the reading stage
records an `unreadable` document and goes on with the next.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, cast

import feedparser
import orjson
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from sanctionwatch.exceptions import FetchError
from sanctionwatch.ingest.fetch import Fetcher
from sanctionwatch.ingest.options import ReadOptions
from sanctionwatch.settings import Settings

log = logging.getLogger(__name__)

Kind = Literal["html", "text"]
FileKind = Literal["html", "text", "feed", "warc", "jsonl"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
XML_TYPES = frozenset({"application/xml", "text/xml"})
ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.8,"
    "application/atom+xml;q=0.8,application/xml;q=0.5,text/plain;q=0.5"
)
_EXTENSIONS: dict[str, FileKind] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html)", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")
_SNIFF = 4096


@dataclass(slots=True)
class RawInput:
    """One article as a source delivers it, before extraction."""

    origin: str  # where it came from: path, URL, "path:line", "feed#item", "warc#uri"
    kind: Kind = "html"
    content: bytes | str | None = None  # None when `problem` is set
    url: str | None = None
    content_type: str | None = None
    title: str | None = None  # metadata the container provides (feed item, JSON record)
    author: str | None = None
    site: str | None = None
    published: str | None = None
    language: str | None = None
    problem: str | None = None  # why the input cannot be read: becomes the document's reason


def media_type(content_type: str | None) -> str | None:
    """`text/html; charset=utf-8` -> `text/html`."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def sniff_kind(head: bytes) -> FileKind | None:
    """What the first bytes of an unnamed input look like, or None."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _HTML_START.match(stripped):
        return "html"
    if _FEED_ROOT.search(stripped[:_SNIFF]):
        return "feed"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0]
        try:
            return "jsonl" if isinstance(orjson.loads(first), dict) else None
        except orjson.JSONDecodeError:
            return None
    return None


class Sources:
    """Reads inputs for one run; owns the Fetcher (created on first use) and closes it."""

    def __init__(
        self,
        settings: Settings,
        options: ReadOptions,
        *,
        fetcher: Fetcher | None = None,
        stdin: IO[bytes] | None = None,
    ) -> None:
        self.settings = settings
        self.options = options
        self._fetcher = fetcher
        self._own_fetcher = fetcher is None
        self.stdin = stdin

    def __enter__(self) -> Sources:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the Fetcher if this object created it."""
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    @property
    def fetcher(self) -> Fetcher:
        """The run's Fetcher; its size cap is the article cap, not the list-download one."""
        if self._fetcher is None:
            cap = min(self.settings.http_max_bytes, self.options.max_bytes)
            self._fetcher = Fetcher(self.settings.model_copy(update={"http_max_bytes": cap}))
        return self._fetcher

    # -- entry point ---------------------------------------------------------------------------

    def read(self, spec: str | Path) -> Iterator[RawInput]:
        """Every article of one input: a URL, `-` for standard input, a file or a directory."""
        if isinstance(spec, str) and spec == "-":
            yield from self.read_stdin()
        elif isinstance(spec, str) and re.match(r"(?i)^https?://", spec):
            yield from self.read_url(spec)
        else:
            path = Path(spec)
            if path.is_dir():
                yield from self.read_directory(path)
            elif path.is_file():
                yield from self.read_file(path)
            else:
                yield RawInput(str(spec), problem="no such file or directory")

    # -- URLs and feeds --------------------------------------------------------------------------

    def read_url(self, url: str, *, item: RawInput | None = None) -> Iterator[RawInput]:
        """A page, text or feed at `url`; `item` carries feed metadata for a fetched link."""
        origin = item.origin if item is not None else url
        try:
            result = self.fetcher.fetch_bytes(url, accept=ACCEPT)
        except FetchError as exc:
            yield _with_metadata(RawInput(origin, url=url, problem=f"fetch failed: {exc}"), item)
            return
        content = result.content or b""
        kind = media_type(result.content_type)
        if kind is None or kind in XML_TYPES:
            sniffed = sniff_kind(content[:_SNIFF])
            kind = {"html": "text/html", "feed": "application/rss+xml"}.get(sniffed or "", kind)
        if kind in FEED_TYPES and item is None:
            yield from self.read_feed(content, origin=url, base_url=result.url)
        elif kind in HTML_TYPES or kind == "text/plain":
            raw = RawInput(
                origin,
                kind="html" if kind in HTML_TYPES else "text",
                content=content,
                url=result.url,
                content_type=result.content_type,
            )
            yield _with_metadata(raw, item)
        else:
            problem = f"unsupported content type {result.content_type or 'none'}"
            yield _with_metadata(RawInput(origin, url=result.url, problem=problem), item)

    def read_feed(
        self, data: bytes, *, origin: str, base_url: str | None = None
    ) -> Iterator[RawInput]:
        """Each item of an RSS or Atom feed: its content if full, else its fetched link."""
        headers = {"content-location": base_url} if base_url else {}
        # Bytes, never a string: feedparser fetches a string that looks like a URL itself.
        parsed = feedparser.parse(bytes(data), response_headers=headers)
        entries: list[Any] = list(parsed.get("entries", []))
        if not entries:
            cause = parsed.get("bozo_exception") if parsed.get("bozo") else "no items"
            yield RawInput(origin, problem=f"not a readable feed: {cause}")
            return
        language = _string(parsed.get("feed", {}).get("language"))
        for number, entry in enumerate(entries, 1):
            yield from self._feed_item(entry, f"{origin}#item{number}", language)

    def _feed_item(self, entry: Any, origin: str, language: str | None) -> Iterator[RawInput]:
        link = entry.get("link")
        item = RawInput(
            origin,
            url=link,
            title=entry.get("title"),
            author=entry.get("author"),
            published=_struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            language=_string(entry.get("language")) or language,
        )
        body, body_type = _feed_body(entry)
        words = len(_TAGS.sub(" ", body).split())
        if words >= self.options.feed_full_words or (body and not link):
            item.content = body
            item.kind = "text" if body_type == "text/plain" else "html"
            yield item
        elif link and self.options.fetch_feed_links:
            yield from self.read_url(link, item=item)
        elif body:
            item.content = body  # a teaser, and fetching is off: the teaser is all there is
            item.kind = "text" if body_type == "text/plain" else "html"
            yield item
        else:
            item.problem = "feed item has no content and no link"
            yield item

    # -- files -----------------------------------------------------------------------------------

    def read_directory(self, root: Path) -> Iterator[RawInput]:
        """Every readable file under `root`, in name order; unknown files are skipped."""
        for directory, subdirs, files in os.walk(root, followlinks=False):
            subdirs[:] = sorted(d for d in subdirs if self._visible(d))
            for name in sorted(f for f in files if self._visible(f)):
                path = Path(directory) / name
                if path.is_symlink():
                    continue  # a link may leave the directory the user named
                kind = self._file_kind(path)
                if kind is None:
                    log.debug("%s: not an article file, skipped", path)
                    continue
                yield from self.read_file(path, kind)

    def _visible(self, name: str) -> bool:
        return self.options.include_hidden or not name.startswith(".")

    def read_file(self, path: Path, kind: FileKind | None = None) -> Iterator[RawInput]:
        """The articles of one file (kind by extension, else by sniffing)."""
        kind = kind or self._file_kind(path) or "text"
        origin = str(path)
        if kind == "warc":
            with path.open("rb") as handle:
                yield from self.read_warc(handle, origin=origin)
            return
        if kind == "jsonl":
            with _open_maybe_gzip(path) as handle:
                yield from self.read_jsonl(handle, origin=origin)
            return
        data, problem = self._read_capped(path)
        if problem is not None:
            yield RawInput(origin, problem=problem)
        elif kind == "feed":
            yield from self.read_feed(data, origin=origin)
        else:
            yield RawInput(origin, kind=kind, content=data)

    def _file_kind(self, path: Path) -> FileKind | None:
        name = path.name.lower()
        if name.endswith(".warc.gz"):
            return "warc"
        stem = name.removesuffix(".gz")
        kind = _EXTENSIONS.get(Path(stem).suffix)
        if kind is not None:
            return kind
        try:
            with _open_maybe_gzip(path) as handle:
                head = handle.read(_SNIFF)
        except (OSError, EOFError, zlib.error):
            return None
        return sniff_kind(head)

    def _read_capped(self, path: Path) -> tuple[bytes, str | None]:
        cap = self.options.max_bytes
        try:
            if not path.name.lower().endswith(".gz") and path.stat().st_size > cap:
                return b"", f"too large: {path.stat().st_size:,} bytes (limit {cap:,})"
            with _open_maybe_gzip(path) as handle:
                data = handle.read(cap + 1)
        except (OSError, EOFError, zlib.error) as exc:
            return b"", f"cannot read the file: {exc}"
        if len(data) > cap:
            return b"", f"too large: more than {cap:,} bytes (limit {cap:,})"
        return data, None

    # -- corpora ---------------------------------------------------------------------------------

    def read_jsonl(self, handle: IO[bytes], *, origin: str) -> Iterator[RawInput]:
        """One article per JSON line; a broken line is one unreadable input, not the file's end."""
        cap = self.options.max_bytes
        number = 0
        while True:
            line = handle.readline(cap + 1)
            if not line:
                return
            number += 1
            where = f"{origin}:{number}"
            if len(line) > cap and not line.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the oversized line
                yield RawInput(where, problem=f"too large: line longer than {cap:,} bytes")
                continue
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                yield RawInput(where, problem=f"invalid JSON: {exc}")
                continue
            if not isinstance(record, dict):
                yield RawInput(where, problem="a JSON line must be an object")
                continue
            yield _from_record(record, where)

    def read_warc(self, handle: IO[bytes], *, origin: str) -> Iterator[RawInput]:
        """The HTML responses (and resources) of a WARC file, gzip per record or plain."""
        cap = self.options.max_bytes
        count = 0
        try:
            for record in ArchiveIterator(handle):
                raw = _warc_record(record, origin, cap)
                if raw is not None:
                    count += 1
                    yield raw
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            problem = f"broken WARC after {count} records: {str(exc).strip()}"
            yield RawInput(origin, problem=problem)

    def read_stdin(self) -> Iterator[RawInput]:
        """Standard input: HTML, a feed, WARC, JSON lines or plain text, by sniffing."""
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        head = stream.read(_SNIFF)
        rest = io.BufferedReader(_Prefixed(head, stream))
        kind = "warc" if head.startswith(b"\x1f\x8b") else sniff_kind(head)
        if kind == "warc":
            yield from self.read_warc(rest, origin="<stdin>")
        elif kind == "jsonl":
            yield from self.read_jsonl(rest, origin="<stdin>")
        else:
            data = rest.read(self.options.max_bytes + 1)
            if len(data) > self.options.max_bytes:
                yield RawInput("<stdin>", problem=f"too large: more than {len(data) - 1:,} bytes")
            elif kind == "feed":
                yield from self.read_feed(data, origin="<stdin>")
            else:
                yield RawInput("<stdin>", kind="html" if kind == "html" else "text", content=data)


class _Prefixed(io.RawIOBase):
    """A stream that replays the bytes already read for sniffing, then the rest."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head = head
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self.head:
            size = min(len(view), len(self.head))
            view[:size] = self.head[:size]
            self.head = self.head[size:]
            return size
        data = self.stream.read(len(view))
        view[: len(data)] = data
        return len(data)


def _open_maybe_gzip(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _from_record(record: dict[str, Any], where: str) -> RawInput:
    """A JSON record as a raw input (dev-set records: `date`, `html` null, `text`)."""
    record_id = record.get("id")
    origin = f"{where}#{record_id}" if isinstance(record_id, str | int) else where
    html, text = record.get("html"), record.get("text")
    raw = RawInput(
        origin,
        url=_string(record.get("url")),
        title=_string(record.get("title")),
        author=_string(record.get("author")),
        site=_string(record.get("site")),
        published=_string(record.get("published") or record.get("date")),
        language=_string(record.get("language") or record.get("lang")),
    )
    if isinstance(html, str) and html.strip():
        raw.kind, raw.content = "html", html
    elif isinstance(text, str):
        raw.kind, raw.content = "text", text
    else:
        raw.problem = "record has neither `html` nor `text`"
    return raw


def _warc_record(record: Any, origin: str, cap: int) -> RawInput | None:
    """A WARC response/resource record with HTML as a raw input; None for anything else."""
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = str(record.http_headers.get_statuscode() or "")
        if not status.startswith("2"):
            return None  # redirects and error pages are not articles
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    stream = record.content_stream()
    data: bytes = stream.read(cap + 1)
    kind = media_type(content_type)
    if kind not in HTML_TYPES and not (kind is None and sniff_kind(data[:_SNIFF]) == "html"):
        return None
    where = f"{origin}#{uri}" if uri else origin
    if len(data) > cap:
        return RawInput(where, url=uri, problem=f"too large: more than {cap:,} bytes")
    # warcio ends a cut-off record quietly; bytes its length promised but the file lacks show it.
    missing = getattr(record.raw_stream, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        return RawInput(where, url=uri, problem=f"truncated WARC record: {missing:,} bytes missing")
    return RawInput(where, kind="html", content=data, url=uri, content_type=content_type)


def _feed_body(entry: Any) -> tuple[str, str]:
    """The fullest text a feed item carries (content:encoded / atom content, else summary)."""
    best, best_type = "", "text/html"
    for part in entry.get("content") or []:
        value = part.get("value") or ""
        if len(value) > len(best):
            best, best_type = value, part.get("type") or "text/html"
    summary = entry.get("summary") or ""
    if len(summary) > len(best):
        detail = entry.get("summary_detail") or {}
        best, best_type = summary, detail.get("type") or "text/html"
    return best, best_type


def _struct_date(value: Any) -> str | None:
    if value is None:
        return None
    return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"


def _string(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _with_metadata(raw: RawInput, item: RawInput | None) -> RawInput:
    """A fetched page keeps the feed item's origin and metadata as fallbacks."""
    if item is not None:
        raw.title = raw.title or item.title
        raw.author = raw.author or item.author
        raw.published = raw.published or item.published
        raw.language = raw.language or item.language
    return raw
