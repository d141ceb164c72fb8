"""Streaming, hostile-input-safe XML reading shared by the XML list parsers.

Official files are large (the EU list is ~25 MB) and come from outside, so they are read with
defusedxml's streaming parser: no DTDs, no entity expansion (XML bombs), no external references.
Namespaces are stripped from the yielded subtrees so parsers address elements by local name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from sanctionwatch.exceptions import ParseError

RootCallback = Callable[[dict[str, str]], None]


def local_name(tag: str) -> str:
    """`{namespace}name` -> `name`."""
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _strip_namespaces(element: Element) -> None:
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = local_name(node.tag)


def iter_elements(
    source: str | IO[bytes],
    tags: frozenset[str],
    *,
    root: frozenset[str] | None = None,
    on_root: RootCallback | None = None,
    name: str | None = None,
) -> Iterator[Element]:
    """Yield each complete element whose local name is in `tags`, then free its memory.

    `source` is a path or a binary stream (a zip member, read without unpacking it to disk);
    `name` is the file that errors name, by default `source` when it is a path.
    `root` lists the acceptable local names of the document element: any other raises a
    `ParseError` naming what was found, so a wrong file fails before any entity is produced.
    `on_root` receives the root element's attributes (publication dates live there).
    """
    if name is not None:
        path = name
    elif isinstance(source, str):
        path = source
    else:
        path = str(getattr(source, "name", "<stream>"))
    depth = 0
    seen_root = False
    stack: list[Element] = []
    try:
        for event, element in SafeET.iterparse(
            source, events=("start", "end"), forbid_dtd=True, forbid_entities=True
        ):
            if event == "start":
                if not seen_root:
                    seen_root = True
                    name = local_name(element.tag)
                    if root is not None and name not in root:
                        expected = " or ".join(sorted(root))
                        raise ParseError(
                            path, f"root element is <{name}>, expected <{expected}>", where="line 1"
                        )
                    if on_root is not None:
                        on_root(dict(element.attrib))
                stack.append(element)
                depth += 1
                continue
            depth -= 1
            stack.pop()
            if local_name(element.tag) in tags:
                _strip_namespaces(element)
                yield element
                # Free the finished record; the parent keeps an empty shell only.
                element.clear()
                if stack:
                    stack[-1].remove(element)
    except XMLParseError as exc:
        line, column = exc.position
        raise ParseError(
            path, f"malformed XML ({exc.msg})", where=f"line {line}, column {column}"
        ) from exc
    except DefusedXmlException as exc:
        # A DTD, entity declaration or external reference: all of them can only stand there.
        raise ParseError(
            path, f"forbidden XML construct: {exc}", where="prolog, before the root element"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not valid text in the declared encoding: {exc.reason}") from exc
    if not seen_root:
        raise ParseError(path, "empty XML document")


def text_of(element: Element | None, child: str) -> str | None:
    """The stripped text of the first `child` (a path of local names), or None."""
    if element is None:
        return None
    found = element.find(child)
    if found is None or found.text is None:
        return None
    value = " ".join(found.text.split())
    return value or None


def texts_of(element: Element, child: str) -> list[str]:
    """The stripped, non-empty texts of all `child` elements (a path of local names)."""
    values = []
    for found in element.findall(child):
        if found.text is not None:
            value = " ".join(found.text.split())
            if value:
                values.append(value)
    return values
