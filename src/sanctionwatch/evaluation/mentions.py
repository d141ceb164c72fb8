"""Mention quality on gold `named_parties` (format of `../shared/data/dev/news.jsonl`).

Gold lists, per article, the persons, organisations and vessels named in the story body, each
once, verbatim. It does not say which listed entity a party is, so the figures are:

- **detection** — recall: the share of gold parties that some person/organization/vessel
  mention covers (same words, or one contains the other); precision: the share of our party
  mentions that correspond to a gold party (a mention of a byline, boilerplate or a country is
  not one).
- **linking precision** — the share of links (mentions given an `entity_id`) whose mention is a
  gold party *and* whose entity matches that party's full name (the screening engine's own
  comparison at the default threshold: the gold name, screened, must return the linked entity).
  A link from noise, or to an entity of another name, is wrong; "Kim" linked to Kim Jong Un
  where the gold party is "Kim Jong-un" is right.
- With `links` (gold party → acceptable entity ids, judged by hand), linking precision and
  recall are exact instead: a link is right when its entity is one of the party's ids, and a
  party with ids is recalled when one of its mentions links to one of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sanctionwatch.evaluation.gold import GoldRecord
from sanctionwatch.nlp.analyze import Analysis
from sanctionwatch.nlp.mentions import Mention
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import Query

PARTY_KINDS = frozenset({"person", "organization", "vessel"})
_WORD = re.compile(r"\w+")
_LEADING = frozenset({"the", "a", "an"})


def words(text: str) -> tuple[str, ...]:
    """Comparable words: case- and accent-folded, leading article and possessive dropped."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    tokens = _WORD.findall(folded.replace("'s ", " ").replace("’s ", " "))
    while tokens and tokens[0] in _LEADING:
        tokens = tokens[1:]
    if tokens and tokens[-1] == "s" and len(tokens) > 1:
        tokens = tokens[:-1]
    return tuple(tokens)


def corresponds(mention: str, party: str) -> bool:
    """Whether a mention and a gold party name the same party: the words of one (initials
    aside) are all words of the other ("Kim" / "Kim Jong-un", "Vladimir V. Putin" /
    "Vladimir Putin"), or one is the other's acronym ("EU" / "European Union")."""
    a = {w for w in words(mention) if len(w) > 1}
    b = {w for w in words(party) if len(w) > 1}
    if not a or not b:
        return False
    return a <= b or b <= a or _acronym_of(mention, party) or _acronym_of(party, mention)


_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "on", "in"})


def _acronym_of(short: str, full: str) -> bool:
    """Whether `short` is one word spelling the initials of `full`'s words ("EU" / "European
    Union", "KCNA" / "Korean Central News Agency"), function words aside."""
    short_words = words(short)
    if len(short_words) != 1 or not 2 <= len(short_words[0]) <= 6:
        return False
    initials = "".join(w[0] for w in words(full) if w not in _FUNCTION_WORDS)
    return len(initials) >= 2 and initials == short_words[0]


@dataclass
class MentionScores:
    """Counts and figures over a gold file."""

    articles: int = 0
    gold_parties: int = 0
    found_parties: int = 0
    party_mentions: int = 0
    party_mentions_matching_gold: int = 0
    links: int = 0
    correct_links: int = 0
    linkable_parties: int = 0  # with `links`: gold parties that have entity ids
    recalled_links: int = 0
    exact: bool = False
    wrong: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        figures: dict[str, Any] = {
            "articles": self.articles,
            "gold_parties": self.gold_parties,
            "detection_recall": ratio(self.found_parties, self.gold_parties),
            "detection_precision": ratio(self.party_mentions_matching_gold, self.party_mentions),
            "links": self.links,
            "linking_precision": ratio(self.correct_links, self.links),
            "linking_judgement": "exact (hand-judged links)" if self.exact else "name agreement",
            "wrong_links": self.wrong[:50],
        }
        if self.exact:
            figures["linking_recall"] = ratio(self.recalled_links, self.linkable_parties)
        return figures


def _name_agrees(index: ScreeningIndex | None, mention: Mention, party: str) -> bool:
    """Whether the gold party's full name screens to the linked entity (a partial mention such
    as "Kim" is judged by the party it stands for)."""
    if index is None or mention.entity_id is None:
        return False
    if mention.kind == "vessel" and mention.imo:
        return True  # an IMO number identifies a ship whatever its name is now
    schema = {"person": "Person", "organization": "LegalEntity", "vessel": "Vessel"}[mention.kind]
    try:
        query = Query(name=party, schema=schema).validated()
    except Exception:
        return False
    return any(m.entity_id == mention.entity_id for m in index.screen(query))


def score_mentions(
    records: Iterable[GoldRecord],
    analyses: dict[str, Analysis],
    index: ScreeningIndex | None,
    links: dict[str, set[str]] | None = None,
) -> MentionScores:
    """Detection and linking figures of `analyses` (by record id) against the gold."""
    scores = MentionScores(exact=links is not None)
    for record in records:
        analysis = analyses.get(record.id)
        parties = record.named_parties
        scores.articles += 1
        scores.gold_parties += len(parties)
        mentions = [m for m in (analysis.mentions if analysis else []) if m.kind in PARTY_KINDS]
        for party in parties:
            if any(corresponds(m.text, party) for m in mentions):
                scores.found_parties += 1
        scores.party_mentions += len(mentions)
        scores.party_mentions_matching_gold += sum(
            any(corresponds(m.text, p) for p in parties) for m in mentions
        )
        linked = [m for m in mentions if m.entity_id is not None]
        scores.links += len(linked)
        for mention in linked:
            gold_party = next((p for p in parties if corresponds(mention.text, p)), None)
            if links is not None:
                right = gold_party is not None and mention.entity_id in links.get(gold_party, set())
            else:
                right = gold_party is not None and _name_agrees(index, mention, gold_party)
            if right:
                scores.correct_links += 1
            else:
                scores.wrong.append(
                    {
                        "article": record.id,
                        "mention": mention.text,
                        "entity_id": mention.entity_id,
                        "caption": mention.caption,
                        "gold_party": gold_party,
                    }
                )
        if links is not None:
            for party in parties:
                wanted = links.get(party)
                if not wanted:
                    continue
                scores.linkable_parties += 1
                if any(m.entity_id in wanted for m in linked if corresponds(m.text, party)):
                    scores.recalled_links += 1
    return scores
