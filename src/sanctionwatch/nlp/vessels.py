"""Ship names and IMO numbers in an article.

spaCy's NER has no vessel label and tags ship names as persons, organisations or nothing, so
vessels are found by the phrases news uses to introduce them:

- a ship noun before the name: "the tanker Volna Star", "a cargo ship, the Angara",
  "the Togo-flagged bulk carrier Ocean Bright Star", quoted names ("the ship 'Angara'");
- a ship noun after it: "the Silver Crane, a Sierra Leone-registered tanker";
- a flag before it: "the Portuguese-flagged Solong";
- a (former) name: "sailing as the Hua Feng 9", "traded as the Golden Lark and, before that, as
  the Sea Wind Grace", "renamed the Sea Star";
- an IMO number after it: "the Kasper Prime (IMO 9244178)".

IMO numbers (with a valid check digit) are kept with the name they follow, or with the nearest
ship named before them in the sentence, or alone. Once a name is known to be a ship, its other
occurrences in the article are that ship too ("The Solong's German owner").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from sanctionwatch.nlp.linking import lexicon

MAX_NAME_TOKENS = 5
_IMO = re.compile(
    r"\bIMO\)?(?:\s*(?:number|no\.?|#))?\s*[:.,]?\s*(?:number\s*)?[:.,]?\s*(\d{7})\b",
    re.IGNORECASE,
)
_QUOTES = frozenset({"'", '"', "‘", "’", "“", "”"})
_JOINERS = frozenset({"of", "de", "del", "la", "al"})


@dataclass(slots=True)
class VesselSpan:
    """A ship name (or a bare IMO number) found in the text, with the phrase that showed it."""

    start: int
    end: int
    text: str
    imo: str | None
    cue: str  # which pattern found it: noun-before, noun-after, flag, former-name, imo, repeat


def imo_is_valid(number: str) -> bool:
    """The IMO check digit: weights 7..2 on the first six digits, last digit of the sum."""
    if not re.fullmatch(r"\d{7}", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(number[6])


def _name_token(token: Token, first: bool) -> bool:
    if token.is_punct or token.is_space:
        return False
    if first:
        return (token.is_title or (token.is_upper and len(token) > 1)) and not token.is_stop
    return token.is_title or token.is_upper or token.like_num or token.lower_ in _JOINERS


def _name_at(doc: Doc, i: int, limit: int) -> Span | None:
    """The ship name starting at token `i` (skipping "the", "named" and an opening quote)."""
    while i < limit and (doc[i].lower_ in ("the", "named", "called") or doc[i].text in _QUOTES):
        i += 1
    if i >= limit or not _name_token(doc[i], first=True):
        return None
    end = i + 1
    while end < limit and end - i < MAX_NAME_TOKENS and _name_token(doc[end], first=False):
        end += 1
    while end > i + 1 and doc[end - 1].lower_ in _JOINERS:
        end -= 1
    return doc[i:end]


def _name_before(doc: Doc, end: int, start_limit: int) -> Span | None:
    """The ship name ending just before token `end` ("the Kasper Prime (IMO ...)")."""
    j = end
    while j > start_limit and _name_token(doc[j - 1], first=False) and end - j < MAX_NAME_TOKENS:
        j -= 1
    while j < end and not _name_token(doc[j], first=True):
        j += 1
    if j >= end:
        return None
    return doc[j:end]


@cache
def _cue_pattern() -> re.Pattern[str]:
    """Words without which a sentence cannot introduce a ship (a fast pre-check)."""
    lex = lexicon()
    words = sorted(lex.vessel_nouns | lex.vessel_name_verbs | {"flagged", "registered"})
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def _is_ship_noun(token: Token) -> bool:
    # Lower case only: "Tidemark Vessel Services LLC" is a company, not a ship noun.
    return token.is_lower and token.lower_ in lexicon().vessel_nouns


def find_vessels(doc: Doc) -> list[VesselSpan]:
    """Ship names and IMO numbers in a parsed article (see the module docstring)."""
    lex = lexicon()
    found: dict[tuple[int, int], VesselSpan] = {}

    def keep(span: Span | None, cue: str) -> None:
        if span is not None and (span.start_char, span.end_char) not in found:
            found[(span.start_char, span.end_char)] = VesselSpan(
                span.start_char, span.end_char, span.text, None, cue
            )

    cues = _cue_pattern()
    for sent in doc.sents:
        if cues.search(sent.text) is None:
            continue  # most sentences name no ship: skip the token walk
        renamed = False
        for token in sent:
            i, limit = token.i, sent.end
            if _is_ship_noun(token):
                j = i + 1
                if j < limit and doc[j].text == ",":
                    j += 1
                keep(_name_at(doc, j, limit), "noun-before")
            elif token.lower_ in ("flagged", "registered") and i + 1 < limit:
                if i > sent.start and doc[i - 1].text == "-":
                    keep(_name_at(doc, i + 1, limit), "flag")
            elif token.lower_ in lex.vessel_name_verbs and i + 1 < limit:
                nxt = doc[i + 1]
                if nxt.lower_ == "as" or (
                    token.lower_.startswith("rename") and nxt.lower_ == "the"
                ):
                    before = len(found)
                    keep(
                        _name_at(doc, i + 2 if nxt.lower_ == "as" else i + 1, limit), "former-name"
                    )
                    renamed = renamed or len(found) > before
            elif token.lower_ == "as" and renamed and i + 1 < limit and doc[i + 1].lower_ == "the":
                keep(_name_at(doc, i + 1, limit), "former-name")
            elif token.text == "," and i > sent.start:
                # "the Silver Crane, a Sierra Leone-registered tanker"
                window = doc[i + 1 : min(limit, i + 7)]
                if (
                    window
                    and window[0].lower_ in ("a", "an")
                    and any(_is_ship_noun(t) for t in window)
                ):
                    keep(_name_before(doc, i, sent.start), "noun-after")
    spans = sorted(found.values(), key=lambda v: v.start)
    _attach_imos(doc, spans)
    spans = _drop_overlaps(spans)
    return _repeats(doc.text, spans)


def _attach_imos(doc: Doc, spans: list[VesselSpan]) -> None:
    text = doc.text
    for hit in _IMO.finditer(text):
        number = hit.group(1)
        if not imo_is_valid(number):
            continue
        before = text[: hit.start()].rstrip()
        opening = before.endswith("(")
        end = len(before) - (1 if opening else 0)
        owner: VesselSpan | None = None
        if opening:
            span = doc.char_span(0, len(before[:end].rstrip()), alignment_mode="contract")
            token_end = span.end if span is not None else 0
            sent_start = doc[token_end - 1].sent.start if token_end else 0
            name = _name_before(doc, token_end, sent_start) if token_end else None
            if name is not None:
                owner = next((v for v in spans if v.start == name.start_char), None)
                if owner is None:
                    owner = VesselSpan(name.start_char, name.end_char, name.text, None, "imo")
                    spans.append(owner)
        if owner is None:
            sentence = doc.char_span(hit.start(), hit.end(), alignment_mode="expand")
            sent_start = sentence.sent.start_char if sentence is not None else 0
            earlier = [v for v in spans if sent_start <= v.start < hit.start() and v.imo is None]
            owner = earlier[-1] if earlier else None
        if owner is None:
            spans.append(VesselSpan(hit.start(), hit.end(), hit.group(0), number, "imo"))
        elif owner.imo is None:
            owner.imo = number
    spans.sort(key=lambda v: v.start)


def _drop_overlaps(spans: list[VesselSpan]) -> list[VesselSpan]:
    kept: list[VesselSpan] = []
    for span in sorted(spans, key=lambda v: (v.start, -(v.end - v.start))):
        if kept and span.start < kept[-1].end:
            if kept[-1].imo is None and span.imo is not None:
                kept[-1].imo = span.imo
            continue
        kept.append(span)
    return kept


def _repeats(text: str, spans: list[VesselSpan]) -> list[VesselSpan]:
    """Other occurrences of the ship names found, as mentions of the same ships."""
    taken = [(v.start, v.end) for v in spans]
    out = list(spans)
    for name in {v.text for v in spans if v.cue != "imo" or not v.text.upper().startswith("IMO")}:
        for hit in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(s < hit.end() and hit.start() < e for s, e in taken):
                continue
            out.append(VesselSpan(hit.start(), hit.end(), name, None, "repeat"))
            taken.append((hit.start(), hit.end()))
    return sorted(out, key=lambda v: v.start)
