"""Parser for OFAC's `sdnList` XML: `sdn.xml`, and the non-SDN list `consolidated.xml`.

Each `sdnEntry` becomes a `Person`, `Organization`/`Company`, `Vessel` or `Airplane` with id
`ofac-<uid>`, one `Sanction` per programme and one `Passport`/`Identification` per document.
OFAC files every identifier, contact and sanctions note under one `idList` of typed values; the
same labels appear as free text in the legacy CSV's Remarks, so the label table (`ofac_labels`)
and the `Record` builder here are shared with `ofac_csv`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import (
    ParseReport,
    add_country,
    clean,
    country_code,
    extract_imo_numbers,
    imo_valid,
    iso_date,
    make_entity,
    make_sanction,
    year_range,
)
from sanctionwatch.lists.ofac_labels import (
    GAZETTE,
    RUSSIAN_REGISTERS,
    VESSEL_ID,
    feature,
    is_provision,
    label_key,
    schema_for,
)
from sanctionwatch.lists.xmlstream import iter_elements, text_of, texts_of

SOURCE = "ofac-sdn"
AUTHORITY = "Office of Foreign Assets Control"
SDN_URL = "https://sanctionslist.ofac.treas.gov/Home/SdnList"
CONSOLIDATED_URL = "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList"

_ROOT = frozenset({"sdnList"})
_RECORDS = frozenset({"sdnEntry", "publshInformation"})
_SNIFF = re.compile(rb"<(?:\w+:)?sdnList\b")
_ADDRESS_PARTS = (
    "address1",
    "address2",
    "address3",
    "city",
    "stateOrProvince",
    "postalCode",
    "region",
)
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y")

_IMO_VALUE = re.compile(r"^IMO\s*(\d{7})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(\d{4})\b")
_THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")
_PHONE_JUNK = re.compile(r"[\s().\-/]")
_REGION = re.compile(r"^(?:region:|possibly)\s*", re.IGNORECASE)
_NO_COUNTRY = frozenset({"undetermined", "none identified"})


def strip_region(value: str | None) -> str | None:
    """A country field without OFAC's "Region: " / "possibly " prefix ("Region: Gaza" -> "Gaza")."""
    text = clean(value)
    if text is None:
        return None
    return _REGION.sub("", text) or None


def source_url(report: ParseReport) -> str:
    """The official page of the list being read (the consolidated list has its own)."""
    return CONSOLIDATED_URL if report.source == "ofac-cons" else SDN_URL


def parse_birth_date(text: str) -> list[str]:
    """ISO prefixes for an OFAC date of birth ("10 Dec 1948", "Dec 1948", "circa 1951", ranges)."""
    value = " ".join(text.split()).rstrip(".")
    approximate = value.lower().startswith("circa")
    if approximate:
        value = value[5:].strip()
    if " to " in value or re.fullmatch(r"\d{4}\s*-\s*\d{4}", value):
        years = [int(year) for year in _YEAR.findall(value)]
        if len(years) == 2:
            return year_range(years[0], years[1])
        return []
    for fmt, size in (("%d %b %Y", 10), ("%b %Y", 7), ("%Y", 4)):
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return [parsed.date().isoformat()[: 4 if approximate else size]]
    return []


def parse_date(text: str | None) -> str | None:
    """An ISO date or prefix for the dates OFAC writes ("01 Jan 2000", "Sep 1984", "1992")."""
    if text is None:
        return None
    values = parse_birth_date(text)
    return values[0] if values else iso_date(text, _DATE_FORMATS)


def country_text(value: str | None) -> str | None:
    """A country field as a country name: no "Region: " prefix, None for "undetermined"."""
    text = strip_region(value)
    if text is None or text.lower() in _NO_COUNTRY:
        return None
    return text


def guess_country(value: str | None) -> str | None:
    """The code of text that may name a country or not (a parenthesis in free text), unreported."""
    text = country_text(value)
    return None if text is None else country_code(text)


@dataclass(slots=True)
class ParseContext:
    """What a parse keeps across records: the report and the official page of the list."""

    report: ParseReport
    source_url: str


class Record:
    """One listed party being assembled, with its sanctions, documents and wallets."""

    __slots__ = ("context", "entity", "extras", "provisions")

    def __init__(self, context: ParseContext, schema: str, uid: str) -> None:
        self.context = context
        self.entity = make_entity(schema, f"ofac-{uid}")
        self.entity.add("topics", "sanction")
        self.extras: list[EntityProxy] = []
        self.provisions: list[str] = []

    def put(self, prop: str, value: str | list[str] | None) -> bool:
        """Add `value` if the schema has `prop` (FtM cleans it); False when it does not."""
        if prop not in self.entity.schema.properties:
            return False
        self.entity.add(prop, value)
        return True

    def add_name(self, name: str | None, *, kind: str = "a.k.a.", weak: bool = False) -> None:
        """An alias: weak ones to `weakAlias`, former (f.k.a.) to `previousName`, others `alias`."""
        text = clean(name)
        if text is None:
            return
        if weak:
            self.put("weakAlias", text)
        elif kind.lower().startswith("f"):
            self.put("previousName", text)
        else:
            self.put("alias", text)

    def add_country(self, prop: str, value: str | None) -> str | None:
        """Add a country field's code to `prop`, counting names that cannot be mapped."""
        return add_country(self.entity, prop, country_text(value), self.context.report)

    def add_address(self, parts: list[str | None], country: str | None) -> None:
        """A one-line address in `address`, its country in `country`."""
        line = ", ".join(p for p in (clean(part) for part in [*parts, strip_region(country)]) if p)
        if line:
            self.put("address", line)
        self.add_country("country", country)

    def add_birth_place(self, place: str | None) -> None:
        """`birthPlace` as written, `birthCountry` when its last part is a country."""
        text = clean(place)
        if text is None:
            return
        self.put("birthPlace", text)
        parts = [part.strip() for part in text.split(",")]
        # The country is the last part, or the last two for OFAC's "Korea, North".
        for size in (2, 1):
            code = country_code(", ".join(parts[-size:]))
            if code is not None:
                self.put("birthCountry", code)
                return

    def add_birth_date(self, text: str | None) -> None:
        """`birthDate` as ISO prefixes; the raw text goes to notes only when it cannot be read."""
        raw = clean(text)
        if raw is None:
            return
        values = parse_birth_date(raw)
        if values:
            self.put("birthDate", values)
        else:
            self.put("notes", f"DOB {raw}")

    def add_provision(self, text: str) -> None:
        """A note on the sanction itself (secondary sanctions risk, directives, dates)."""
        value = clean(text)
        if value is not None:
            self.provisions.append(value)

    def add_imo(self, number: str) -> None:
        """An IMO ship or company number; FtM drops numbers with a bad check digit."""
        if not self.put("imoNumber", number):
            self.put("registrationNumber", f"IMO{number}")

    def add_feature(
        self,
        label: str,
        value: str | None,
        *,
        country: str | None = None,
        issued: str | None = None,
        expires: str | None = None,
    ) -> bool:
        """Apply one typed value (an XML `id`, a CSV Remarks clause); False for unknown labels."""
        key = label_key(label)
        text = clean(value)
        if is_provision(key):
            self.add_provision(f"{label.strip()} {text or ''}")
            return True
        kind, prop = feature(key)
        if not kind:
            if text is not None:
                self._add_document(
                    clean(label) or key, prop, text, country=country, issued=issued, expires=expires
                )
            return False
        if text is None or kind == "skip":
            return True
        imo = _IMO_VALUE.match(text)
        if imo is None and key == VESSEL_ID and imo_valid(text):
            # A bare 7-digit "Vessel Registration Identification" with a valid check digit.
            imo = _IMO_VALUE.match(f"IMO {text}")
        if imo is not None and kind in ("doc", "prop"):
            self.add_imo(imo.group(1))
        elif kind == "doc":
            code = self._add_document(
                clean(label) or key, prop, text, country=country, issued=issued, expires=expires
            )
            if key == GAZETTE and code == "ru":
                self.put("okpoCode", text)
        elif kind == "prop":
            self._add_prop(prop, text)
        elif kind == "date":
            self.put(prop, parse_date(text))
        elif kind == "country":
            self.add_country(prop, text)
        elif kind == "gender":
            self.put("gender", text.lower())
        elif kind == "dob":
            self.add_birth_date(text)
        elif kind == "pob":
            self.add_birth_place(text)
        elif kind == "crypto":
            self._add_wallet(label, text)
        return True

    def _add_prop(self, prop: str, text: str) -> None:
        if prop == "phone":
            digits = _PHONE_JUNK.sub("", text)
            # OFAC writes international numbers without "+"; FtM only keeps them with it.
            text = digits if digits.startswith("+") else f"+{digits}"
        elif prop == "position" and "position" not in self.entity.schema.properties:
            prop = "notes"
        self.put(prop, text)

    def _add_document(
        self,
        label: str,
        prop: str,
        number: str,
        *,
        country: str | None,
        issued: str | None,
        expires: str | None,
    ) -> str | None:
        """A Passport/Identification, `prop` on the holder; the issuing country's code."""
        is_passport = prop == "passportNumber"
        doc = make_entity(
            "Passport" if is_passport else "Identification",
            f"{self.entity.id}-id-{len(self.extras) + 1}",
        )
        code = add_country(doc, "country", country_text(country), self.context.report)
        if prop:
            if not self.put(prop, number) and prop not in ("passportNumber", "idNumber"):
                # Company-only codes (BIK, ISIN) on an Organization: keep them searchable.
                self.put("registrationNumber", number)
            russian = RUSSIAN_REGISTERS.get(prop)
            if russian is not None and code == "ru":
                self.put(russian, number)
        doc.add("holder", self.entity.id)
        doc.add("type", label)
        doc.add("number", number)
        doc.add("startDate", parse_date(issued))
        doc.add("endDate", parse_date(expires))
        if is_passport:
            doc.add("passportNumber", number)
        self.extras.append(doc)
        return code

    def _add_wallet(self, label: str, text: str) -> None:
        # "Digital Currency Address - XBT 1A2b..." (CSV) or label "... - XBT" + address (XML).
        words = f"{label} {text}".replace(" - ", " ").split()
        address = words[-1]
        symbol = words[-2] if len(words) >= 2 and words[-2].isupper() else None
        wallet = make_entity("CryptoWallet", f"{self.entity.id}-wallet-{len(self.extras) + 1}")
        wallet.add("publicKey", address)
        wallet.add("currencySymbol", symbol)
        wallet.add("holder", self.entity.id)
        wallet.add("topics", "sanction")
        self.extras.append(wallet)

    def finish(self, programs: list[str], reason: str | None) -> list[EntityProxy]:
        """The party, one Sanction per programme (reason = remarks), then documents and wallets."""
        self.context.report.count(self.entity)
        entities = [self.entity]
        keys: list[str | None] = list(programs) or [None]
        for program in keys:
            sanction = make_sanction(
                self.entity,
                authority=AUTHORITY,
                program=program,
                reason=reason,
                source_url=self.context.source_url,
                key=program,
            )
            sanction.add("provisions", self.provisions)
            entities.append(sanction)
        entities.extend(self.extras)
        return entities


def sniff(path: str, head: bytes) -> bool:
    """An OFAC XML list has the (namespaced) root element `sdnList`."""
    return _SNIFF.search(head) is not None


def iter_entities(path: str, report: ParseReport) -> Iterator[EntityProxy]:
    """Stream an `sdnList` file: each entry's party, its sanctions, documents and wallets."""
    context = ParseContext(report, source_url(report))
    entries = 0
    expected: int | None = None
    for element in iter_elements(path, _RECORDS, root=_ROOT):
        if element.tag == "publshInformation":
            expected = _read_publication(element, report)
            continue
        entries += 1
        where = f"element <sdnEntry> #{entries}"
        try:
            entities = _parse_entry(element, path, where, context)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            # A safety net: an unexpected shape must name the record, not crash with a bare error.
            raise ParseError(path, f"unreadable record ({exc})", where=where) from exc
        yield from entities
    if entries == 0:
        report.warn("the list holds no sdnEntry records")
    if expected is not None and expected != entries:
        report.warn(f"Record_Count says {expected} entries, the file holds {entries}")


def _read_publication(element: Element, report: ParseReport) -> int | None:
    published = text_of(element, "Publish_Date")
    if published is not None:
        try:
            # MM/DD/YYYY, US style.
            report.published_at = datetime.strptime(published, "%m/%d/%Y").replace(tzinfo=UTC)
        except ValueError:
            report.warn(f"unreadable Publish_Date {published!r}")
    count = text_of(element, "Record_Count")
    return int(count) if count is not None and count.isdigit() else None


def _full_name(element: Element) -> str | None:
    parts = (text_of(element, "firstName"), text_of(element, "lastName"))
    return clean(" ".join(part for part in parts if part))


def _parse_entry(el: Element, path: str, where: str, context: ParseContext) -> list[EntityProxy]:
    uid = clean(text_of(el, "uid"))
    if uid is None:
        raise ParseError(path, "sdnEntry has no <uid>", where=where)
    name = _full_name(el)
    if name is None:
        raise ParseError(path, f"sdnEntry {uid} has no name", where=where)
    sdn_type = text_of(el, "sdnType")
    remarks = text_of(el, "remarks")
    schema = schema_for(sdn_type, name)
    if schema is None:
        context.report.warn(f"{where}: unknown sdnType {sdn_type!r}, read as LegalEntity")
        schema = "LegalEntity"
    record = Record(context, schema, uid)
    entity = record.entity
    entity.add("name", name)
    if schema == "Person":
        entity.add("firstName", text_of(el, "firstName"))
        entity.add("lastName", text_of(el, "lastName"))
    title = text_of(el, "title")
    if title is not None:
        record.add_feature("position", title)
    entity.add("notes", remarks)
    for number in extract_imo_numbers(remarks):
        record.add_imo(number)

    for aka in el.iterfind("akaList/aka"):
        record.add_name(
            _full_name(aka),
            kind=text_of(aka, "type") or "a.k.a.",
            weak=(text_of(aka, "category") or "").lower() == "weak",
        )
    for address in el.iterfind("addressList/address"):
        parts = [text_of(address, part) for part in _ADDRESS_PARTS]
        record.add_address(parts, text_of(address, "country"))
    for item in el.iterfind("dateOfBirthList/dateOfBirthItem"):
        record.add_birth_date(text_of(item, "dateOfBirth"))
    for item in el.iterfind("placeOfBirthList/placeOfBirthItem"):
        record.add_birth_place(text_of(item, "placeOfBirth"))
    for country in texts_of(el, "nationalityList/nationality/country"):
        record.add_country("nationality", country)
    for country in texts_of(el, "citizenshipList/citizenship/country"):
        record.add_country("citizenship", country)
    for item in el.iterfind("idList/id"):
        id_type = text_of(item, "idType")
        if id_type is None:
            continue
        record.add_feature(
            id_type,
            text_of(item, "idNumber"),
            country=text_of(item, "idCountry"),
            issued=text_of(item, "issueDate"),
            expires=text_of(item, "expirationDate"),
        )
    vessel = el.find("vesselInfo")
    if vessel is not None:
        _add_vessel_info(record, vessel)
    return record.finish(texts_of(el, "programList/program"), remarks)


def _add_vessel_info(record: Record, vessel: Element) -> None:
    record.put("callSign", text_of(vessel, "callSign"))
    record.put("type", text_of(vessel, "vesselType"))
    record.add_country("flag", text_of(vessel, "vesselFlag"))
    record.put("tonnage", tonnage(text_of(vessel, "tonnage")))
    record.put("grossRegisteredTonnage", tonnage(text_of(vessel, "grossRegisteredTonnage")))
    owner = text_of(vessel, "vesselOwner")
    if owner is not None:
        # `owner` is an entity reference in FtM; the list gives only a name.
        record.put("notes", f"Vessel owner: {owner}")


def tonnage(value: str | None) -> str | None:
    """A tonnage without thousands separators ("318,000" -> "318000"); FtM keeps them otherwise."""
    text = clean(value)
    if text is None or text == "0":
        return None
    return _THOUSANDS.sub("", text)
