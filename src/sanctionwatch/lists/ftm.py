"""OpenSanctions FollowTheMoney exports (`entities.ftm.json`): one JSON entity per line.

Each line is an object with `id`, `schema` and `properties`, plus OpenSanctions context
(`caption`, `datasets`, `referents`, `first_seen`, `last_seen`, `last_change`, `target` …),
which is kept on the proxy (`entity.context`) and survives `to_dict()`. Ids are kept unchanged.

The default collection exceeds 1 GB, so the file is read line by line and nothing is held
across lines. Property values are re-validated (`cleaned=False`): the file comes from outside.

Errors: a line that is not valid UTF-8 JSON, not an object, or lacks an id or schema name fails
the whole load with a `ParseError` naming the line. The store writes a load in one transaction,
so failing is the only way to keep a half-read file from replacing a good snapshot; a skipped
line would silently drop a listed party. A schema or property the FtM model does not know (a
newer FtM version upstream) is counted and warned about, and only that entity or property is
skipped. Duplicate ids across lines are not checked (the export has none; checking would hold
every id in memory).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import ParseReport

SOURCE = "opensanctions"
# The largest OpenSanctions entities are a few MB; anything beyond this is not an entity.
MAX_LINE_BYTES = 64 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


def sniff(path: str, head: bytes) -> bool:
    """Whether the first line is a JSON object with `schema` and `properties`."""
    text = head.removeprefix(_BOM).lstrip()
    if not text.startswith(b"{"):
        return False
    line, newline, _ = text.partition(b"\n")
    if not newline:
        # The first entity is longer than the head: judge by its keys.
        return b'"schema"' in text and b'"properties"' in text
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return isinstance(data, dict) and "schema" in data and "properties" in data


def iter_entities(path: str, report: ParseReport) -> Iterator[EntityProxy]:
    """Every entity of the file whose schema the FtM model knows, in file order."""
    loader = _Loader(path, report)
    number = 0
    seen_data = False
    try:
        with open(path, "rb") as handle:
            while line := handle.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(line) > MAX_LINE_BYTES:
                    raise ParseError(
                        path, f"line longer than {MAX_LINE_BYTES} bytes", where=f"line {number}"
                    )
                if number == 1:
                    line = line.removeprefix(_BOM)
                if not line.strip():
                    continue
                seen_data = True
                entity = loader.load(line, number)
                if entity is not None:
                    yield entity
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror}") from exc
    if not seen_data:
        raise ParseError(path, "the file is empty")


class _Loader:
    """Turns lines into proxies, remembering which unknown names were already reported."""

    def __init__(self, path: str, report: ParseReport) -> None:
        self.path = path
        self.report = report
        self.warned: set[str] = set()

    def _skip(self, kind: str, name: str) -> None:
        self.report.orphans[f"{SOURCE}: {kind}"] += 1
        if name not in self.warned:
            self.warned.add(name)
            self.report.warn(f"{SOURCE}: {kind} {name!r} skipped")

    def load(self, line: bytes, number: int) -> EntityProxy | None:
        """The proxy of one line; None when its schema is unknown."""
        where = f"line {number}"
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ParseError(self.path, f"invalid JSON ({exc})", where=where) from exc
        if not isinstance(data, dict):
            raise ParseError(self.path, "not a JSON object", where=where)
        entity_id = data.get("id")
        if not isinstance(entity_id, str) or not entity_id.strip():
            raise ParseError(self.path, "entity without an id", where=where)
        schema_name = data.get("schema")
        if not isinstance(schema_name, str) or not schema_name:
            raise ParseError(self.path, f"entity {entity_id!r} without a schema", where=where)
        schema = model.get(schema_name)
        if schema is None:
            self._skip("unknown schema", schema_name)
            return None
        properties = data.get("properties", {})
        if not isinstance(properties, dict):
            raise ParseError(self.path, f"properties of {entity_id!r} not an object", where=where)
        known: dict[str, Any] = {}
        for name, values in properties.items():
            prop = schema.properties.get(name)
            if prop is None:
                self._skip("unknown property", f"{schema_name}:{name}")
                continue
            if prop.stub:
                # A reverse property ("sanctions" on Person) is derived, never written.
                self._skip("reverse property", f"{schema_name}:{name}")
                continue
            known[name] = values
        data["properties"] = known
        try:
            entity = model.get_proxy(data, cleaned=False)
        except (InvalidData, RecursionError, TypeError, ValueError) as exc:
            raise ParseError(self.path, f"entity {entity_id!r}: {exc}", where=where) from exc
        # The line's own `target` flag, kept in entity.context, decides what is a listed party.
        self.report.count(entity)
        return entity
