"""The article record every reading stage passes along."""

from __future__ import annotations

from dataclasses import dataclass, field


class DocumentStatus:
    """Whether a document could be analysed, and if not, why it is kept anyway."""

    OK = "ok"  # main text extracted, English: analysed
    NOT_ANALYSED = "not_analysed"  # readable but not analysed (e.g. not English): stored, skipped
    UNREADABLE = "unreadable"  # binary, too large, broken encoding, empty: reason given


@dataclass(slots=True)
class Document:
    """One article: clean main text plus metadata.

    `text` holds the story paragraphs separated by blank lines; `quotes` are the character spans
    of quoted passages (HTML blockquotes) inside it, kept because who says a claim matters.
    """

    id: str  # stable: from the canonical URL, else from the content hash
    text: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    language: str | None = None  # ISO 639-1
    quotes: list[tuple[int, int]] = field(default_factory=list)
    content_hash: str = ""  # sha256 of the normalised main text
    fingerprint: int = 0  # 64-bit simhash of the text, for near-duplicate detection
    duplicate_of: str | None = None  # id of the earlier document this one copies
    status: str = DocumentStatus.OK
    reason: str | None = None  # why the document was not analysed
    origin: str | None = None  # where it was read from (path, URL, feed, WARC record)
