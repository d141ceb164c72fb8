"""The reading stage: any inputs in, `Document`s out, one bad input never stopping the run.

`read_documents(inputs, settings, on_error)` reads every input (`sources.Sources`), extracts
main text and metadata (`extract`), identifies the language (`language`) and gives each
document its stable id, content hash and fingerprint (`dedup`). Documents are yielded, never
stored: the caller saves them (`store.documents.save_document`).

Two kinds of failure are kept apart:

- A problem *with the input* (binary, too large, broken encoding, empty, fetch refused or
  failed, not a feed) is data: the input becomes a `Document` with status `unreadable` and a
  `reason`, so a report can say what was skipped and why.
- Anything else (a bug, a library crash) goes to `on_error(origin, exc)`: `raise_errors`
  re-raises (tests), `report_errors` logs and skips the input (batch runs) — STYLE rule 4.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO

from sanctionwatch.exceptions import InputError
from sanctionwatch.ingest.boilerplate import BoilerplateFilter
from sanctionwatch.ingest.dedup import (
    NearDuplicateIndex,
    canonical_url,
    content_hash,
    document_id,
    same_site,
    simhash,
)
from sanctionwatch.ingest.document import Document, DocumentStatus
from sanctionwatch.ingest.extract import Extracted, clean_text, decode, extract_html, sniff_binary
from sanctionwatch.ingest.fetch import Fetcher
from sanctionwatch.ingest.language import LanguageIdentifier
from sanctionwatch.ingest.options import ReadOptions
from sanctionwatch.ingest.sources import RawInput, Sources
from sanctionwatch.settings import Settings

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str, Exception], None]
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def raise_errors(origin: str, exc: Exception) -> None:
    """Error handler for tests and single inputs: the error stops the run."""
    raise exc


def report_errors(origin: str, exc: Exception) -> None:
    """Error handler for batch runs: log the error with its input, skip the input, go on."""
    log.error("%s: skipped after an unexpected error: %s", origin, exc, exc_info=exc)


class DocumentReader:
    """Turns raw inputs into documents; holds the run's filters and near-duplicate index."""

    def __init__(
        self,
        options: ReadOptions | None = None,
        *,
        boilerplate: BoilerplateFilter | None = None,
        identifier: LanguageIdentifier | None = None,
    ) -> None:
        self.options = options or ReadOptions()
        self.boilerplate = boilerplate or BoilerplateFilter.default()
        self.identifier = identifier or LanguageIdentifier.default()
        self.near = NearDuplicateIndex(self.options.near_duplicate_bits)
        self.seen: dict[str, str] = {}  # id -> content hash, for repeats within the run
        self.by_hash: dict[str, str] = {}  # content hash -> first id with that text

    def document(self, raw: RawInput) -> Document:
        """The document of one raw input (`unreadable` with a reason if it cannot be read)."""
        try:
            text = self._text(raw)
            if raw.kind == "html":
                extracted = extract_html(text, url=raw.url, boilerplate=self.boilerplate)
            else:
                extracted = clean_text(text, boilerplate=self.boilerplate)
        except InputError as exc:
            return unreadable(raw, exc.message)
        if not extracted.text.strip():
            what = "no main text found" if raw.kind == "html" else "only boilerplate"
            return unreadable(raw, f"empty: {what}", extracted)
        return self._readable(raw, extracted)

    def is_repeat(self, document: Document) -> bool:
        """Whether this run already produced this exact document (same id, same text)."""
        return self.seen.get(document.id) == document.content_hash

    def link(self, document: Document) -> None:
        """Set `duplicate_of` to an earlier document of this run with (nearly) the same text."""
        self.seen[document.id] = document.content_hash
        if document.status == DocumentStatus.UNREADABLE or document.duplicate_of is not None:
            return
        first = self.by_hash.setdefault(document.content_hash, document.id)
        if first != document.id:
            document.duplicate_of = first
            return
        if len(document.text.split()) < self.options.near_duplicate_min_words:
            return
        found = self.near.find(document.fingerprint, exclude=[document.id])
        if found is not None:
            document.duplicate_of = found[0]
            log.info("%s: near-duplicate of %s (%d bits)", document.origin, *found)
        else:
            self.near.add(document.id, document.fingerprint)

    def _text(self, raw: RawInput) -> str:
        if raw.problem is not None:
            raise InputError(raw.problem)
        content = raw.content
        if content is None:
            raise InputError("empty: no content")
        size = len(content.encode("utf-8")) if isinstance(content, str) else len(content)
        if size > self.options.max_bytes:
            raise InputError(f"too large: {size:,} bytes (limit {self.options.max_bytes:,})")
        if isinstance(content, str):
            text = content
        else:
            if not content.strip():
                raise InputError("empty: no content")
            binary = sniff_binary(content)
            if binary is not None:
                raise InputError(f"binary: {binary}, not an article")
            text = decode(content, raw.content_type, html=raw.kind == "html")
        if not text.strip():
            raise InputError("empty: no content")
        return text

    def _readable(self, raw: RawInput, extracted: Extracted) -> Document:
        canonical = _canonical(raw.url, extracted.canonical_url)
        text_hash = content_hash(extracted.text)
        guess = self.identifier.identify(extracted.text)
        # The text decides; what the page or record declares is a fallback for texts too short
        # or too odd to tell (templates often declare "en" for every page).
        language, method = guess.code, guess.method
        if language is None:
            language = _hint(raw.language) or _hint(extracted.declared_language)
            method = "declared" if language is not None else guess.method
        status, reason = DocumentStatus.OK, None
        if language is None:
            status, reason = DocumentStatus.NOT_ANALYSED, f"language not identified: {method}"
        elif language not in self.options.analysed_languages:
            status = DocumentStatus.NOT_ANALYSED
            reason = f"language {language} is not analysed (identified by {method})"
        return Document(
            id=document_id(canonical, text_hash),
            text=extracted.text,
            url=raw.url,
            canonical_url=canonical,
            title=raw.title or extracted.title,
            author=raw.author or extracted.author,
            site=raw.site or extracted.site,
            published=iso_date(raw.published) or iso_date(extracted.published),
            language=language,
            quotes=list(extracted.quotes),
            content_hash=text_hash,
            fingerprint=simhash(extracted.text),
            status=status,
            reason=reason,
            origin=raw.origin,
        )


def unreadable(raw: RawInput, reason: str, extracted: Extracted | None = None) -> Document:
    """A document for an input that cannot be read: no text, the reason, a stable id.

    The id comes from the URL when there is one, else from the raw bytes (so re-reading the
    same broken file is a no-op in the store), else from the origin.
    """
    canonical = _canonical(raw.url, None)
    content = raw.content.encode("utf-8") if isinstance(raw.content, str) else raw.content
    basis = content if content else raw.origin.encode("utf-8")
    raw_hash = hashlib.sha256(basis).hexdigest()
    return Document(
        id=document_id(canonical, raw_hash),
        text="",
        url=raw.url,
        canonical_url=canonical,
        title=raw.title or (extracted.title if extracted is not None else None),
        site=raw.site,
        published=iso_date(raw.published),
        content_hash=raw_hash,
        status=DocumentStatus.UNREADABLE,
        reason=reason,
        origin=raw.origin,
    )


def read_documents(
    inputs: Iterable[str | Path],
    settings: Settings,
    on_error: ErrorHandler = raise_errors,
    *,
    options: ReadOptions | None = None,
    fetcher: Fetcher | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Document]:
    """Read every input into documents, in input order; see the module docstring for errors.

    Near-duplicates within the run are linked (`duplicate_of`); an exact repeat of a document
    already yielded in this run (same id, same text) is not yielded again.
    """
    reader = DocumentReader(options)
    with Sources(settings, reader.options, fetcher=fetcher, stdin=stdin) as sources:
        for spec in inputs:
            try:
                for raw in sources.read(spec):
                    try:
                        document = reader.document(raw)
                    except Exception as exc:  # the handler decides: raise or skip
                        on_error(raw.origin, exc)
                        continue
                    if reader.is_repeat(document):
                        log.debug("%s: same document as before in this run", raw.origin)
                        continue
                    reader.link(document)
                    _log_outcome(document)
                    yield document
            except Exception as exc:  # a reader failed mid-input: the rest is skipped
                on_error(str(spec), exc)


def iso_date(value: str | None) -> str | None:
    """A date as YYYY-MM-DD from ISO text ("2024-01-05T08:30Z") or RFC 822 ("Fri, 5 Jan 2024")."""
    if not value:
        return None
    match = _ISO_DATE.match(value.strip())
    if match is not None:
        return match.group(0)
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _canonical(url: str | None, declared: str | None) -> str | None:
    """The page's declared canonical URL if it is plausible, else the normalised source URL.

    A declared canonical on another host is ignored (syndicated copies point at the original
    publisher, and adopting it would make two texts share one id; near-duplicate linking
    handles them), and so is one that points at a site's home page from an article.
    """
    source = canonical_url(url) if url else None
    claimed = canonical_url(declared) if declared else None
    if claimed is None:
        return source
    if source is None:
        return claimed
    if not same_site(claimed, source):
        return source
    if claimed.rstrip("/").count("/") <= 2 < source.rstrip("/").count("/"):
        return source  # "https://site/" declared for "https://site/2024/story"
    return claimed


def _hint(code: str | None) -> str | None:
    """A declared language code ("en-GB", "EN") as ISO 639-1, if it looks like one."""
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if re.fullmatch(r"[a-z]{2}", primary) else None


def _log_outcome(document: Document) -> None:
    if document.status == DocumentStatus.UNREADABLE:
        log.warning("%s: unreadable: %s", document.origin, document.reason)
    elif document.status == DocumentStatus.NOT_ANALYSED:
        log.info("%s: not analysed: %s", document.origin, document.reason)
