"""What the clause around a trigger says besides the transfer: whether it reports one at all.

- `states_no_transfer(frame, lexicon)`: the trigger states a rule ("Any transfer of arms to North
  Korea is banned", "EU rules forbid selling them to Russia", "under Resolution 2397, North Korea
  may import no more than ..."), is negated ("did not send", "never supplied", "no imports of"),
  hypothetical ("if the containers were filled with ...", "whether engineers had travelled") or
  governed by a word that stops it ("halted all sales", "offered to send", "denied sending").
- `humanitarian(frame, texts, lexicon)`: exempt humanitarian aid — an aid agency gives it or
  channels it ("rice to the North through the WFP").
- `time_of(frame, dates(doc))`: the date expression attached to the trigger, not to the
  reporting verb; `stale(when, year, lexicon)`: dated years before the article, it is background.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from sanctionwatch.extract.frames import TransferFrame
from sanctionwatch.extract.lexicon import TransferLexicon

IMO = re.compile(r"\bIMO\s?(\d{7})\b")
_DATE_TEXT = re.compile(r"[A-Za-z]|\b(?:1[89]|20)\d\d\b")  # words or a year, not an IMO number
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_CHAIN = 6  # governing words looked at above a trigger


def _negated(token: Token, trigger: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in token.children) and (
        token.i == trigger.i or token.pos_ == "VERB"
    )


def _under_rule(token: Token, lexicon: TransferLexicon) -> bool:
    """ "under Resolution 2397, North Korea may import ...": the clause states the rule."""
    for child in token.children:
        rules = [o for o in child.children if o.lemma_.lower() in lexicon.norms.nouns]
        if child.dep_ == "prep" and child.lower_ in ("under", "by") and rules:
            return True
    return False


def states_no_transfer(frame: TransferFrame, lexicon: TransferLexicon) -> bool:
    """True when the trigger's clause is a rule, a negation, a hypothetical or blocked."""
    trigger = frame.trigger
    if _under_rule(trigger, lexicon):
        return True
    if (
        trigger.dep_ in ("nsubj", "nsubjpass")
        and trigger.head.lemma_.lower() in lexicon.norms.judged
    ):
        return True  # "the transfer of the missiles would breach ...": a legal assessment
    for token in [trigger, *list(trigger.ancestors)[:_CHAIN]]:
        lemma = token.lemma_.lower()
        if token.i != trigger.i:
            if token.pos_ == "VERB" and lemma in lexicon.norms.verbs:
                return True
            if token.pos_ == "NOUN" and lemma in lexicon.norms.nouns:
                return True
            if lemma in lexicon.blockers.verbs:
                return True
            if (
                token.pos_ == "NOUN"
                and lemma in lexicon.blockers.absent
                and any(c.lower_ == "no" for c in token.children)
            ):
                return True  # "there is no evidence that China has provided ..."
        if _negated(token, trigger):
            return True
        if any(c.dep_ == "mark" and c.lower_ in lexicon.blockers.marks for c in token.children):
            return True
    determiners = [c for c in trigger.children if c.dep_ == "det"]
    for head in frame.goods[:1]:
        determiners += [c for c in head.children if c.dep_ == "det"]
    return any(d.lower_ in lexicon.blockers.determiners for d in determiners)


def humanitarian(frame: TransferFrame, texts: list[str], lexicon: TransferLexicon) -> bool:
    """True for exempt humanitarian aid: an aid agency among the parties, the supplier's
    phrase or a "through"/"via" phrase, or humanitarian goods words in the sentence."""
    rule = lexicon.humanitarian
    texts = list(texts)
    for child in frame.trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("through", "via"):
            texts.append(" ".join(t.text for t in child.subtree))
    texts.extend(" ".join(t.text for t in head.subtree) for head in frame.suppliers)
    lowered = " ".join(texts).lower()
    sentence = frame.trigger.sent.text.lower()
    return any(a.lower() in lowered for a in rule.agencies) or any(
        g in sentence for g in rule.goods
    )


def dates(doc: Doc) -> list[Span]:
    """The document's date expressions (read once per article: `Doc.ents` is rebuilt per call)."""
    return [ent for ent in doc.ents if ent.label_ == "DATE" and _DATE_TEXT.search(ent.text)]


def time_of(frame: TransferFrame, expressions: list[Span]) -> str | None:
    """The date expression of the trigger's own clause ("in recent weeks", "last year")."""
    trigger = frame.trigger
    text = trigger.doc.text
    sentence = trigger.sent
    for ent in expressions:
        if not sentence.start <= ent.start < sentence.end:
            continue
        if IMO.search(text[max(0, ent.start_char - 5) : ent.end_char]):
            continue
        root = ent.root
        if root.i == trigger.i or trigger.i in {a.i for a in root.ancestors}:
            return ent.text
        if root.head.i == trigger.i or (root.head.dep_ == "prep" and root.head.head.i == trigger.i):
            return ent.text
    return None


def stale(when: str | None, year: int | None, lexicon: TransferLexicon) -> bool:
    """True when the time expression names only years long before the article's."""
    if when is None or year is None:
        return False
    years = [int(y) for y in _YEAR.findall(when)]
    return bool(years) and max(years) <= year - lexicon.stale_years
