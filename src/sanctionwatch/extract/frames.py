"""Trigger frames: the words of a sentence that report a transfer, with their arguments.

`find_frames(sentence, lexicon)` returns one `TransferFrame` per trigger — a verb ("sent",
"supplied", "was shipped", "expects to receive"), a noun ("shipments of X to Y", "Kyrgyzstan's
exports of X", "arms shipments"), a destination phrase ("parts on their way to Yemen"), or a
cargo that lists its contents ("the haul included X") — with the heads of its arguments read from
the dependency parse: who supplies, who receives, which phrases hold the goods, which carry them.

Active and passive voice, control ("wants Kim to agree to send", "would like Russia to
provide"), reduced relatives ("missiles supplied by North Korea"), relatives with a gap
("soldiers Pyongyang has sent"), ditransitives ("sent Russia containers", "provide North Korea
with technology") and the small parser's misreading of "send Russia artillery shells" (Russia as
a `compound` of shells) are read here; turning heads into parties and goods is `transfers.py`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from sanctionwatch.extract.lexicon import TransferLexicon
from sanctionwatch.extract.parties import VESSEL_NOUNS

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_RELATIVES = frozenset({"that", "which", "who", "whom"})
_TO = frozenset({"to", "into", "toward", "towards", "onto"})
_DEMONYM_DEPS = frozenset({"amod", "compound", "npadvmod", "nmod"})
_PERCEIVED = frozenset(
    {"photograph", "see", "spot", "observe", "film", "catch", "detect", "show", "record", "track"}
)
_QUANTIFIERS = frozenset({"such", "other", "more", "further", "new", "first", "same", "these"})


@dataclass(slots=True)
class TransferFrame:
    """One trigger and the heads of its arguments (tokens of the sentence's parse)."""

    trigger: Token
    frame: str  # give, get, carry, move, produce, help, train, bound, include
    nominal: bool = False
    passive: bool = False
    suppliers: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    goods: list[Token] = field(default_factory=list)  # heads of phrases holding the goods
    carriers: list[Token] = field(default_factory=list)
    origins: list[Token] = field(default_factory=list)  # "from X", "loaded at X"
    reverse: list[Token] = field(default_factory=list)  # "in exchange for X": goods going back
    pairs: list[Token] = field(default_factory=list)  # "the two leaders plan to discuss ..."
    in_return: bool = False  # "In return, ...": the counterpart of the last transfer
    loose_goods: bool = False  # the parse gave no goods phrase: look left of the trigger
    scope: Token | None = None  # a noun trigger: goods anywhere in its phrase count


def _preps(token: Token, words: frozenset[str] | set[str]) -> list[Token]:
    """Objects of the prepositions `words` attached to `token` ("to Russia" → Russia), with
    coordinated prepositions ("to Dubai and to Russia")."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in words:
            for prep in [child, *(c for c in child.conjuncts if c.lower_ in words)]:
                found.extend(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
    return found


def _objects(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in ("dobj", "obj")]


def _is_passive(token: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        return True
    if token.dep_ == "conj" and token.tag_ in ("VBN", "VBD") and token.head.pos_ == "VERB":
        return not _objects(token) and _is_passive(token.head)  # "were flown ... and sold"
    # "missiles delivered to Russia" is passive; "reports that Minsk had received missiles" (a
    # clause on a noun, with its own subject) is not.
    return (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "aux") for c in token.children)
    )


def subject_of(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """The subject heads of a verb, following control, coordination and participles.

    The flag is True when the subject is the *object* of a governing verb ("wants Kim to
    agree", "helped North Korea export"), which a caller may treat like a subject.
    """
    own = [c for c in verb.children if c.dep_ in SUBJECTS]
    if own:
        return own, False
    if depth > 4 or verb.head.i == verb.i:
        return [], False
    head = verb.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.lemma_.lower() in _PERCEIVED:
        objects = _objects(head)  # "photographed a tanker transferring fuel": the tanker
        if objects:
            return objects, True
    if verb.dep_ in ("xcomp", "ccomp", "advcl") and head.pos_ in ("VERB", "AUX", "ADJ"):
        objects = _objects(head)
        if objects and verb.dep_ == "xcomp":
            return objects, True
        return subject_of(head, depth + 1)
    if verb.dep_ == "conj" or (verb.dep_ == "xcomp" and head.pos_ == "ADJ"):
        return subject_of(head, depth + 1)
    if verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "attr"):
        return subject_of(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        governor = head.head
        # "earned $300 million from exporting coal": an amount is no doer, the subject is.
        objects = [o for o in _objects(governor) if not _amount(o)]
        if objects:
            return objects, True
        if governor.pos_ in ("VERB", "AUX"):
            return subject_of(governor, depth + 1)
        if governor.pos_ in ("NOUN", "PROPN"):  # "convicted a man of conspiring to export"
            return [governor], True
    return [], False


_MONEY_NOUNS = frozenset({"money", "revenue", "revenues", "income", "profit", "cash", "currency"})


def _amount(token: Token) -> bool:
    """Whether a noun phrase head is an amount ("$300 million", "billions", "revenue")."""
    return (
        token.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL", "PERCENT")
        or token.like_num
        or token.lemma_.lower() in _MONEY_NOUNS
    )


def _relative_head(token: Token) -> Token:
    """ "that"/"which" as a subject stands for the noun the relative clause modifies."""
    if token.lower_ in _RELATIVES and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _frame_of_verb(token: Token, lexicon: TransferLexicon) -> str | None:
    lemma = token.lemma_.lower()
    objects = {c.lemma_.lower() for c in _objects(token)}
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    phrasal = lexicon.frame_of_phrasal(lemma, objects, particles)
    if phrasal is not None:
        return None if phrasal == "none" else phrasal
    return lexicon.frame_of_verb(lemma)


def _ship(token: Token) -> bool:
    return token.lemma_.lower() in VESSEL_NOUNS


# What a ship does where its cargo is delivered (the verb of a ship "carrying" goods).
_PORT_VERBS = frozenset({"dock", "berth", "arrive", "call", "moor", "anchor", "unload", "offload"})


def verb_frame(token: Token, lexicon: TransferLexicon) -> TransferFrame | None:
    """The frame of a trigger verb, or None when the verb is no trigger."""
    if token.pos_ not in ("VERB",):
        return None
    kind = _frame_of_verb(token, lexicon)
    if kind is None:
        return None
    frame = TransferFrame(token, kind, passive=_is_passive(token))
    raw, _object_control = subject_of(token)
    subjects = [_relative_head(s) for s in raw]
    passive_subjects = [_relative_head(s) for s in raw if s.dep_ == "nsubjpass"]
    objects = _objects(token)
    lemma = token.lemma_.lower()
    if lemma == "take" and any(o.lemma_.lower() == "delivery" for o in objects):
        objects = [p for o in objects for p in _preps(o, {"of"})]  # "took delivery of X"
    to = _preps(token, _TO)
    given = [c for c in token.children if c.dep_ == "dative"]
    seen = {t.i for t in to}
    to += [p for d in given for p in d.children if d.lower_ in _TO and p.i not in seen]
    datives = [d for d in given if d.lower_ not in _TO]
    frame.origins = _preps(token, {"from"})
    to += [p for origin in frame.origins for p in _preps(origin, _TO)]
    extra = _preps(token, {"including"})
    extra += [p for a in token.children if a.lower_ == "along" for p in _preps(a, {"with"})]
    if not objects and kind in ("give", "carry", "get"):
        # "transferring what appeared to be refined petroleum": a free relative as the object
        objects = [
            c
            for c in token.children
            if c.dep_ == "ccomp" and any(s.lower_ == "what" for s in c.children)
        ]
    if token.dep_ in ("acl", "relcl") and not frame.passive and not objects:
        objects = [token.head]  # "soldiers Pyongyang has sent"
    goods_in_head = token.dep_ == "acl" or (token.dep_ == "relcl" and frame.passive)
    if kind in ("give", "get", "carry") and frame.passive:
        frame.goods = [token.head] if goods_in_head else passive_subjects
        agents = _preps(token, {"by"})
        if kind == "get":
            frame.recipients = agents
        elif kind == "carry":
            frame.carriers = agents
        else:
            frame.suppliers = agents
        frame.recipients += to
        frame.goods += _preps(token, {"with"}) if kind == "carry" else []
        frame.loose_goods = not frame.goods
        frame.goods += extra
    elif kind == "give":
        frame.suppliers = subjects
        origins = frame.origins or [p for o in objects for p in _preps(o, {"from"})]
        if origins and subjects and all(_ship(s) for s in subjects):
            # "a Russian cargo ship delivered ammunition from North Korea to Dunai": the ship
            # carries, the goods come from the origin.
            frame.carriers = subjects
            frame.suppliers = list(origins)
        withs = _preps(token, {"with"})
        if lemma in lexicon.with_goods and withs:
            frame.recipients = objects + datives + to
            frame.goods = withs
        elif lemma in lexicon.with_recipient and withs:
            frame.recipients = withs + datives + to
            frame.goods = objects
        else:
            frame.recipients = datives + to
            frame.goods = objects
        if not datives and not to:
            frame.recipients += _compound_recipient(objects)
        frame.goods += extra
    elif kind == "get":
        frame.recipients = subjects
        frame.suppliers = list(frame.origins)
        frame.goods = objects + extra
    elif kind == "carry":
        frame.carriers = subjects
        frame.goods = objects + extra
        frame.recipients = to
        if not to and token.dep_ == "acl" and token.head.dep_ == "nsubj":
            # "a vessel carrying North Korean coal docked in the Chinese port of Longkou": the
            # cargo goes where its ship puts in.
            port_verb = token.head.head
            if port_verb.lemma_.lower() in _PORT_VERBS:
                frame.recipients = _preps(port_verb, _TO | {"in", "at", "into"})
    elif kind == "move":
        frame.goods = subjects
        frame.recipients = to + _preps(token, {"in"}) + objects
    elif kind == "produce":
        frame.suppliers = subjects
        frame.goods = objects
        frame.recipients = _preps(token, {"for"})
    elif kind == "help":
        frame.suppliers = subjects
        frame.recipients = list(objects)
        for obj in objects:
            inner = [t for t in obj.subtree if t.dep_ in SUBJECTS]
            if inner:  # "help the North build satellites", parsed with "build" inside
                frame.recipients = [r for r in frame.recipients if r.i != obj.i] + inner
                frame.goods.append(obj)
        clauses = [c for c in token.children if c.dep_ in ("xcomp", "ccomp")]
        for clause in clauses:
            frame.recipients += [c for c in clause.children if c.dep_ in SUBJECTS]
            frame.goods += _objects(clause) or [clause]
        frame.goods += _preps(token, {"with", "in"})
    elif kind == "train":
        if frame.passive:
            frame.recipients = subjects
            frame.suppliers = _preps(token, {"by", "in"})
        else:
            frame.suppliers = subjects
            frame.recipients = objects
    if kind == "carry":  # "loaded coal at Nampho", "was unloaded in Ningbo"
        at = _preps(token, {"at", "in"})
        if lemma in ("unload", "offload"):
            frame.recipients += at
        elif lemma == "load":
            frame.origins += at
    _exchange(token, frame)
    return frame


def _compound_recipient(objects: list[Token]) -> list[Token]:
    """ "send Russia artillery shells", "sell Tehran thirty jets": the small parser makes the
    recipient a `compound` (or `nmod`) inside the goods phrase; a place, person or company
    name opening the object is the recipient."""
    found: list[Token] = []
    for obj in objects:
        first = obj.left_edge
        while first.dep_ == "det" and first.i < obj.i:
            first = first.nbor(1)
        if first.i >= obj.i or first.ent_type_ not in ("GPE", "PERSON", "ORG"):
            continue
        if first.dep_ not in ("compound", "nmod", "npadvmod"):
            continue
        head = first
        while (
            head.head.i < obj.i
            and head.head.ent_type_ == first.ent_type_
            and head.dep_ in ("compound", "flat")
        ):
            head = head.head
        found.append(head)
    return found


def _exchange(token: Token, frame: TransferFrame) -> None:
    """ "in exchange for X" / "in return for X" (goods going back); "In return, ..."."""
    children = [*token.children, *(c for g in frame.goods for c in g.children)]
    for child in children:
        if child.dep_ != "prep" or child.lower_ != "in":
            continue
        for pobj in child.children:
            if pobj.dep_ == "pobj" and pobj.lower_ in ("exchange", "return"):
                reverse = _preps(pobj, {"for"})
                frame.reverse.extend(reverse)
                if not reverse and pobj.lower_ == "return":
                    frame.in_return = True
                frame.goods = [g for g in frame.goods if g.i not in {r.i for r in reverse}]


def noun_frame(token: Token, lexicon: TransferLexicon) -> TransferFrame | None:
    """The frame of a trigger noun ("shipments of X to Y"), or None."""
    if token.pos_ != "NOUN" or token.dep_ == "compound":
        return None
    lemma = token.lemma_.lower()
    kind = lexicon.frame_of_noun(lemma)
    if kind is None:
        return None
    of = _preps(token, {"of"})
    modifiers = [
        c
        for c in token.children
        if c.dep_ in _DEMONYM_DEPS and c.i < token.i and c.lower_ not in _QUANTIFIERS
    ]
    to = _preps(token, _TO | {"for"})
    if lemma == "supply" and not of:
        return None  # "food supplies" are goods, not a delivery
    if not of and not modifiers and not to:
        return None
    frame = TransferFrame(token, kind, nominal=True, scope=token)
    possessors = [c for c in token.children if c.dep_ == "poss"]
    frame.origins = _preps(token, {"from"})
    frame.goods = of + modifiers
    if kind == "help":
        frame.goods += _preps(token, {"with"})
    if kind == "get":
        frame.recipients = possessors
        frame.suppliers = list(frame.origins)
    else:
        # "Iranian oil exports", "Russian arms sales": the adjective or name is the supplier,
        # the common noun ("oil", "arms") the goods.
        makers = [m for m in modifiers if m.pos_ in ("ADJ", "PROPN")]
        frame.suppliers = possessors + _preps(token, {"by"}) + makers
        frame.recipients = to
    governor = token.head
    if token.dep_ in ("dobj", "pobj", "nsubjpass") and governor.pos_ in ("VERB", "ADP"):
        verb = governor if governor.pos_ == "VERB" else governor.head
        subjects, _control = subject_of(verb) if verb.pos_ == "VERB" else ([], False)
        light = verb.lemma_.lower()
        if not frame.recipients and kind != "get" and verb.pos_ == "VERB":
            # "discuss deliveries of shells to Russia and rice to North Korea": the parser hangs
            # the destinations (and the goods coordinated with them) on the verb.
            frame.recipients = _preps(verb, _TO)
            frame.goods += frame.recipients
        if not frame.origins and verb.pos_ == "VERB":
            frame.origins = _preps(verb, {"from"})
        if light in lexicon.light_verbs.supplier and kind != "get":
            frame.suppliers += subjects
        elif light in lexicon.light_verbs.recipient or (
            light in lexicon.light_verbs.supplier and kind == "get"
        ):
            frame.recipients += subjects
        elif light in lexicon.light_verbs.pair:
            frame.pairs += subjects
        _exchange(verb, frame)
    return frame


def destination_frames(sentence: Span, lexicon: TransferLexicon) -> list[TransferFrame]:
    """ "missile parts on their way to Yemen", "weapons bound for the Houthis"."""
    frames: list[TransferFrame] = []
    lowered = sentence.text.lower()
    for phrase in lexicon.destinations:
        start = lowered.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            first = sentence.char_span(start, start + len(phrase.split()[0]), "expand")
            after = [t for t in sentence if t.idx >= sentence.start_char + end and not t.is_punct]
            if first is not None and after:
                anchor = first[0]
                goods = _nearest_noun(anchor)
                target = after[0]
                while target.dep_ in ("det", "compound", "amod", "poss", "case", "nummod"):
                    target = target.head
                if goods is not None and target.i > anchor.i:
                    frames.append(
                        TransferFrame(anchor, "bound", goods=[goods], recipients=[target])
                    )
            start = lowered.find(phrase, end)
    return frames


def _nearest_noun(token: Token) -> Token | None:
    """What a post-modifier is about: the noun it attaches to, or its clause's subject ("the
    Volna Star heading for ...", "components that were on their way to ...")."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX"):
            subjects = [c for c in current.children if c.dep_ in SUBJECTS]
            if subjects:
                return _relative_head(subjects[0])
        if current.dep_ == "relcl":
            return current.head
        if current.head.i == current.i:
            break
        current = current.head
        if current.pos_ in ("NOUN", "PROPN"):
            return current
    return None


def elaboration_frames(sentence: Span, lexicon: TransferLexicon) -> list[TransferFrame]:
    """ "The haul included X": goods added to the transfer just reported."""
    frames: list[TransferFrame] = []
    rule = lexicon.elaboration
    for token in sentence:
        if token.pos_ != "VERB" or token.lemma_.lower() not in rule.verbs:
            continue
        subjects = [c for c in token.children if c.dep_ in SUBJECTS]
        if subjects and subjects[0].lemma_.lower() in rule.subjects:
            goods = _objects(token) + _preps(token, {"of"})
            frames.append(TransferFrame(token, "include", goods=goods))
    return frames


def find_frames(sentence: Span, lexicon: TransferLexicon) -> list[TransferFrame]:
    """Every trigger frame in one sentence, in text order."""
    frames: list[TransferFrame] = []
    for token in sentence:
        frame = verb_frame(token, lexicon) or noun_frame(token, lexicon)
        if frame is not None:
            frames.append(frame)
    frames += destination_frames(sentence, lexicon)
    frames += elaboration_frames(sentence, lexicon)
    return sorted(frames, key=lambda f: f.trigger.i)
