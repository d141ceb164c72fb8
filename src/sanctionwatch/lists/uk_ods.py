"""Streaming rows out of an OpenDocument spreadsheet (.ods), for the UK Sanctions List export.

An .ods file is a zip whose `content.xml` holds the sheets. The FCDO export pads every row to
16,384 columns and ends with one empty row repeated a million times
(`table:number-rows-repeated="1043268"`), so repeats are never expanded blindly: empty rows are
skipped by count, cells are capped at `MAX_COLUMNS`, and a repeated non-empty row is read once.
`content.xml` is streamed straight from the zip through `iter_elements` (defusedxml: no DTD, no
entity expansion), with a cap on the decompressed size against zip bombs. Errors name the .ods
file; a line and column in one are those of `content.xml`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING
from xml.etree.ElementTree import Element

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.xmlstream import iter_elements

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# The UK Sanctions List has 58 columns; anything past this is padding.
MAX_COLUMNS = 256
# A real content.xml is tens to a few hundred MB; more than this is a zip bomb.
MAX_CONTENT_BYTES = 4 * 1024**3
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_VALUE = f"{{{_OFFICE}}}value"
_DATE_VALUE = f"{{{_OFFICE}}}date-value"
_SPACE_COUNT = f"{{{_TEXT}}}c"
_ROW_TAGS = frozenset({"table-row", "table"})
_CELL_TAGS = frozenset({"table-cell", "covered-table-cell"})

Row = tuple[str, list[str]]  # (where, cells): "row 40", stripped cell texts


class _CappedReader(io.RawIOBase):
    """A raw stream over a zip member that refuses to inflate beyond `limit` bytes."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        super().__init__()
        self._raw = raw
        self._left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        chunk = self._raw.read(len(view))
        self._left -= len(chunk)
        if self._left < 0:
            raise _TooLarge
        view[: len(chunk)] = chunk
        return len(chunk)


class _TooLarge(Exception):
    """content.xml inflates beyond MAX_CONTENT_BYTES."""


def looks_like_ods(path: str, head: bytes) -> bool:
    """Whether `path` is a zip holding an OpenDocument spreadsheet (never raises)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "content.xml" not in names:
                return False
            if "mimetype" in names:
                return archive.read("mimetype").strip() == ODS_MIMETYPE
            return True
    except (OSError, zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError):
        return False


def iter_rows(path: str, *, max_rows: int | None = None) -> Iterator[Row]:
    """The non-empty rows of the first sheet that has any, as lists of stripped cell texts.

    Trailing empty cells are dropped, so rows can be shorter than the header. `max_rows` stops
    after that many non-empty rows (sniffing needs only the first few).
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ParseError(path, f"not a readable .ods (zip) file: {exc}") from exc
    with archive:
        try:
            member = archive.open("content.xml")
        except KeyError:
            raise ParseError(path, "not an OpenDocument spreadsheet: no content.xml") from None
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile) as exc:
            raise ParseError(path, f"cannot open content.xml: {exc}") from exc
        with member:
            stream = io.BufferedReader(_CappedReader(member, MAX_CONTENT_BYTES), 1024 * 1024)
            yield from _rows(path, stream, max_rows)


def _rows(path: str, stream: IO[bytes], max_rows: int | None) -> Iterator[Row]:
    row_number = 0
    emitted = 0
    elements = iter_elements(stream, _ROW_TAGS, root=frozenset({"document-content"}), name=path)
    try:
        for element in elements:
            if element.tag == "table":
                if emitted:
                    break  # only the first sheet with data is the list
                row_number = 0
                continue
            repeat = _repeat(element.get(_ROWS_REPEATED))
            row_number += 1
            cells = _cells(element)
            if cells:
                yield f"row {row_number}", cells
                emitted += 1
                if max_rows is not None and emitted >= max_rows:
                    break
            # A repeated row is identical to the first copy: read once, counted as many.
            row_number += repeat - 1
    except _TooLarge:
        raise ParseError(
            path, f"content.xml inflates beyond {MAX_CONTENT_BYTES} bytes (zip bomb?)"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ParseError(path, f"corrupt or truncated .ods file: {exc}") from exc
    finally:
        close = getattr(elements, "close", None)  # a generator: release the zip stream now
        if close is not None:
            close()


def _repeat(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, int(value))
    except ValueError:
        return 1


def _cells(row: Element) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag not in _CELL_TAGS:
            continue
        room = MAX_COLUMNS - len(cells)
        if room <= 0:
            break
        value = _cell_value(cell)
        cells.extend([value] * min(_repeat(cell.get(_COLUMNS_REPEATED)), room))
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _cell_value(cell: Element) -> str:
    kind = cell.get(_VALUE_TYPE)
    # Typed cells carry the machine value in an attribute; the paragraph is only its display.
    if kind == "date" and cell.get(_DATE_VALUE):
        return cell.get(_DATE_VALUE, "")[:10]
    if kind in {"float", "percentage", "currency"} and cell.get(_VALUE):
        return cell.get(_VALUE, "")
    paragraphs = ["".join(_text(p)) for p in cell if p.tag in {"p", "h"}]
    return "\n".join(paragraphs).strip()


def _text(node: Element) -> Iterator[str]:
    if node.text:
        yield node.text
    for child in node:
        if child.tag == "s":
            # Capped: a hostile file could ask for a billion spaces.
            yield " " * min(_repeat(child.get(_SPACE_COUNT)), 256)
        elif child.tag == "tab":
            yield "\t"
        elif child.tag == "line-break":
            yield "\n"
        else:
            yield from _text(child)
        if child.tail:
            yield child.tail
