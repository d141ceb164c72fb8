"""Parser for the EU Financial Sanctions Files XML 1.1 (the consolidated list, `export` root).

Each `sanctionEntity` becomes a `Person` (subjectType `person`) or an `Organization`
(`enterprise`), with one `Sanction` per programme of its `regulation` elements and one
`Passport`/`Identification` per identity document. Everything sits in the namespace
`http://eu.europa.ec/fpi/fsd/export`, stripped by `xmlstream`; values live in attributes, and
empty ones are written as `""`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from xml.etree.ElementTree import Element

from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import (
    ParseReport,
    add_country,
    clean,
    country_code,
    extract_imo_numbers,
    imo_company_valid,
    make_entity,
    make_sanction,
    year_range,
)
from sanctionwatch.lists.xmlstream import iter_elements

SOURCE = "eu"
AUTHORITY = "European Union"
SOURCE_URL = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"

_ROOT = frozenset({"export"})
_RECORDS = frozenset({"sanctionEntity"})
_SCHEMATA = {"person": "Person", "p": "Person", "enterprise": "Organization", "e": "Organization"}
_UNKNOWN_COUNTRY = {"00", "UNKNOWN"}

# identificationTypeCode -> property of the listed party. The other codes are identity documents
# of some kind and go to idNumber; codes outside _ID_DOCUMENTS are reported.
_ID_PROPS = {
    "passport": "passportNumber",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
}
_ID_DOCUMENTS = frozenset(
    {
        "id", "other", "tradelic", "ssn", "birthcert", "nationcert", "travelcardid",
        "electionid", "residentperm", "drivinglicence", "nrn",
    }
)  # fmt: skip
_NOT_DOCUMENTS = frozenset({"swiftbic", "imo"})  # identifiers, not papers someone holds
_ID_FLAGS = {
    "knownFalse": "known to be false",
    "knownExpired": "known to be expired",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by the issuer",
    "diplomatic": "diplomatic",
}
_CONTACT_PROPS = {"PHONE": "phone", "FAX": "phone", "EMAIL": "email", "WEB": "website"}
# "(a) Mullah, (b) Maulavi" -> ["Mullah", "Maulavi"]
_LETTER_SPLIT = re.compile(r"\s*\([a-z]\)\s*")
# Alias remarks such as "low quality alias" (also "lo quality", "good quality aliias").
_WEAK_REMARK = re.compile(r"\b(?:low?|poor)\s+quality\b", re.IGNORECASE)
_QUALITY_REMARK = re.compile(r"^\W*(?:good|high|god|low?|poor)\s+quality\b", re.IGNORECASE)


def sniff(path: str, head: bytes) -> bool:
    """The EU file's root is `export` in the FSD namespace, holding `sanctionEntity` records."""
    return b"fpi/fsd/export" in head or (b"<export" in head and b"<sanctionEntity" in head)


def iter_entities(path: str, report: ParseReport) -> Iterator[EntityProxy]:
    """Stream the EU list: a party per `sanctionEntity`, then its sanctions and documents."""

    def on_root(attrs: dict[str, str]) -> None:
        generated = attrs.get("generationDate")
        if not generated:
            report.warn("root element has no generationDate")
            return
        try:
            report.published_at = datetime.fromisoformat(generated)
        except ValueError:
            report.warn(f"unreadable generationDate {generated!r}")

    seen = 0
    for element in iter_elements(path, _RECORDS, root=_ROOT, on_root=on_root):
        seen += 1
        where = f"element <sanctionEntity> #{seen}"
        try:
            entities = _parse_entry(element, path, where, report)
        except (ValueError, KeyError, IndexError, TypeError, FollowTheMoneyException) as exc:
            # Safety net: an unexpected shape names the record instead of a bare error.
            raise ParseError(path, f"unreadable record ({exc})", where=where) from exc
        yield from entities
    if seen == 0:
        report.warn("the list holds no sanctionEntity records")


def _attr(el: Element, name: str) -> str | None:
    return clean(el.get(name))


def _parse_entry(el: Element, path: str, where: str, report: ParseReport) -> list[EntityProxy]:
    ref = _attr(el, "euReferenceNumber") or _attr(el, "logicalId")
    if ref is None:
        raise ParseError(path, "sanctionEntity has no euReferenceNumber or logicalId", where=where)
    subject = el.find("subjectType")
    code = (
        None
        if subject is None
        else (_attr(subject, "code") or _attr(subject, "classificationCode"))
    )
    schema = _SCHEMATA.get((code or "").lower())
    if schema is None:
        report.warn(f"{where} ({ref}): unknown subjectType {code!r}, read as LegalEntity")
        schema = "LegalEntity"
    entity = make_entity(schema, f"eu-{ref}")
    entity.add("topics", "sanction")

    if not _add_names(entity, el, report):
        report.orphans["no-name"] += 1
        report.warn(f"{where} ({ref}): no name, skipped")
        return []
    remarks = [r for r in (clean(n.text) for n in el.findall("remark")) if r]
    entity.add("notes", remarks)
    # Only persons have a nationality in FtM; an enterprise's citizenship is its country.
    nationality = "nationality" if "nationality" in entity.schema.properties else "country"
    for node in el.findall("citizenship"):
        _add_country(entity, nationality, node, report)
    if entity.schema.is_a("Person"):
        _add_births(entity, el, report)
    _add_addresses(entity, el, report)
    documents = _identifications(entity, el, report)
    for remark in remarks:
        # Remarks also name the ships a company operates: only company numbers are the party's.
        _add_imo(entity, extract_imo_numbers(remark), report, company_only=True)
    sanctions = _sanctions(entity, el, remarks)
    report.count(entity)
    return [entity, *sanctions, *documents]


def _add_names(entity: EntityProxy, el: Element, report: ParseReport) -> bool:
    """Add every nameAlias; the primary one goes to `name`. False when there is no name."""
    names: list[tuple[Element, str, bool]] = []
    for node in el.findall("nameAlias"):
        parts = [_attr(node, p) for p in ("firstName", "middleName", "lastName")]
        whole = _attr(node, "wholeName") or clean(" ".join(p for p in parts if p))
        if whole is None:
            continue
        weak = (_attr(node, "strong") or "true").lower() == "false"
        for remark in (clean(r.text) for r in node.findall("remark")):
            if remark is None:
                continue
            if _WEAK_REMARK.search(remark):
                weak = True  # "low quality alias" is how the EU marks most weak names
            if not _QUALITY_REMARK.search(remark):
                entity.add("notes", f"{whole}: {remark}")
        names.append((node, whole, weak))
    if not names:
        return False
    primary = min(range(len(names)), key=lambda i: _primary_rank(names[i], i))
    is_person = entity.schema.is_a("Person")
    for index, (node, whole, weak) in enumerate(names):
        if index == primary:
            entity.add("name", whole)
            if is_person:
                entity.add("firstName", _attr(node, "firstName"))
                entity.add("middleName", _attr(node, "middleName"))
                entity.add("lastName", _attr(node, "lastName"))
        else:
            entity.add("weakAlias" if weak else "alias", whole)
        if is_person:
            entity.add("title", _split_letters(_attr(node, "title")))
            entity.add("position", _split_letters(_attr(node, "function")))
            entity.add("gender", _gender(_attr(node, "gender"), report))
        else:
            entity.add("notes", _attr(node, "function"))  # enterprises: a description
    return True


def _primary_rank(item: tuple[Element, str, bool], index: int) -> tuple[int, int, int, int]:
    """Sort key of the primary name among the nameAlias elements.

    The file has no "primary" flag. The name entered first (lowest logicalId) is the one of the
    original listing; strong, Latin-script, English or language-neutral names come first.
    """
    node, whole, weak = item
    language = (_attr(node, "nameLanguage") or "").upper()
    logical = _attr(node, "logicalId") or ""
    order = int(logical) if logical.isdigit() else 10**12 + index
    return (int(weak), int(not _is_latin(whole)), int(language not in {"", "EN"}), order)


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF for c in text if c.isalpha())


def _split_letters(value: str | None) -> list[str]:
    if value is None:
        return []
    return [p.strip(" ,;") for p in _LETTER_SPLIT.split(value) if p.strip(" ,;")]


def _gender(value: str | None, report: ParseReport) -> str | None:
    if value is None:
        return None
    gender = {"M": "male", "F": "female"}.get(value.upper())
    if gender is None:
        report.warn(f"unknown gender {value!r}")
    return gender


def _add_births(entity: EntityProxy, el: Element, report: ParseReport) -> None:
    for node in el.findall("birthdate"):
        calendar = (_attr(node, "calendarType") or "GREGORIAN").upper()
        circa = (_attr(node, "circa") or "").lower() == "true"
        full = _iso_date(_attr(node, "birthdate"))
        year, start, end = (_attr(node, n) for n in ("year", "yearRangeFrom", "yearRangeTo"))
        month = _attr(node, "monthOfYear")
        values: list[str] = []
        if calendar != "GREGORIAN":
            # year/month/day are in the other calendar; `birthdate` is already converted.
            if full is not None:
                values.append(full)
        elif full is not None:
            values.append(full[:4] if circa else full)
        elif start is not None and end is not None and start.isdigit() and end.isdigit():
            values.extend(year_range(int(start), int(end)))
        elif year is not None and year.isdigit():
            if month is not None and month.isdigit() and not circa:
                values.append(f"{year}-{int(month):02d}")
            else:
                values.append(year)
        entity.add("birthDate", values)
        if not values:
            for remark in (clean(r.text) for r in node.findall("remark")):
                entity.add("notes", f"Date of birth: {remark}" if remark else None)
        place = _join(_attr(node, n) for n in ("place", "city", "zipCode", "region"))
        if place is not None:
            entity.add("birthPlace", _join([place, _country_name(node)]))
        _add_country(entity, "birthCountry", node, report)


def _add_addresses(entity: EntityProxy, el: Element, report: ParseReport) -> None:
    for node in el.findall("address"):
        po_box = _attr(node, "poBox")
        local = [
            _attr(node, "street"),
            f"P.O. Box {po_box}" if po_box else None,
            _attr(node, "place"),
            _attr(node, "city"),
            _attr(node, "zipCode"),
            _attr(node, "region"),
        ]
        if any(local):
            entity.add("address", _join([*local, _country_name(node)]))
        _add_country(entity, "country", node, report)
        for remark in node.findall("remark"):
            entity.add("notes", clean(remark.text))
        for contact in node.findall("contactInfo"):
            key = (_attr(contact, "key") or "").upper()
            prop = _CONTACT_PROPS.get(key)
            if prop is None:
                report.warn(f"{entity.id}: unknown contactInfo key {key!r}")
                continue
            values = re.split(r"[;,]", _attr(contact, "value") or "")
            entity.add(prop, [v.strip() for v in values if v.strip()])


def _identifications(entity: EntityProxy, el: Element, report: ParseReport) -> list[EntityProxy]:
    documents: list[EntityProxy] = []
    for node in el.findall("identification"):
        code = (_attr(node, "identificationTypeCode") or "").lower()
        number = _attr(node, "number") or _attr(node, "latinNumber")
        prop = _ID_PROPS.get(code)
        if prop is None:
            if code not in _ID_DOCUMENTS:
                report.warn(f"{entity.id}: unknown identificationTypeCode {code!r}")
            prop = "idNumber"
        if code == "imo":
            _add_imo(entity, [number] if number else [], report, company_only=False)
        elif prop in entity.schema.properties:
            entity.add(prop, number)
            entity.add(prop, _attr(node, "latinNumber"))
        else:
            entity.add("idNumber", number)  # e.g. a fiscal code of a Person has no taxNumber
        country = _country(node)
        known = country is not None and country_code(country) is not None
        if code in _NOT_DOCUMENTS or (number is None and not known):
            continue
        document = make_entity(
            "Passport" if code == "passport" else "Identification",
            f"{entity.id}-id-{len(documents) + 1}",
        )
        document.add("holder", entity.id)
        document.add("type", _attr(node, "identificationTypeDescription") or code or None)
        document.add("number", number)
        document.add("number", _attr(node, "latinNumber"))
        add_country(document, "country", country, report)
        document.add("authority", _attr(node, "issuedBy"))
        document.add("startDate", _iso_date(_attr(node, "issueDate")))
        document.add("endDate", _iso_date(_attr(node, "validTo")))
        flags = [text for attr, text in _ID_FLAGS.items() if _attr(node, attr) == "true"]
        remarks = [clean(r.text) for r in node.findall("remark")]
        document.add("summary", "; ".join([*flags, *(r for r in remarks if r)]) or None)
        documents.append(document)
    return documents


def _add_imo(
    entity: EntityProxy, numbers: list[str], report: ParseReport, *, company_only: bool
) -> None:
    for raw in numbers:
        number = re.sub(r"\D", "", raw)
        if company_only and not imo_company_valid(number):
            report.warn(f"{entity.id}: IMO {number} in a remark is not a company number")
            continue
        # Organizations and Vessels have imoNumber; a person's owner number is a registration.
        prop = "imoNumber" if "imoNumber" in entity.schema.properties else "registrationNumber"
        entity.add(prop, f"IMO{number}")
        if not any(number in value for value in entity.get(prop)):
            report.warn(f"{entity.id}: IMO number {raw!r} rejected (check digit)")


def _sanctions(entity: EntityProxy, el: Element, remarks: list[str]) -> list[EntityProxy]:
    """One `Sanction` per programme; several amending regulations of a programme merge."""
    designated = _iso_date(_attr(el, "designationDate"))
    by_programme: dict[str, list[Element]] = {}
    for node in el.findall("regulation"):
        by_programme.setdefault(_attr(node, "programme") or "", []).append(node)
    if not by_programme:
        by_programme[""] = []
    published = {
        programme: sorted(
            d for d in (_iso_date(_attr(r, "publicationDate")) for r in regulations) if d
        )
        for programme, regulations in by_programme.items()
    }
    # designationDate is the first listing, so it dates the earliest programme; a programme
    # added later dates from its own first regulation. (The one regulation of a programme is
    # often only its latest amendment, hence designationDate wins for the first programme.)
    original = min(by_programme, key=lambda p: published[p][:1] or ["9999"])
    sanctions: list[EntityProxy] = []
    for programme, regulations in by_programme.items():
        dates = published[programme]
        first = dates[0] if dates else None
        listed = (designated or first) if programme == original else (first or designated)
        urls = [u for u in (clean(r.findtext("publicationUrl")) for r in regulations) if u]
        sanction = make_sanction(
            entity,
            authority=AUTHORITY,
            program=programme or None,
            listing_date=listed,
            reason="\n".join(remarks) or None,
            source_url=urls[0] if urls else SOURCE_URL,
            key=programme or "eu",
        )
        sanction.add("sourceUrl", urls[1:])
        sanction.add("startDate", listed)
        sanction.add("modifiedAt", dates[-1:])
        sanction.add("description", [_attr(r, "numberTitle") for r in regulations])
        sanction.add("authorityId", _attr(el, "euReferenceNumber"))
        sanction.add("unscId", _attr(el, "unitedNationId"))
        sanction.add("summary", _attr(el, "designationDetails"))
        sanctions.append(sanction)
    return sanctions


def _country(node: Element) -> str | None:
    """The node's country as written: its ISO code, else (unknown or unmapped) its name."""
    code = _attr(node, "countryIso2Code")
    if code is not None and code.upper() in _UNKNOWN_COUNTRY:
        code = None
    if code is not None and country_code(code) is not None:
        return code
    return _country_name(node) or code


def _country_name(node: Element) -> str | None:
    name = _attr(node, "countryDescription")
    return None if name is None or name.upper() in _UNKNOWN_COUNTRY else name


def _add_country(entity: EntityProxy, prop: str, node: Element, report: ParseReport) -> None:
    add_country(entity, prop, _country(node), report)


def _iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    found = re.match(r"^(\d{4}-\d{2}-\d{2})", value)
    return found.group(1) if found else None


def _join(parts: Iterable[str | None]) -> str | None:
    return clean(", ".join(p for p in parts if p))
