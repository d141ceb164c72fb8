"""One real party on two lists: links that do not rest on the engine being evaluated.

- `passport`: an OFAC and a UN person holding the same passport number.
- `birth_date`: an OFAC and a UN person with the same full birth date whose names are variants
  of each other (the builder's plain measure), the only such pair for that date on both sides.
- `imo`: an OFAC and a UN organisation with the same IMO company number.
- `uk_un`: a UK designation made at the UN's request and the UN record, when exactly one UN
  party of the same kind has a name that is a variant of the UK one, and vice versa.
- `uk_ofac`: the same, between UK and OFAC, for names of at least three distinctive words
  (persons) or two (organisations): shorter names are too often shared by different parties.

Each link is one way round (query from the first list, candidate from the second); a pair of
names that are no variants of each other is kept out by the builder, as for aliases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from sanctionwatch.evaluation.corpus import Corpus, Party
from sanctionwatch.evaluation.resemblance import distinctive, fold, is_variant

Link = tuple[Party, Party, str]
_ORGS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})


def kind_of(party: Party) -> str:
    """person, org, vessel or other: parties of one kind can be linked or compared."""
    if party.schema == "Person":
        return "person"
    if party.schema in _ORGS:
        return "org"
    if party.schema == "Vessel":
        return "vessel"
    return "other"


def _by_value(
    parties: Iterable[Party], values: Callable[[Party], Iterable[str]]
) -> dict[str, list[Party]]:
    found: dict[str, list[Party]] = defaultdict(list)
    for party in parties:
        for value in sorted(set(values(party))):
            found[value].append(party)
    return found


def _unique_links(
    left: list[Party], right: list[Party], values: Callable[[Party], Iterable[str]], how: str
) -> list[Link]:
    """Pairs holding a value that no other party on either side holds."""
    left_by, right_by = _by_value(left, values), _by_value(right, values)
    links: dict[tuple[str, str], Link] = {}
    for value in sorted(left_by.keys() & right_by.keys()):
        a, b = left_by[value], right_by[value]
        if len(a) == 1 and len(b) == 1 and kind_of(a[0]) == kind_of(b[0]):
            links.setdefault((a[0].id, b[0].id), (a[0], b[0], how))
    return list(links.values())


def _variant_links(left: list[Party], right: list[Party], how: str, min_words: int) -> list[Link]:
    """Mutually unique variant pairs of parties of one kind (candidates share a word)."""
    index: dict[str, list[int]] = defaultdict(list)
    for position, party in enumerate(right):
        for token in set(distinctive(party.name)):
            index[token].append(position)
    found: dict[int, list[int]] = defaultdict(list)
    reverse: dict[int, list[int]] = defaultdict(list)
    for a_pos, a in enumerate(left):
        words = distinctive(a.name)
        if len(words) < min_words:
            continue
        seen: set[int] = set()
        for token in set(words):
            postings = index.get(token, [])
            if len(postings) > 500:
                continue
            seen.update(postings)
        for b_pos in sorted(seen):
            b = right[b_pos]
            if kind_of(a) != kind_of(b) or len(distinctive(b.name)) < min_words:
                continue
            if is_variant(a.name, b.name, person=a.schema == "Person"):
                found[a_pos].append(b_pos)
                reverse[b_pos].append(a_pos)
    links: list[Link] = []
    for a_pos, targets in sorted(found.items()):
        if len(targets) == 1 and len(reverse[targets[0]]) == 1:
            links.append((left[a_pos], right[targets[0]], how))
    return links


def _birth_links(ofac: list[Party], un: list[Party]) -> list[Link]:
    un_by = _by_value([p for p in un if p.schema == "Person"], lambda p: p.birth_dates)
    links: list[Link] = []
    of_by = _by_value([p for p in ofac if p.schema == "Person"], lambda p: p.birth_dates)
    for value in sorted(of_by.keys() & un_by.keys()):
        pairs = [
            (a, b)
            for a in of_by[value]
            for b in un_by[value]
            if is_variant(a.name, b.name, person=True)
        ]
        if len(pairs) == 1:
            links.append((*pairs[0], "birth_date"))
    return links


def link_parties(corpus: Corpus) -> list[Link]:
    """All cross-list links, in a stable order, one per pair of parties."""
    un = corpus.by_family("un")
    ofac = corpus.by_family("ofac")
    uk = corpus.by_family("uk")
    links: list[Link] = []
    links += _unique_links(
        [p for p in ofac if p.schema == "Person"],
        [p for p in un if p.schema == "Person"],
        lambda p: p.passports,
        "passport",
    )
    links += _birth_links(ofac, un)
    links += _unique_links(ofac, un, lambda p: p.imo, "imo")
    uk_un = [p for p in uk if p.designation is not None and "UN" in p.designation.split("|")]
    links += _variant_links(uk_un, un, "uk_un", min_words=2)
    uk_own = [p for p in uk if p.designation == "UK" and kind_of(p) in ("person", "org")]
    persons = [p for p in uk_own if kind_of(p) == "person"]
    orgs = [p for p in uk_own if kind_of(p) == "org"]
    links += _variant_links(persons, [p for p in ofac if kind_of(p) == "person"], "uk_ofac", 3)
    links += _variant_links(orgs, [p for p in ofac if kind_of(p) == "org"], "uk_ofac", 2)
    unique: dict[tuple[str, str], Link] = {}
    for link in links:
        unique.setdefault((link[0].id, link[1].id), link)
    return [link for link in unique.values() if fold(link[0].name) != fold(link[1].name)]
