"""Candidate retrieval as first written (sw-v1, before the speed work), kept as the reference.

The limits (`OPEN_LIMIT`, `COMMON_LIMIT`, `SET_CACHE_MIN`) are read from `candidates` on each
use, so that a test can lower them for both implementations at once.

`TokenIndex.accumulate` and `best_candidates` were rewritten for speed (arrays, caches, C-level
set operations); they must still return exactly what this plain version returns, in the same
order (the order of the scores breaks ties between equally good names of one entity). Only the
index's postings and its `_split` pseudo-terms are shared with the code under test.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

from sanctionwatch.screening import candidates
from sanctionwatch.screening.candidates import (
    LISTED_SLACK,
    LOOSE_FACTOR,
    NEAR_MIN_LENGTH,
    TokenIndex,
)
from sanctionwatch.screening.names import Slot
from sanctionwatch.screening.normalize import key_consonants

_NEAR_MAX = 12


def _deletes(form: str) -> list[str]:
    return [form[:i] + form[i + 1 :] for i in range(len(form))]


class Reference:
    """The original retrieval over the postings of a built `TokenIndex`."""

    def __init__(self, tokens: TokenIndex) -> None:
        self.tokens = tokens
        self.postings = tokens.postings
        near: dict[str, list[str]] = {}
        for term in self.postings:
            if len(term) >= NEAR_MIN_LENGTH and term[0] not in "#=":
                for deleted in _deletes(term):
                    neighbours = near.get(deleted)
                    if neighbours is None:
                        near[deleted] = [term]
                    elif len(neighbours) < _NEAR_MAX:
                        neighbours.append(term)
        self.near_index = near
        self.sets: dict[str, set[int]] = {}

    def near(self, form: str) -> list[str]:
        found: dict[str, None] = {}
        for term in self.near_index.get(form, ()):
            found[term] = None
        for deleted in _deletes(form):
            if deleted in self.postings:
                found[deleted] = None
            for term in self.near_index.get(deleted, ()):
                found[term] = None
        return list(found)[:_NEAR_MAX]

    def slot_terms(self, slot: Slot) -> tuple[list[str], list[str], list[str]]:
        postings = self.postings
        exact: list[str] = []
        loose: list[str] = []
        weak: list[str] = []
        for form in slot.forms:
            if form in postings:
                exact.append(form)
            elif len(form) >= NEAR_MIN_LENGTH and not form.isdigit():
                loose.extend(self.near(form))
                if self.tokens._split(form) is not None:
                    loose.append("=" + form)
        for key in slot.keys:
            term = "#" + key
            if term in postings:
                (loose if key_consonants(key) >= 2 else weak).append(term)
        return exact, loose, weak

    def members(self, term: str) -> set[int]:
        # Long postings were cached as sets: the same object for the same term, which decides
        # the order of an intersection of a term with itself ("Il Il").
        cached = self.sets.get(term)
        if cached is not None:
            return cached
        found = set(self.postings[term])
        if len(found) >= candidates.SET_CACHE_MIN:
            self.sets[term] = found
        return found

    def accumulate(
        self, slots: tuple[Slot, ...], weights: tuple[float, ...], bound: float = 0.0
    ) -> dict[int, float]:
        postings = self.postings
        groups: list[_Group] = []
        for position, (slot, weight) in enumerate(zip(slots, weights, strict=True)):
            exact, loose, weak = self.slot_terms(slot)
            if exact:
                groups.append(_Group(position, weight, exact, postings))
            if loose:
                groups.append(_Group(position, weight * LOOSE_FACTOR, loose, postings))
            if weak:
                groups.append(_Group(position, weight * LOOSE_FACTOR, weak, postings, weak=True))
        for position in range(len(slots) - 1):
            first, second = slots[position], slots[position + 1]
            joined = [a + b for a in first.forms[:3] for b in second.forms[:3] if a + b in postings]
            if joined:
                weight = weights[position] + weights[position + 1]
                groups.append(_Group(-1 - position, weight, joined, postings))
        groups.sort(key=lambda g: g.size)
        scores: dict[int, float] = {}
        credited: dict[int, set[int]] = {}
        get = scores.get
        for group in groups:
            if group.weak or group.size > candidates.OPEN_LIMIT:
                continue
            members = set(postings[group.terms[0]]).union(*(postings[t] for t in group.terms[1:]))
            done = credited.get(group.position)
            if done is None:
                credited[group.position] = members
            else:
                members -= done
                done |= members
            weight = group.weight
            for name_id in members:
                scores[name_id] = get(name_id, 0.0) + weight
        unopened = sum(w for p, w in enumerate(weights) if p not in credited)
        if unopened >= bound * sum(weights) or not scores:
            self.open_common(
                [g for g in groups if g.weak or g.size > candidates.OPEN_LIMIT], scores
            )
        for group in groups:
            if not group.weak and group.size <= candidates.OPEN_LIMIT:
                continue
            done = credited.setdefault(group.position, set())
            weight = group.weight
            for term in group.terms:
                hits = scores.keys() & self.members(term)
                hits -= done
                done |= hits
                for name_id in hits:
                    scores[name_id] += weight
        return scores

    def open_common(self, groups: list[_Group], scores: dict[int, float]) -> None:
        by_position: dict[int, list[str]] = {}
        sizes: dict[int, int] = {}
        for group in groups:
            if not group.weak and group.position >= 0:
                by_position.setdefault(group.position, []).extend(group.terms)
                sizes[group.position] = sizes.get(group.position, 0) + group.size
        rarest = sorted(by_position, key=sizes.__getitem__)[:3]
        if len(rarest) >= 2:
            added = 0
            for i, first in enumerate(rarest):
                for second in rarest[i + 1 :]:
                    for a in by_position[first]:
                        for b in by_position[second]:
                            for name_id in self.members(a) & self.members(b):
                                if name_id not in scores:
                                    scores[name_id] = 0.0
                                    added += 1
                            if added > candidates.COMMON_LIMIT:
                                return
        elif rarest and not scores:
            for name_id in self.postings[by_position[rarest[0]][0]][: candidates.OPEN_LIMIT]:
                scores[name_id] = 0.0


class _Group:
    def __init__(
        self,
        position: int,
        weight: float,
        terms: list[str],
        postings: Mapping[str, Sequence[int]],
        *,
        weak: bool = False,
    ) -> None:
        self.position = position
        self.weight = weight
        self.terms = terms
        self.weak = weak
        self.size = sum(len(postings[t]) for t in terms)


def best_candidates(
    scores: dict[int, float],
    allowed: Sequence[bool],
    totals: Sequence[float],
    query_total: float,
    bound: float,
    k: int,
) -> list[int]:
    """The original selection of the names to score."""
    kept = []
    loose_cap = query_total * LOOSE_FACTOR
    least = LOOSE_FACTOR * bound * query_total / (1.0 + LISTED_SLACK)
    for name_id, score in [item for item in scores.items() if item[1] >= least]:
        if allowed[name_id]:
            listed = totals[name_id]
            query_side = query_total if score >= loose_cap else score / LOOSE_FACTOR
            listed_side = min(LISTED_SLACK * query_side, listed)
            both = query_total + listed
            if query_side + listed_side >= bound * both:
                expected = score + (score if score < listed else listed)
                kept.append((expected / both, name_id))
    if len(kept) <= k:
        return [n for _s, n in kept]
    return [n for _s, n in heapq.nlargest(k, kept)]
