"""Parser for the UN Security Council Consolidated List XML (`consolidated.xml`).

Each `INDIVIDUAL` becomes a `Person` and each `ENTITY` an `Organization`, with one `Sanction` for
the regime named in `UN_LIST_TYPE` and one `Passport`/`Identification` per document. Much of
the data hides in free text (`COMMENTS1`): IMO company numbers, SWIFT codes, e-mail addresses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from xml.etree.ElementTree import Element

from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import (
    ParseReport,
    add_country,
    clean,
    extract_imo_numbers,
    imo_company_valid,
    make_entity,
    make_sanction,
    year_range,
)
from sanctionwatch.lists.xmlstream import iter_elements, text_of, texts_of

SOURCE = "un"
AUTHORITY = "United Nations Security Council"
SOURCE_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

_ROOT = frozenset({"CONSOLIDATED_LIST"})
_RECORDS = frozenset({"INDIVIDUAL", "ENTITY"})
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

# QUALITY of an alias -> FtM property. "Good" and "a.k.a." are strong, "Low" is weak.
_ALIAS_PROPS = {
    "": "alias",
    "good": "alias",
    "a.k.a.": "alias",
    "low": "weakAlias",
    "f.k.a.": "previousName",
}
_QUOTES = "\"'“”‘’«»"
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = re.compile(
    r"\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE,
)
# Several aliases packed into one ALIAS_NAME: "A; B b) C" or "أبو شيماء (Abu-Shaima; Abu- Shayma)".
_ALIAS_SPLIT = re.compile(r";|\s[a-z]\)\s")
_ALIAS_ENUM = re.compile(r"^[a-z]\)\s+")
_SWIFT = re.compile(r"\bSWIFT(?:/BIC)?\s*(?:code)?\s*:?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEBSITE = re.compile(r"\bWebsite:?\s*((?:https?://)?[\w.-]+\.[a-z]{2,}[^\s;,)]*)", re.IGNORECASE)


def sniff(path: str, head: bytes) -> bool:
    """The UN list's root element is `CONSOLIDATED_LIST`."""
    return b"<CONSOLIDATED_LIST" in head


def iter_entities(path: str, report: ParseReport) -> Iterator[EntityProxy]:
    """Stream the UN list: a `Person`/`Organization` per record, then its sanction and documents."""

    def on_root(attrs: dict[str, str]) -> None:
        generated = attrs.get("dateGenerated")
        if generated is None:
            report.warn("root element has no dateGenerated")
            return
        try:
            report.published_at = datetime.fromisoformat(generated)
        except ValueError:
            report.warn(f"unreadable dateGenerated {generated!r}")

    seen: Counter[str] = Counter()
    for element in iter_elements(path, _RECORDS, root=_ROOT, on_root=on_root):
        seen[element.tag] += 1
        where = f"element <{element.tag}> #{seen[element.tag]}"
        try:
            entities = _parse_record(element, path, where, report)
        except (ValueError, KeyError, IndexError, TypeError, FollowTheMoneyException) as exc:
            # Safety net: an unexpected shape names the record instead of a bare error.
            raise ParseError(path, f"unreadable record ({exc})", where=where) from exc
        yield from entities
    if not seen:
        report.warn("the list holds no INDIVIDUAL or ENTITY records")


def _parse_record(el: Element, path: str, where: str, report: ParseReport) -> list[EntityProxy]:
    ref = clean(text_of(el, "REFERENCE_NUMBER"))
    if ref is None:
        raise ParseError(path, "record has no REFERENCE_NUMBER", where=where)
    is_person = el.tag == "INDIVIDUAL"
    entity = make_entity("Person" if is_person else "Organization", f"un-{ref}")
    name = clean(" ".join(text_of(el, part) or "" for part in _NAME_PARTS))
    if name is None:
        report.orphans["no-name"] += 1
        report.warn(f"{where} ({ref}): record has no name, skipped")
        return []
    # The UN does not say which part is the family name (DPRK records put it first), so the
    # parts stay in `name` only instead of being guessed into firstName/lastName.
    entity.add("name", name)
    entity.add("topics", "sanction")
    entity.add("alias", text_of(el, "NAME_ORIGINAL_SCRIPT"))
    entity.add("modifiedAt", _iso_dates(texts_of(el, "LAST_DAY_UPDATED/VALUE")))

    _add_aliases(entity, el, report)
    # Only persons have a nationality in FtM; an entity's would be its country.
    nationality = "nationality" if is_person else "country"
    for value in texts_of(el, "NATIONALITY/VALUE"):
        add_country(entity, nationality, value, report)
    if is_person:
        entity.add("title", [v.strip(_QUOTES + " ") for v in texts_of(el, "TITLE/VALUE")])
        entity.add("position", texts_of(el, "DESIGNATION/VALUE"))
        entity.add("gender", clean(text_of(el, "GENDER")))
        _add_births(entity, el, report)
    _add_addresses(entity, el, report)

    comments = text_of(el, "COMMENTS1")
    entity.add("notes", comments)
    _add_comment_identifiers(entity, comments, report)

    documents = _documents(entity, el, report) if is_person else []
    sanction = make_sanction(
        entity,
        authority=AUTHORITY,
        program=clean(text_of(el, "UN_LIST_TYPE")),
        listing_date=_iso_date(text_of(el, "LISTED_ON")),
        reason=comments,
        source_url=SOURCE_URL,
    )
    sanction.add("unscId", ref)
    sanction.add("recordId", text_of(el, "DATAID"))
    sanction.add("modifiedAt", entity.get("modifiedAt"))
    report.count(entity)
    return [entity, sanction, *documents]


def _add_aliases(entity: EntityProxy, el: Element, report: ParseReport) -> None:
    for alias in el.findall(f"{el.tag}_ALIAS"):
        names = split_alias(text_of(alias, "ALIAS_NAME"))
        if not names:
            continue  # the ubiquitous empty placeholder <QUALITY/><ALIAS_NAME/>
        quality = (clean(text_of(alias, "QUALITY")) or "").lower()
        prop = _ALIAS_PROPS.get(quality)
        if prop is None:
            report.warn(f"{entity.id}: unknown alias quality {quality!r}, kept as alias")
            prop = "alias"
        entity.add(prop, names)
        if entity.schema.is_a("Person"):
            # An alias can carry the birth data of the identity it was used with.
            entity.add("birthDate", _iso_date(text_of(alias, "DATE_OF_BIRTH")))
            entity.add("birthPlace", text_of(alias, "CITY_OF_BIRTH"))
            add_country(entity, "birthCountry", text_of(alias, "COUNTRY_OF_BIRTH"), report)
        note = text_of(alias, "NOTE")
        if note is not None:
            entity.add("notes", f"Alias {names[0]}: {note}")


def split_alias(text: str | None) -> list[str]:
    """One ALIAS_NAME as a list of names: packed lists are split, wrapping quotes removed."""
    value = clean(text)
    if value is None:
        return []
    value = value.rstrip(", ")
    parts = [value]
    head, inner = _trailing_group(value)
    if ";" in value:
        if head is not None and ";" in inner:
            parts = [head, *_ALIAS_SPLIT.split(inner)]
        else:
            parts = _ALIAS_SPLIT.split(value)
    elif head is not None:
        # "Jin Tiesan (金铁三)", "X (original script: Y)": a transliteration pair, two names.
        if inner.lower().startswith("original script:"):
            parts = [head, inner.split(":", 1)[1]]
        elif _is_latin(head) != _is_latin(inner):
            parts = [head, inner]
    names: list[str] = []
    for part in parts:
        name = clean(_ALIAS_ENUM.sub("", part.replace("(original script)", "")))
        if name is None:
            continue
        if len(name) > 2 and name[0] in _QUOTES and name[-1] in _QUOTES:
            name = name[1:-1].strip()
        if name and name not in names:
            names.append(name)
    return names


def _trailing_group(value: str) -> tuple[str | None, str]:
    """Split "NAME (A; B)" into ("NAME", "A; B"); (None, value) when there is no such group."""
    if not value.endswith(")"):
        return None, value
    depth = 0
    for index in range(len(value) - 1, -1, -1):
        if value[index] == ")":
            depth += 1
        elif value[index] == "(":
            depth -= 1
            if depth == 0:
                head = clean(value[:index])
                return (head, value[index + 1 : -1]) if head else (None, value)
    return None, value


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF for c in text if c.isalpha())


def _add_births(entity: EntityProxy, el: Element, report: ParseReport) -> None:
    for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = (clean(text_of(dob, "TYPE_OF_DATE")) or "").upper()
        if kind not in {"", "EXACT", "APPROXIMATELY", "BETWEEN"}:
            report.warn(f"{entity.id}: unknown TYPE_OF_DATE {kind!r}")
        date = _iso_date(text_of(dob, "DATE"))
        year = clean(text_of(dob, "YEAR"))
        start, end = clean(text_of(dob, "FROM_YEAR")), clean(text_of(dob, "TO_YEAR"))
        note = clean(text_of(dob, "NOTE"))
        values: list[str] = []
        if date is not None:
            values.append(date[:4] if kind == "APPROXIMATELY" else date)
        elif start is not None and end is not None and start.isdigit() and end.isdigit():
            values.extend(year_range(int(start), int(end)))
        elif year is not None and year.isdigit():
            values.append(year)
        if note is not None and date is None:
            refined = _dates_in_note(note, year)
            if refined:
                values = [v for v in values if v != year] + refined
            elif not values:
                entity.add("notes", f"Date of birth: {note}")
        entity.add("birthDate", values)

    for pob in el.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        country = text_of(pob, "COUNTRY")
        add_country(entity, "birthCountry", country, report)
        local = [text_of(pob, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE")]
        note = text_of(pob, "NOTE")
        if any(local):
            place = _join([*local, country])
            if place is not None and note is not None:
                place = f"{place} ({note.strip('() ')})"
            entity.add("birthPlace", place)
        elif note is not None:
            entity.add("birthPlace", note)


def _dates_in_note(note: str, year: str | None) -> list[str]:
    """Month-precision dates in a DOB note: "Nov. 1973", "Between Aug. and Sep. 1977", "Sep."."""
    if "hijri" in note.lower():
        return []  # another calendar: the year would be wrong, keep the text instead
    found = _YEAR.search(note)
    base = found.group(1) if found else year
    if base is None:
        return []
    months = [_MONTHS.index(m.group(1)[:3].lower()) + 1 for m in _MONTH.finditer(note)]
    if months:
        return [f"{base}-{month:02d}" for month in months]
    return [base] if found else []


def _add_addresses(entity: EntityProxy, el: Element, report: ParseReport) -> None:
    for addr in el.findall(f"{el.tag}_ADDRESS"):
        country = text_of(addr, "COUNTRY")
        add_country(entity, "country", country, report)
        local = [text_of(addr, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")]
        if any(local):
            entity.add("address", _join([*local, country]))
        elif country is None:
            # Free-text locations ("Believed to be in Pakistan or Afghanistan") live in NOTE.
            entity.add("address", text_of(addr, "NOTE"))


def _documents(entity: EntityProxy, el: Element, report: ParseReport) -> list[EntityProxy]:
    documents: list[EntityProxy] = []
    for doc in el.findall("INDIVIDUAL_DOCUMENT"):
        kind = clean(text_of(doc, "TYPE_OF_DOCUMENT"))
        detail = clean(text_of(doc, "TYPE_OF_DOCUMENT2"))
        number = clean(text_of(doc, "NUMBER"))
        country = text_of(doc, "ISSUING_COUNTRY") or text_of(doc, "COUNTRY_OF_ISSUE")
        note = text_of(doc, "NOTE")
        if kind is None and detail is None and number is None and note is None:
            continue  # empty <INDIVIDUAL_DOCUMENT/>
        label = f"{kind or ''} {detail or ''}".lower()
        # The UN writes the passport type in English, French or Spanish.
        is_passport = any(w in label for w in ("passport", "passeport", "pasaporte"))
        entity.add("passportNumber" if is_passport else "idNumber", number)
        if number is None and country is None:
            if note is not None:
                entity.add("notes", f"{kind or 'Document'}: {note}")
            continue
        document = make_entity(
            "Passport" if is_passport else "Identification",
            f"{entity.id}-id-{len(documents) + 1}",
        )
        document.add("holder", entity.id)
        document.add("type", detail or kind)
        document.add("number", number)
        add_country(document, "country", country, report)
        document.add("startDate", _iso_date(text_of(doc, "DATE_OF_ISSUE")))
        document.add("authority", text_of(doc, "CITY_OF_ISSUE"))
        document.add("summary", note)
        documents.append(document)
    return documents


def _add_comment_identifiers(entity: EntityProxy, text: str | None, report: ParseReport) -> None:
    if text is None:
        return
    for number in extract_imo_numbers(text):
        if not imo_company_valid(number):
            # Comments also name the ships a company operates ("the Chong Chon Gang (IMO
            # 7937317)"); a ship's number is not the company's, so it stays in the notes only.
            report.warn(f"{entity.id}: IMO {number} in comments is not a company number")
            continue
        # Persons have no imoNumber; an owner's number is then kept as a registration number.
        prop = "imoNumber" if "imoNumber" in entity.schema.properties else "registrationNumber"
        entity.add(prop, f"IMO{number}")
    entity.add("swiftBic", _SWIFT.findall(text))
    entity.add("email", _EMAIL.findall(text))
    entity.add("website", [w.rstrip(".") for w in _WEBSITE.findall(text)])


def _iso_date(value: str | None) -> str | None:
    """YYYY-MM-DD from "2015-04-07" or the odd "2015-04-07-04:00"."""
    if value is None:
        return None
    found = _ISO_DATE.match(value.strip())
    return found.group(1) if found else None


def _iso_dates(values: list[str]) -> list[str]:
    return [d for d in (_iso_date(v) for v in values) if d is not None]


def _join(parts: list[str | None]) -> str | None:
    return clean(", ".join(p for p in parts if p))
