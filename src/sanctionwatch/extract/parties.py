"""Parties of a transfer: a noun phrase of the parse → who it is, and which country.

`ArticleContext` holds what one article's reading needs beyond a single sentence: the mention at
each token, the paragraph of each sentence, the countries the article names (most first), and
the country each named person or company is given somewhere in the article ("North Korean leader
Kim Jong Un", "Kestrelink Trading Co., Limited, registered at a Hong Kong address"), so that a
later "Mr. Kim" or "Kestrelink" is placed too.

`ArticleContext.resolve(head)` reads the noun phrase headed by `head` (a token of the parse):

- a country, capital or metonym ("Pyongyang", "the Kremlin", "the North") is that country;
- a person, company or group is the named party, placed by the first country its phrase names
  (the appositive, "Moscow-based", "of Dubai") or by the article's context, or by `groups` in
  `data/transfers.yaml` ("Yemen's Houthi rebels", "KCNA");
- a ship is a carrier, not a country: its flag is kept apart ("North Korean-flagged tankers"
  receive for North Korea) and the waters it sails in never place it;
- "the two leaders", "both countries": the pair of countries the article is about;
- "it", "its", "they", "their": the nearest subject before it that names a country, in the
  sentence or the one before;
- "the country", "the company", "the agency": the last one the article named.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from sanctionwatch.extract.lexicon import TransferLexicon, transfer_lexicon
from sanctionwatch.ingest.document import Document
from sanctionwatch.nlp.analyze import Analysis
from sanctionwatch.nlp.linking import COUNTRY, ORGANIZATION, PERSON, PLACE, VESSEL
from sanctionwatch.nlp.mentions import Mention

PAIR = "pair"
GENERIC = "generic"
GROUP = "group"
VESSEL_NOUNS = frozenset(
    {"ship", "vessel", "tanker", "carrier", "freighter", "barge", "dhow", "boat", "ships"}
    | {"vessels", "tankers", "carriers", "barges", "dhows", "boats", "freighters"}
)
_PRONOUNS = frozenset({"it", "its", "they", "their", "them", "he", "his", "she", "her", "itself"})
_DEFINITE_COUNTRY = frozenset({"country", "nation", "state", "regime", "government"})
_DEFINITE_ORG = frozenset({"company", "firm", "agency", "group", "ministry", "trader", "supplier"})
_FLAG = re.compile(r"^-?(?:flagged|registered|flag)$")
_CUT_DEPS = frozenset({"relcl", "acl", "advcl"})  # clauses inside a phrase do not place it
_PLACING = frozenset({"register", "base", "headquarter", "locate", "incorporate", "domicile"})
_NP_DEPS = frozenset({"det", "amod", "compound", "nummod", "quantmod", "poss", "case", "nmod"})


@dataclass(slots=True)
class Party:
    """A supplier or recipient: as written, its country, the listed entity it links to."""

    text: str
    country: str | None
    kind: str = GENERIC  # country, place, person, organization, vessel, group, pair, generic
    entity_id: str | None = None
    countries: tuple[str, ...] = ()  # a pair's two countries
    names: tuple[str, ...] = ()  # lower-case name words, for matching denials to parties
    start: int = 0  # character span in the document
    end: int = 0
    flag: str | None = None  # a ship's flag: the recipient's country for a DPRK-flagged tanker

    @property
    def all_countries(self) -> tuple[str, ...]:
        """The country, or a pair's countries."""
        if self.countries:
            return self.countries
        return (self.country,) if self.country else ()


@dataclass(slots=True)
class ArticleContext:
    """One article's parse, mentions and article-wide facts, shared by the extraction stages."""

    doc: Document
    analysis: Analysis
    sdoc: Doc
    lexicon: TransferLexicon = field(default_factory=transfer_lexicon)
    token_mention: dict[int, Mention] = field(default_factory=dict)
    paragraph_of: list[int] = field(default_factory=list)  # sentence index → paragraph index
    sentence_of_token: list[int] = field(default_factory=list)
    name_country: dict[str, str] = field(default_factory=dict)  # entity id / name → country
    ranking: list[str] = field(default_factory=list)  # the article's countries, most named first
    dateline: set[int] = field(default_factory=set)  # "SEOUL —", "KUALA LUMPUR (Wire) —"

    @classmethod
    def build(cls, doc: Document, analysis: Analysis, sdoc: Doc) -> ArticleContext:
        """Index the mentions by token and read the countries of named parties."""
        context = cls(doc=doc, analysis=analysis, sdoc=sdoc)
        for mention in sorted(analysis.mentions, key=lambda m: m.end - m.start):
            span = sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                context.token_mention.setdefault(token.i, mention)
        sentences = list(sdoc.sents)
        text = doc.text
        paragraph = 0
        previous_end = 0
        for sentence in sentences:
            if "\n\n" in text[previous_end : sentence.start_char]:
                paragraph += 1
            context.paragraph_of.append(paragraph)
            words = [t for t in sentence if not t.is_space]  # a blank line ends a paragraph
            previous_end = words[-1].idx + len(words[-1].text) if words else sentence.start_char
            context.sentence_of_token.extend([len(context.paragraph_of) - 1] * len(sentence))
            context.dateline.update(_dateline(sentence))
        context.ranking = [c for c, _n in Counter(analysis.countries).most_common()]
        context._read_name_countries()
        return context

    # -- article-wide facts -----------------------------------------------------------------

    def _read_name_countries(self) -> None:
        for mention in self.analysis.mentions:
            if mention.kind not in (PERSON, ORGANIZATION):
                continue
            span = self.sdoc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            head = _np_head(span.root)
            country = self.first_country(head, skip=(mention.start, mention.end))
            if country is None:
                country = self.group_country(mention.text)
            if country is None:
                continue
            for key in _name_keys(mention):
                self.name_country.setdefault(key, country)

    def group_country(self, text: str) -> str | None:
        """The country of an armed group or state medium named in `text` (`groups` data)."""
        for name, code in self.lexicon.groups.items():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                return code
        return None

    def company_form(self, head: Token) -> bool:
        """Whether a phrase is a company's name by its legal form ("... DMCC", "OOO ...")."""
        forms = self.lexicon.company_forms
        return head.pos_ == "PROPN" and any(
            t.text.rstrip(".,") in forms for t in head.subtree if t.pos_ == "PROPN"
        )

    def is_party(self, head: Token) -> bool:
        """Whether a phrase can name a supplier or recipient: a pronoun, a name (or a phrase
        around one), a party noun ("buyers", "the company"), a place noun ("Russia's Kursk
        region"), a ship, "the same buyer", a group or the two parties of the story."""
        lexicon = self.lexicon
        words = {head.lemma_.lower(), head.lower_}
        named = [c for c in head.children if c.dep_ in ("compound", "flat", "poss")]
        return (
            head.lower_ in _PRONOUNS
            or self.mention(head) is not None
            or any(self.mention(c) is not None for c in named)
            or self.company_form(head)
            or bool(words & (lexicon.party_nouns | lexicon.place_nouns | VESSEL_NOUNS))
            or any(c.lower_ == "same" for c in head.children)
            or self.group_country(head.text) is not None
            or any(w in self.compact(head).lower() for w in lexicon.pair_words)
        )

    def pair(self) -> tuple[str, ...]:
        """The two countries the article is most about."""
        return tuple(self.ranking[:2])

    def paragraph(self, token: Token) -> int:
        """The paragraph index of a token."""
        return self.paragraph_of[self.sentence_of_token[token.i]]

    def mention(self, token: Token) -> Mention | None:
        """The mention covering a token, if any."""
        return self.token_mention.get(token.i)

    # -- phrases ----------------------------------------------------------------------------

    def phrase_tokens(self, head: Token) -> list[Token]:
        """The tokens of the phrase headed by `head`, without the clauses inside it (but with
        "registered in X", "based in X", which place it)."""
        tokens: list[Token] = []
        stack = [head]
        while stack:
            token = stack.pop()
            tokens.append(token)
            stack.extend(
                c for c in token.children if c.dep_ not in _CUT_DEPS or c.lemma_.lower() in _PLACING
            )
        return sorted(tokens, key=lambda t: t.i)

    def first_country(self, head: Token, skip: tuple[int, int] | None = None) -> str | None:
        """The first country a phrase names (a mention with a country, or a group)."""
        for token in self.phrase_tokens(head):
            mention = self.mention(token)
            if mention is None or mention.country is None:
                continue
            if skip is not None and skip[0] <= mention.start < skip[1]:
                continue
            return mention.country
        return None

    def compact(self, head: Token) -> str:
        """The phrase's core as written: determiners, modifiers and the head."""
        tokens = [head]
        stack = [c for c in head.children if c.dep_ in _NP_DEPS or c.dep_ == "appos"]
        while stack:
            token = stack.pop()
            if token.dep_ == "appos":
                continue
            tokens.append(token)
            stack.extend(c for c in token.children if c.dep_ in _NP_DEPS or c.dep_ == "punct")
        tokens.sort(key=lambda t: t.i)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return self.doc.text[start:end].strip(" ,")

    # -- resolution -------------------------------------------------------------------------

    def resolve(self, head: Token, *, exclude: str | None = None) -> Party | None:
        """The party a phrase names, or None when it names nobody we can place or link."""
        lower = head.lower_
        if lower in _PRONOUNS:
            return self.antecedent(head, exclude=exclude)
        phrase = self.phrase_tokens(head)
        text = self.doc.text[phrase[0].idx : phrase[-1].idx + len(phrase[-1].text)]
        pair = self._pair(text)
        if pair is not None:
            return pair
        mention = self.mention(head) or _named_in(self, phrase)
        if head.lemma_.lower() in VESSEL_NOUNS or (mention is not None and mention.kind == VESSEL):
            return self._vessel(head, phrase, mention)
        if mention is not None and mention.kind in (COUNTRY, PLACE) and mention.country:
            return Party(mention.text, mention.country, mention.kind, start=mention.start,
                         end=mention.end)  # fmt: skip
        country = self.first_country(head)
        if mention is not None and mention.kind in (PERSON, ORGANIZATION):
            # A seat of government ("the Kremlin") carries its country.
            country = mention.country or country or _lookup(self.name_country, mention)
            country = country or self.group_country(mention.text)
            return Party(
                mention.text, country, mention.kind, mention.entity_id,
                names=tuple(_words(mention.text)), start=mention.start, end=mention.end,
            )  # fmt: skip
        country = country or self.group_country(text)
        core = self.compact(head)
        if country is None and head.lemma_.lower() in _DEFINITE_COUNTRY | _DEFINITE_ORG:
            return self._definite(head, exclude=exclude)
        if country is None and self.company_form(head):
            # A company the NER missed ("... Trading FZCO"): a party we cannot place.
            return Party(core, None, GENERIC, names=tuple(_words(core)), start=head.idx,
                         end=head.idx + len(head.text))  # fmt: skip
        if country is None:
            return None
        kind = GROUP if self.group_country(text) else GENERIC
        return Party(core, country, kind, names=tuple(_words(core)), start=head.idx,
                     end=head.idx + len(head.text))  # fmt: skip

    def resolve_all(self, head: Token, *, exclude: str | None = None) -> list[Party]:
        """The parties of a phrase and of the phrases coordinated with it ("A and B")."""
        parties: list[Party] = []
        for token in [head, *head.conjuncts]:
            if token.i < head.i:
                continue
            party = self.resolve(token, exclude=exclude)
            if party is not None:
                parties.append(party)
        if len(parties) == 1 and parties[0].kind == GENERIC:
            # "two trading companies in Hong Kong and Dubai": one party per country named.
            places = self._coordinated_places(head)
            if len(places) > 1:
                return [
                    Party(parties[0].text, country, GENERIC, names=parties[0].names)
                    for country in places
                ]
        return parties

    def _coordinated_places(self, head: Token) -> list[str]:
        countries: list[str] = []
        for token in self.phrase_tokens(head):
            mention = self.mention(token)
            if token.dep_ == "pobj" and mention is not None and mention.country:
                countries = [mention.country]
                for conj in token.conjuncts:
                    other = self.mention(conj)
                    if other is not None and other.country and other.country not in countries:
                        countries.append(other.country)
                if len(countries) > 1:
                    return countries
        return countries

    def _pair(self, text: str) -> Party | None:
        lowered = text.lower()
        if not any(word in lowered for word in self.lexicon.pair_words):
            return None
        pair = self.pair()
        if len(pair) < 2:
            return None
        return Party(text, None, PAIR, countries=pair)

    def _vessel(self, head: Token, phrase: list[Token], mention: Mention | None) -> Party:
        flag: str | None = None
        for token in phrase:
            found = self.mention(token)
            nxt = token.nbor(1) if token.i + 1 < len(self.sdoc) else None
            after = nxt.nbor(1) if nxt is not None and nxt.i + 1 < len(self.sdoc) else None
            flagged = (nxt is not None and _FLAG.match(nxt.lower_)) or (
                nxt is not None and nxt.text == "-" and after is not None
                and _FLAG.match(after.lower_)
            )  # fmt: skip
            if found is not None and found.country and flagged:
                flag = found.country
        if flag is None:
            # "a North Korean tanker", "an Iranian vessel": a country word before the ship noun
            # names the ship's nationality when no flag is stated.
            for token in phrase:
                found = self.mention(token)
                if (
                    token.i < head.i
                    and token.dep_ in ("amod", "compound", "nmod")
                    and found is not None
                    and found.kind == COUNTRY
                    and found.country
                ):
                    flag = found.country
        named = mention if mention is not None and mention.kind == VESSEL else None
        text = named.text if named is not None else self.compact(head)
        return Party(
            text, None, VESSEL, named.entity_id if named else None,
            names=tuple(_words(text)), start=head.idx, end=head.idx + len(head.text), flag=flag,
        )  # fmt: skip

    def antecedent(self, token: Token, *, exclude: str | None = None) -> Party | None:
        """What a pronoun stands for: the nearest earlier subject that names a country."""
        sentence = token.sent
        before = [t for t in sentence if t.i < token.i and t.dep_ in ("nsubj", "nsubjpass")]
        governor = token.head.i
        for candidate in reversed(before):
            if candidate.lower_ in _PRONOUNS or candidate.i in {a.i for a in token.ancestors}:
                continue
            if candidate.head.i == governor:
                continue  # "Moscow to supply it": "it" is not the subject of its own verb
            party = self.resolve(candidate, exclude=exclude)
            if party is not None and party.all_countries and party.country != exclude:
                return party
        if sentence.start == 0:
            return None
        previous = self.sdoc[sentence.start - 1].sent
        root = previous.root
        subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects:
            if subject.lower_ in _PRONOUNS:
                continue
            party = self.resolve(subject, exclude=exclude)
            if party is not None and party.all_countries and party.country != exclude:
                return party
        for t in previous:
            mention = self.mention(t)
            if mention is not None and mention.country and mention.country != exclude:
                return Party(mention.text, mention.country, mention.kind,
                             start=mention.start, end=mention.end)  # fmt: skip
        return None

    def _definite(self, head: Token, *, exclude: str | None) -> Party | None:
        """ "the country", "the company": the last such party the article named before."""
        lemma = head.lemma_.lower()
        wanted = (COUNTRY, PLACE) if lemma in _DEFINITE_COUNTRY else (ORGANIZATION,)
        determiner = [c.lower_ for c in head.children if c.dep_ == "det"]
        if determiner and determiner[0] not in ("the", "this", "that"):
            return None
        earlier = [m for m in self.analysis.mentions if m.end <= head.idx and m.kind in wanted]
        for mention in reversed(earlier):
            country = mention.country or _lookup(self.name_country, mention)
            if mention.kind in (COUNTRY, PLACE) and (country is None or country == exclude):
                continue
            return Party(
                mention.text, country, mention.kind, mention.entity_id,
                names=tuple(_words(mention.text)), start=mention.start, end=mention.end,
            )  # fmt: skip
        return None


def flagged(party: Party) -> Party:
    """A receiving ship counts for its flag's country ("to North Korean-flagged tankers")."""
    if party.kind == VESSEL and party.country is None and party.flag is not None:
        party.country = party.flag
    return party


def settle_pair(
    supplier: Party | None, recipient: Party | None
) -> tuple[Party | None, Party | None]:
    """ "the two leaders" as supplier and Russia as recipient: the supplier is the other one."""
    if supplier is not None and supplier.kind == PAIR:
        supplier = _other(supplier, recipient)
    if recipient is not None and recipient.kind == PAIR:
        recipient = _other(recipient, supplier)
    return supplier, recipient


def _other(pair: Party, known: Party | None) -> Party | None:
    if known is None or known.country not in pair.countries:
        return None
    other = next(c for c in pair.countries if c != known.country)
    return Party(pair.text, other, PAIR, countries=pair.countries, start=pair.start, end=pair.end)


def _dateline(sentence: Span) -> list[int]:
    """The tokens of a dateline opening a sentence ("SEOUL —", "TOKYO (Wire) —")."""
    for token in sentence[:8]:
        if token.text in ("—", "–", "--"):
            before = [t for t in sentence if t.i < token.i]
            words = [t for t in before if t.is_alpha]
            if words and words[0].is_upper and len(words[0]) > 1:
                return [t.i for t in before] + [token.i]
            return []
    return []


def _np_head(token: Token) -> Token:
    """Climb from a name's token to the head of the noun phrase it is part of."""
    while token.dep_ in ("compound", "flat", "nmod") and token.head.i != token.i:
        token = token.head
    return token


def _named_in(context: ArticleContext, phrase: list[Token]) -> Mention | None:
    """A person, company or vessel named in a phrase (an appositive names the head)."""
    for token in phrase:
        mention = context.mention(token)
        if mention is not None and mention.kind in (PERSON, ORGANIZATION, VESSEL):
            if token.dep_ in ("appos", "compound", "flat") or token.head.dep_ == "appos":
                return mention
            if token.head.i == phrase[0].head.i:
                return mention
    return None


def _name_keys(mention: Mention) -> list[str]:
    keys = [mention.text.lower()]
    if mention.entity_id:
        keys.append(mention.entity_id)
    words = _words(mention.text)
    if mention.kind == PERSON:  # "Mr. Kim" after "Kim Jong Un": any word of a person's name
        keys.extend(f"person:{word}" for word in words)
    elif words:  # "Kestrelink" after "Kestrelink Trading Co.": the first word of a company's
        keys.append(f"org:{words[0]}")
    return keys


def _lookup(table: dict[str, str], mention: Mention) -> str | None:
    for key in _name_keys(mention):
        if key in table:
            return table[key]
    return None


def _words(text: str) -> list[str]:
    """Lower-case name words of three letters or more, without titles and articles."""
    skip = {"the", "mr", "mrs", "ms", "dr", "and", "of", "for", "llc", "ltd", "co", "inc"}
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in skip]
