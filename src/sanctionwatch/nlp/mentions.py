"""Mentions: the persons, organisations, vessels, countries and places an article names, each
linked to a listed entity where the evidence is strong enough.

`find_mentions(doc, spacy_doc, index, options)` combines these sources:

1. the gazetteer (`places.py`) for countries, demonyms and places; a name that is also a
   personal name or a word ("Jordan", "Chad") counts only where the NER labels it a place, and a
   place name inside a person's name ("Jordan Peterson") or a longer place ("New Jersey") not at
   all; a seat of government ("the Kremlin") is an organisation mention carrying its country;
2. ship patterns and IMO numbers (`vessels.py`); a name the NER tagged otherwise but that stands
   by ship words ("the Angara" next to "cargo ship") is screened as a vessel;
3. spaCy's NER for persons (PERSON) and organisations (ORG, and NORP groups the gazetteer does
   not know, such as "Houthis");
4. coreference of partial names within the article: "Kim" after "Kim Jong Un" is him when every
   word of the short form belongs to one full name mentioned in the article, and to only one;
5. capitalised names the NER left untagged ("Rosneft" opening a sentence), kept only when they
   link to a listed organisation;
6. names the article gives as another name of a linked party ("..., known as KOMID",
   "... (KOMID)").

A whole name that is goods of the taxonomy ("Iskander", "Su-35s") is no person or organisation.

Linking follows the rules in `linking.py`; the article's countries break ties between
namesakes.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sanctionwatch.extract.goods import classify_goods
from sanctionwatch.ingest.document import Document
from sanctionwatch.nlp.linking import (
    COUNTRY,
    ORGANIZATION,
    PERSON,
    PLACE,
    VESSEL,
    Link,
    Linker,
    MentionOptions,
    name_tokens,
)
from sanctionwatch.nlp.places import COUNTRY_KINDS, SEAT_KINDS, PlaceSpan, gazetteer
from sanctionwatch.nlp.vessels import VesselSpan, find_vessels
from sanctionwatch.screening import ScreeningIndex

KINDS = (PERSON, ORGANIZATION, VESSEL, COUNTRY, PLACE)
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
_CONTAINER_LABELS = frozenset({"GPE", "LOC", "FAC", "PERSON"})
_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_LIST_BREAK = re.compile(r"[,;/()]|\band\b")
# Russian and Central Asian legal forms written before the name ("OOO Uralpribor-Snab").
_LEGAL_PREFIX = re.compile(
    r"\b(?:OOO|OAO|ZAO|PAO|AO|TOO|JSC|PJSC|OJSC|CJSC)\s+[\"“«]?[A-Z][\w'-]*(?:\s[A-Z][\w'-]*){0,4}"
)
_CONTEXT_WINDOW = 8  # tokens either side in which ship words make a name a vessel


@dataclass(slots=True)
class Mention:
    """One name in an article: where, what kind, and the listed entity it links to (if any)."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: str  # person, organization, vessel, country, place
    entity_id: str | None = None
    country: str | None = None  # ISO alpha-2 for countries and places
    score: float = 0.0  # the link's screening score (1.0 for a gazetteer place)
    explanation: list[str] = field(default_factory=list)
    sentence: int = 0  # index into the analysis' sentences
    caption: str | None = None  # the linked entity's caption
    imo: str | None = None  # an IMO number the text gives for a vessel

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "entity_id": self.entity_id,
            "caption": self.caption,
            "country": self.country,
            "score": self.score,
            "sentence": self.sentence,
            "imo": self.imo,
            "explanation": list(self.explanation),
        }


def clean_name(text: str, titles: Iterable[str] = ()) -> str:
    """A name as screened: no leading article or title, no possessive, no edge punctuation."""
    name = _LEADING.sub("", text.strip())
    name = _POSSESSIVE.sub("", name).strip(" ,.;:\"'“”‘’()")
    words = name.split()
    lowered = {t.lower() for t in titles}
    while len(words) > 1 and words[0].rstrip(".").lower() in lowered:
        words = words[1:]
    return " ".join(words)


# Proper-noun runs the NER left untagged are tried as organisation names up to this many words,
# from this many letters.
_MISSED_MAX_WORDS = 4
_MISSED_MIN_LENGTH = 4


# Words between a party's name and another name the article gives it.
_ALIAS_BETWEEN = re.compile(
    r",?\s*(?:(?:also|better|commonly|formerly|previously|widely)\s+)?"
    r"(?:known\s+as|called|a\.k\.a\.?|aka|dubbed|nicknamed|renamed)\s+(?:the\s+)?",
    re.IGNORECASE,
)


def _name_like(token: Token) -> bool:
    """A capitalised proper noun, or a capitalised word the tagger took for a common noun
    ("Rosneft" opening a sentence); the linker refuses common words."""
    return token.pos_ in ("PROPN", "NOUN") and token.text[:1].isupper()


def names_goods(name: str) -> bool:
    """Whether a whole name is goods of the taxonomy (a weapon system: "Iskander", "Su-35s";
    an oil grade: "Brent", "Urals"), which the NER tags as a person or an organisation. Only
    for names that link to no listed party."""
    if not name:
        return False
    return any(m.start == 0 and m.end == len(name) for m in classify_goods(name))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Finder:
    """The state of one article's pass: its parse, places, vessels and the linker."""

    def __init__(self, doc: Document, spacy_doc: Doc, linker: Linker) -> None:
        self.doc = doc
        self.sdoc = spacy_doc
        self.linker = linker
        self.lex = linker.lexicon
        self.sentence_starts = [s.start_char for s in spacy_doc.sents]
        self.mentions: list[Mention] = []
        self.taken: list[tuple[int, int]] = []
        self.parties: list[str] = []  # linked entity ids, first id of each party

    def sentence_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, char) - 1)

    def canonical(self, entity_id: str) -> str:
        """The id this article already uses for the same party (one id per party per article)."""
        for known in self.parties:
            if self.linker.same_party(known, entity_id):
                return known
        self.parties.append(entity_id)
        return entity_id

    def add(self, start: int, end: int, kind: str, **values: object) -> Mention:
        entity_id = values.get("entity_id")
        if isinstance(entity_id, str):
            canonical = self.canonical(entity_id)
            if canonical != entity_id:
                values["entity_id"] = canonical
                values["caption"] = self.linker.entity(canonical).caption
        mention = Mention(
            self.doc.id,
            start,
            end,
            self.doc.text[start:end],
            kind,
            sentence=self.sentence_of(start),
        )
        for key, value in values.items():
            setattr(mention, key, value)
        self.mentions.append(mention)
        if kind not in (COUNTRY, PLACE):
            self.taken.append((start, end))
        return mention

    # -- places -----------------------------------------------------------------------------

    def places(self) -> frozenset[str]:
        """Add country and place mentions; return the article's countries."""
        ents = list(self.sdoc.ents)
        for span in gazetteer().scan(self.doc.text):
            verdict = self._place_verdict(span, ents)
            if verdict is None:
                continue
            if span.kind in COUNTRY_KINDS:
                kind = COUNTRY
            elif span.kind in SEAT_KINDS:
                kind = ORGANIZATION  # the government sitting there, for its country
            else:
                kind = PLACE
            self.add(
                span.start,
                span.end,
                kind,
                country=span.country,
                score=1.0,
                explanation=[f"{span.kind} ({span.source}) → {span.country}", *verdict],
            )
        return frozenset(m.country for m in self.mentions if m.country is not None)

    def _place_verdict(self, span: PlaceSpan, ents: list[Span]) -> list[str] | None:
        """Why a gazetteer hit stands (extra explanation lines), or None to drop it."""
        where = (span.start, span.end)
        around = [e for e in ents if _overlaps((e.start_char, e.end_char), where)]
        for ent in around:
            inside = ent.start_char <= span.start and span.end <= ent.end_char
            if not inside or ent.label_ not in _CONTAINER_LABELS:
                continue
            # Only the words joined to the name count ("Abuja, Nigeria" is two places).
            before = _LIST_BREAK.split(self.doc.text[ent.start_char : span.start])[-1]
            after = _LIST_BREAK.split(self.doc.text[span.end : ent.end_char])[0]
            rest_words = [
                w for w in re.findall(r"\w+", f"{before} {after}") if w.lower() not in ("the", "s")
            ]
            if any(w[:1].isupper() for w in rest_words):
                return None  # part of a longer name: "Jordan Peterson", "New Jersey"
            if ent.label_ == "PERSON" and span.ambiguous:
                return None  # "Chad" tagged as a person
        if span.ambiguous:
            if not any(e.label_ in _PLACE_LABELS for e in around):
                return None
            return ["ambiguous name confirmed by NER"]
        return []

    # -- vessels ----------------------------------------------------------------------------

    def vessels(self, countries: frozenset[str]) -> None:
        links: dict[str, Link] = {}
        found = find_vessels(self.sdoc)
        imo_of = {v.text: v.imo for v in found if v.imo is not None}
        for vessel in found:
            bare_number = vessel.text.upper().startswith("IMO")
            name = "" if bare_number else clean_name(vessel.text)
            imo = vessel.imo if vessel.imo is not None else imo_of.get(vessel.text)
            key = f"{name}|{imo}"
            link = links.get(key)
            if link is None:
                link = self.linker.link(
                    name, VESSEL, countries=countries, imo=imo, single_word_ok=True
                )
                links[key] = link
            self._add_linked(vessel, VESSEL, link, imo=imo, cue=f"ship named by: {vessel.cue}")

    def _add_linked(
        self, span: VesselSpan, kind: str, link: Link, *, imo: str | None, cue: str
    ) -> None:
        self.add(
            span.start,
            span.end,
            kind,
            entity_id=link.entity_id,
            score=link.score,
            caption=link.caption,
            imo=imo,
            explanation=[cue, *link.explanation],
        )

    def _ship_context(self, ent: Span) -> bool:
        sent = ent.sent
        lo = max(sent.start, ent.start - _CONTEXT_WINDOW)
        hi = min(sent.end, ent.end + _CONTEXT_WINDOW)
        words = {t.lower_ for t in self.sdoc[lo:hi]} - {t.lower_ for t in ent}
        before = self.sdoc[ent.start - 1].lower_ if ent.start > 0 else ""
        return before == "the" and bool(words & self.lex.vessel_context)

    # -- persons and organisations -------------------------------------------------------------

    def _organization(
        self,
        ent: Span,
        countries: frozenset[str],
        orgs: list[tuple[frozenset[str], Link]],
        cue: str,
    ) -> None:
        """An organisation mention; a shorter form of a linked name in the article ("Wagner"
        after "the Wagner Group") is that organisation. A NORP group counts only when it links
        ("Houthis"): the others are adjectives of regions ("European", "Baltic")."""
        name = clean_name(ent.text)
        words = frozenset(name_tokens(name))
        link = self.linker.link(name, ORGANIZATION, countries=countries)
        if link.entity_id is None and words and not self.linker.is_generic(name):
            holders = {held.entity_id: held for names, held in orgs if words < names}
            if len(holders) == 1:
                source = next(iter(holders.values()))
                link = Link(
                    source.entity_id,
                    source.score,
                    source.caption,
                    [f"short form of {source.caption} named in full in the article"],
                )
        if link.entity_id is not None:
            orgs.append((words, link))
        elif ent.label_ == "NORP" or names_goods(name):
            return
        self.add(
            ent.start_char,
            ent.end_char,
            ORGANIZATION,
            entity_id=link.entity_id,
            score=link.score,
            caption=link.caption,
            explanation=[cue, *link.explanation],
        )

    def entities(self, countries: frozenset[str]) -> None:
        persons: list[tuple[Span, str]] = []
        orgs: list[tuple[frozenset[str], Link]] = []
        for ent in self.sdoc.ents:
            where = (ent.start_char, ent.end_char)
            if any(_overlaps(where, t) for t in self.taken):
                continue
            label = ent.label_
            if label not in ("PERSON", "ORG", "NORP", "FAC", "PRODUCT", "GPE", "LOC"):
                continue
            if self._is_place(ent):
                continue
            if label not in ("GPE", "LOC") and self._ship_context(ent):
                name = clean_name(ent.text)
                link = self.linker.link(name, VESSEL, countries=countries)
                if link.entity_id is not None:
                    span = VesselSpan(ent.start_char, ent.end_char, ent.text, None, "context")
                    self._add_linked(span, VESSEL, link, imo=None, cue="name beside ship words")
                    continue
            group = label == "PERSON" and ent.start > 0 and self.sdoc[ent.start - 1].lower_ == "the"
            if label == "PERSON" and not group:
                persons.append((ent, clean_name(ent.text, self.lex.titles)))
            elif label in ("ORG", "NORP") or group:
                self._organization(
                    ent, countries, orgs, "NER PERSON after 'the'" if group else f"NER {label}"
                )
            elif label in ("GPE", "LOC", "FAC"):
                self.add(
                    ent.start_char,
                    ent.end_char,
                    PLACE,
                    explanation=[f"NER {label}; not in the gazetteer"],
                )
        self._legal_forms(countries, orgs)
        self._persons(persons, countries)
        self._missed_names(countries)

    def _legal_forms(
        self, countries: frozenset[str], orgs: list[tuple[frozenset[str], Link]]
    ) -> None:
        """Companies the NER misses, named after a leading legal form ("OOO Aerosistema")."""
        for hit in _LEGAL_PREFIX.finditer(self.doc.text):
            span = self.sdoc.char_span(hit.start(), hit.end(), label="ORG", alignment_mode="expand")
            if span is None or any(
                _overlaps((span.start_char, span.end_char), t) for t in self.taken
            ):
                continue
            self._organization(span, countries, orgs, "company named by its legal form")

    def _missed_names(self, countries: frozenset[str]) -> None:
        """Listed companies the small NER model does not tag ("Rosneft and Lukoil were
        sanctioned", "Sberbank"): runs of capitalised proper nouns outside every other mention,
        kept only when they link to a listed organisation by the linker's usual rules."""
        if self.linker.index is None:
            return
        # Entities the NER did tag (dates, sums, places, ...) were judged there: "October" is a
        # date, not the listed LLC OKTYABR.
        covered = [(m.start, m.end) for m in self.mentions]
        covered += [(e.start_char, e.end_char) for e in self.sdoc.ents]
        for like, group in itertools.groupby(self.sdoc, key=_name_like):
            if not like:
                continue
            tokens = list(group)
            for first in range(0, len(tokens), _MISSED_MAX_WORDS):
                run = tokens[first : first + _MISSED_MAX_WORDS]
                start, end = run[0].idx, run[-1].idx + len(run[-1].text)
                if not any(_overlaps((start, end), c) for c in covered):
                    self._missed_name(start, end, countries)

    def _missed_name(self, start: int, end: int, countries: frozenset[str]) -> None:
        name = clean_name(self.doc.text[start:end])
        if len(name) < _MISSED_MIN_LENGTH or names_goods(name):
            return
        link = self.linker.link(name, ORGANIZATION, countries=countries)
        if link.entity_id is None:
            source = self._alias_source(start, end, ORGANIZATION)
            if source is None or source.entity_id is None:
                return
            link = Link(
                source.entity_id,
                source.score,
                source.caption,
                [f"given in the article as another name of {source.text!r}"],
            )
        self.add(
            start,
            end,
            ORGANIZATION,
            entity_id=link.entity_id,
            score=link.score,
            caption=link.caption,
            explanation=["proper noun the NER did not tag", *link.explanation],
        )

    def aliases(self) -> None:
        """A name the article gives as another name of a linked party just named — "the Korea
        Mining Development Trading Corporation, known as KOMID", "... Corporation (KOMID)" —
        is that party."""
        for mention in self.mentions:
            if mention.entity_id is not None or mention.kind not in (ORGANIZATION, PERSON):
                continue
            source = self._alias_source(mention.start, mention.end, mention.kind)
            if source is not None:
                mention.entity_id = source.entity_id
                mention.caption = source.caption
                mention.score = source.score
                mention.explanation = [
                    *mention.explanation,
                    f"given in the article as another name of {source.text!r}",
                ]

    def _alias_source(self, start: int, end: int, kind: str) -> Mention | None:
        """The linked mention of `kind` that the name at `start:end` is given as another name
        of, if the words between them say so."""
        earlier = max(
            (m for m in self.mentions if m.kind == kind and m.end <= start),
            key=lambda m: m.end,
            default=None,
        )
        if earlier is None or earlier.entity_id is None:
            return None
        between = self.doc.text[earlier.end : start]
        after = self.doc.text[end : end + 1]
        if _ALIAS_BETWEEN.fullmatch(between) or (between in (" (", "(") and after == ")"):
            return earlier
        return None

    def _is_place(self, ent: Span) -> bool:
        """Whether a gazetteer place already covers this entity (modulo "the" and "'s")."""
        core = clean_name(ent.text)
        for mention in self.mentions:
            if (
                mention.kind in (COUNTRY, PLACE)
                and _overlaps((mention.start, mention.end), (ent.start_char, ent.end_char))
                and (clean_name(mention.text) == core or ent.label_ in ("GPE", "LOC", "NORP"))
            ):
                return True
        return False

    def _persons(self, persons: list[tuple[Span, str]], countries: frozenset[str]) -> None:
        full: list[tuple[frozenset[str], Link]] = []
        links: dict[str, Link] = {}
        for _ent, name in persons:
            tokens = name_tokens(name)
            if len(tokens) >= 2 and name not in links:
                links[name] = self.linker.link(name, PERSON, countries=countries)
                full.append((frozenset(tokens), links[name]))
        for ent, name in persons:
            link = links.get(name)
            if link is None or link.entity_id is None:
                partial = self._coreference(frozenset(name_tokens(name)), full)
                if partial is not None and (link is None or partial.entity_id is not None):
                    link = partial
            if link is None:
                link = self.linker.link(name, PERSON, countries=countries)
            if link.entity_id is None and names_goods(name):
                continue  # "Iskander" tagged as a person, where it is the missile
            self.add(
                ent.start_char,
                ent.end_char,
                PERSON,
                entity_id=link.entity_id,
                score=link.score,
                caption=link.caption,
                explanation=["NER PERSON", *link.explanation],
            )

    def _coreference(
        self, words: frozenset[str], full: list[tuple[frozenset[str], Link]]
    ) -> Link | None:
        """The link of the one full name in the article that contains every word of `words`."""
        if not words:
            return None
        same_party = self.linker.same_party
        holders = [link for names, link in full if words < names]
        if not holders:
            return None
        ids = {link.entity_id for link in holders}
        first = holders[0].entity_id
        if len(ids) > 1 and first is not None:
            listed = [i for i in ids if i is not None]
            if len(listed) == len(ids) and all(same_party(first, i) for i in listed):
                ids = {first}
        if len(ids) != 1:
            return Link(None, 0.0, explanation=["partial name of several people in the article"])
        source = holders[0]
        if source.entity_id is None:
            return Link(
                None, 0.0, explanation=["partial name of an unlisted person in the article"]
            )
        return Link(
            source.entity_id,
            source.score,
            source.caption,
            [f"partial name of {source.caption} mentioned in full in the article"],
        )


def find_mentions(
    doc: Document,
    spacy_doc: Doc,
    index: ScreeningIndex | None,
    options: MentionOptions | None = None,
    *,
    linker: Linker | None = None,
) -> list[Mention]:
    """Every mention in `doc` (parsed as `spacy_doc`), linked through `index`, in text order.

    `linker` reuses a `Linker` (and its cache of screening results) across articles; without
    one, a new one is made from `index` and `options`.
    """
    linker = linker if linker is not None else Linker(index, options)
    finder = _Finder(doc, spacy_doc, linker)
    countries = finder.places()
    finder.vessels(countries)
    finder.entities(countries)
    finder.aliases()
    return sorted(finder.mentions, key=lambda m: (m.start, -m.end))
