"""The goods a trigger frame carries: categories, origin, and what a reference points back to.

`CargoReader` classifies the article's text once with the goods taxonomy (every mention kept:
whether an unidentified "cargo" counts is decided per frame) and then, for each frame, picks the
mentions inside its goods phrases — not inside the parties, the names of companies ("Falcon Crest
Bullion DMCC"), topics ("combat data on its missiles"), what a service works on ("help with
upgrading the North's MiG-29s"), what a part is for ("warheads for ballistic missiles") or what
a party is ("a drone manufacturer").

References are resolved here: a pronoun ("delivered it to buyers in China", "hundreds of them")
takes the goods named just before; a description ("the oil", "further consignments", "an earlier
cargo") takes the goods of the last transfer read, else the goods named just before; "the car"
after "an Aurus limousine" stays a luxury good. A cargo only guessed at ("the containers could
hold artillery ammunition") is an unidentified cargo. The origin of the goods ("North Korean
coal", "Iranian-made components", "gold mined ... in the Central African Republic") stands in
for a supplier the sentence does not name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Token

from sanctionwatch.extract.candidates import CARGO, Candidate
from sanctionwatch.extract.frames import SUBJECTS, TransferFrame
from sanctionwatch.extract.goods import GoodsClassifier, GoodsMatch, goods_taxonomy
from sanctionwatch.extract.lexicon import TransferLexicon
from sanctionwatch.extract.parties import ArticleContext, Party
from sanctionwatch.nlp.linking import ORGANIZATION, PERSON

ANAPHORS = frozenset({"it", "them", "they", "this", "these", "those", "that"})
VESSELS = "vessels"
_DEFINITE = frozenset({"the", "this", "these", "those", "such"})
_PURE = frozenset({"the", "this", "these", "those"})
_REFERRING = frozenset({"same", "such", "further", "earlier", "smaller", "larger", "more", "other"})
_TOPICS = frozenset({"on", "about", "regarding", "concerning", "over"})
_CONTENTS = frozenset({"hold", "contain", "carry", "include", "conceal"})
_ORIGIN_DEPS = frozenset(
    {"amod", "compound", "nmod", "npadvmod", "poss", "nummod", "quantmod", "det", "case", "punct"}
)
_ORIGIN_VERBS = frozenset({"mine", "make", "produce", "build", "manufacture", "design", "grow"})
_SPECULATIVE = frozenset({"could", "may", "might"})
_MODIFIERS = frozenset({"amod", "compound", "nummod", "quantmod", "npadvmod"})
_NAMES = frozenset({"GPE", "PERSON", "ORG"})


@cache
def _classifier() -> GoodsClassifier:
    """The taxonomy's classifier with every match kept (the fallback is decided per frame)."""
    taxonomy = goods_taxonomy()
    categories = {
        name: category.model_copy(update={"fallback": False})
        for name, category in taxonomy.categories.items()
    }
    return GoodsClassifier(taxonomy.model_copy(update={"categories": categories}))


@dataclass(slots=True)
class Cargo:
    """The goods one frame carries, grouped by category, with their origin."""

    by_category: dict[str, list[GoodsMatch]] = field(default_factory=dict)
    origin: Party | None = None
    antecedent: Candidate | None = None  # the transfer that named the goods referred back to
    pure: bool = False  # "it", "the goods": the same consignment, not "further consignments"


def party_tokens(head: Token, trigger: Token | None = None) -> list[Token]:
    """A party's phrase with its clauses, but not the phrases coordinated with it ("to Russia
    and grain ... to North Korea": the grain is goods), nor the clause of the trigger itself
    ("convicted a man of conspiring to export scopes")."""
    tokens = [head]
    stack = [
        c
        for c in head.children
        if c.dep_ not in ("conj", "cc")
        and (trigger is None or not c.left_edge.i <= trigger.i <= c.right_edge.i)
    ]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(token.children)
    return tokens


class CargoReader:
    """Goods mentions of one article, and the goods of each frame."""

    def __init__(self, context: ArticleContext, lexicon: TransferLexicon) -> None:
        self.context = context
        self.sdoc = context.sdoc
        self.lexicon = lexicon
        self.taxonomy = goods_taxonomy()
        text = context.doc.text
        self.matches = [
            m
            for m in _classifier().classify(text)
            if m.phrase.lower().split()[-1] not in lexicon.generic_heads
            and not m.term.startswith("\\bIMO")
        ]
        skipped = {
            t.i
            for sentence in self.sdoc.sents
            if sentence.text.strip().lower().startswith(lexicon.boilerplate)
            for t in sentence
        }
        self.spans: list[tuple[GoodsMatch, int, int]] = []  # match, first token, end token
        for match in self.matches:
            span = self.sdoc.char_span(match.start, match.end, alignment_mode="expand")
            if span is None or any(t.i in skipped for t in span) or self._in_name(match):
                continue
            self.spans.append((match, span.start, span.end))
        self.used: dict[int, Candidate] = {}  # id(match) → the transfer that carries it
        lowered = text.lower()
        self.refined: dict[str, str] = {}
        for rule in lexicon.refinements:
            if any(cue in lowered for cue in rule.when):
                self.refined.update(dict.fromkeys(rule.phrases, rule.category))

    def _in_name(self, match: GoodsMatch) -> bool:
        """A goods word inside a longer name ("Falcon Crest Bullion DMCC") is not goods."""
        for mention in self.context.analysis.mentions:
            if mention.kind not in (PERSON, ORGANIZATION) or " " not in mention.text:
                continue
            inside = mention.start <= match.start and match.end <= mention.end
            if inside and (mention.start, mention.end) != (match.start, match.end):
                return True
        return False

    def note(self, matches: list[GoodsMatch], candidate: Candidate) -> None:
        """Remember which transfer carries these goods (for later references)."""
        for match in matches:
            self.used.setdefault(id(match), candidate)

    # -- the frame's goods ------------------------------------------------------------------

    def tokens(self, frame: TransferFrame, parties: list[Token]) -> set[int]:
        """Tokens where the frame's goods may be named: its goods phrases, minus the parties,
        topics ("data on missiles") and what a service works on ("help with upgrading")."""
        tokens: set[int] = set()
        for head in frame.goods:
            if head.lower_ not in ANAPHORS:
                tokens.update(t.i for t in head.subtree)
        if frame.scope is not None:
            tokens.update(t.i for t in frame.scope.subtree)
        if frame.loose_goods:
            sentence = frame.trigger.sent
            breaks = [t.i + 1 for t in sentence if t.i < frame.trigger.i and t.text in (":", ";")]
            tokens.update(range(max([sentence.start, *breaks]), frame.trigger.i))
        for head in parties:
            tokens.difference_update(t.i for t in party_tokens(head, frame.trigger))
        for i in list(tokens):
            for ancestor in self.sdoc[i].ancestors:
                if ancestor.i not in tokens:
                    break
                lemma = ancestor.lemma_.lower()
                if lemma in self.lexicon.services or (ancestor.dep_ == "prep" and lemma in _TOPICS):
                    tokens.discard(i)
                    break
        return tokens

    def read(self, frame: TransferFrame, sentence: int) -> Cargo:
        """The goods of one frame (see the module docstring)."""
        parties = [*frame.suppliers, *frame.recipients, *frame.carriers, *frame.origins]
        tokens = self.tokens(frame, parties)
        chosen = [
            m
            for m, s, e in self.spans
            if (s in tokens or e - 1 in tokens) and not self._modifies_party(e)
        ]
        chosen += self._misparsed(frame, chosen)
        chosen = self._drop_purposes(chosen)
        if frame.frame not in ("give", "get"):
            chosen = [m for m in chosen if m.category != VESSELS]
        head = _reference_head(frame.goods[0]) if frame.goods else None
        contents = self._possible_contents(head)
        if contents is not None:
            return Cargo({CARGO: [contents]})
        cargo = Cargo(self.group(chosen))
        if head is not None and head.pos_ != "PROPN":
            self._resolve(cargo, head, chosen, sentence, tokens)
        if cargo.origin is None:
            taken = {t.i for head in parties for t in party_tokens(head, frame.trigger)}
            for matches in cargo.by_category.values():
                cargo.origin = cargo.origin or self.origin(matches[0], taken)
        if cargo.origin is None and frame.loose_goods:
            cargo.origin = self._first_country(tokens)
        if cargo.origin is None and frame.frame == "carry" and chosen:
            cargo.origin = self._origin_before(chosen[0].category, head.i if head else 0)
        return cargo

    def _resolve(
        self, cargo: Cargo, head: Token, chosen: list[GoodsMatch], sentence: int, tokens: set[int]
    ) -> None:
        """Goods that refer back: take the goods (and transfer) they refer to."""
        children = {c.lower_ for c in head.children}
        definite = bool(children & _DEFINITE)
        refers = head.lower_ in ANAPHORS or (
            head.lemma_.lower() in self.lexicon.reference_nouns
            and (bool(children & _REFERRING) or definite)
        )
        if refers and (not chosen or set(cargo.by_category) <= {CARGO}):
            antecedent = self._antecedent(head, sentence, tokens)
            if antecedent is None:
                return
            cargo.by_category = self.group([antecedent])
            cargo.antecedent = self.used.get(id(antecedent))
            cargo.origin = self.origin(antecedent) or self._origin_before(
                antecedent.category, head.i
            )
            cargo.pure = head.lower_ in ANAPHORS or (
                bool(children & _PURE) and not children & (_REFERRING - {"same"})
            )
        elif definite and chosen:
            # "the oil" after "Iranian crude", "the car" after "an Aurus limousine": the same goods
            antecedent = self._antecedent(head, sentence, tokens)
            if antecedent is None:
                return
            named = set(cargo.by_category)
            if named <= {antecedent.category, *antecedent.also}:
                cargo.by_category = {
                    antecedent.category: cargo.by_category.get(antecedent.category, [antecedent])
                }
                cargo.antecedent = self.used.get(id(antecedent))
                cargo.origin = self.origin(antecedent)
                cargo.pure = True

    def group(self, matches: list[GoodsMatch]) -> dict[str, list[GoodsMatch]]:
        """Matches by category (refined by the article), the fallback dropped beside others."""
        grouped: dict[str, list[GoodsMatch]] = {}
        for match in matches:
            category = self.refined.get(match.phrase.lower(), match.category)
            grouped.setdefault(category, []).append(match)
        categories = self.taxonomy.categories
        specific = [c for c in grouped if not categories[c].fallback]
        return {c: grouped[c] for c in specific} if specific else grouped

    def within(self, heads: list[Token]) -> list[GoodsMatch]:
        """The goods named inside the phrases of `heads` ("in exchange for shells")."""
        tokens = {t.i for head in heads for t in head.subtree}
        return [m for m, s, e in self.spans if s in tokens and e - 1 in tokens]

    def training(self, trigger: Token) -> GoodsMatch:
        """Training ("were trained in Iran") as military technical help."""
        return GoodsMatch(
            category="military_tech",
            phrase=trigger.text,
            start=trigger.idx,
            end=trigger.idx + len(trigger.text),
            hs_codes=(),
            term="training",
        )

    def text(self, matches: list[GoodsMatch]) -> str:
        """The goods as written: from the first match's modifiers to the last match."""
        first, last = matches[0], matches[-1]
        if last.start - first.end > 80:
            return "; ".join(dict.fromkeys(m.phrase for m in matches))
        span = self.sdoc.char_span(first.start, last.end, alignment_mode="expand")
        if span is None:
            return first.phrase
        start = span.start
        while start > 0:
            before = self.sdoc[start - 1]
            modifier = before.dep_ in _MODIFIERS or (before.text == "-" and start - 1 > 0)
            if not modifier or before.head.i < before.i or before.ent_type_ in _NAMES:
                break
            start -= 1
        return self.context.doc.text[self.sdoc[start].idx : last.end]

    # -- what is not goods ------------------------------------------------------------------

    def _drop_purposes(self, matches: list[GoodsMatch]) -> list[GoodsMatch]:
        """ "warheads for ballistic missiles": what a part is for is not a second good."""
        spans = {id(m): (s, e) for m, s, e in self.spans}
        heads = {spans[id(m)][1] - 1 for m in matches}
        kept: list[GoodsMatch] = []
        for match in matches:
            start, end = spans[id(match)]
            governor = self.sdoc[end - 1]
            while governor.dep_ in ("conj", "compound", "amod", "nmod"):
                governor = governor.head
            prep = governor.head if governor.dep_ == "pobj" else None
            purpose = prep is not None and prep.lower_ == "for" and prep.head.i in heads
            if purpose and prep is not None and prep.i < start:  # the "for" is not the match's
                continue
            kept.append(match)
        return kept

    def _misparsed(self, frame: TransferFrame, chosen: list[GoodsMatch]) -> list[GoodsMatch]:
        """ "send shells and antitank missiles" parsed with "antitank" as a second verb: a goods
        phrase that spans such a verb is more goods."""
        verbs = {
            c.i
            for c in frame.trigger.children
            if c.dep_ == "conj"
            and c.pos_ == "VERB"
            and not any(s.dep_ in SUBJECTS for s in c.children)
        }
        return [m for m, s, e in self.spans if m not in chosen and any(s <= v < e for v in verbs)]

    def _modifies_party(self, end: int) -> bool:
        """A goods word that only qualifies a party ("a drone manufacturer", "missile forces")."""
        last = self.sdoc[end - 1]
        if last.dep_ not in ("compound", "amod", "nmod"):
            return False
        head = last.head
        return head.i >= end and bool({head.lemma_.lower(), head.lower_} & self.lexicon.party_nouns)

    def _possible_contents(self, head: Token | None) -> GoodsMatch | None:
        """ "the containers could hold artillery ammunition": the cargo is unidentified."""
        if head is None:
            return None
        for ancestor in [head, *head.ancestors]:
            if ancestor.pos_ != "VERB":
                continue
            if ancestor.lemma_.lower() not in _CONTENTS:
                return None
            modal = {c.lower_ for c in ancestor.children if c.dep_ == "aux"}
            subjects = [c for c in ancestor.children if c.dep_ == "nsubj"]
            if modal & _SPECULATIVE and subjects:
                inside = {t.i for t in subjects[0].subtree}
                cargo = [m for m, s, _e in self.spans if s in inside and m.category == CARGO]
                return cargo[0] if cargo else None
            return None
        return None

    # -- references and origins -------------------------------------------------------------

    def _antecedent(self, head: Token, sentence: int, exclude: set[int]) -> GoodsMatch | None:
        """What goods `head` refers back to. A pronoun: the goods (or ship) named last, in its
        sentence or the one before. A description ("the oil", "further consignments"): the goods
        of the last transfer read, else the goods named last (named goods before a "cargo")."""
        first = self.context.sentence_of_token
        earlier = [(m, s) for m, s, _e in self.spans if s < head.i and s not in exclude]
        if head.lower_ in ANAPHORS:
            near = [m for m, s in earlier if 0 <= sentence - first[s] <= 1]
            return near[-1] if near else None
        carried = [
            m
            for m, s in earlier
            if id(m) in self.used
            and 0 <= sentence - first[s] <= 10
            and m.category not in (CARGO, VESSELS)
        ]
        if carried:
            return carried[-1]
        window = [m for m, s in earlier if 0 <= sentence - first[s] <= 2 and m.category != VESSELS]
        named = [m for m in window if m.category != CARGO]
        found = named or window
        return found[-1] if found else None

    def _origin_before(self, category: str, before: int) -> Party | None:
        """The origin of the same goods named earlier ("Venezuelan heavy crude" ... "the oil")."""
        first = self.context.sentence_of_token
        for match, start, _end in reversed(self.spans):
            if start >= before or match.category != category:
                continue
            if first[before] - first[start] > 4:
                return None
            origin = self.origin(match)
            if origin is not None:
                return origin
        return None

    def origin(
        self, match: GoodsMatch, taken: set[int] | frozenset[int] = frozenset()
    ) -> Party | None:
        """The country the goods come from, as their phrase says ("North Korean coal"); the
        `taken` tokens belong to a party ("send Russia artillery shells")."""
        span = self.sdoc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None:
            return None
        head = span.root
        while head.dep_ in ("compound", "amod", "conj") and head.head.i != head.i:
            if head.dep_ == "conj" and head.head.pos_ not in ("NOUN", "PROPN"):
                break
            head = head.head
        tokens = [head]
        stack = list(head.children)
        while stack:
            token = stack.pop()
            if token.dep_ in _ORIGIN_DEPS:
                tokens.append(token)
                stack.extend(token.children)
            elif (token.dep_ == "prep" and token.lower_ == "from") or (
                token.dep_ == "acl" and token.lemma_.lower() in _ORIGIN_VERBS
            ):
                tokens.extend(token.subtree)
        return self._first_country({t.i for t in tokens} - set(taken))

    def _first_country(self, tokens: set[int]) -> Party | None:
        for i in sorted(tokens):
            mention = self.context.mention(self.sdoc[i])
            if mention is not None and mention.country:
                return Party(mention.text, mention.country, mention.kind,
                             start=mention.start, end=mention.end)  # fmt: skip
        return None


def _reference_head(head: Token) -> Token:
    """ "hundreds of them": the pronoun is what refers."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.lower_ in ANAPHORS:
                    return pobj
    return head
