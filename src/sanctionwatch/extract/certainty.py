"""Certainty of a reported transfer: confirmed, alleged, denied, planned or speculative.

Two readings, combined by `Stances.certainty`:

1. The trigger's own clause (`clause_certainty`): the trigger and the words that govern it, up
   to the reporting verb. "could", "may", "might", a "possibility", "some analysts think ...
   would" → speculative; "will", "wants", "plans to", "agreed to", "would like", "is ready to",
   "expects to receive", a deal under negotiation → planned. Otherwise who says so decides: the
   outlet's own voice, its own review of records, official statistics, or a party to the
   transfer speaking → confirmed; anyone else, or a hedge ("reportedly", "is believed to") →
   alleged.
2. The article's stances (`find_stances`): a party's denial anywhere in the article ("Moscow and
   Pyongyang have both denied that they trade in arms", "the company's lawyer said it had no
   reason to believe the goods would end up in Russia") turns an alleged or confirmed transfer
   of the goods it covers into `denied`; a party's acknowledgement ("a role that Moscow and
   Pyongyang acknowledged") turns an alleged one into `confirmed`. A generic line ("Beijing fully
   implements Security Council resolutions", "a bilateral matter") is neither. Planned and
   speculative transfers keep their certainty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from sanctionwatch.extract.attribution import OWN_VOICE, STATISTICS, Source
from sanctionwatch.extract.goods import GoodsMatch
from sanctionwatch.extract.lexicon import CertaintyLexicon, certainty_lexicon
from sanctionwatch.extract.parties import ArticleContext, Party
from sanctionwatch.extract.records import Certainty

DENIED = "denied"
ACKNOWLEDGED = "acknowledged"
_NEGATIONS = frozenset({"not", "never", "n't", "no"})
_DECLINE = frozenset({"decline", "refuse", "fail", "avoid"})
_CARGO = frozenset({"unknown_cargo"})
_VAGUE = frozenset({"it", "they", "he", "she", "its", "their"})


def _chain(trigger: Token, reporting: frozenset[str]) -> list[Token]:
    """The trigger and the words governing it, up to a reporting verb or a relative clause
    ("the ammunition the North has sent" is not planned because the clause around it is)."""
    chain = [trigger]
    current = trigger
    while current.head.i != current.i:
        if current.dep_ in ("relcl", "acl") and current.i != trigger.i:
            break
        if current.dep_ == "relcl":
            break
        current = current.head
        if current.pos_ == "VERB" and current.lemma_.lower() in reporting:
            break
        chain.append(current)
    return chain


def clause_certainty(
    trigger: Token,
    source: Source,
    parties: list[Party | None],
    reporting: frozenset[str],
    lexicon: CertaintyLexicon | None = None,
) -> str:
    """The certainty the trigger's clause gives, before the article's denials are read."""
    lexicon = lexicon or certainty_lexicon()
    chain = _chain(trigger, reporting)
    lemmas = {t.lemma_.lower() for t in chain}
    modifiers = [c for t in chain for c in t.children if c.dep_ in ("aux", "advmod", "parataxis")]
    modifiers += [c for c in trigger.children if c.dep_ in ("amod", "advmod")]
    words = {t.lower_ for t in modifiers} | {t.lemma_.lower() for t in modifiers}
    speculative = lexicon.speculative
    planned = lexicon.planned
    thinking = bool(words & speculative.verbs) or any(
        t.lemma_.lower() in speculative.verbs for t in trigger.sent if t.dep_ == "parataxis"
    )
    if words & speculative.aux or (lemmas | words) & speculative.words:
        return Certainty.SPECULATIVE
    if "would" in words and thinking:
        return Certainty.SPECULATIVE
    if (
        words & planned.aux
        or lemmas & planned.verbs
        or lemmas & planned.adjectives
        or lemmas & planned.nouns
        or "would" in words
    ):
        return Certainty.PLANNED
    hedged = source.hedged or bool((lemmas | words) & lexicon.alleged.hedges - {"say", "tell"})
    if source.kind in (OWN_VOICE, STATISTICS):
        return Certainty.ALLEGED if hedged and source.kind == OWN_VOICE else Certainty.CONFIRMED
    if _speaks_for_party(source, parties):
        return Certainty.CONFIRMED
    return Certainty.ALLEGED


def _speaks_for_party(source: Source, parties: list[Party | None]) -> bool:
    """True when the source is a party to the transfer (its state, its media, itself)."""
    for party in parties:
        if party is None:
            continue
        if source.country is not None and source.country in party.all_countries:
            return True
        if set(source.names) & set(party.names):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Stance:
    """A party's denial or acknowledgement: who, which goods (None: all), where."""

    kind: str  # denied / acknowledged
    sentence: int
    countries: frozenset[str]
    names: frozenset[str]
    categories: frozenset[str] | None

    def covers(
        self,
        supplier: Party | None,
        recipient: Party | None,
        category: str,
        vessels: tuple[str, ...] = (),
    ) -> bool:
        """True when the stance is a party's (or its ship's manager's) and reaches goods of this
        category."""
        if self.categories is not None and category not in self.categories:
            return False
        ships = {w for name in vessels for w in name.lower().split() if len(w) > 2}
        if ships and ships <= self.names:
            return True
        for party in (supplier, recipient):
            if party is None:
                continue
            if self.countries & set(party.all_countries):
                return True
            if self.names & set(party.names):
                return True
        return False


class Stances:
    """The denials and acknowledgements of one article."""

    def __init__(self, stances: list[Stance]) -> None:
        self.stances = stances

    def certainty(
        self,
        base: str,
        supplier: Party | None,
        recipient: Party | None,
        category: str,
        vessels: tuple[str, ...] = (),
    ) -> str:
        """The final certainty of a transfer whose clause gives `base`."""
        if base not in (Certainty.ALLEGED, Certainty.CONFIRMED):
            return base
        kinds = {s.kind for s in self.stances if s.covers(supplier, recipient, category, vessels)}
        if DENIED in kinds:
            return Certainty.DENIED
        if ACKNOWLEDGED in kinds and base == Certainty.ALLEGED:
            return Certainty.CONFIRMED
        return base


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in _NEGATIONS for c in token.children):
        return True
    return any(a.lemma_.lower() in _DECLINE for a in token.ancestors)


def _denial_cue(sentence: Span, lexicon: CertaintyLexicon) -> Token | None:
    """The word that makes a sentence a denial, or None."""
    rule = lexicon.denial
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in rule.verbs and not _negated(token):
            if lemma == "deny":
                return token
            objects = [c for c in token.children if c.dep_ in ("dobj", "ccomp")]
            if any(o.lemma_.lower() in rule.claims for o in objects):
                return token
            if any(t.lower_ in rule.words for t in token.subtree):
                return token
        if token.lower_ in rule.words:
            # "reports of deliveries were baseless", "called the accusations absurd"
            claims = [
                c
                for c in token.head.children
                if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in rule.claims
            ]
            if claims:
                return token.head
    lowered = sentence.text.lower()
    for phrase in rule.phrases:
        at = lowered.find(phrase)
        if at >= 0:
            span = sentence.char_span(at, at + len(phrase.split()[0]), alignment_mode="expand")
            if span is not None:
                return span[0]
    return None


def _acknowledgement_cue(sentence: Span, lexicon: CertaintyLexicon) -> Token | None:
    for token in sentence:
        if (
            token.pos_ == "VERB"
            and token.lemma_.lower() in lexicon.acknowledgement.verbs
            and not _negated(token)
        ):
            return token
    return None


def _speakers(cue: Token) -> list[Token]:
    """The subjects of the cue and of the verbs that govern it (the party that speaks); for a
    relative clause without one ("a role that Moscow acknowledged" has one), the noun it
    modifies."""
    heads: list[Token] = []
    for token in [cue, *cue.ancestors]:
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("which", "that"):
                heads.append(child)
                heads.extend(child.conjuncts)
    if not heads and cue.dep_ == "relcl":
        heads.append(cue.head)
    return heads


def _party_of(context: ArticleContext, heads: list[Token]) -> tuple[set[str], set[str]]:
    """Countries and name words of the speakers; "it" and "the company" are looked up only
    when the speakers are not named otherwise."""
    countries: set[str] = set()
    names: set[str] = set()
    vague: list[Token] = []
    for head in heads:
        if head.lower_ in _VAGUE or head.lemma_.lower() in ("company", "firm"):
            vague.append(head)
            continue
        party = context.resolve(head)
        if party is not None:
            countries.update(party.all_countries)
            names.update(party.names)
        for token in head.subtree:
            mention = context.mention(token)
            if mention is not None and mention.country:
                countries.add(mention.country)
            if token.pos_ == "PROPN" and len(token.text) > 2:
                names.add(token.lower_)
            if token.lemma_.lower() in ("company", "firm") and token.dep_ != "compound":
                vague.append(token)
    if not countries and not names:
        for token in vague:
            found = context.resolve(token)
            if found is not None:
                names.update(found.names)
                countries.update(found.all_countries)
    if vague and any(t.lemma_.lower() in ("company", "firm") for t in vague):
        names.add("company")
    return countries, names


def _categories(
    sentences: list[Span], goods: list[GoodsMatch], lexicon: CertaintyLexicon
) -> frozenset[str] | None:
    """The goods a stance is about: named goods, "weapons" (all arms), else everything."""
    found: set[str] = set()
    for sentence in sentences:
        lowered = sentence.text.lower()
        start, end = sentence.start_char, sentence.end_char
        found.update(m.category for m in goods if start <= m.start < end)
        if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in lexicon.denial.weapons):
            found.update(lexicon.denial.weapons_categories)
    found -= _CARGO
    return frozenset(found) if found else None


def find_stances(
    context: ArticleContext, goods: list[GoodsMatch], lexicon: CertaintyLexicon | None = None
) -> Stances:
    """Every denial and acknowledgement by a named party in the article."""
    lexicon = lexicon or certainty_lexicon()
    sentences = list(context.sdoc.sents)
    stances: list[Stance] = []
    for index, sentence in enumerate(sentences):
        for kind, cue in (
            (DENIED, _denial_cue(sentence, lexicon)),
            (ACKNOWLEDGED, _acknowledgement_cue(sentence, lexicon)),
        ):
            if cue is None:
                continue
            countries, names = _party_of(context, _speakers(cue))
            paragraph = context.paragraph_of[index]
            if not countries and not names and stances and stances[-1].kind == kind:
                previous = stances[-1]
                if context.paragraph_of[previous.sentence] == paragraph:
                    countries, names = set(previous.countries), set(previous.names)
            if not countries and not names:
                continue
            categories = _categories([sentence], goods, lexicon)
            if categories is None:
                same = [
                    s
                    for i, s in enumerate(sentences)
                    if context.paragraph_of[i] == paragraph and i != index
                ]
                categories = _categories(same, goods, lexicon)
            stances.append(Stance(kind, index, frozenset(countries), frozenset(names), categories))
    return Stances(stances)


def denial_sentences(stances: Stances) -> frozenset[int]:
    """Sentences that hold a denial (their own triggers are the party's account, not reports)."""
    return frozenset(s.sentence for s in stances.stances if s.kind == DENIED)
