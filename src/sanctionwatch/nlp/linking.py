"""Linking a name found in an article to a listed entity, precision first.

A mention is screened against the screening index with the schema its kind allows (persons only
against `Person`, organisations against `Organization` and its kin, vessels against `Vessel`)
and the best match is accepted only under the rules below; every decision, made or refused,
leaves a line in the explanation.

- **exact** — the mention equals a listed name of the entity (case, punctuation, a leading
  "the" and a parenthesised acronym aside; person names in any order), matched through a name
  and not through a weak alias (nicknames, handles) or an acronym the index derives: accepted
  from `MentionOptions.exact_threshold` up.
- **subset** — a person's name of two words or more whose words all appear in one listed name
  with at most one more word (a middle name or second surname the article leaves out):
  accepted from `MentionOptions.subset_threshold` up.
- **fuzzy** — otherwise the screening score must reach `MentionOptions.threshold`, and for a
  person every word of the mention must be explained by the listed names (equal, a close
  transliteration, or an initial) with one word of four letters or more equal; for an
  organisation every distinctive (non-generic) word of the listed name must be in the mention.
- **countries** — an organisation, or a person named in fewer than three words, listed with
  countries none of which the article names (in an article that names countries) is a
  namesake: "Ibrahim Idris", Nigeria's police chief, is not the Syrian listed as IDRIS, Ibrahim.
- **identifier** — an IMO number in the text that a listed vessel carries links that vessel,
  whatever name the text gives it; a listed vessel of the same name with another IMO is refused.
- **never** — a single word that is an ordinary English word (unless a ship noun introduces it:
  "the tanker Progress"); a single-word person name (those link only through a full name in
  the same article, see `mentions.py`); an organisation name made only of generic words and
  places, unless it equals a listed name and the article (or the name) names its country.
- **ties** — when near-equal matches are different parties (not the same person or vessel listed
  by several authorities), the article's countries may pick one; otherwise nothing links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from anyascii import anyascii
from pydantic import BaseModel, ConfigDict
from rapidfuzz.distance import JaroWinkler

from sanctionwatch.exceptions import ConfigurationError, UsageError
from sanctionwatch.nlp.places import gazetteer
from sanctionwatch.screening import Match, Query, ScreeningIndex, ScreenOptions
from sanctionwatch.screening.model import EntitySummary

PERSON = "person"
ORGANIZATION = "organization"
VESSEL = "vessel"
COUNTRY = "country"
PLACE = "place"
# The FtM schema each linkable kind is screened as (the index widens Organization to Company,
# PublicBody and LegalEntity, and never to Person or Vessel).
SCHEMA_OF_KIND = {PERSON: "Person", ORGANIZATION: "Organization", VESSEL: "Vessel"}
_PARENS = re.compile(r"\([^)]*\)")
_TOKEN = re.compile(r"[a-z0-9]+")


class LinkingLexicon(BaseModel):
    """The schema of `data/linking.yml`."""

    model_config = ConfigDict(extra="forbid")

    version: int
    vessel_nouns: frozenset[str]
    vessel_name_verbs: frozenset[str]
    vessel_context: frozenset[str]
    titles: frozenset[str]
    generic_org_words: frozenset[str]
    common_words: frozenset[str]


@cache
def lexicon() -> LinkingLexicon:
    """`data/linking.yml`, validated once per process."""
    path = resources.files("sanctionwatch.nlp") / "data" / "linking.yml"
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        return LinkingLexicon.model_validate(raw)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ConfigurationError(f"{path}: invalid linking lexicon: {exc}") from exc


@dataclass(slots=True)
class MentionOptions:
    """One reading run's linking settings (scores are those of screening algorithm sw-v2)."""

    threshold: float = 0.85  # fuzzy links: the screening score needed
    exact_threshold: float = 0.70  # a mention equal to a listed name: the score needed
    subset_threshold: float = 0.60  # a person's name inside a longer listed name: the score
    tie_margin: float = 0.03  # matches this close to the best are rivals
    token_similarity: float = 0.8  # a person's word and a listed word count as one from here
    candidates: int = 5  # matches looked at per mention
    link: bool = True  # False: find mentions, link nothing

    def validate(self) -> None:
        """Raise `UsageError` for settings that cannot work."""
        for name in ("threshold", "exact_threshold", "subset_threshold", "token_similarity"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise UsageError(f"{name} must be in (0, 1], not {value}")
        if self.exact_threshold > self.threshold:
            raise UsageError("exact_threshold cannot exceed threshold")
        if self.candidates < 1:
            raise UsageError("candidates must be at least 1")


@dataclass(slots=True)
class Link:
    """The outcome of linking one name: the entity (or None), its score, and why."""

    entity_id: str | None
    score: float
    caption: str | None = None
    explanation: list[str] = field(default_factory=list)


def name_tokens(text: str) -> list[str]:
    """Comparable words of a name: ASCII, lower case, without parenthesised parts."""
    return _TOKEN.findall(anyascii(_PARENS.sub(" ", text)).lower())


def name_key(text: str, *, ordered: bool = True) -> str:
    """A name's comparable form; persons compare in any order ("Jong Un KIM" = "Kim Jong-un")."""
    tokens = name_tokens(text)
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens if ordered else sorted(tokens))


def _token_explained(token: str, listed: list[str], similarity: float) -> bool:
    if len(token) == 1:  # an initial
        return any(t.startswith(token) for t in listed)
    return any(t == token or JaroWinkler.similarity(token, t) >= similarity for t in listed)


class Linker:
    """Screens names against one index with the linking rules; caches per run."""

    def __init__(self, index: ScreeningIndex | None, options: MentionOptions | None = None):
        self.index = index
        self.options = options if options is not None else MentionOptions()
        self.options.validate()
        self.lexicon = lexicon()
        self._screen_options = ScreenOptions(
            threshold=min(0.5, self.options.subset_threshold),
            limit=self.options.candidates,
            include_weak_aliases=False,  # nicknames and handles ("Blade Runner") are not names
        )
        self._matches: dict[tuple[str, str, str | None], list[Match]] = {}
        self._entities: dict[str, EntitySummary] = {}

    def _screen(self, name: str | None, schema: str, imo: str | None) -> list[Match]:
        key = (name or "", schema, imo)
        found = self._matches.get(key)
        if found is None:
            assert self.index is not None  # checked by the callers  # noqa: S101
            query = Query(name=name, schema=schema, identifiers={"imo": [imo]} if imo else {})
            found = self.index.screen(query, self._screen_options)
            self._matches[key] = found
        return found

    def entity(self, entity_id: str) -> EntitySummary:
        """What the index holds about an entity (cached)."""
        summary = self._entities.get(entity_id)
        if summary is None:
            assert self.index is not None  # noqa: S101
            summary = self.index.get(entity_id)
            self._entities[entity_id] = summary
        return summary

    # -- the rules ----------------------------------------------------------------------------

    def is_common_word(self, text: str) -> bool:
        """A single ordinary word ("Progress", "Victory"): never linked on its own."""
        tokens = name_tokens(text)
        return len(tokens) == 1 and tokens[0] in self.lexicon.common_words

    def is_generic(self, text: str) -> bool:
        """An organisation name made only of words that name a kind of body and of places
        ("Russian Defense Ministry", "the Communist Party", "People's Liberation Army")."""
        for span in reversed(gazetteer().scan(text)):
            text = text[: span.start] + " " + text[span.end :]
        words = [w for w in name_tokens(text) if len(w) > 1]
        return all(w in self.lexicon.generic_org_words for w in words)

    @staticmethod
    def _generic_fits(text: str, entity: EntitySummary, countries: frozenset[str]) -> bool:
        """A generic name equal to a listed one is that entity when the article names the
        entity's country, or when the name itself names it ("Iran Air")."""
        listed = {c.upper() for c in entity.countries}
        own = {span.country for span in gazetteer().scan(text)}
        if listed & countries:
            return True
        return bool(own) and (not listed or bool(own & listed))

    def _distinctive(self, text: str) -> list[str]:
        return [
            w for w in name_tokens(text) if len(w) > 1 and w not in self.lexicon.generic_org_words
        ]

    @staticmethod
    def _matched_kind(match: Match) -> str:
        """Which kind of listed name the match came through (name, weak, acronym, previous)."""
        for feature in match.features:
            if feature.name == "name_kind":
                for kind in ("weak", "acronym", "former"):
                    if kind in feature.detail:
                        return kind
        return "name"

    def _exact(self, text: str, match: Match, kind: str) -> bool:
        """The mention equals a listed name of an entity matched through one of its names (not
        through a weak alias, nor an acronym the index derived from a name)."""
        if match.matched_name is None or self._matched_kind(match) in ("weak", "acronym"):
            return False
        ordered = kind != PERSON
        wanted = name_key(text, ordered=ordered)
        names = [match.matched_name, *self.entity(match.entity_id).names]
        return any(name_key(n, ordered=ordered) == wanted for n in names)

    def _org_explained(self, text: str, match: Match) -> bool:
        """Every distinctive word of the listed name is in the mention: "the Democratic Party"
        is not the SERB DEMOCRATIC PARTY."""
        if match.matched_name is None:
            return False
        listed = self._distinctive(match.matched_name)
        words = name_tokens(text)
        return bool(listed) and all(
            _token_explained(t, words, self.options.token_similarity) for t in listed
        )

    def _country_conflict(self, match: Match, countries: frozenset[str]) -> str | None:
        """Why a person or organisation cannot be the one in the article: it is listed with
        countries and the article names countries, none of them the same."""
        listed = {c.upper() for c in self.entity(match.entity_id).countries}
        if listed and countries and not listed & countries:
            return (
                f"{match.caption} is listed for {', '.join(sorted(listed))}; "
                f"the article names {', '.join(sorted(countries))}"
            )
        return None

    def _tokens_explained(self, text: str, match: Match) -> bool:
        """Every word of a person's name is in the listed names (or close to one), and one word
        of four letters or more is there exactly: "Sergey Shoigu" is Sergei SHOIGU, "Hossein
        Salami" is not Hosein SALIMI."""
        listed = [t for n in self.entity(match.entity_id).names for t in name_tokens(n)]
        words = name_tokens(text)
        if not any(len(w) >= 4 and w in listed for w in words):
            return False
        return all(_token_explained(w, listed, self.options.token_similarity) for w in words)

    def _subset(self, text: str, match: Match) -> bool:
        """Every word of a person's name (two or more) is in one listed name, which has at most
        one word more: "Ali Khamenei" is Ali Husseini KHAMENEI, "Nicolas Maduro" is Nicolas
        MADURO MOROS."""
        words = name_tokens(text)
        if len(words) < 2 or len(set(words)) < len(words):
            return False
        for name in self.entity(match.entity_id).names:
            listed = name_tokens(name)
            if set(words) <= set(listed) and len(listed) - len(words) <= 1:
                return True
        return False

    def same_party(self, a: Match | str, b: Match | str) -> bool:
        """Whether two matches (or entity ids) are one party listed twice: a name in common,
        no conflicting IMO numbers or birth years."""
        id_a = a if isinstance(a, str) else a.entity_id
        id_b = b if isinstance(b, str) else b.entity_id
        if id_a == id_b:
            return True
        ea, eb = self.entity(id_a), self.entity(id_b)
        if ea.schema != eb.schema and "Vessel" in (ea.schema, eb.schema):
            return False
        keys_a = {name_key(n, ordered=False) for n in ea.names}
        keys_b = {name_key(n, ordered=False) for n in eb.names}
        if not keys_a & keys_b:
            return False
        ids_a, ids_b = set(ea.identifiers.get("imo", [])), set(eb.identifiers.get("imo", []))
        if ids_a and ids_b and not ids_a & ids_b:
            return False
        years_a = {d[:4] for d in ea.birth_dates}
        years_b = {d[:4] for d in eb.birth_dates}
        return not (years_a and years_b and not years_a & years_b)

    def link(
        self,
        text: str,
        kind: str,
        *,
        countries: frozenset[str] = frozenset(),
        imo: str | None = None,
        single_word_ok: bool = False,
    ) -> Link:
        """Link `text` (a mention of `kind`) to a listed entity, or say why not.

        `countries` are the article's countries (ISO alpha-2, upper case) for breaking ties;
        `imo` an IMO number the text gives for a vessel; `single_word_ok` that the caller has
        strong context for a one-word name (a ship noun right before it): such a name may be
        short or an ordinary word, and still links only on an exact name.
        """
        if not self.options.link or self.index is None:
            return Link(None, 0.0, explanation=["linking off"])
        schema = SCHEMA_OF_KIND.get(kind)
        if schema is None:
            return Link(None, 0.0, explanation=[f"{kind} mentions are not linked"])
        words = name_tokens(text)
        if not words and imo is None:
            return Link(None, 0.0, explanation=["no name to screen"])
        if len(words) == 1 and imo is None:
            if self.is_common_word(text) and not single_word_ok:
                return Link(None, 0.0, explanation=[f"{text!r} is a common word"])
            if kind == PERSON:
                return Link(None, 0.0, explanation=["a single name links only via a full name"])
            if not single_word_ok and len(words[0]) < 4:
                return Link(None, 0.0, explanation=[f"{text!r} is too short to link alone"])
        matches = self._screen(text if words else None, schema, imo)
        if not matches:
            return Link(None, 0.0, explanation=[f"no listed {schema} matches {text!r}"])
        return self._decide(text, kind, matches, countries, imo, single=len(words) == 1)

    def _decide(
        self,
        text: str,
        kind: str,
        matches: list[Match],
        countries: frozenset[str],
        imo: str | None,
        *,
        single: bool,
    ) -> Link:
        notes: list[str] = []
        refused: list[str] = []  # why candidates were passed over, shown when nothing links
        if imo is not None:
            by_imo = [
                m for m in matches if imo in self.entity(m.entity_id).identifiers.get("imo", [])
            ]
            if by_imo:
                best = by_imo[0]
                notes.append(f"IMO {imo} is listed for {best.caption} ({best.entity_id})")
                return Link(best.entity_id, best.score, best.caption, notes)
            notes.append(f"IMO {imo} is not on the lists")
        accepted: list[tuple[Match, str]] = []
        generic = kind == ORGANIZATION and self.is_generic(text)
        for match in matches:
            summary = self.entity(match.entity_id)
            if imo is not None and summary.identifiers.get("imo"):
                refused.append(f"{match.caption} has IMO {', '.join(summary.identifiers['imo'])}")
                continue  # the text's ship is another one
            # Namesakes are a risk for short names: a person named in three words or more
            # ("Kim Jong Un") is not checked against the article's countries.
            if kind == ORGANIZATION or (kind == PERSON and len(name_tokens(text)) < 3):
                conflict = self._country_conflict(match, countries)
                if conflict is not None:
                    refused.append(conflict)
                    continue
            exact = self._exact(text, match, kind)
            if exact and match.score >= self.options.exact_threshold:
                if generic and not self._generic_fits(text, summary, countries):
                    refused.append(f"generic name; {match.caption}'s country is not in the text")
                    continue
                accepted.append((match, "exact"))
            elif single or generic or kind == VESSEL:
                continue  # these link only on an exact name
            elif (
                kind == PERSON
                and match.score >= self.options.subset_threshold
                and self._subset(text, match)
            ):
                accepted.append((match, "subset"))
            elif match.score >= self.options.threshold and (
                self._tokens_explained(text, match)
                if kind == PERSON
                else self._org_explained(text, match)
            ):
                accepted.append((match, "fuzzy"))
        if not accepted:
            best = matches[0]
            notes.extend(refused[:3])
            notes.append(
                f"best candidate {best.caption} ({best.entity_id}) {best.score:.2f} refused"
            )
            return Link(None, 0.0, explanation=notes)
        top_score = max(m.score for m, _how in accepted)
        rivals = [(m, how) for m, how in accepted if m.score >= top_score - self.options.tie_margin]
        chosen, how = rivals[0]
        others = [m for m, _h in rivals[1:] if not self.same_party(chosen, m)]
        if others:
            local = [
                (m, h)
                for m, h in rivals
                if {c.upper() for c in self.entity(m.entity_id).countries} & countries
            ]
            parties = (
                [m for m, _h in local[1:] if not self.same_party(local[0][0], m)] if local else []
            )
            if not local or parties:
                names = ", ".join(f"{m.caption} ({m.entity_id})" for m, _h in rivals[:3])
                notes.append(f"ambiguous: {names}")
                return Link(None, 0.0, explanation=notes)
            chosen, how = local[0]
            notes.append("tie broken by the article's countries")
        same = [m.entity_id for m, _h in rivals if m is not chosen and self.same_party(chosen, m)]
        notes.append(f"{how} match {chosen.caption} ({chosen.entity_id}) {chosen.score:.2f}")
        if same:
            notes.append(f"also listed as {', '.join(same)}")
        return Link(chosen.entity_id, chosen.score, chosen.caption, notes)
