"""Candidate retrieval: an inverted index from readings and phonetic keys to listed names.

Scoring a name pair costs tens of microseconds; scoring all ~300k listed names per query would
cost seconds. Retrieval keeps the expensive scorer to a bounded set: every reading and phonetic
key of a query slot is looked up, plus near spellings of long words through a one-edit deletion
index and the halves of a word that may be two words written together; names accumulate the
query slots' rarity weights, rare slots open candidates, common slots ("mohammed", "company")
only add to candidates already found, and the best few dozen by accumulated weight go on to the
scorer.

The near spellings and halves of a word that is itself indexed ("Saleh" for "Salih", "Sang
Man" for "Sangman" when "sangman" is some other name's word) are looked up too, in a second
pass (`_add_extra`) that only ever adds candidates and weight to what the first pass found: a
name the first pass retrieves is always retrieved, with at least the same weight.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

from sanctionwatch.screening.lexicon import lexicon
from sanctionwatch.screening.names import Slot
from sanctionwatch.screening.normalize import key_consonants
from sanctionwatch.screening.score import KIND_INFO, KIND_WEIGHT, info_cap

# Pseudo-count of a background population, so that IDF means something on a small index (tests,
# one list) as on the full lists.
_BACKGROUND_ENTITIES = 20000
# Prior share of entities holding a token, by token length: short tokens are common in the
# world's names whatever their count on the lists. A share (not a count) keeps a token's
# largest IDF the same on an index of any size.
_LENGTH_PRIOR = (0.0025, 0.15, 0.02, 0.004, 0.001, 0.0004)
_LONG_PRIOR = 0.0002
_COMMON_PRIOR = 0.075
_NUMBER_PRIOR = 0.0025
# A slot whose postings exceed this only adds weight to candidates found by rarer slots.
OPEN_LIMIT = 150
# How much more weight a listed name's matched words may carry than the query's (optimistic).
LISTED_SLACK = 2.0
# Most candidates opened by pairs of common slots.
COMMON_LIMIT = 2000
# Postings at least this long are kept as sets once used (common words recur in queries).
SET_CACHE_MIN = 256
# Share of a slot's weight credited for a near reading or a shared phonetic key only.
LOOSE_FACTOR = 0.75
# Leading readings of a slot whose near spellings are looked up even when the reading itself is
# indexed (the other readings are systems' variants, looked up exactly).
EXTRA_FORMS = 2
# Spellings shorter than this are not looked up by edit distance (too many near neighbours).
NEAR_MIN_LENGTH = 5
_NEAR_MAX = 12
# A query word and a short one after it written as one are looked up by near spelling from
# this length, with this many readings of the short word.
JOINED_NEAR_MIN_LENGTH = 7
JOINED_SECOND_MAX = 3
JOINED_SECOND_FORMS = 8
# Entries kept per query-side cache (term groups of a slot, of two adjacent slots) before it is
# emptied: enough for the distinct words of a large batch, bounded for a long-running service.
QUERY_CACHE_SIZE = 1 << 16

# Intersections of two postings at least this long are kept for reuse, up to a total of
# PAIR_CACHE_BUDGET names (a few megabytes) before the cache is emptied.
PAIR_CACHE_MIN = 1000
PAIR_CACHE_BUDGET = 1 << 18

# A query slot's terms looked up together: (weight factor, terms, postings size, weak, extra);
# `extra` marks the near spellings and halves of readings that are indexed themselves.
_SlotGroup = tuple[float, tuple[str, ...], int, bool, bool]
# One query's term group: (postings size, slot position, weight, terms, weak); joined readings
# of two slots take the position -1 - first slot.
_TermGroup = tuple[int, int, float, tuple[str, ...], bool]
# Two adjacent query slots written as one word: (indexed readings, their postings size, near
# spellings of those readings, their postings size).
_JoinedGroups = tuple[tuple[str, ...], int, tuple[str, ...], int]


def _group_size(group: _TermGroup) -> int:
    return group[0]


def _deletes(form: str) -> list[str]:
    return [form[:i] + form[i + 1 :] for i in range(len(form))]


class TokenIndex:
    """Postings of readings and phonetic keys, entity frequencies, and slot weights."""

    def __init__(self) -> None:
        # Postings are arrays, not lists of ints: a list points to int objects scattered over
        # the heap, and reading them (a cache miss each) was most of the cost of retrieval;
        # arrays are also a quarter of the size, and forked workers never write to them.
        self.postings: dict[str, array[int]] = {}
        self._adding: dict[str, list[int]] = {}  # postings while the index is built
        self.frequency: Counter[str] = Counter()
        self.entity_count = 0
        self.sizes: list[int] = []
        self._near: dict[str, str | list[str]] = {}
        self._weights: dict[tuple[Slot, bool, bool], tuple[float, float]] = {}
        # Plain sets, not frozensets: `dict.keys() & set` iterates the (small) keys only when
        # the other operand is exactly a set.
        self._sets: dict[str, set[int]] = {}
        self._common = lexicon().common_tokens
        self._slot_cache: dict[Slot, tuple[_SlotGroup, ...]] = {}
        self._pairs: dict[tuple[str, str], set[int]] = {}
        self._pair_budget = PAIR_CACHE_BUDGET
        self._joined_cache: dict[tuple[Slot, Slot], _JoinedGroups] = {}

    # -- building ---------------------------------------------------------------------------

    def count_entity(self, forms: Iterable[str]) -> None:
        """Count one entity's distinct readings for document frequency."""
        self.entity_count += 1
        self.frequency.update(set(forms))

    def add_name(self, name_id: int, slots: Iterable[Slot]) -> None:
        """Post a listed name under every reading and phonetic key of its slots."""
        terms: set[str] = set()
        slots = tuple(slots)
        while len(self.sizes) <= name_id:
            self.sizes.append(0)
        self.sizes[name_id] = len(slots)
        for slot in slots:
            terms.update(slot.forms)
            terms.update("#" + key for key in slot.keys)
        postings = self._adding
        for term in terms:
            found = postings.get(term)
            if found is None:
                postings[term] = [name_id]
            else:
                found.append(name_id)

    def finish(self) -> None:
        """Sort postings shortest name first; build the one-edit deletion index."""
        size_of = self.sizes.__getitem__
        for found in self._adding.values():
            if len(found) > 1:
                found.sort(key=size_of)
        self.postings = {term: array("i", found) for term, found in self._adding.items()}
        self._adding = {}
        # Most deletions lead back to one reading: it is kept as a plain string, and only the
        # others get a list (a third of the deletion index's memory).
        near: dict[str, str | list[str]] = {}
        for term in self.postings:
            if len(term) >= NEAR_MIN_LENGTH and term[0] != "#":
                for deleted in _deletes(term):
                    neighbours = near.get(deleted)
                    if neighbours is None:
                        near[deleted] = term
                    elif isinstance(neighbours, str):
                        near[deleted] = [neighbours, term]
                    elif len(neighbours) < _NEAR_MAX:
                        neighbours.append(term)
        self._near = near
        self.sizes = []  # only needed to sort the postings

    # -- weights ----------------------------------------------------------------------------

    def idf(self, form: str, *, acronym: bool = False) -> float:
        """Inverse entity frequency of a reading, smoothed by a length/commonness prior.

        An acronym derived from a name is not a word of a language: it gets the prior of a long
        word, not of a short one.
        """
        if acronym:
            prior = _LONG_PRIOR
        elif form.isdigit():
            prior = _NUMBER_PRIOR
        elif form in self._common:
            prior = _COMMON_PRIOR
        else:
            prior = _LENGTH_PRIOR[len(form)] if len(form) < len(_LENGTH_PRIOR) else _LONG_PRIOR
        total = self.entity_count + _BACKGROUND_ENTITIES
        return math.log(total / (self.frequency.get(form, 0) + prior * total))

    def slot_weight(
        self, slot: Slot, *, relaxed: bool = False, acronym: bool = False
    ) -> tuple[float, float]:
        """Coverage weight and identifying information of a slot.

        A slot with several readings weighs as its most common reading: conservative for
        Korean and Chinese syllables, whose popular readings are common words. `relaxed` lifts
        the length cap on information (organisation and vessel names); `acronym` marks a derived
        acronym.
        """
        cached = self._weights.get((slot, relaxed, acronym))
        if cached is not None:
            return cached
        idf = min(self.idf(form, acronym=acronym) for form in slot.forms)
        weight = max(idf, 0.1) * KIND_WEIGHT[slot.kind]
        info = min(idf, info_cap(slot.primary, relaxed=relaxed)) * KIND_INFO[slot.kind]
        result = (weight, max(info, 0.0))
        self._weights[(slot, relaxed, acronym)] = result
        return result

    # -- retrieval --------------------------------------------------------------------------

    def near(self, form: str) -> list[str]:
        """Indexed readings one or two edits away from an unknown reading."""
        found: dict[str, None] = {}
        near = self._near
        neighbours = near.get(form)
        if neighbours is not None:
            found.update(dict.fromkeys([neighbours] if isinstance(neighbours, str) else neighbours))
        postings = self.postings
        for deleted in _deletes(form):
            if deleted in postings:
                found[deleted] = None
            neighbours = near.get(deleted)
            if neighbours is None:
                continue
            if isinstance(neighbours, str):
                found[neighbours] = None
            else:
                found.update(dict.fromkeys(neighbours))
        return list(found)[:_NEAR_MAX]

    def slot_terms(self, slot: Slot) -> tuple[list[str], list[str], list[str]]:
        """Indexed terms of a query slot: its readings (exact), near readings and keys (loose),
        and keys of one consonant (only ever boost candidates found otherwise)."""
        postings = self.postings
        exact: list[str] = []
        loose: list[str] = []
        weak: list[str] = []
        for form in slot.forms:
            if form in postings:
                exact.append(form)
            elif len(form) >= NEAR_MIN_LENGTH and not form.isdigit():
                loose.extend(self.near(form))
                if self._split(form) is not None:
                    loose.append("=" + form)
        for key in slot.keys:
            term = "#" + key
            if term in postings:
                (loose if key_consonants(key) >= 2 else weak).append(term)
        return exact, loose, weak

    def extra_terms(self, slot: Slot, known: Iterable[str] = ()) -> list[str]:
        """Near readings and halves of a query slot's leading readings that are indexed
        themselves ("Salih" also finds "Saleh"; "Sangman" also finds "Sang Man"), except the
        terms in `known`. At most `_NEAR_MAX` terms, so that a common word costs little."""
        postings = self.postings
        seen = set(known)
        found: list[str] = []
        for form in slot.forms[:EXTRA_FORMS]:
            if form not in postings or len(form) < NEAR_MIN_LENGTH or form.isdigit():
                continue
            terms = self.near(form)
            if self._split(form) is not None:
                terms.append("=" + form)
            for term in terms:
                if term not in seen:
                    seen.add(term)
                    found.append(term)
        return found[:_NEAR_MAX]

    def _split(self, form: str) -> array[int] | None:
        """Names holding both halves of a reading written as one word ("Jongun" → jong, un).

        The intersection is stored as a pseudo-term "=form" so that later lookups reuse it.
        """
        found = self.postings.get("=" + form)
        if found is not None:
            return found
        postings = self.postings
        for cut in range(2, len(form) - 1):
            left = postings.get(form[:cut])
            if left is not None:
                right = postings.get(form[cut:])
                if right is not None:
                    both = array("i", sorted(set(left).intersection(right)))
                    if both:
                        postings["=" + form] = both
                        return both
        return None

    def _members(self, term: str) -> set[int]:
        """The postings of a term as a set (cached for long postings, which recur; callers never
        change the set they get)."""
        cached = self._sets.get(term)
        if cached is not None:
            return cached
        found = self.postings[term]
        if len(found) < SET_CACHE_MIN:
            return set(found)
        members = set(found)
        self._sets[term] = members
        return members

    def _slot_groups(self, slot: Slot) -> tuple[_SlotGroup, ...]:
        """The term groups of a query slot (exact, loose, weak), cached: the same words recur
        across the queries of a batch, and looking up near spellings is the costly part."""
        cached = self._slot_cache.get(slot)
        if cached is not None:
            return cached
        postings = self.postings
        exact, loose, weak = self.slot_terms(slot)
        extra = self.extra_terms(slot, (*exact, *loose))
        groups: list[_SlotGroup] = []
        for factor, terms, is_weak, is_extra in (
            (1.0, exact, False, False),
            (LOOSE_FACTOR, loose, False, False),
            (LOOSE_FACTOR, weak, True, False),
            (LOOSE_FACTOR, extra, False, True),
        ):
            if terms:
                size = sum(len(postings[t]) for t in terms)
                groups.append((factor, tuple(terms), size, is_weak, is_extra))
        found = tuple(groups)
        if len(self._slot_cache) >= QUERY_CACHE_SIZE:
            self._slot_cache.clear()
        self._slot_cache[slot] = found
        return found

    def _joined_group(self, first: Slot, second: Slot) -> _JoinedGroups:
        """Readings of two adjacent query slots written as one word, and their postings' size;
        then the near spellings of those readings when none is indexed as it is."""
        key = (first, second)
        cached = self._joined_cache.get(key)
        if cached is not None:
            return cached
        postings = self.postings
        terms = tuple(self._joined_terms(first, second))
        near = () if terms else tuple(self._joined_near(first, second))
        found = (
            terms,
            sum(len(postings[t]) for t in terms),
            near,
            sum(len(postings[t]) for t in near),
        )
        if len(self._joined_cache) >= QUERY_CACHE_SIZE:
            self._joined_cache.clear()
        self._joined_cache[key] = found
        return found

    def accumulate(
        self, slots: tuple[Slot, ...], weights: tuple[float, ...], bound: float = 0.0
    ) -> dict[int, float]:
        """Listed names sharing readings with the query, with the query weight they share.

        Per slot a name gets the slot's weight for a shared reading, less for a near reading or
        a shared phonetic key (never both). Groups of terms with short postings open candidates;
        longer ones only add to candidates found otherwise. When every slot is common ("Mohammed
        Ali"), names sharing two of the rarest slots open; a single common word opens its
        shortest names (postings are sorted by name length). `bound` is the share of the query's
        weight a name must be able to reach to be worth opening.
        """
        postings = self.postings
        # (size, position, weight, terms, weak), in slot order; sorted by size below (stably:
        # the first group to credit a slot position wins, so the order is part of the result).
        groups: list[_TermGroup] = []
        extras: list[_TermGroup] = []
        for position, (slot, weight) in enumerate(zip(slots, weights, strict=True)):
            for factor, terms, size, weak, extra in self._slot_groups(slot):
                (extras if extra else groups).append((size, position, weight * factor, terms, weak))
        for position in range(len(slots) - 1):
            joined, size, near, near_size = self._joined_group(slots[position], slots[position + 1])
            weight = weights[position] + weights[position + 1]
            if joined:
                groups.append((size, -1 - position, weight, joined, False))
            elif near:
                extras.append((near_size, -1 - position, weight * LOOSE_FACTOR, near, False))
        groups.sort(key=_group_size)
        scores: dict[int, float] = {}
        credited: dict[int, set[int]] = {}  # slot position → names already credited for it
        common: list[_TermGroup] = []
        for group in groups:
            size, position, weight, terms, weak = group
            if weak or size > OPEN_LIMIT:
                common.append(group)
                continue
            members = set(postings[terms[0]]).union(*(postings[t] for t in terms[1:]))
            done = credited.get(position)
            if done is None:
                credited[position] = members
            else:
                members -= done
                done |= members
            # New names go in in the order met (the order of `scores` breaks ties later);
            # only the names met before are added to one by one.
            if not scores:
                scores = dict.fromkeys(members, weight)
                continue
            met = [(n, scores[n]) for n in scores.keys() & members]
            scores.update(dict.fromkeys(members, weight))
            for name_id, value in met:
                scores[name_id] = value + weight
        # A name that holds none of the opened slots can reach at most the weight of the others:
        # if that is below the coverage bound, pairs of common slots need not be opened.
        unopened = sum(w for p, w in enumerate(weights) if p not in credited)
        if unopened >= bound * sum(weights) or not scores:
            self._open_common(common, scores)
        sets = self._sets
        for _size, position, weight, terms, _weak in common:
            done = credited.setdefault(position, set())
            for term in terms:
                # Long postings are looked up as (cached) sets; short ones are walked as they
                # are, without building a set for one intersection.
                looked_up: set[int] | array[int] | None = sets.get(term)
                if looked_up is None:
                    found = postings[term]
                    looked_up = self._members(term) if len(found) >= SET_CACHE_MIN else found
                hits = scores.keys() & looked_up
                hits -= done
                done |= hits
                for name_id in hits:
                    scores[name_id] += weight
        if extras:
            self._add_extra(extras, common, scores, credited)
        return scores

    def _lookup(self, term: str) -> set[int] | array[int]:
        """A term's postings, as a (cached) set when long, as they are when short."""
        found = self._sets.get(term)
        if found is not None:
            return found
        listed = self.postings[term]
        return self._members(term) if len(listed) >= SET_CACHE_MIN else listed

    def _add_extra(
        self,
        extras: list[_TermGroup],
        common: list[_TermGroup],
        scores: dict[int, float],
        credited: dict[int, set[int]],
    ) -> None:
        """The second pass: near spellings and halves of indexed readings. Rare ones open new
        names (which then get the weight of the common groups they hold); common ones add
        weight. Only slot positions not yet credited to a name are credited, so no name found
        by the first pass loses weight."""
        postings = self.postings
        extras.sort(key=_group_size)
        fresh: set[int] = set()
        later: list[_TermGroup] = []
        for group in extras:
            _size, position, weight, terms, _weak = group
            if group[0] > OPEN_LIMIT:
                later.append(group)
                continue
            members = set(postings[terms[0]]).union(*(postings[t] for t in terms[1:]))
            done = credited.setdefault(position, set())
            members -= done
            done |= members
            for name_id in members:
                value = scores.get(name_id)
                if value is None:
                    scores[name_id] = weight
                    fresh.add(name_id)
                else:
                    scores[name_id] = value + weight
        if fresh:
            for _size, position, weight, terms, _weak in common:
                done = credited.setdefault(position, set())
                for term in terms:
                    hits = fresh.intersection(self._lookup(term))
                    hits -= done
                    done |= hits
                    for name_id in hits:
                        scores[name_id] += weight
        for _size, position, weight, terms, _weak in later:
            done = credited.setdefault(position, set())
            for term in terms:
                hits = scores.keys() & self._lookup(term)
                hits -= done
                done |= hits
                for name_id in hits:
                    scores[name_id] += weight

    def _open_common(self, groups: list[_TermGroup], scores: dict[int, float]) -> None:
        """Candidates from the term groups too common to open: names sharing them for two of the
        three rarest slots ("Kim" and the key of "Chen" find Kim Jong Un), or, when the query is
        one common word and nothing opened, that word's shortest names."""
        by_position: dict[int, list[str]] = {}
        sizes: dict[int, int] = {}
        for size, position, _weight, terms, weak in groups:
            if not weak and position >= 0:
                by_position.setdefault(position, []).extend(terms)
                sizes[position] = sizes.get(position, 0) + size
        rarest = sorted(by_position, key=sizes.__getitem__)[:3]
        if len(rarest) >= 2:
            added = 0
            for i, first in enumerate(rarest):
                for second in rarest[i + 1 :]:
                    for a in by_position[first]:
                        for b in by_position[second]:
                            both = self._both(a, b)
                            fresh = [n for n in both if n not in scores]
                            if fresh:
                                scores.update(dict.fromkeys(fresh, 0.0))
                                added += len(fresh)
                            if added > COMMON_LIMIT:
                                return
        elif rarest and not scores:
            for name_id in self.postings[by_position[rarest[0]][0]][:OPEN_LIMIT]:
                scores[name_id] = 0.0

    def _both(self, first: str, second: str) -> set[int]:
        """Names holding both terms (callers never change the set). Intersections of two long
        postings are kept: they cost the most, and pairs of common words ("Mohammad Ali")
        recur across a batch."""
        key = (first, second)
        found = self._pairs.get(key)
        if found is not None:
            return found
        one, other = self._members(first), self._members(second)
        found = one & other
        if min(len(one), len(other)) >= PAIR_CACHE_MIN:
            if self._pair_budget < len(found):
                self._pairs.clear()
                self._pair_budget = PAIR_CACHE_BUDGET
            self._pairs[key] = found
            self._pair_budget -= len(found)
        return found

    def _joined_terms(self, first: Slot, second: Slot) -> list[str]:
        """Readings of two adjacent query slots written as one word ("Jong Un" → jongun)."""
        postings = self.postings
        return [a + b for a in first.forms[:3] for b in second.forms[:3] if a + b in postings]

    def _joined_near(self, first: Slot, second: Slot) -> list[str]:
        """Near spellings of a query word and a short word after it (an article, "al", "din":
        `JOINED_SECOND_MAX` letters or fewer) written as one, for a listed word that joins them
        in its own spelling ("Nasir Din" → NASRUDIN, "Ansar al" → ANSARUL). Every
        reading of the short word is tried: its joined forms come late among its readings. At
        most `_NEAR_MAX` terms. Two long words are left to their own near spellings: listing
        them joined is rarer, and looking them up would cost every query."""
        if len(second.primary) > JOINED_SECOND_MAX:
            return []
        found: dict[str, None] = {}
        for a in first.forms[:EXTRA_FORMS]:
            for b in second.forms[:JOINED_SECOND_FORMS]:
                joined = a + b
                if len(joined) >= JOINED_NEAR_MIN_LENGTH and not joined.isdigit():
                    found.update(dict.fromkeys(self.near(joined)))
        return list(found)[:_NEAR_MAX]


def best_candidates(
    scores: dict[int, float],
    allowed: bytes | bytearray,
    totals: Sequence[float],
    query_total: float,
    bound: float,
    k: int,
) -> list[int]:
    """The `k` allowed names of best expected coverage, among those that could reach `bound`.

    Optimistic coverage: every credited query weight counts as fully matched (loose credit
    scaled back up), and the listed name's matched weight as at most twice that (the same words
    weigh about the same on both sides; the slack covers readings of different rarity).
    """
    kept: list[tuple[float, int]] = []
    loose_cap = query_total * LOOSE_FACTOR
    # Even with every listed word matched at twice the weight, a name needs this much credit.
    least = LOOSE_FACTOR * bound * query_total / (1.0 + LISTED_SLACK)
    append = kept.append
    for name_id, score in scores.items():
        if score < least or not allowed[name_id]:
            continue
        listed = totals[name_id]
        query_side = query_total if score >= loose_cap else score / LOOSE_FACTOR
        slack = LISTED_SLACK * query_side
        listed_side = slack if slack < listed else listed
        both = query_total + listed
        if query_side + listed_side >= bound * both:
            # Rank by the coverage expected if the listed words weigh as the query's did.
            expected = score + (score if score < listed else listed)
            append((expected / both, name_id))
    if len(kept) <= k:
        # In the order met: among names of one entity that align equally well, the scorer keeps
        # the first it is given.
        return [n for _s, n in kept]
    return [n for _s, n in heapq.nlargest(k, kept)]
