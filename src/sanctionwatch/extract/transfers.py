"""Reported transfers in an article: who sends what to whom, how sure, on whose word.

`extract_transfers(doc, analysis)` reads the parse the language stage made (`Analysis.spacy_doc`)
sentence by sentence:

1. `frames.py` finds the triggers and the heads of their arguments;
2. `cargo.py` finds each frame's goods — one transfer per goods category, so "artillery shells
   and antitank missiles" are two — and resolves references ("it", "the oil", "further
   consignments") to the goods and transfer named before;
3. `parties.py` turns argument heads into parties and countries; a missing supplier is the
   goods' origin ("North Korean coal", "Iranian-made components", "from Iranian ports"); "In
   return" and "in exchange for" turn the last transfer round;
4. `clauses.py` drops what is no report: a rule, a negation, a hypothetical, a blocked or
   offered transfer, humanitarian aid through an aid agency, something dated years back — and a
   sentence holding a party's denial is that party's account, not a report;
5. `attribution.py` and `certainty.py` say who claims it and how sure it is;
6. `candidates.py` settles the article: restatements merged, open sides filled, transfers with no
   sanctions target and plainly legal trade dropped; then the article's denials and
   acknowledgements set the final certainty.

Everything rests on the parse and on data (`data/*.yaml`, the goods taxonomy, the rules' target
countries); no sentence of any article is special-cased.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import product

from spacy.tokens import Span, Token

from sanctionwatch.extract.attribution import Attributor, Source
from sanctionwatch.extract.candidates import Candidate, Voyage, settle
from sanctionwatch.extract.cargo import Cargo, CargoReader
from sanctionwatch.extract.certainty import clause_certainty, denial_sentences, find_stances
from sanctionwatch.extract.clauses import (
    IMO,
    dates,
    humanitarian,
    stale,
    states_no_transfer,
    time_of,
)
from sanctionwatch.extract.frames import TransferFrame, find_frames, subject_of
from sanctionwatch.extract.goods import GoodsMatch
from sanctionwatch.extract.lexicon import (
    attribution_lexicon,
    certainty_lexicon,
    transfer_lexicon,
)
from sanctionwatch.extract.parties import (
    PAIR,
    VESSEL_NOUNS,
    ArticleContext,
    Party,
    flagged,
    settle_pair,
)
from sanctionwatch.extract.records import Certainty, Transfer, Verdict
from sanctionwatch.ingest.document import Document
from sanctionwatch.nlp.analyze import Analysis
from sanctionwatch.nlp.linking import ORGANIZATION, PERSON, VESSEL
from sanctionwatch.nlp.places import gazetteer
from sanctionwatch.rules.evaluate import evaluate_transfer, transfer_verdict
from sanctionwatch.rules.regimes import Rules, default_rules

_PEOPLE = frozenset({"other", "workers", "military_tech"})  # what moves of its own accord
_SELLERS = frozenset({"seller", "supplier", "exporter", "sender", "source"})
_PORT_WORDS = ("port of ", "ports of ")


class _Reader:
    """The state of one article's extraction."""

    def __init__(self, doc: Document, analysis: Analysis, rules: Rules) -> None:
        assert analysis.spacy_doc is not None  # noqa: S101 - checked by extract_transfers
        self.doc = doc
        self.rules = rules
        self.lexicon = transfer_lexicon()
        self.context = ArticleContext.build(doc, analysis, analysis.spacy_doc)
        self.sdoc = analysis.spacy_doc
        self.cargo = CargoReader(self.context, self.lexicon)
        self.attributor = Attributor(self.context)
        self.stances = find_stances(self.context, self.cargo.matches)
        self.denials = denial_sentences(self.stances)
        self.reporting = attribution_lexicon().reporting_verbs
        self.candidates: list[Candidate] = []
        self.voyages: list[Voyage] = []
        self.year = _year(doc.published)
        self.dates = dates(self.sdoc)
        self.targets = frozenset(c for m in rules.measures for c in m.targets)
        self.to_targets = frozenset(
            c for m in rules.measures if m.direction in ("to_target", "both") for c in m.targets
        )

    # -- parties ----------------------------------------------------------------------------

    def _parties(self, heads: list[Token], *, strict: bool = True) -> list[Party]:
        parties: list[Party] = []
        for head in heads:
            if head.i in self.context.dateline or (strict and not self.context.is_party(head)):
                continue
            same = self._same(head)
            if same is not None:
                parties.append(same)
                continue
            for party in self.context.resolve_all(head):
                if all(p.text != party.text or p.country != party.country for p in parties):
                    parties.append(party)
        return parties

    def _same(self, head: Token) -> Party | None:
        """ "the same buyer" / "the same seller": the party of the transfer just read."""
        if not any(c.lower_ == "same" for c in head.children) or not self.candidates:
            return None
        last = self.candidates[-1]
        return last.supplier if head.lemma_.lower() in _SELLERS else last.recipient

    def _complete(self, frame: TransferFrame) -> None:
        """Arguments the parse hung elsewhere: "supplies Russian defence plants" (the object
        receives), "sent consignments of chips to X" ("to" on the goods), "exports of chips
        from the EU to Kyrgyzstan" ("from" inside the noun phrase)."""
        if frame.frame == "give" and not frame.recipients and not frame.nominal:
            for head in list(frame.goods):
                words = {head.lemma_.lower(), head.lower_}
                if head.dep_ == "dobj" and words & self.lexicon.party_nouns:
                    party = self.context.resolve(head)
                    if party is not None and party.country:
                        frame.goods.remove(head)
                        frame.recipients.append(head)
        if not frame.recipients and frame.frame in ("give", "carry", "get", "bound"):
            inner = self._inner_preps(frame, ("to", "into"))
            frame.recipients = [h for h in inner if self.context.is_party(h)]
        trigger = frame.trigger
        if not frame.recipients and frame.frame == "give" and trigger.dep_ == "acl":
            # "Russia is firing rockets supplied by North Korea": who holds the goods received them
            holder = trigger.head
            if holder.dep_ == "dobj" and holder.head.pos_ == "VERB":
                subjects, _control = subject_of(holder.head)
                frame.recipients = [s for s in subjects if self.context.is_party(s)]
        if not frame.origins and frame.nominal:
            inner = self._inner_preps(frame, ("from",))
            frame.origins = [h for h in inner if self.context.is_party(h)]

    def _inner_preps(self, frame: TransferFrame, words: tuple[str, ...]) -> list[Token]:
        found: list[Token] = []
        heads = list(frame.goods) + ([frame.scope] if frame.scope is not None else [])
        for head in heads:
            for token in head.subtree:
                if token.dep_ == "prep" and token.lower_ in words:
                    found.extend(c for c in token.children if c.dep_ == "pobj")
        return found

    # -- frames → candidates ----------------------------------------------------------------

    def read_sentence(self, index: int, sentence: Span) -> None:
        """Read every trigger frame of one sentence into candidates."""
        if sentence.text.strip().lower().startswith(self.lexicon.boilerplate):
            return
        for frame in find_frames(sentence, self.lexicon):
            if index in self.denials or states_no_transfer(frame, self.lexicon):
                continue
            self._read_frame(frame, index)

    def _voyage(self, frame: TransferFrame, sentence: int) -> bool:
        """A ship "heading for" a port is a voyage, not goods: remember where it goes."""
        head = frame.goods[0] if frame.goods else None
        if frame.frame != "bound" or head is None:
            return False
        names = [
            m.text[4:] if m.text.lower().startswith("the ") else m.text
            for t in head.subtree
            if (m := self.context.mention(t)) is not None and m.kind == VESSEL
        ]
        if not names and head.lemma_.lower() not in VESSEL_NOUNS:
            return False
        for destination in self._parties(frame.recipients):
            if destination.country:
                self.voyages.append(Voyage(tuple(dict.fromkeys(names)), destination, sentence))
        return True

    def _read_frame(self, frame: TransferFrame, sentence: int) -> None:
        if self._voyage(frame, sentence):
            return
        self._complete(frame)
        if frame.frame == "train":
            cargo = Cargo({"military_tech": [self.cargo.training(frame.trigger)]})
        else:
            cargo = self.cargo.read(frame, sentence)
        if frame.frame == "move":
            cargo.by_category = {c: m for c, m in cargo.by_category.items() if c in _PEOPLE}
        if not cargo.by_category:
            return
        strict = frame.frame != "train"
        suppliers = self._parties(frame.suppliers, strict=strict)
        recipients = [flagged(r) for r in self._parties(frame.recipients, strict=strict)]
        if frame.frame == "produce" and not recipients:
            return
        suppliers, recipients = self._inherit(frame, cargo, sentence, suppliers, recipients)
        when = time_of(frame, self.dates)
        if stale(when, self.year, self.lexicon):
            return
        source = self.attributor.attribute(frame.trigger)
        if frame.frame == "include" and source.text is None and self.candidates:
            source = self.candidates[-1].source  # "The haul included ...": the same account
        sides: list[Party | None] = [*suppliers] or [None]
        for supplier, (recipient, by_category) in product(
            sides, self._place(frame, cargo, recipients)
        ):
            pair = settle_pair(supplier, recipient)
            countries = [p.country for p in pair if p is not None]
            if not countries or (len(countries) == 2 and countries[0] == countries[1] is not None):
                continue  # nobody, or a domestic movement
            texts = [p.text for p in pair if p is not None]
            if humanitarian(frame, texts, self.lexicon):
                continue
            for category, matches in by_category.items():
                self._add(frame, sentence, category, matches, pair, source, when)
        self._reverse(frame, sentence, source, when)

    def _inherit(
        self,
        frame: TransferFrame,
        cargo: Cargo,
        sentence: int,
        suppliers: list[Party],
        recipients: list[Party],
    ) -> tuple[list[Party], list[Party]]:
        """Sides the sentence leaves open, from the transfer it continues or the goods' origin."""
        last = self.candidates[-1] if self.candidates else None
        if frame.frame == "include" and last is not None and sentence - last.sentence <= 2:
            suppliers = [p for p in [last.supplier] if p]
            recipients = [p for p in [last.recipient] if p]
        if cargo.antecedent is not None:
            suppliers = suppliers or [p for p in [cargo.antecedent.supplier] if p]
            if cargo.pure:
                recipients = recipients or [p for p in [cargo.antecedent.recipient] if p]
        named_origins = self._parties(frame.origins)
        origin = [o for o in named_origins if o.country] or ([cargo.origin] if cargo.origin else [])
        # A named supplier that cannot be placed takes the goods' origin ("a bulk carrier
        # delivered North Korean coal": North Korea; a person or company keeps its name), or
        # stays unplaced rather than being guessed from the story's pair of countries.
        placed = [s for s in suppliers if s.country]
        named = [s for s in suppliers if not s.country and s.kind in (PERSON, ORGANIZATION)]
        if not placed and named and origin:
            placed = [replace(s, country=origin[0].country) for s in named]
        suppliers = (
            placed
            or origin
            or [s for s in suppliers if s.kind == VESSEL]
            or suppliers
            or named_origins
        )
        if not suppliers and frame.pairs:
            suppliers = self._parties(frame.pairs, strict=False)
        if frame.in_return and last is not None:
            suppliers = suppliers or [p for p in [last.recipient] if p]
            recipients = recipients or [p for p in [last.supplier] if p]
        return suppliers, recipients

    def _place(
        self, frame: TransferFrame, cargo: Cargo, recipients: list[Party]
    ) -> list[tuple[Party | None, dict[str, list[GoodsMatch]]]]:
        """Each recipient with its goods: "X to Russia and Y to North Korea" pairs by order."""
        if len(recipients) < 2 or (frame.frame not in ("give", "carry") and not frame.nominal):
            targets: list[Party | None] = [*recipients] or [None]
            return [(r, cargo.by_category) for r in targets]
        ordered = sorted(recipients, key=lambda r: r.start)
        placed: dict[int, dict[str, list[GoodsMatch]]] = {}
        for category, matches in cargo.by_category.items():
            for match in matches:
                after = [i for i, r in enumerate(ordered) if r.start >= match.end]
                target = after[0] if after else len(ordered) - 1
                placed.setdefault(target, {}).setdefault(category, []).append(match)
        if len(placed) == 1:
            return [(r, cargo.by_category) for r in ordered]
        return [(ordered[i], by_category) for i, by_category in sorted(placed.items())]

    def _add(
        self,
        frame: TransferFrame,
        sentence: int,
        category: str,
        matches: list[GoodsMatch],
        parties: tuple[Party | None, Party | None],
        source: Source,
        when: str | None,
    ) -> None:
        supplier, recipient = parties
        certainty = clause_certainty(frame.trigger, source, list(parties), self.reporting)
        span = frame.trigger.sent
        stated = sum(
            p is not None and p.kind != PAIR and span.start_char <= p.start < span.end_char
            for p in parties
        )
        candidate = Candidate(
            trigger=frame.trigger,
            sentence=sentence,
            category=category,
            matches=matches,
            goods=self.cargo.text(matches),
            supplier=supplier,
            recipient=recipient,
            source=source,
            certainty=certainty,
            generic=all(m.phrase.lower() in self.lexicon.generic_goods for m in matches),
            when=when,
            strength=2 * stated + (0 if frame.nominal else 1),
            prospective=certainty in (Certainty.PLANNED, Certainty.SPECULATIVE),
            carried=bool(frame.carriers) or frame.frame == "carry",
        )
        self._vessels(candidate, span)
        self.candidates.append(candidate)
        self.cargo.note(matches, candidate)

    def _reverse(
        self, frame: TransferFrame, sentence: int, source: Source, when: str | None
    ) -> None:
        """ "in exchange for X": X goes the other way."""
        if not frame.reverse or not self.candidates:
            return
        last = self.candidates[-1]
        if last.trigger.i != frame.trigger.i:
            return
        for category, matches in self.cargo.group(self.cargo.within(frame.reverse)).items():
            parties = (last.recipient, last.supplier)
            self._add(frame, sentence, category, matches, parties, source, when)

    def _vessels(self, candidate: Candidate, sentence: Span) -> None:
        """The ships (names, linked entities, IMO numbers) the evidence sentence names."""
        places = {(m.start, m.end) for m in self.context.analysis.mentions if m.country is not None}
        for mention in self.context.analysis.mentions:
            inside = sentence.start_char <= mention.start < sentence.end_char
            if mention.kind != VESSEL or not inside:
                continue
            if (mention.start, mention.end) in places:
                continue  # "ship Russia shells": the verb "ship" before a country is no ship
            name = mention.text[4:] if mention.text.lower().startswith("the ") else mention.text
            if name not in candidate.vessels and not name.upper().startswith("IMO"):
                candidate.vessels.append(name)
            if mention.entity_id and mention.entity_id not in candidate.vessel_entities:
                candidate.vessel_entities.append(mention.entity_id)
            if mention.imo and mention.imo not in candidate.imo:
                candidate.imo.append(mention.imo)
        for number in IMO.findall(sentence.text):
            if number not in candidate.imo:
                candidate.imo.append(number)

    # -- the article ------------------------------------------------------------------------

    def _nearby_vessels(self, reach: int = 3) -> None:
        """Ships named just after a transfer that names none ("The ministry identified the
        supplying ship as the Coral Venture ..."), up to the next sentence with a transfer."""
        sentences = list(self.sdoc.sents)
        busy = {c.sentence for c in self.candidates}
        for candidate in self.candidates:
            if candidate.vessels:
                continue
            for index in range(candidate.sentence + 1, candidate.sentence + 1 + reach):
                if index >= len(sentences) or index in busy:
                    break
                self._vessels(candidate, sentences[index])

    def transfers(self) -> list[Transfer]:
        """Read every sentence, settle the article, and fill the records."""
        for index, sentence in enumerate(self.sdoc.sents):
            self.read_sentence(index, sentence)
        self._nearby_vessels()
        weapons = certainty_lexicon().denial.weapons_categories
        settled = settle(
            self.candidates,
            pair=self._dominant_pair(),
            weapons=weapons | {"military_tech"},
            relevant=self._relevant,
            voyages=self.voyages,
        )
        for candidate in settled:
            candidate.certainty = self.stances.certainty(
                candidate.certainty,
                candidate.supplier,
                candidate.recipient,
                candidate.category,
                tuple(candidate.vessels),
            )
        return [self._record(c) for c in settled]

    def _dominant_pair(self) -> tuple[str, ...]:
        """The two sanctions targets the transfers run between, when two stand out; else the two
        targets the article names most, when they clearly dominate it."""
        counts: dict[str, int] = {}
        for candidate in self.candidates:
            for country in {candidate.supplier_country, candidate.recipient_country}:
                if country is not None:
                    counts[country] = counts.get(country, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) >= 2:
            third = ranked[2][1] if len(ranked) > 2 else 0
            pair = (ranked[0][0], ranked[1][0])
            return pair if third < ranked[1][1] and set(pair) <= self.targets else ()
        named = sorted(
            ((c, n) for c, n in self.context.analysis.countries.items() if c in self.targets),
            key=lambda kv: -kv[1],
        )
        if len(named) < 2 or named[1][1] < 2:
            return ()
        third = named[2][1] if len(named) > 2 else 0
        top = (named[0][0], named[1][0])
        if third * 2 > named[1][1] or (ranked and ranked[0][0] not in top):
            return ()
        return top

    def _relevant(self, candidate: Candidate) -> bool:
        """A sanctions target (or listed party) takes part, and it is no plainly legal trade."""
        sides = [candidate.supplier, candidate.recipient]
        linked = any(p is not None and p.entity_id and p.kind != VESSEL for p in sides)
        countries = {p.country for p in sides if p is not None and p.country}
        if not countries & self.targets and not linked:
            return False
        findings = evaluate_transfer(self._record(candidate), 0, self.rules)
        if transfer_verdict(findings) != Verdict.NOT_PROHIBITED:
            return True
        ordinary = candidate.category in self.lexicon.ordinary_goods
        return not ordinary or candidate.recipient_country in self.to_targets

    def _record(self, candidate: Candidate) -> Transfer:
        sentence = candidate.trigger.sent
        # The evidence without the blank lines spaCy leaves on a paragraph's last sentence;
        # its span shrinks with it, so that text[start:end] is still the evidence.
        lead = len(sentence.text) - len(sentence.text.lstrip())
        evidence = sentence.text.strip()
        start = sentence.start_char + lead
        supplier, recipient = candidate.supplier, candidate.recipient
        hs = list(dict.fromkeys(code for m in candidate.matches for code in m.hs_codes))
        categories = self.cargo.taxonomy.categories
        if not hs and candidate.category in categories:
            hs = list(categories[candidate.category].hs_codes)
        return Transfer(
            doc_id=self.doc.id,
            sentence=evidence,
            sentence_index=candidate.sentence,
            goods=candidate.goods,
            category=candidate.category,
            supplier=supplier.text if supplier is not None else None,
            recipient=recipient.text if recipient is not None else None,
            supplier_country=candidate.supplier_country,
            recipient_country=candidate.recipient_country,
            supplier_entity=supplier.entity_id if supplier is not None else None,
            recipient_entity=recipient.entity_id if recipient is not None else None,
            hs_codes=hs,
            vessels=list(candidate.vessels),
            vessel_entities=list(candidate.vessel_entities),
            imo=list(candidate.imo),
            ports=self._ports(sentence),
            when=candidate.when,
            date=self.doc.published,
            certainty=candidate.certainty,
            attributed_to=candidate.source.text,
            start=start,
            end=start + len(evidence),
        )

    def _ports(self, sentence: Span) -> list[str]:
        """Ports the sentence names (by the gazetteer, or "the port of X")."""
        ports: list[str] = []
        places = gazetteer()
        text = self.doc.text
        for mention in self.context.analysis.mentions:
            if not sentence.start_char <= mention.start < sentence.end_char:
                continue
            name = places.lookup(mention.text)
            before = text[max(0, mention.start - 12) : mention.start].lower()
            is_port = (name is not None and name.kind == "port") or before.endswith(_PORT_WORDS)
            if is_port and mention.text not in ports:
                ports.append(mention.text)
        return ports


def _year(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).year
    except ValueError:
        return None


def extract_transfers(
    doc: Document, analysis: Analysis, *, rules: Rules | None = None
) -> list[Transfer]:
    """The transfers `doc` reports, read from its analysis (empty when it was not analysed).

    `rules` (default: the packaged regimes) decide which countries are sanctions targets and
    what is plainly legal trade.
    """
    if analysis.skipped is not None or analysis.spacy_doc is None:
        return []
    return _Reader(doc, analysis, rules or default_rules()).transfers()
