"""The listed parties a dev set is drawn from: list files found in a directory, parsed once.

A directory in the layout of `../shared/data/lists` (or `samples/lists`) holds one file or
folder per source: `un/consolidated.xml`, `ofac/` (the legacy CSV set) or `ofac/sdn.xml`,
`ofac/consolidated.xml` (OFAC's non-SDN list), `uk/*.ods|xml|csv`, `eu/*.xml`. Each is read by
the project's own parser; the entities feed both the dev-set builder (as `Party` records) and
the evaluation's background index (as they are).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import InputError
from sanctionwatch.lists.common import ParseReport, is_target
from sanctionwatch.lists.sources import get_parser
from sanctionwatch.store.repo import Store

log = logging.getLogger(__name__)

# Where each source's file may sit under a lists directory, best first. The UN's `prev/`
# edition and the other formats of one list are left out: one file per source.
_LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("un", ("un/consolidated.xml", "un/*.xml")),
    ("ofac-sdn", ("ofac/sdn.csv", "ofac/sdn.xml", "ofac-csv/sdn.csv")),
    ("ofac-cons", ("ofac/consolidated.xml", "ofac/cons_prim.csv")),
    ("uk", ("uk/*.xml", "uk/*.ods", "uk/*.csv")),
    ("eu", ("eu/*.xml",)),
)
# Sources whose records describe the same parties under the same ids (OFAC's SDN and non-SDN
# lists share entry numbers): one family, one party per id.
_FAMILY = {"ofac-sdn": "ofac", "ofac-cons": "ofac"}
_PASSPORT_PROPS = ("passportNumber",)


@dataclass(frozen=True, slots=True)
class ListFile:
    """One list file (or the OFAC CSV folder) and the source it belongs to."""

    source: str
    path: Path


def discover(root: Path) -> list[ListFile]:
    """The list files under `root`, one per source; `InputError` when there is none."""
    if not root.is_dir():
        raise InputError(f"{root}: not a directory of list files")
    found: list[ListFile] = []
    for source, patterns in _LAYOUT:
        for pattern in patterns:
            matches = sorted(root.glob(pattern))
            if matches:
                path = matches[0]
                # The OFAC legacy CSV set is read as the folder holding sdn.csv.
                found.append(ListFile(source, path.parent if path.suffix == ".csv" else path))
                break
    if not found:
        raise InputError(f"{root}: no list files found (expected un/, ofac/, uk/ or eu/)")
    return found


@dataclass(slots=True)
class Party:
    """A listed party as the dev-set builder sees it: its names and linking evidence."""

    id: str
    family: str  # un, ofac, uk, eu: one listing authority
    schema: str
    name: str
    names: list[tuple[str, str]] = field(default_factory=list)  # (text, alias|weak|previous)
    first_name: str | None = None
    last_name: str | None = None
    programs: set[str] = field(default_factory=set)
    group: str = ""  # parties of one family with the same group are one party (UK regimes)
    designation: str | None = None  # UK: who designated (UN, UK, UK|UN)
    birth_dates: set[str] = field(default_factory=set)
    passports: set[str] = field(default_factory=set)
    imo: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Corpus:
    """Every entity read (for the background index) and the listed parties (for the builder)."""

    files: list[ListFile]
    entities: list[EntityProxy]
    parties: list[Party]

    def by_family(self, family: str) -> list[Party]:
        """The parties of one listing authority, in id order."""
        return [p for p in self.parties if p.family == family]


def iter_list_entities(files: list[ListFile]) -> Iterator[tuple[str, EntityProxy]]:
    """(source, entity) for every entity of every file, read by the project's parsers."""
    for item in files:
        report = ParseReport(source=item.source, path=str(item.path))
        parser = get_parser(item.source, item.path)
        count = 0
        for entity in parser.iter_entities(str(item.path), report):
            count += 1
            yield item.source, entity
        log.info("%s: %d entities from %s", item.source, count, item.path)


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _document(value: str) -> str:
    return "".join(c for c in value.upper() if c.isalnum())


def load_corpus(root: Path) -> Corpus:
    """Parse every list file under `root` into entities and parties."""
    files = discover(root)
    entities: list[EntityProxy] = []
    parties: dict[str, Party] = {}
    sanctions: list[tuple[str, EntityProxy]] = []
    documents: list[tuple[str, EntityProxy]] = []
    for source, entity in iter_list_entities(files):
        entities.append(entity)
        if entity.id is None:
            continue
        family = _FAMILY.get(source, source)
        if entity.schema.name == "Sanction":
            sanctions.append((family, entity))
        elif entity.schema.is_a("Identification"):
            documents.append((family, entity))
        elif is_target(entity):
            _add_party(parties, family, entity)
    for family, sanction in sanctions:
        for entity_id in sanction.get("entity", quiet=True):
            party = parties.get(f"{family}:{entity_id}")
            if party is None:
                continue
            party.programs.update(sanction.get("program", quiet=True))
            for text in sanction.get("description", quiet=True):
                if text.startswith("Designation source:"):
                    party.designation = text.split(":", 1)[1].strip()
            if family == "uk":
                party.group = next(iter(sanction.get("recordId", quiet=True)), party.group)
    for family, document in documents:
        if not document.schema.is_a("Passport"):
            continue
        for holder in document.get("holder", quiet=True):
            party = parties.get(f"{family}:{holder}")
            if party is not None:
                numbers = document.get("number", quiet=True)
                party.passports.update(_document(n) for n in numbers if len(_document(n)) >= 6)
    ordered = sorted(parties.values(), key=lambda p: (p.family, p.id))
    return Corpus(files, entities, ordered)


def _add_party(parties: dict[str, Party], family: str, entity: EntityProxy) -> None:
    assert entity.id is not None  # checked by the caller  # noqa: S101
    names = entity.get("name", quiet=True)
    if not names:
        return
    key = f"{family}:{entity.id}"
    party = parties.get(key)
    if party is None:
        party = Party(
            id=entity.id, family=family, schema=entity.schema.name, name=names[0], group=entity.id
        )
        parties[key] = party
    known = {party.name, *(text for text, _kind in party.names)}
    for prop, kind in (("name", "alias"), ("alias", "alias"), ("weakAlias", "weak")):
        for text in entity.get(prop, quiet=True):
            if text not in known:
                party.names.append((text, kind))
                known.add(text)
    for text in entity.get("previousName", quiet=True):
        if text not in known:
            party.names.append((text, "previous"))
            known.add(text)
    first = entity.get("firstName", quiet=True)
    last = entity.get("lastName", quiet=True)
    if first and last and party.last_name is None:
        party.first_name, party.last_name = first[0], last[0]
    party.birth_dates.update(d for d in entity.get("birthDate", quiet=True) if len(d) == 10)
    for prop in _PASSPORT_PROPS:
        party.passports.update(
            _document(n) for n in entity.get(prop, quiet=True) if len(_document(n)) >= 6
        )
    party.imo.update(_digits(n) for n in entity.get("imoNumber", quiet=True) if _digits(n))


def store_entities(store: Store) -> Iterator[EntityProxy]:
    """Every entity of the store's active snapshots (an evaluation's background lists)."""
    for snapshot in store.active_snapshots():
        for record in store.iter_entities([snapshot.id]):
            yield record.to_proxy()
