"""Attribution: who says that a transfer happened, worded as in the text.

`Attributor(context).attribute(trigger)` reads the claim's source from the parse around the
trigger:

- a reporting verb that governs the trigger: "U.S. officials said Pyongyang had provided ...",
  "..., the White House said on Friday", "Officials told reporters that ...", "Ukraine says ...",
  "prosecutors have charged a company with exporting ...";
- "according to X" — where X is a document ("an analysis ... by a British research group"), the
  document's author is the source, and a document the outlet reviewed itself ("records reviewed
  by this agency") is the outlet's own voice;
- a parenthetical "In return, the minister said, ...";
- a blockquote (`Document.quotes`): the quoted party, named beside the quote;
- "the officials" is given as the article first named them ("American and allied officials");
- otherwise, the source of the previous sentence of the same paragraph when the sentence carries
  on that source's account (a pronoun subject that stands for the source: "They described ..."),
  else the outlet's own voice (None).

A `Source` also says whether the outlet speaks for itself, whether it cites documents or official
statistics, and which country the source belongs to (so that a party's own statement can count as
an acknowledgement, see `certainty.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from sanctionwatch.extract.lexicon import AttributionLexicon, attribution_lexicon
from sanctionwatch.extract.parties import ArticleContext
from sanctionwatch.nlp.linking import ORGANIZATION, PERSON

OWN_VOICE = "own_voice"
DOCUMENT = "document"
STATISTICS = "statistics"
SPEAKER = "speaker"
_FIRST_PERSON = frozenset({"we", "our", "us", "i", "my"})
_FINITE_DEPS = frozenset({"ROOT", "conj", "parataxis", "ccomp"})


@dataclass(frozen=True, slots=True)
class Source:
    """Who makes a claim: as written (None for the outlet's own voice), kind and country."""

    text: str | None
    kind: str = OWN_VOICE  # own_voice, document, statistics, speaker
    country: str | None = None
    names: tuple[str, ...] = ()  # lower-case name words, to tell a party speaking
    hedged: bool = False  # "is believed to", "reportedly": a claim, with no one named


def _reporting(token: Token, lexicon: AttributionLexicon) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lexicon.reporting_verbs


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    return None


def _speaker_before(verb: Token, context: ArticleContext) -> Token | None:
    """ "..., South Korea's adviser, Shin Won-sik, said": the phrase just before a reporting
    verb the parser left without a subject."""
    i = verb.i - 1
    sentence = verb.sent
    while i >= sentence.start and verb.doc[i].is_punct:
        i -= 1
    if i < sentence.start:
        return None
    token = verb.doc[i]
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    while token.dep_ in ("compound", "flat") and token.head.i > token.i:
        token = token.head
    while token.dep_ == "appos" and token.head.pos_ in ("NOUN", "PROPN"):
        host = context.mention(token.head)
        if host is not None and host.country is not None:
            break
        token = token.head
    return token


def _main_clause(verb: Token) -> bool:
    """A verb of the sentence's main clause (not of a relative or subordinate clause)."""
    if verb.dep_ in ("ROOT", "parataxis"):
        return True
    return verb.dep_ in ("conj", "ccomp") and verb.head.dep_ == "ROOT"


def _according_to(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            for to in child.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return None


class Attributor:
    """Reads sources for one article (each sentence's own source is read once and kept)."""

    def __init__(self, context: ArticleContext, lexicon: AttributionLexicon | None = None) -> None:
        self.context = context
        self.lexicon = lexicon or attribution_lexicon()
        self.by_sentence: dict[int, Source | None] = {}
        self.speakers: dict[str, Source] = {}  # head lemma → the fullest form named so far

    # -- phrases ----------------------------------------------------------------------------

    def _text(self, head: Token, *, keep_preps: bool = True) -> str:
        """The source as written: the phrase without relative clauses (and an appositive)."""
        tokens = [head]
        stack = list(head.children)
        while stack:
            token = stack.pop()
            if token.dep_ in ("relcl", "acl", "advcl") or (token.dep_ == "prep" and not keep_preps):
                continue
            tokens.append(token)
            stack.extend(token.children)
        tokens.sort(key=lambda t: t.i)
        text = self.context.doc.text
        return text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)].strip(" ,;:—-")

    def _own_voice(self, head: Token) -> bool:
        words = {t.lower_ for t in head.subtree}
        if words & _FIRST_PERSON:
            return True
        text = " ".join(t.lower_ for t in head.subtree)
        return any(" " in cue and cue in text for cue in self.lexicon.own_voice)

    def _country(self, head: Token) -> str | None:
        context = self.context
        country = context.first_country(head)
        if country is not None:
            return country
        for token in context.phrase_tokens(head):
            mention = context.mention(token)
            if mention is not None and mention.kind in (PERSON, ORGANIZATION):
                party = context.resolve(token)
                if party is not None and party.country:
                    return party.country
        return context.group_country(self._text(head))

    def _names(self, head: Token) -> tuple[str, ...]:
        return tuple(t.lower_ for t in head.subtree if t.pos_ == "PROPN" and len(t.text) > 2)

    def source(self, head: Token) -> Source:
        """The `Source` a noun phrase names (a pronoun: the previous sentence's source)."""
        if head.lower_ in _FIRST_PERSON or self._own_voice(head):
            return Source(None, OWN_VOICE)
        lemma = head.lemma_.lower()
        if head.lower_ in self.lexicon.pronouns:
            earlier = self.sentence_source(self.context.sentence_of_token[head.i] - 1)
            return earlier if earlier is not None else Source(None, OWN_VOICE)
        if lemma in self.lexicon.documents or head.lower_ in self.lexicon.documents:
            for token in head.subtree:
                if token.dep_ == "agent" or (token.dep_ == "prep" and token.lower_ == "by"):
                    agents = [c for c in token.children if c.dep_ == "pobj"]
                    if agents:
                        agent = self.source(agents[0])
                        if agent.kind == OWN_VOICE:
                            return Source(None, OWN_VOICE)
                        return agent
            owner = any(
                c.dep_ == "poss"
                or (c.dep_ in ("amod", "compound") and (c.pos_ == "PROPN" or c.ent_type_))
                for c in head.children
            )
            statistics = {lemma, head.lower_} & self.lexicon.statistics
            kind = STATISTICS if statistics else DOCUMENT
            if not owner and kind == STATISTICS:
                return Source(None, OWN_VOICE)
            return Source(self._text(head, keep_preps=False), kind, self._country(head))
        text = self._text(head)
        modifiers = [c for c in head.children if c.dep_ != "det"]
        if not modifiers and any(c.lower_ == "the" for c in head.children):
            if lemma not in self.speakers:  # read the sources of the sentences before
                for index in range(self.context.sentence_of_token[head.i]):
                    self.sentence_source(index)
            fuller = self.speakers.get(lemma)  # "the officials": "American and allied officials"
            if fuller is not None:
                return fuller
        source = Source(text, SPEAKER, self._country(head), self._names(head))
        if modifiers:
            self.speakers.setdefault(lemma, source)
        return source

    # -- the claim around a trigger ---------------------------------------------------------

    def attribute(self, trigger: Token) -> Source:
        """The source of the claim the trigger's clause makes (text None: the outlet's voice)."""
        found = self._quoted(trigger) or self._from_parse(trigger)
        if found is None:
            found = self.sentence_source(self.context.sentence_of_token[trigger.i])
        if found is None:
            found = self._carried(trigger)
        return found or Source(None, OWN_VOICE)

    def sentence_source(self, index: int, depth: int = 0) -> Source | None:
        """The source a whole sentence is given to: its main reporting verb ("X said", not one
        inside a relative clause) or "according to X"."""
        if index < 0 or index >= len(self.context.paragraph_of):
            return None
        if index in self.by_sentence:
            return self.by_sentence[index]
        sentence = list(self.context.sdoc.sents)[index]
        found: Source | None = None
        for token in sentence:
            according = _according_to(token)
            if according is not None:
                found = self.source(according)
                break
        main = [t for t in sentence if _reporting(t, self.lexicon) and _main_clause(t)]
        for verb in sorted(main, key=lambda t: len(list(t.ancestors))):
            if found is not None:
                break
            subject = self._speaker(verb)
            if subject is None:
                continue
            if subject.lower_ in self.lexicon.pronouns and subject.lower_ not in _FIRST_PERSON:
                found = self.sentence_source(index - 1, depth + 1) if depth == 0 else None
                continue
            found = self.source(subject)
        self.by_sentence[index] = found
        return found

    def _speaker(self, verb: Token) -> Token | None:
        """Who speaks through a reporting verb: its subject, or the phrase the parser left
        just before it ("..., South Korea's adviser, Shin Won-sik, said on Friday")."""
        subject = _subject(verb)
        if subject is not None:
            return subject
        finite = verb.tag_ in ("VBD", "VBZ", "VBP") and verb.dep_ in _FINITE_DEPS
        if finite and not any(c.dep_ == "auxpass" for c in verb.children):
            return _speaker_before(verb, self.context)
        return None

    def _from_parse(self, trigger: Token) -> Source | None:
        """The nearest reporting verb above the trigger (or beside it: "..., X said"), then
        "according to X", then the sentence's own source."""
        hedged = False
        pending: Source | None = None
        for token in [trigger, *trigger.ancestors]:
            beside = [
                c
                for c in token.children
                if _reporting(c, self.lexicon)
                and (
                    c.dep_ == "parataxis"
                    or (c.dep_ == "conj" and c.i > trigger.i)
                    or (c.dep_ == "ccomp" and c.i < trigger.i)  # "X describe ...: Y supplied"
                )
            ]
            for verb in beside:
                subject = self._speaker(verb)
                if subject is not None:
                    return self.source(subject)
            if token.i != trigger.i and _reporting(token, self.lexicon):
                subject = self._speaker(token)
                passive = any(c.dep_ == "auxpass" for c in token.children)
                if subject is None:
                    hedged = hedged or passive
                elif (
                    subject.lower_ in self.lexicon.pronouns and subject.lower_ not in _FIRST_PERSON
                ):
                    pending = pending or self.source(subject)
                else:
                    return self.source(subject)
            according = _according_to(token)
            if according is not None:
                return self.source(according)
        for token in trigger.sent:
            according = _according_to(token)
            if according is not None:
                return self.source(according)
        if pending is not None and pending.text is not None:
            return pending
        if hedged:
            return Source(None, OWN_VOICE, hedged=True)
        return None

    def _quoted(self, trigger: Token) -> Source | None:
        """A trigger inside a blockquote: the party the quote is given to."""
        position = trigger.idx
        for start, end in self.context.doc.quotes:
            if not start <= position < end:
                continue
            after = [s for s in self.context.sdoc.sents if end <= s.start_char < end + 300]
            before = [s for s in self.context.sdoc.sents if start - 200 < s.end_char <= start]
            inside = [s for s in self.context.sdoc.sents if start <= s.start_char < end]
            # "..." said X: the attribution mostly follows the quote, else it introduces it.
            for sentence in [*inside, *after[:1], *reversed(before[-1:])]:
                for token in sentence:
                    if _reporting(token, self.lexicon):
                        subject = _subject(token)
                        if subject is not None and subject.lower_ not in self.lexicon.pronouns:
                            return self.source(subject)
        return None

    def _carried(self, trigger: Token) -> Source | None:
        """The previous sentence's source, when a pronoun subject carries its account on."""
        context = self.context
        index = context.sentence_of_token[trigger.i]
        if index == 0 or context.paragraph_of[index - 1] != context.paragraph_of[index]:
            return None
        subject = _subject(trigger.sent.root)
        if subject is None or subject.lower_ not in ("they", "he", "she"):
            return None
        previous = self.sentence_source(index - 1)
        return previous if previous is not None and previous.text is not None else None
