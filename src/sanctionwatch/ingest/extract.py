"""Main text and metadata of an article: bytes to text, binary detection, trafilatura, cleaning.

HTML goes through trafilatura (`include_comments=False`), whose paragraph tree we walk block by
block so that quoted passages (`<blockquote>`, which trafilatura turns into `<quote>`) keep
their place: `Extracted.quotes` holds their character spans in the final text. Each line then
passes the boilerplate filter (`boilerplate.py`, rules in `data/boilerplate.yml`). Plain text
goes through the same filter. Problems with the input itself (binary, undecodable) raise
`InputError` with a message that becomes the document's `reason`.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field

import charset_normalizer
import trafilatura
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.xml import xmltotxt

from sanctionwatch.exceptions import InputError
from sanctionwatch.ingest.boilerplate import BoilerplateFilter

log = logging.getLogger(__name__)

# Magic numbers of formats that are sometimes saved or served as ".html" by mistake.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF media file"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text (tab, newlines, form feed and escape do).
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)
_HTML_LANG = re.compile(r"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
# Browsers decode these labels as windows-1252 (WHATWG Encoding), and so do publishers' pages.
_AS_WINDOWS_1252 = frozenset({"ascii", "latin-1", "iso8859-1"})
# A declared charset may be slightly wrong (a few stray bytes); more damage than this is a
# broken page, not a typo.
_TOLERATED_DAMAGE = 0.001


@dataclass(slots=True)
class Extracted:
    """Clean main text with what the page says about itself."""

    text: str
    quotes: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None  # YYYY-MM-DD
    canonical_url: str | None = None  # what the page declares (<link rel=canonical>, og:url)
    declared_language: str | None = None  # <html lang>, a hint only
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, line) dropped


def sniff_binary(data: bytes) -> str | None:
    """What kind of binary data `data` is ("a PDF document"), or None if it may be text."""
    head = data[:4096]
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return what
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text has NUL bytes but is text
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    if head and sum(byte in _CONTROL for byte in head) > len(head) // 20:
        return "binary data (control bytes)"
    return None


def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None for an unknown label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        log.debug("unknown charset label %r", label)
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name


def declared_charset(data: bytes, content_type: str | None, *, html: bool) -> str | None:
    """The charset a byte-order mark, the Content-Type header or the page itself declares."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match is not None and (name := _codec(match.group(1))) is not None:
            return name
    if html:
        head = data[:8192]
        for pattern in (_XML_ENCODING, _META_CHARSET):
            found = pattern.search(head)
            if found is not None and (name := _codec(found.group(1).decode("ascii"))):
                return name
    return None


def decode(data: bytes, content_type: str | None = None, *, html: bool = True) -> str:
    """Bytes to text: valid UTF-8, else the declared charset, else a detected one.

    Valid UTF-8 wins over a declaration: text in a legacy encoding is almost never valid UTF-8
    by accident, while UTF-8 pages labelled ISO-8859-1 or windows-1251 are common.
    Raises `InputError` ("broken encoding: ...") when no charset decodes the bytes cleanly.
    """
    declared = declared_charset(data, content_type, html=html)
    damage_at = 0
    if declared is None or not declared.startswith(("utf-16", "utf-32")):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            damage_at = exc.start
    if declared is not None and declared not in ("utf-8", "utf-8-sig"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError as exc:
            damage_at = exc.start
    if declared is None:
        best = charset_normalizer.from_bytes(data[:262_144]).best()
        if best is not None and best.encoding:
            try:
                return data.decode(best.encoding)
            except UnicodeDecodeError:
                pass  # the sample fitted, the rest does not
        raise InputError("broken encoding: not UTF-8, declares no charset, and no charset fits")
    text = data.decode(declared, errors="replace")
    damaged = text.count("\ufffd")
    if damaged <= len(text) * _TOLERATED_DAMAGE:
        log.info("decoded with %d replaced characters as %s", damaged, declared)
        return text
    raise InputError(
        f"broken encoding: not valid {declared} (first bad byte at offset {damage_at}, "
        f"{damaged:,} bad characters)"
    )


def html_language(html: str) -> str | None:
    """The `<html lang=...>` code, lower case, if the page declares one."""
    match = _HTML_LANG.search(html[:4096])
    return match.group(1).lower() if match is not None else None


def extract_html(
    html: str, *, url: str | None = None, boilerplate: BoilerplateFilter | None = None
) -> Extracted:
    """Main text, quote spans and metadata of an HTML page (or an HTML fragment)."""
    result = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,  # reader comments are not the article
        include_tables=True,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
    )
    declared_language = html_language(html)
    if not isinstance(result, TrafilaturaDocument) or result.body is None:
        return Extracted(text="", declared_language=declared_language)
    blocks: list[tuple[list[str], bool]] = []
    for element in result.body:
        rendered = xmltotxt(element, False)
        if rendered.strip():
            blocks.append((rendered.split("\n"), element.tag == "quote"))
    title = _clean(result.title)
    if blocks and title is not None and _same_words(" ".join(blocks[0][0]), title):
        # The headline, when the page has little structure besides it: it is metadata.
        blocks.pop(0)
    text, quotes, removed = _assemble(blocks, boilerplate or BoilerplateFilter.default())
    return Extracted(
        text=text,
        quotes=quotes,
        title=title,
        author=_clean(result.author),
        site=_clean(result.sitename) or _clean(result.hostname),
        published=_clean(result.date),
        canonical_url=_clean(result.url),
        declared_language=declared_language,
        removed=removed,
    )


def clean_text(text: str, *, boilerplate: BoilerplateFilter | None = None) -> Extracted:
    """A plain text with boilerplate lines removed; paragraphs separated by blank lines."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [
        ([line.rstrip() for line in paragraph.split("\n")], False)
        for paragraph in re.split(r"\n[ \t\u00a0]*\n", normalised)
        if paragraph.strip()
    ]
    joined, quotes, removed = _assemble(blocks, boilerplate or BoilerplateFilter.default())
    return Extracted(text=joined, quotes=quotes, removed=removed)


def _assemble(
    blocks: list[tuple[list[str], bool]], boilerplate: BoilerplateFilter
) -> tuple[str, list[tuple[int, int]], list[tuple[str, str]]]:
    """Filter the lines of all blocks at once (section runs cross blocks) and join the rest."""
    flat = [line for lines, _ in blocks for line in lines]
    verdicts = iter(boilerplate.classify(flat))
    paragraphs: list[str] = []
    quotes: list[tuple[int, int]] = []
    removed: list[tuple[str, str]] = []
    offset = 0
    for lines, is_quote in blocks:
        kept: list[str] = []
        for line in lines:
            verdict = next(verdicts)
            if verdict is None:
                kept.append(line.strip())
            elif verdict != "blank":
                removed.append((verdict, line.strip()))
        if not kept:
            continue
        paragraph = "\n".join(kept)
        if paragraphs:
            offset += 2  # the blank line between paragraphs
        if is_quote:
            quotes.append((offset, offset + len(paragraph)))
        paragraphs.append(paragraph)
        offset += len(paragraph)
    return "\n\n".join(paragraphs), quotes, removed


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split() or a.casefold().split() == b.casefold().split()


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
