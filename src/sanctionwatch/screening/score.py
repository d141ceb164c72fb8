"""Scoring of algorithm `sw-v2`: name alignment, then the evidence beyond the name.

A score is built from small documented features, each reported with its value and its signed
weight (how much it moved the score), so that every number a user sees can be explained:

1. `name` — weighted token alignment of the query name with a listed name, scaled by how much
   identifying information the matched tokens carry (rare, long tokens count; "Ali" does not).
   A word on one side only (a middle name, a patronymic) weighs less than a matched one; a
   *conflict* — each name holding a word the other clearly lacks ("KIM Jong Il" / "KIM Jong
   Un") — lowers the value; a *complete* match of a short name keeps half its information
   discount ("KIM KYU" is short, but the whole listed name). The detail says which applied.
2. `name_kind` — a weak alias, a former name or a derived acronym counts a little less.
3. `identifier` — an equal IMO, MMSI or document number is strong evidence on its own (a
   renamed vessel is found by its IMO number); a different IMO number is strong counter-evidence.
4. `birth_date` — agreement adds a little; a contradiction beyond the tolerance costs a lot.
5. `country` — agreement adds a little; a contradiction costs a little.

A changed weight or rule is a new algorithm name, never a silent change of `sw-v2`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from sanctionwatch.screening.model import Feature
from sanctionwatch.screening.names import Category, Kind, Name, Slot
from sanctionwatch.screening.normalize import first_vowel, key_consonants, phonetic_key

# A name alone reaches at most this score; the rest is left for corroborating evidence, so that
# exact name matches do not all tie at 1.0.
NAME_SCALE = 0.95
# Information (in nats of capped IDF) at which a name identifies its bearer fully; below it the
# name score is scaled down, so short and common names cannot score high on their own.
INFO_FULL = 9.0
INFO_POWER = 1.0
# Token pairs less similar than this are not aligned at all.
MIN_TOKEN_SIMILARITY = 0.6
MIN_JOINED_SIMILARITY = 0.8
FUZZY_STRICTNESS = 1.5
FUZZY_STRICTNESS_SHORT = 2.2
FUZZY_FORMS = 3
PHONETIC_FLOOR = 0.6
PHONETIC_FLOOR_SHORT = 0.5  # keys of one consonant (Un/Yn/Eun) say less
SHORT_WORD = 4  # words this long or shorter need their vowels to agree for a phonetic match
SURNAME_MISSED = 0.85
# Share of its weight an unmatched word keeps in the coverage when the other name has no
# unmatched word of its own (a dropped middle name, not another name).
EXTRA_WEIGHT = 0.4
EXTRA_WEIGHT_ORG = 0.75
# Factor on the name value when each name holds an identifying word the other lacks, and the
# similarity under which two such words are other names rather than a near miss.
CONFLICT_FACTOR = 0.8
CONFLICT_SIMILARITY = 0.6
# Factor when the conflicting words are numbers: "FU YUAN YU 8683" / "FU YUAN YU 8673", "LONG
# XING 608" / "LONG XING 638" are sister ships, "Branch 7" / "Branch 8" other offices. Numbers
# are never transliterated or misspelt by a list, so two different ones nearly settle it.
NUMBER_CONFLICT_FACTOR = 0.5
# Share of the information discount a complete match keeps.
COMPLETE_DISCOUNT = 0.6

# Slot kinds whose words identify: left unmatched on both sides, they make a conflict.
_IDENTIFYING = frozenset({Kind.NORMAL, Kind.NUMBER, Kind.PATRONYMIC, Kind.PLACE})

# Coverage weight and information factor per slot kind.
KIND_WEIGHT: dict[Kind, float] = {
    Kind.NORMAL: 1.0,
    Kind.PATRONYMIC: 0.12,
    Kind.PARTICLE: 0.2,
    Kind.LEGAL: 0.15,
    Kind.GENERIC: 0.35,
    Kind.INITIAL: 0.3,
    Kind.NUMBER: 1.0,
    Kind.PLACE: 0.35,
}
# Generic words and legal forms identify little alone but something together with a distinctive
# word ("GX SHIPPING FZE"); numbers identify aircraft and vessels ("RA-82023").
KIND_INFO: dict[Kind, float] = {
    Kind.NORMAL: 1.0,
    Kind.PATRONYMIC: 1.0,
    Kind.PARTICLE: 0.1,
    Kind.LEGAL: 0.2,
    Kind.GENERIC: 0.5,
    Kind.INITIAL: 0.2,
    Kind.NUMBER: 1.0,
    Kind.PLACE: 0.5,
}
# Most information a token of a given length can carry, whatever its rarity in the lists: a
# two-letter syllable is common in the world even if rare on the lists.
_LENGTH_INFO_CAP = (0.0, 0.5, 2.5, 4.0, 5.5, 7.0)
_LONG_INFO_CAP = 9.0
_RELAXED_SHORT_CAP = 4.0

# Name kinds of listed names and how much a match on each counts.
NAME_KIND_FACTOR: dict[str, float] = {
    "name": 1.0,
    "alias": 1.0,
    "previous": 0.97,
    "acronym": 0.95,
    "weak": 0.9,
}

DOB_EXACT_BONUS = 0.04
DOB_MONTH_BONUS = 0.03
DOB_YEAR_BONUS = 0.02
DOB_CONTRADICTION = 0.8
COUNTRY_BONUS = 0.01
COUNTRY_CONTRADICTION = 0.95
ID_FLOOR = {"imo": 0.90, "mmsi": 0.88, "doc": 0.85, "callsign": 0.80}
ID_BONUS = 0.02
IMO_CONTRADICTION = 0.6
MMSI_CONTRADICTION = 0.9


# Information that corroborating evidence adds to a name: a common name with the right birth
# date identifies its bearer better than the name alone.
DOB_INFO = {"exact": 4.0, "month": 2.5, "year": 1.5}
COUNTRY_INFO = 1.0


def info_cap(token: str, *, relaxed: bool = False) -> float:
    """The most information a token of this length can carry.

    Person names are capped by length (short syllables are common in the world, whatever the
    lists say); organisation and vessel names are not, beyond two letters ("KOMID", "IRGC").
    """
    size = len(token)
    if relaxed:
        return _LONG_INFO_CAP if size > 2 else _RELAXED_SHORT_CAP
    return _LENGTH_INFO_CAP[size] if size < len(_LENGTH_INFO_CAP) else _LONG_INFO_CAP


def confidence(information: float) -> float:
    """How fully a name with this much information identifies its bearer (0..1)."""
    return float(min(1.0, information / INFO_FULL) ** INFO_POWER)


class WeightedName:
    """An analysed name with per-slot coverage weights and information, for one index."""

    __slots__ = ("infos", "name", "total", "weights")

    def __init__(self, name: Name, weights: tuple[float, ...], infos: tuple[float, ...]) -> None:
        self.name = name
        self.weights = weights
        self.infos = infos
        self.total = sum(weights)


class QueryName(WeightedName):
    """A query's weighted name, with a lookup from each reading to its slot positions."""

    __slots__ = ("lookup",)

    def __init__(self, name: Name, weights: tuple[float, ...], infos: tuple[float, ...]) -> None:
        super().__init__(name, weights, infos)
        lookup: dict[str, list[int]] = {}
        for position, slot in enumerate(name.slots):
            for form in slot.forms:
                positions = lookup.setdefault(form, [])
                if position not in positions:
                    positions.append(position)
        self.lookup = lookup


@lru_cache(maxsize=1 << 18)
def slot_similarity(a: Slot, b: Slot) -> tuple[float, str, bool]:
    """Similarity of two slots (best over their readings), how it was found, and whether the
    two are near spellings of each other (not clearly other words, see `_conflict`).

    Exact readings score 1; otherwise the normalised Levenshtein similarity, raised when the
    phonetic keys agree (Chong/Jong, Smirnov/Smirnoff, Muhammad/Mohamed); initials match the
    names they abbreviate. Numbers match only exactly (vessel "No. 2" is not "No. 3").
    """
    for x in a.forms:
        if x in b.forms:
            return 1.0, "exact", True
    if Kind.NUMBER in (a.kind, b.kind):
        return 0.0, "none", _near_spelling(a, b)
    if Kind.INITIAL in (a.kind, b.kind):
        near = _near_spelling(a, b)
        for x in a.forms:
            for y in b.forms:
                if x[0] == y[0]:
                    return 0.6, "initial", near
        return 0.0, "none", near
    # Approximate comparisons use each slot's leading readings only (the main systems): the
    # long tails of Korean and Chinese readings are for exact matches, not for fuzzy ones.
    a_forms = a.forms[:FUZZY_FORMS]
    b_forms = b.forms[:FUZZY_FORMS]
    best = 0.0
    for x in a_forms:
        for y in b_forms:
            # Optimal string alignment: a swap of two letters ("Lognbao") is one typing error.
            similarity = OSA.normalized_similarity(x, y)
            best = max(best, similarity)
    near = best >= CONFLICT_SIMILARITY
    # In a word of four letters or fewer the vowels are half the name: Hyok/Hak and Jong/Jang
    # share their consonants but are other names; Umer/Umar and Eisa/Issa are not. Vowels
    # that a reading supplied (Arabic script) say nothing.
    check_vowels = not (a.guessed_vowels or b.guessed_vowels)
    for x in a_forms:
        key = phonetic_key(x)
        for y in b_forms:
            if not key or phonetic_key(y) != key:
                continue
            if (
                check_vowels
                and max(len(x), len(y)) <= SHORT_WORD
                and first_vowel(x) != first_vowel(y)
            ):
                continue
            # Equal keys lift the spelling similarity part of the way: Muhammad/Mohamed 0.85,
            # Chong/Jong 0.84, Smirnov/Smirnoff 0.9; Chen/Jong share no key.
            floor = PHONETIC_FLOOR if key_consonants(key) >= 2 else PHONETIC_FLOOR_SHORT
            return floor + (1.0 - floor) * best, "phonetic", near
    # Stricter than raw edit distance: one edit in six letters keeps 0.75 (a swap of two
    # letters is one edit: Lognbao / Longbao 0.79), two edits in seven (Putin / Potanin) fall
    # below the alignment minimum, and so does one edit in a word of four letters or fewer
    # (Kim / Kum are other names; true variants share a phonetic key).
    longest = max(len(a.primary), len(b.primary))
    strictness = FUZZY_STRICTNESS if longest > 4 else FUZZY_STRICTNESS_SHORT
    return max(0.0, 1.0 - strictness * (1.0 - best)), "fuzzy", near


def _joined_similarity(single: Slot, first: Slot, second: Slot) -> float:
    """Similarity of one slot with two adjacent slots written together ("Jongun" / "Jong Un")."""
    best = 0.0
    for x in single.forms:
        for y in first.forms:
            if x[0] != y[0] or len(x) <= len(y):
                continue
            for z in second.forms:
                joined = y + z
                if abs(len(joined) - len(x)) > 2:
                    continue
                if joined == x:
                    return 1.0
                similarity = Levenshtein.normalized_similarity(x, joined)
                if phonetic_key(x) == phonetic_key(joined):
                    similarity = max(similarity, 0.85 + 0.1 * similarity)
                best = max(best, similarity)
    return best


# A candidate alignment: similarity, query slot indices, listed slot indices, how.
_Pair = tuple[float, tuple[int, ...], tuple[int, ...], str]


def _greedy(pairs: list[_Pair]) -> list[_Pair]:
    pairs.sort(key=lambda p: (p[0], len(p[1]) + len(p[2])), reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: list[_Pair] = []
    for pair in pairs:
        if used_q.isdisjoint(pair[1]) and used_c.isdisjoint(pair[2]):
            chosen.append(pair)
            used_q.update(pair[1])
            used_c.update(pair[2])
    return chosen


@dataclass(slots=True)
class Alignment:
    """How a query name aligns with a listed name."""

    similarity: float  # weighted coverage of both names, 0..1
    information: float  # identifying information of the matched tokens
    value: float  # similarity scaled by information: the name feature's value
    pairs: list[_Pair]
    hows: frozenset[str]
    complete: bool = False  # no identifying word of either name is left unmatched
    conflict: tuple[str, str] | None = None  # an unmatched word on each side: other names


def name_value(alignment: Alignment, information: float) -> float:
    """The name feature's value: similarity, scaled by how fully `information` identifies
    the bearer, and lowered when the names conflict.

    A complete match (every identifying word of both names matched) has half the information
    discount: "KIM KYU" is a short name, but the whole listed name. A conflict — each name
    holds a word the other lacks ("KIM Jong Il" / "KIM Jong Un", "Dmitry Vladimirovich" /
    "Dmitry Gennadyevich") — says more against a match than a word missing on one side only.
    """
    trust = confidence(information)
    if alignment.complete:
        trust = 1.0 - COMPLETE_DISCOUNT * (1.0 - trust)
    value = alignment.similarity * trust
    if alignment.conflict is not None:
        value *= conflict_factor(alignment.conflict)
    return value


def conflict_factor(conflict: tuple[str, str]) -> float:
    """The factor a conflict puts on the name value: stronger between two numbers."""
    mine, theirs = conflict
    return NUMBER_CONFLICT_FACTOR if mine.isdigit() and theirs.isdigit() else CONFLICT_FACTOR


def align(query: QueryName, listed: WeightedName) -> Alignment:
    """Align the slots of two names one-to-one (best pairs first) and score the alignment.

    Order does not matter ("PUTIN, Vladimir" = "Vladimir Putin"). The score is the weighted
    share of both names covered by aligned tokens, so an unmatched rare token costs more than an
    unmatched patronymic, particle or legal form. Shared readings are paired first (a dictionary
    lookup); only the rest is compared by edit distance, phonetic key and joined tokens.
    """
    q_slots = query.name.slots
    c_slots = listed.name.slots
    chosen: list[_Pair] = []
    used_q: set[int] = set()
    free_c: list[int] = []
    lookup = query.lookup
    for j, b in enumerate(c_slots):
        found = -1
        for form in b.forms:
            positions = lookup.get(form)
            if positions is not None:
                for i in positions:
                    if i not in used_q:
                        found = i
                        break
                if found >= 0:
                    break
        if found >= 0:
            chosen.append((1.0, (found,), (j,), "exact"))
            used_q.add(found)
        else:
            free_c.append(j)
    free_q = [i for i in range(len(q_slots)) if i not in used_q]
    # Unmatched slot pairs that are near spellings of each other: no conflict (`_conflict`).
    near_pairs: set[tuple[int, int]] = set()
    if free_q and free_c:
        pairs: list[_Pair] = []
        for i in free_q:
            a = q_slots[i]
            for j in free_c:
                similarity, how, near = slot_similarity(a, c_slots[j])
                if near:
                    near_pairs.add((i, j))
                if similarity >= MIN_TOKEN_SIMILARITY:
                    pairs.append((similarity, (i,), (j,), how))
        free_c_set = set(free_c)
        free_q_set = set(free_q)
        for i in free_q:
            for j in free_c:
                if j + 1 in free_c_set:
                    similarity = _joined_similarity(q_slots[i], c_slots[j], c_slots[j + 1])
                    if similarity >= MIN_JOINED_SIMILARITY:
                        pairs.append((similarity, (i,), (j, j + 1), "joined"))
                if i + 1 in free_q_set:
                    similarity = _joined_similarity(c_slots[j], q_slots[i], q_slots[i + 1])
                    if similarity >= MIN_JOINED_SIMILARITY:
                        pairs.append((similarity, (i, i + 1), (j,), "joined"))
        chosen.extend(_greedy(pairs))
    covered = 0.0
    information = 0.0
    q_weights = query.weights
    c_weights = listed.weights
    c_infos = listed.infos
    matched_q: set[int] = set()
    matched_c: set[int] = set()
    for similarity, q_index, c_index, _how in chosen:
        weight = 0.0
        info = 0.0
        for i in q_index:
            weight += q_weights[i]
        for j in c_index:
            weight += c_weights[j]
            info += c_infos[j]
        covered += similarity * weight
        information += similarity * info
        matched_q.update(q_index)
        matched_c.update(c_index)
    q_extra = _unmatched(q_slots, matched_q)
    c_extra = _unmatched(c_slots, matched_c)
    conflict = _conflict(q_slots, c_slots, q_extra, c_extra, near_pairs)
    total = query.total + listed.total
    if not (q_extra and c_extra):
        # Words on one side only (a middle name, a patronymic, a second surname; a descriptive
        # part of an organisation's name) weigh less than matched ones: lists and customers give
        # more or fewer names of one party. Less so for organisations, whose extra word is more
        # often what tells two of them apart ("KOREA MINING ... CORPORATION").
        keep = EXTRA_WEIGHT if listed.name.category == Category.PERSON else EXTRA_WEIGHT_ORG
        unmatched = sum(w for i, w in enumerate(q_weights) if i not in matched_q)
        unmatched += sum(w for j, w in enumerate(c_weights) if j not in matched_c)
        total -= (1.0 - keep) * unmatched
    similarity = min(1.0, covered / total) if total > 0 else 0.0
    hows = frozenset(p[3] for p in chosen)
    alignment = Alignment(
        similarity, information, 0.0, chosen, hows, not q_extra and not c_extra, conflict
    )
    alignment.value = name_value(alignment, information)
    return alignment


def _unmatched(slots: tuple[Slot, ...], matched: set[int]) -> list[int]:
    """Positions of a name's identifying words left out of an alignment (not particles or
    legal forms)."""
    return [
        position
        for position, slot in enumerate(slots)
        if position not in matched and slot.kind in _IDENTIFYING
    ]


def _near_spelling(a: Slot, b: Slot) -> bool:
    """Whether two words are near spellings of each other, not clearly other words."""
    return any(
        OSA.normalized_similarity(x, y) >= CONFLICT_SIMILARITY
        for x in a.forms[:FUZZY_FORMS]
        for y in b.forms[:FUZZY_FORMS]
    )


def _conflict(
    q_slots: tuple[Slot, ...],
    c_slots: tuple[Slot, ...],
    q_extra: list[int],
    c_extra: list[int],
    near_pairs: set[tuple[int, int]],
) -> tuple[str, str] | None:
    """Two words, one left unmatched on each side, that are clearly other names ("Il" / "Un",
    "Vladimirovich" / "Gennadyevich", "8" / "7"); near misses ("Saint" / "Sankt") are not.

    Unmatched words were all compared by `align`, which noted the near pairs (`near_pairs`)."""
    if not q_extra or not c_extra:
        return None
    # Numbers first: they only ever match exactly, so one left on each side always differs.
    q_number = next((i for i in q_extra if q_slots[i].kind == Kind.NUMBER), None)
    c_number = next((j for j in c_extra if c_slots[j].kind == Kind.NUMBER), None)
    if q_number is not None and c_number is not None:
        return q_slots[q_number].primary, c_slots[c_number].primary
    mine = next((i for i in q_extra if all((i, j) not in near_pairs for j in c_extra)), None)
    theirs = next((j for j in c_extra if all((i, j) not in near_pairs for i in q_extra)), None)
    if mine is None or theirs is None:
        return None
    return q_slots[mine].primary, c_slots[theirs].primary


def describe_alignment(query: Name, listed: Name, alignment: Alignment, value: float) -> str:
    """Human text for the name feature, e.g. "name 'Kim Jong-un' ~ 'KIM Jong Un' via ..."."""
    via = sorted(query.via | listed.via)
    if "phonetic" in alignment.hows:
        via.append("phonetic key")
    if "joined" in alignment.hows:
        via.append("joined tokens")
    how = f" via {', '.join(via)}" if via else ""
    return f"name {query.text!r} ~ {listed.text!r}{how}: {value:.2f}"


def name_feature(
    query: Name, listed: Name, alignment: Alignment, extra_information: float = 0.0
) -> tuple[float, Feature]:
    """The name's contribution: up to `NAME_SCALE` for a full, informative match.

    `extra_information` comes from corroborating evidence (birth date, country) and lifts the
    information discount of short or common names.
    """
    value = name_value(alignment, alignment.information + extra_information)
    score = NAME_SCALE * value
    detail = describe_alignment(query, listed, alignment, value)
    if value < alignment.similarity:
        detail += f" (similarity {alignment.similarity:.2f}, name information "
        detail += f"{alignment.information + extra_information:.1f}/{INFO_FULL:.0f}"
        if alignment.complete:
            detail += ", complete"
        if alignment.conflict is not None:
            mine, theirs = alignment.conflict
            factor = conflict_factor(alignment.conflict)
            detail += f", conflicting words {mine!r} / {theirs!r}: x{factor:.2f}"
        detail += ")"
    return score, Feature("name", round(value, 4), round(score, 4), detail)


def name_kind_feature(score: float, kind: str) -> tuple[float, Feature | None]:
    """A weak alias, a former name or a derived acronym counts a little less."""
    factor = NAME_KIND_FACTOR.get(kind, 1.0)
    if factor == 1.0:
        return score, None
    new = score * factor
    label = {"weak": "weak alias", "previous": "former name", "acronym": "acronym"}.get(kind, kind)
    detail = f"matched a {label}: x{factor:.2f}"
    return new, Feature("name_kind", factor, round(new - score, 4), detail)


def surname_feature(
    score: float, query: Name, listed: Name, alignment: Alignment, surnames: frozenset[str]
) -> tuple[float, Feature | None]:
    """A family name left unmatched costs 15%.

    The listed side's family name is the list's `lastName` (when the matched name contains it)
    or the position the lists' convention gives it (`names.with_listed_surname`): "Kim Chong
    Un" shares two syllables with "CH'OE U'n-cho'ng" but not the family name. The query's is
    known for Korean and Chinese names in their own script (习近平: 习). Order-free matching
    alone cannot see either.
    """
    missed: str | None = None
    if surnames or listed.surnames:
        matched = {j for pair in alignment.pairs for j in pair[2]}
        for position, slot in enumerate(listed.slots):
            if position in matched:
                continue
            if position in listed.surnames or not surnames.isdisjoint(slot.forms):
                missed = slot.primary
                break
    if missed is None and query.surnames:
        matched = {i for pair in alignment.pairs for i in pair[1]}
        if query.surnames.isdisjoint(matched):
            missed = query.slots[min(query.surnames)].primary
    if missed is None:
        return score, None
    new = score * SURNAME_MISSED
    detail = f"family name {missed!r} not matched: x{SURNAME_MISSED:.2f}"
    return new, Feature("surname", -1.0, round(new - score, 4), detail)


def identifier_feature(
    score: float,
    name_value: float,
    query_ids: dict[str, frozenset[str]],
    listed_ids: dict[str, frozenset[str]],
) -> tuple[float, Feature | None]:
    """An equal identifier sets a floor under the score; a different IMO number lowers it."""
    for kind, values in query_ids.items():
        common = values & listed_ids.get(kind, frozenset())
        if common:
            floor = ID_FLOOR.get(kind, ID_FLOOR["doc"])
            new = max(score, floor + (0.98 - floor) * name_value) + ID_BONUS
            value = sorted(common)[0]
            detail = f"identifier {kind} {value} is equal: strong evidence"
            return new, Feature("identifier", 1.0, round(new - score, 4), detail)
    for kind, factor in (("imo", IMO_CONTRADICTION), ("mmsi", MMSI_CONTRADICTION)):
        mine = query_ids.get(kind)
        theirs = listed_ids.get(kind)
        if mine and theirs:
            new = score * factor
            detail = (
                f"identifier {kind} differs ({', '.join(sorted(mine))} vs "
                f"{', '.join(sorted(theirs))}): x{factor:.2f}"
            )
            return new, Feature("identifier", -1.0, round(new - score, 4), detail)
    return score, None


def _parse_date(value: str) -> tuple[int, int | None, int | None]:
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else None
    return year, month, day


def _date_agreement(query: str, listed: str, tolerance: int) -> tuple[int, str]:
    """Rank (higher is better) and label of how two ISO-prefix dates agree."""
    qy, qm, qd = _parse_date(query)
    ly, lm, ld = _parse_date(listed)
    if qy == ly:
        if qm is not None and lm is not None:
            if qm == lm and qd is not None and ld is not None:
                return (4, "exact") if qd == ld else (1, "near")
            if qm == lm:
                return 3, "month"
            if qd is not None and ld is not None and (qm, qd) == (ld, lm):
                return 1, "near"  # day and month swapped, a common data-entry error
            return 1, "near"
        return 2, "year"
    if abs(qy - ly) <= tolerance:
        return 1, "near"
    return 0, "contradiction"


def birth_date_agreement(
    query_date: str | None, listed_dates: tuple[str, ...], tolerance: int
) -> tuple[str, str] | None:
    """How the query's birth date agrees with the best listed one: (label, listed date).

    Labels: exact, month, year, near (within tolerance, or a likely typo), contradiction. None
    when either side has no (readable) date: missing data is neutral.
    """
    if query_date is None or not listed_dates:
        return None
    best_rank, best = -1, None
    for listed in listed_dates:
        try:
            rank, label = _date_agreement(query_date, listed, tolerance)
        except ValueError:
            continue
        if rank > best_rank:
            best_rank, best = rank, (label, listed)
    return best


def birth_date_feature(
    score: float,
    query_date: str | None,
    listed_dates: tuple[str, ...],
    agreement: tuple[str, str] | None,
) -> tuple[float, Feature | None]:
    """A small bonus for agreeing birth dates; a contradiction costs a fifth of the score."""
    if agreement is None or query_date is None:
        return score, None
    best_label, best_date = agreement
    bonus = {"exact": DOB_EXACT_BONUS, "month": DOB_MONTH_BONUS, "year": DOB_YEAR_BONUS}
    if best_label == "contradiction":
        new = score * DOB_CONTRADICTION
        shown = ", ".join(sorted(listed_dates)[:3])
        detail = f"birth date {query_date} contradicts {shown}: x{DOB_CONTRADICTION:.2f}"
        return new, Feature("birth_date", -1.0, round(new - score, 4), detail)
    new = score + bonus.get(best_label, 0.0)
    value = {"exact": 1.0, "month": 0.9, "year": 0.8}.get(best_label, 0.5)
    detail = f"birth date {query_date} ~ {best_date} ({best_label})"
    return new, Feature("birth_date", value, round(new - score, 4), detail)


def country_feature(
    score: float, query_countries: frozenset[str], listed_countries: frozenset[str]
) -> tuple[float, Feature | None]:
    """Agreement of nationality / country / flag; missing on either side is neutral."""
    if not query_countries or not listed_countries:
        return score, None
    common = query_countries & listed_countries
    if common:
        new = score + COUNTRY_BONUS
        detail = f"country {', '.join(sorted(common))} agrees"
        return new, Feature("country", 1.0, round(new - score, 4), detail)
    new = score * COUNTRY_CONTRADICTION
    detail = (
        f"country {', '.join(sorted(query_countries))} vs "
        f"{', '.join(sorted(listed_countries))}: x{COUNTRY_CONTRADICTION:.2f}"
    )
    return new, Feature("country", -1.0, round(new - score, 4), detail)
