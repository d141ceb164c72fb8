"""The UK designation model shared by the FCDO UK Sanctions List and the OFSI Consolidated List.

Both publish one row (or XML block) per *name* of a designated party, repeating the party's
other fields on each row. Rows are mapped to canonical keys (`uk_table.COLUMNS`), collected into
one `Record` per party, and a `Record` becomes a listed party (`Person`, `Organization`,
`Company`, `LegalEntity` or `Vessel`), its `Sanction`s and its `Passport`/`Identification`
documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import (
    ParseReport,
    add_country,
    clean,
    country_code,
    extract_imo_numbers,
    imo_company_valid,
    imo_valid,
    make_entity,
    make_sanction,
    year_range,
)

_NAME_KEYS = ("name1", "name2", "name3", "name4", "name5", "name6", "name")
_NAME_GROUP = (*_NAME_KEYS, "name_type", "alias_strength")
_NAME_ROW_KEYS = frozenset((*_NAME_GROUP, "non_latin"))
_ADDRESS_KEYS = (*(f"address{n}" for n in range(1, 7)), "postal_code", "address_country")
_DOCUMENT_KEYS = frozenset({"passport", "passport_info", "national_id", "national_id_info"})
# Row keys that are not plain fields of the party (names, addresses, documents) or not read.
_NOT_FIELDS = (
    _NAME_ROW_KEYS
    | _DOCUMENT_KEYS
    | frozenset({*_ADDRESS_KEYS, "non_latin_type", "non_latin_language"})
)
# Cells of these keys may hold several values numbered "(1) … (2) …".
_NUMBERED = frozenset(
    {
        "title", "dob", "nationality", "position", "town_of_birth", "country_of_birth",
        "passport", "passport_info", "national_id", "national_id_info", "phone", "email",
        "website", "registration_number", "imo_number", "flag", "previous_flags",
        "subsidiaries", "parent_company", "current_owner", "previous_owner", "uk_ref",
    }
)  # fmt: skip
_NUMBER_MARK = re.compile(r"\(\d{1,2}\)")
_DMY = re.compile(r"^(\d{1,2}|dd|00)[/.-](\d{1,2}|mm|00)[/.-](\d{4})$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_RANGE = re.compile(r"^(?:between\s+)?(\d{4})\s*(?:-|–|to|and)\s*(\d{4})$", re.IGNORECASE)
_APPROX = re.compile(r"^(?:c\.|circa|approx\w*\.?|about)\s*(\d{4})$", re.IGNORECASE)
_COMPANY = re.compile(
    r"\b(company|enterprise|llc|ltd|limited|jsc|pjsc|ojsc|cjsc|plc|gmbh|corporation|inc)\b",
    re.IGNORECASE,
)
SCHEMA_OF_TYPE = {
    "individual": "Person",
    "entity": "Organization",
    "ship": "Vessel",
    "vessel": "Vessel",
}


def split_numbered(text: str) -> list[str]:
    """Split a numbered cell: "(1) Moscow (2) Minsk" -> ["Moscow", "Minsk"]; else [text]."""
    if not _NUMBER_MARK.search(text):
        return [text]
    parts = [clean(part) for part in _NUMBER_MARK.split(text)]
    return [part for part in parts if part]


def uk_date(value: str | None) -> str | None:
    """dd/mm/yyyy, dd-mm-yyyy or ISO -> YYYY-MM-DD; None if not a full date."""
    text = clean(value)
    if text is None:
        return None
    iso = parse_dob(text)
    return iso if iso is not None and len(iso) == 10 else None


def parse_dob(text: str) -> str | None:
    """A UK-list date of birth as an ISO prefix: "01/03/1958", "dd/mm/1945", "00/05/1961"."""
    match = _DMY.match(text)
    if match:
        day, month, year = match.groups()
        if not month.isdigit() or int(month) == 0:
            return year
        if not day.isdigit() or int(day) == 0:
            return f"{year}-{int(month):02d}" if int(month) <= 12 else None
        return _valid_date(year, month, day)
    match = _ISO.match(text)
    if match:
        return _valid_date(*match.groups())
    if re.fullmatch(r"\d{4}", text):
        return text
    match = _APPROX.match(text)
    return match.group(1) if match else None


def _valid_date(year: str, month: str, day: str) -> str | None:
    # A plain calendar check: FtM's date cleaning is the slowest step of a UK parse.
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


@dataclass(slots=True)
class Name:
    """One name row: its parts, full text, type ("Primary name", "Alias", …) and strength."""

    parts: tuple[str | None, ...]  # Name 1 … Name 5, Name 6
    full: str
    kind: str
    strength: str


@dataclass(slots=True)
class Record:
    """Everything the rows of one designated party say, values de-duplicated in order."""

    key: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    names: list[Name] = field(default_factory=list)
    non_latin: list[str] = field(default_factory=list)
    addresses: list[tuple[str | None, ...]] = field(default_factory=list)
    passports: list[tuple[str, str | None]] = field(default_factory=list)
    national_ids: list[tuple[str, str | None]] = field(default_factory=list)
    # Raw (key, cell) pairs already folded in: rows repeat a party's fields once per name.
    seen: set[tuple[str, str]] = field(default_factory=set)

    def add(self, key: str, value: str | None) -> None:
        """Add a value (split when numbered) to a field unless already there."""
        text = clean(value)
        if text is None:
            return
        values = self.fields.setdefault(key, [])
        for item in split_numbered(text) if key in _NUMBERED else [text]:
            if item not in values:
                values.append(item)

    def first(self, key: str) -> str | None:
        """The first value of a field."""
        values = self.fields.get(key)
        return values[0] if values else None

    def add_name(
        self, parts: dict[str, str | None], kind: str | None, strength: str | None
    ) -> None:
        """Add a name from its Name 1…6 parts (or a single full "name")."""
        ordered = tuple(clean(parts.get(f"name{n}")) for n in range(1, 7))
        full = clean(" ".join(p for p in ordered if p)) or clean(parts.get("name"))
        if full is None:
            return
        name = Name(ordered, full, (clean(kind) or "primary name").lower(), clean(strength) or "")
        if all(n.full != name.full or n.kind != name.kind for n in self.names):
            self.names.append(name)

    def add_row(self, row: dict[str, str]) -> None:
        """Fold one table row (canonical key -> cell text) into the record."""
        seen = self.seen
        for key, value in row.items():
            if (key, value) in seen:
                continue
            seen.add((key, value))
            if key not in _NOT_FIELDS:
                self.add(key, value)
        # Name, address and document parts come as groups of cells, read as a group once.
        name = tuple(row.get(key) for key in _NAME_GROUP)
        if any(name) and not self._again("#name", name):
            self.add_name(dict(zip(_NAME_GROUP, name, strict=True)), name[-2], name[-1])
        latin = clean(row.get("non_latin"))
        if latin is not None and latin not in self.non_latin:
            self.non_latin.append(latin)
        address = tuple(row.get(key) for key in _ADDRESS_KEYS)
        if any(address) and not self._again("#address", address):
            cleaned = tuple(clean(part) for part in address)
            if any(cleaned) and cleaned not in self.addresses:
                self.addresses.append(cleaned)
        if "passport" in row:
            _pair(self.passports, row.get("passport"), row.get("passport_info"))
        if "national_id" in row:
            _pair(self.national_ids, row.get("national_id"), row.get("national_id_info"))

    def _again(self, kind: str, values: tuple[str | None, ...]) -> bool:
        marker = (kind, "\x00".join(value or "" for value in values))
        if marker in self.seen:
            return True
        self.seen.add(marker)
        return False


def _pair(target: list[tuple[str, str | None]], number: str | None, info: str | None) -> None:
    numbers = split_numbered(clean(number) or "")
    infos = split_numbered(clean(info) or "")
    for index, item in enumerate(numbers):
        if not item:
            continue
        detail = infos[index] if len(infos) == len(numbers) else clean(info)
        if (item, detail) not in target:
            target.append((item, detail or None))


def iter_records(
    path: str,
    open_rows: Callable[[str | None], Iterator[tuple[str, dict[str, str]]]],
    key: str,
    label: str,
) -> Iterator[Record]:
    """Group the rows of a table into one `Record` per party (`key` column), reading it twice.

    The first pass counts each party's rows, so the second can yield a party as soon as its
    last row is read: memory stays bounded by the parties still open (one, when the file
    keeps a party's rows together) and no id is ever yielded twice. `open_rows(column)` reads
    the table, only that column when given. A row without a key fails the parse.
    """

    def key_of(where: str, row: dict[str, str]) -> str:
        value = row.get(key)
        if value is None:
            raise ParseError(path, f"row without a {label}", where=where)
        return value

    expected: Counter[str] = Counter(key_of(where, row) for where, row in open_rows(key))
    open_records: dict[str, Record] = {}
    seen: Counter[str] = Counter()
    for where, row in open_rows(None):
        key_value = key_of(where, row)
        record = open_records.get(key_value)
        if record is None:
            record = open_records[key_value] = Record(key_value)
        record.add_row(row)
        seen[key_value] += 1
        if seen[key_value] == expected[key_value]:
            del open_records[key_value]
            yield record
    if open_records:
        raise ParseError(path, "the file changed while it was being read")


@dataclass
class Listing:
    """How one source's records become entities, and the state of one parse."""

    source: str
    authority: str
    source_url: str
    report: ParseReport
    warned: set[str] = field(default_factory=set)

    def warn_once(self, kind: str, value: str) -> None:
        """Count an oddity; warn the first time each distinct value is seen."""
        self.report.orphans[f"{self.source}: {kind}"] += 1
        marker = f"{kind}\x00{value}"
        if marker not in self.warned:
            self.warned.add(marker)
            self.report.warn(f"{self.source}: {kind}: {value!r}")

    def country(self, entity: EntityProxy, prop: str, value: str | None) -> None:
        """Add the countries of a (numbered) cell, counting names that cannot be mapped."""
        for text in split_numbered(clean(value) or ""):
            add_country(entity, prop, text, self.report)


def put(entity: EntityProxy, prop: str, values: Iterable[str | None] | str | None) -> None:
    """Add values to a property if the entity's schema has it (UK fields span schemata)."""
    if prop in entity.schema.properties and values is not None:
        entity.add(prop, [values] if isinstance(values, str) else list(values))


def choose_schema(record: Record, listing: Listing) -> str:
    """Person / Organization / Company / Vessel from the designation type."""
    kind = (record.first("designation_type") or "").lower()
    schema = SCHEMA_OF_TYPE.get(kind)
    if schema is None:
        listing.warn_once("unknown designation type", kind or "(empty)")
        return "LegalEntity"
    entity_type = record.first("entity_type") or ""
    if schema == "Organization" and _COMPANY.search(entity_type):
        return "Company"
    return schema


def build(record: Record, entity_id: str, listing: Listing) -> Iterator[EntityProxy]:
    """The listed party of a record, then its sanctions and identity documents."""
    entity = make_entity(choose_schema(record, listing), entity_id)
    entity.add("topics", "sanction")
    _apply_names(entity, record, listing)
    _apply_details(entity, record, listing)
    listing.report.count(entity)
    yield entity
    yield from _sanctions(entity, record, listing)
    yield from _documents(entity, record)


def _apply_names(entity: EntityProxy, record: Record, listing: Listing) -> None:
    primary = [n for n in record.names if n.kind in {"primary name", "prime alias"}]
    if not primary and record.names:
        # Some parties have only variations or aliases; the first one stands in.
        primary = [record.names[0]]
    if not primary:
        listing.warn_once("party without a name", record.key)
    for index, name in enumerate(primary):
        entity.add("name" if index == 0 else "alias", name.full)
    if primary and entity.schema.is_a("Person"):
        parts = primary[0].parts
        put(entity, "firstName", parts[0])
        put(entity, "middleName", parts[1:5])
        put(entity, "lastName", parts[5])
    for name in record.names:
        if primary and (name is primary[0] or name.full == primary[0].full):
            continue
        kind = name.kind
        if kind.startswith("primary name variation") or kind in {"primary name", "prime alias"}:
            entity.add("alias", name.full)
        elif kind in {"alias", "aka", "a.k.a", "a.k.a."}:
            weak = "low" in name.strength.lower() or "weak" in name.strength.lower()
            entity.add("weakAlias" if weak else "alias", name.full)
        elif kind in {"fka", "f.k.a", "formerly known as", "previous name"}:
            entity.add("previousName", name.full)
        else:
            listing.warn_once("unknown name type", kind)
            entity.add("alias", name.full)
    entity.add("alias", record.non_latin)


def _apply_details(entity: EntityProxy, record: Record, listing: Listing) -> None:
    fields = record.fields
    notes = list(fields.get("other_information", []))
    if entity.schema.is_a("Person"):
        put(entity, "title", fields.get("title"))
        for text in fields.get("dob", []):
            _apply_dob(entity, text, notes)
        put(entity, "birthPlace", fields.get("town_of_birth"))
        for text in fields.get("country_of_birth", []):
            listing.country(entity, "birthCountry", text)
        for text in fields.get("nationality", []):
            listing.country(entity, "nationality", text)
        put(entity, "position", fields.get("position"))
        put(entity, "gender", fields.get("gender"))
        put(entity, "passportNumber", (number for number, _ in record.passports))
        put(entity, "idNumber", (number for number, _ in record.national_ids))
    for address in record.addresses:
        put(entity, "address", ", ".join(part for part in address if part))
        listing.country(entity, "country", address[-1])
    put(entity, "phone", fields.get("phone"))
    for text in fields.get("email", []):
        put(entity, "email", re.split(r"[;,\s]+", text))
    put(entity, "website", fields.get("website"))
    put(entity, "legalForm", fields.get("entity_type"))
    put(entity, "registrationNumber", fields.get("registration_number"))
    imos = list(fields.get("imo_number", []))
    for text in notes:
        imos.extend(extract_imo_numbers(text))
    _apply_imo(entity, imos, listing)
    if entity.schema.is_a("Vessel"):
        for text in fields.get("flag", []):
            listing.country(entity, "flag", text)
        for text in fields.get("previous_flags", []):
            for flag in re.split(r"[;,]\s*", text):
                listing.country(entity, "pastFlags", flag)
        put(entity, "type", fields.get("ship_type"))
        put(entity, "tonnage", fields.get("tonnage"))
        put(entity, "buildDate", fields.get("year_built"))
    entity.add("notes", notes)


def _apply_dob(entity: EntityProxy, text: str, notes: list[str]) -> None:
    iso = parse_dob(text)
    if iso is not None:
        entity.add("birthDate", iso, cleaned=True)  # parse_dob returns valid ISO prefixes
        return
    match = _RANGE.match(text)
    if match:
        entity.add("birthDate", year_range(int(match.group(1)), int(match.group(2))))
        return
    notes.append(f"Date of birth: {text}")


def _apply_imo(entity: EntityProxy, values: list[str], listing: Listing) -> None:
    if not values or entity.schema.is_a("Person"):
        return
    # A ship has a ship number; any other party's own number is a company (owner) number, and
    # a ship's number in its Other Information names a vessel it operates, not itself.
    valid = imo_valid if entity.schema.is_a("Vessel") else imo_company_valid
    for value in values:
        digits = re.sub(r"\D", "", value)
        if not valid(digits):
            listing.warn_once("invalid IMO number", value)
            continue
        if "imoNumber" in entity.schema.properties:
            entity.add("imoNumber", digits)
        else:
            entity.add("registrationNumber", f"IMO{digits}")


def _sanctions(entity: EntityProxy, record: Record, listing: Listing) -> Iterator[EntityProxy]:
    fields = record.fields
    regimes: list[str | None] = list(fields.get("regime", [])) or [None]
    listed_on = uk_date(record.first("listed_on"))
    designated = uk_date(record.first("date_designated"))
    reasons = fields.get("reason", [])
    provisions = [
        item.strip()
        # The XML and CSV separate measures with "|", the condensed spreadsheet with ", ".
        for text in fields.get("sanctions_imposed", [])
        for item in text.split("|" if "|" in text else ",")
        if item.strip()
    ]
    for regime in regimes:
        sanction = make_sanction(
            entity,
            authority=listing.authority,
            program=regime,
            listing_date=listed_on or designated,
            reason=reasons[0] if reasons else None,
            source_url=listing.source_url,
            key=regime if regime is not None and len(regimes) > 1 else None,
        )
        sanction.add("reason", reasons[1:])
        if listed_on is not None:
            sanction.add("startDate", designated, cleaned=True)
        sanction.add("provisions", provisions)
        sanction.add("authorityId", fields.get("uk_ref") or fields.get("unique_id"))
        sanction.add("unscId", fields.get("un_ref"))
        # OFSI's Group ID ties the FCDO and OFSI records of one party together.
        sanction.add("recordId", fields.get("ofsi_group_id") or fields.get("group_id"))
        updated = [uk_date(value) for value in fields.get("last_updated", [])]
        sanction.add("modifiedAt", [value for value in updated if value is not None], cleaned=True)
        for source in fields.get("designation_source", []):
            sanction.add("description", f"Designation source: {source}")
        yield sanction


def _documents(entity: EntityProxy, record: Record) -> Iterator[EntityProxy]:
    documents = [("Passport", "Passport", number, info) for number, info in record.passports]
    documents += [
        ("Identification", "National identification number", number, info)
        for number, info in record.national_ids
    ]
    for index, (schema, kind, number, info) in enumerate(documents, start=1):
        document = make_entity(schema, f"{entity.id}-id-{index}")
        document.add("holder", entity.id)
        document.add("type", kind)
        document.add("number", number)
        code = country_code(info) if info else None
        document.add("country", code)
        if code is None:
            document.add("description", info)
        yield document
