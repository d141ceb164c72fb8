"""Hard negatives: two different parties of one list whose names look alike.

Both parties come from the same listing authority (so the list itself says they are different
parties; UK designations of one OFSI group are one party and never paired), are of one kind
(person, organisation, vessel), share a distinctive word, and are *clearly different names* by
the builder's plain measure (`resemblance.is_clear_negative`): each has a word the other lacks.
Pairs whose names differ by nothing but a middle name, or by a near spelling, say nothing by
name alone and are left out.

Categories (persons are tried in this order):

- `neg_korean`: two Korean names sharing syllables ("KIM JONG IL" / "KIM JONG UN");
- `neg_common_name`: the shared words are all common on the lists (Muhammad, Ali, Kim...), two
  of them, or one in a name of two words ("MOHAMMAD ALI" / "ALI HASSAN");
- `neg_two_of_three`: names of three or more words sharing two;
- `neg_surname`: the same surname, other given names;
- `neg_given_name`: the same given name, another surname;
- `neg_org`: organisations sharing words (often generic ones: "KOREA ... SHIPPING");
- `neg_vessel`: vessels with similar names ("NAM SAN 8" / "NAM SAN 7").
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator

from sanctionwatch.evaluation.corpus import Party
from sanctionwatch.evaluation.linking import kind_of
from sanctionwatch.evaluation.resemblance import distinctive, fold, is_clear_negative, shared
from sanctionwatch.evaluation.variants import given_and_surname, korean_name

NEGATIVE_CATEGORIES = (
    "neg_korean",
    "neg_common_name",
    "neg_two_of_three",
    "neg_surname",
    "neg_given_name",
    "neg_org",
    "neg_vessel",
)
# A word held by more parties than this opens no candidates (it still counts as shared).
_OPEN_LIMIT = 400
# Share of parties whose names hold a word for the word to count as common.
_COMMON_SHARE = 0.004
# Candidates examined per party, most shared words first.
_PER_PARTY = 8


def _surname(party: Party) -> str | None:
    split = given_and_surname(party)
    if split is not None:
        words = distinctive(split[1])
        return words[-1] if words else None
    korean = korean_name(party)
    if korean is not None:
        return korean[0]
    words = distinctive(party.name)
    return words[-1] if len(words) >= 2 else None


def classify(a: Party, b: Party, common: frozenset[str]) -> str | None:
    """The negative category of two different parties' names, or None if not a clear one."""
    kind = kind_of(a)
    if kind != kind_of(b) or kind == "other":
        return None
    if not is_clear_negative(a.name, b.name):
        return None
    if kind == "org":
        return "neg_org"
    if kind == "vessel":
        return "neg_vessel"
    if korean_name(a) is not None and korean_name(b) is not None:
        return "neg_korean"
    common_words = shared(a.name, b.name)
    shortest = min(len(distinctive(a.name)), len(distinctive(b.name)))
    if all(w in common for w in common_words) and (len(common_words) >= 2 or shortest <= 2):
        return "neg_common_name"
    if len(common_words) >= 2 and shortest >= 3:
        return "neg_two_of_three"
    surname_a, surname_b = _surname(a), _surname(b)
    if surname_a is not None and surname_a == surname_b:
        return "neg_surname"
    return "neg_given_name"


def _common_words(parties: list[Party]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for party in parties:
        counts.update(set(distinctive(party.name)))
    floor = max(10, int(_COMMON_SHARE * len(parties)))
    return frozenset(w for w, n in counts.items() if n >= floor)


def iter_negatives(parties: list[Party], rng: random.Random) -> Iterator[tuple[Party, Party, str]]:
    """Hard negative pairs among the parties of one list, in a seeded random order."""
    persons = [p for p in parties if p.schema == "Person"]
    common = _common_words(persons)
    index: dict[str, list[int]] = defaultdict(list)
    for position, party in enumerate(parties):
        for word in set(distinctive(party.name)):
            index[word].append(position)
    order = list(range(len(parties)))
    rng.shuffle(order)
    paired: set[tuple[int, int]] = set()
    for a_pos in order:
        a = parties[a_pos]
        counts: Counter[int] = Counter()
        for word in sorted(set(distinctive(a.name))):
            postings = index[word]
            if len(postings) <= _OPEN_LIMIT:
                counts.update(postings)
        counts.pop(a_pos, None)
        # Most shared words first; ties in a seeded random order (drawn in position order, so
        # that the draws do not depend on the order of a set).
        ties = {b_pos: rng.random() for b_pos in sorted(counts)}
        ranked = sorted(counts.items(), key=lambda item: (-item[1], ties[item[0]]))
        for b_pos, _count in ranked[:_PER_PARTY]:
            b = parties[b_pos]
            key = (min(a_pos, b_pos), max(a_pos, b_pos))
            if key in paired or a.group == b.group or fold(a.name) == fold(b.name):
                continue
            category = classify(a, b, common)
            if category is not None:
                paired.add(key)
                yield a, b, category
