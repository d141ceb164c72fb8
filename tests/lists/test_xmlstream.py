"""Safe XML streaming: paths and streams, error names and positions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.xmlstream import iter_elements

DOCUMENT = b'<?xml version="1.0"?><list xmlns="urn:x"><item>a</item><item>b</item></list>'
DTD = b'<?xml version="1.0"?><!DOCTYPE list [<!ENTITY a "aaaa">]><list><item>&a;</item></list>'


def texts(source: str | io.BytesIO, name: str | None = None) -> list[str | None]:
    return [e.text for e in iter_elements(source, frozenset({"item"}), name=name)]


def test_a_path_and_a_stream_give_the_same_elements(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_bytes(DOCUMENT)
    assert texts(str(path)) == ["a", "b"]
    assert texts(io.BytesIO(DOCUMENT), name="list.xml") == ["a", "b"]


def test_errors_name_the_given_name() -> None:
    with pytest.raises(ParseError) as caught:
        texts(io.BytesIO(DOCUMENT[:-10]), name="archive.ods")
    assert caught.value.path == "archive.ods"
    assert str(caught.value).startswith("archive.ods: line 1, column ")
    assert "malformed XML" in str(caught.value)


def test_a_stream_without_a_name_is_called_stream() -> None:
    with pytest.raises(ParseError) as caught:
        texts(io.BytesIO(b"<list>"))
    assert caught.value.path == "<stream>"


def test_wrong_root_is_rejected_at_line_1() -> None:
    elements = iter_elements(
        io.BytesIO(DOCUMENT), frozenset({"item"}), root=frozenset({"other"}), name="x.xml"
    )
    with pytest.raises(ParseError, match="root element is <list>, expected <other>") as caught:
        list(elements)
    assert caught.value.where == "line 1"


@pytest.mark.parametrize("as_path", [True, False])
def test_a_dtd_is_rejected_in_the_prolog(tmp_path: Path, as_path: bool) -> None:
    path = tmp_path / "dtd.xml"
    path.write_bytes(DTD)
    source: str | io.BytesIO = str(path) if as_path else io.BytesIO(DTD)
    with pytest.raises(ParseError, match="forbidden XML construct") as caught:
        texts(source, name=str(path))
    assert caught.value.path == str(path)
    assert caught.value.where == "prolog, before the root element"
    assert str(caught.value).startswith(f"{path}: prolog, before the root element: ")
