"""Candidate retrieval finds at least what the original one did, with at least the same weight.

The reference (`retrieval_reference.py`) is the retrieval as first written, before the speed
work and before near spellings of indexed words were looked up. The retrieval now takes two
passes: the first must equal the reference (same names, same weights, same order: the order of
the scores breaks ties later); the second (near spellings and halves of words that are indexed
themselves, near spellings of two words written together) may only add names and weight. So
every name the reference retrieves is retrieved, and its accumulated weight never goes down.

A list of a few thousand parties made of few, often shared words gives long postings, so that
every path is taken: rare words that open candidates, common words that only add weight, pairs
of common words, a lone common word, near spellings, words written together or apart.
"""

from __future__ import annotations

import random

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.screening import candidates
from sanctionwatch.screening.index import TARGET_SCHEMATA, ScreeningIndex, category_of
from sanctionwatch.screening.score import QueryName
from tests.screening.conftest import listed_entities, make
from tests.screening.retrieval_reference import Reference, best_candidates

_GIVEN = ["kim", "jong", "un", "il", "song", "chol", "muhammad", "ali", "hassan", "john"]
_FAMILY = ["pak", "ri", "choe", "ivanov", "petrov", "smith", "smyth", "garcia", "rahman", "wang"]
_WORDS = ["korea", "global", "ocean", "trading", "shipping", "golden", "petro", "union"]
_LEGAL = ["LLC", "Co., Ltd.", "JSC", "OOO", "Corporation"]
_SYLLABLES = ["ka", "ri", "mo", "ta", "ne", "zu", "lo", "vi", "sa", "ko"]

Built = tuple[ScreeningIndex, Reference, list[tuple[str, str]]]


def _rare(rnd: random.Random) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4)))


def _entities(count: int) -> list[EntityProxy]:
    rnd = random.Random(7)
    entities = list(listed_entities())
    for number in range(count):
        kind = rnd.random()
        if kind < 0.6:
            words = [rnd.choice(_GIVEN) for _ in range(rnd.randint(1, 2))]
            name = " ".join([rnd.choice(_FAMILY).upper(), *words, _rare(rnd)][: rnd.randint(2, 4)])
            aliases = [
                f"{rnd.choice(_GIVEN)} {rnd.choice(_FAMILY)}" for _ in range(rnd.randint(0, 2))
            ]
            entities.append(make("Person", f"p-{number}", name=name, alias=aliases))
        elif kind < 0.92:
            company = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(1, 3)))
            name = f"{company} {_rare(rnd)} {rnd.choice(_LEGAL)}".title()
            entities.append(make("Company", f"c-{number}", name=name))
        else:
            name = f"{_rare(rnd).upper()} {rnd.randint(1, 9)}"
            entities.append(
                make("Vessel", f"v-{number}", name=name, imoNumber=str(9100000 + number))
            )
    return entities


def _queries(entities: list[EntityProxy]) -> list[tuple[str, str]]:
    """(name, schema): listed names and variants, common words, near and joined spellings."""
    rnd = random.Random(11)
    listed = [(e.schema.name, n) for e in entities for n in e.get("name") + e.get("alias")]
    queries: list[tuple[str, str]] = []
    for schema, name in rnd.sample(listed, 300):
        words = name.replace(",", " ").split()
        queries.append((name, schema))
        rnd.shuffle(words)
        queries.append((" ".join(words).lower(), "Thing"))
        longest = max(words, key=len)
        if len(longest) > 4:
            at = rnd.randrange(1, len(longest) - 1)
            typo = longest[:at] + longest[at + 1 :]
            queries.append((" ".join(typo if w == longest else w for w in words), "Thing"))
        if len(words) > 1:
            queries.append(("".join(words[:2]) + " " + " ".join(words[2:]), "Person"))
    for _ in range(100):
        queries.append((" ".join(rnd.sample(_GIVEN + _FAMILY, rnd.randint(1, 3))), "Thing"))
        queries.append(
            (f"{rnd.choice(_WORDS)} {rnd.choice(_WORDS)} {rnd.choice(_LEGAL)}", "Company")
        )
    queries += [(w, "Thing") for w in _GIVEN + _FAMILY + _WORDS]
    queries += [("Kim Jongun", "Person"), ("Muhamad Alli", "Thing"), ("Ivanoff Sergei", "Person")]
    queries += [("John Smoth", "Person"), ("Garcia Smithe", "Thing")]
    return queries


@pytest.fixture(scope="module")
def built() -> Built:
    entities = _entities(3000)
    index = ScreeningIndex.build(entities)
    # The reference's deletion index is built from the postings as they are before any query.
    return index, Reference(index._tokens), _queries(entities)


def _query_names(index: ScreeningIndex, queries: list[tuple[str, str]]) -> list[QueryName]:
    names = [index._query_name(text, category_of(schema)) for text, schema in queries]
    return [n for n in names if n.name.slots]


def test_long_postings_are_exercised(built: Built) -> None:
    index, _reference, _queries = built
    longest = max(len(p) for p in index._tokens.postings.values())
    assert longest > candidates.SET_CACHE_MIN


# The limits as they are, and lowered so that a list this small takes every path: pairs of
# common words cut off at COMMON_LIMIT, intersections kept and the caches emptied when full.
LIMITS: dict[str, dict[str, int]] = {
    "default": {},
    "low": {
        "OPEN_LIMIT": 40,
        "COMMON_LIMIT": 100,
        "SET_CACHE_MIN": 64,
        "PAIR_CACHE_MIN": 80,
        "PAIR_CACHE_BUDGET": 400,
        "QUERY_CACHE_SIZE": 50,
    },
}
# The bound at the default threshold, and none (every pair of common words is opened).
DEFAULT_BOUND = (0.70 - 0.05) / 0.95


@pytest.fixture(params=sorted(LIMITS))
def limits(request: pytest.FixtureRequest, built: Built, monkeypatch: pytest.MonkeyPatch) -> str:
    index, reference, _queries = built
    name: str = request.param
    for constant, value in LIMITS[name].items():
        monkeypatch.setattr(candidates, constant, value)
    # What was kept under other limits would not be kept under these.
    tokens = index._tokens
    for cache in (tokens._sets, tokens._pairs, tokens._slot_cache, tokens._joined_cache):
        cache.clear()
    tokens._pair_budget = candidates.PAIR_CACHE_BUDGET
    reference.sets.clear()
    return name


@pytest.mark.parametrize("bound", [0.0, DEFAULT_BOUND])
def test_accumulate_covers_reference(built: Built, limits: str, bound: float) -> None:
    index, reference, queries = built
    added = 0
    for _round in range(2):  # the second round runs on warm caches
        for q_name in _query_names(index, queries):
            slots, weights = q_name.name.slots, q_name.weights
            expected = reference.accumulate(slots, weights, bound)
            found = index._tokens.accumulate(slots, weights, bound)
            context = (limits, q_name.name.text)
            # The first pass is the reference, in the same order; the second only appends.
            assert list(found)[: len(expected)] == list(expected), context
            for name_id, weight in expected.items():
                assert found[name_id] >= weight, context
            added += len(found) - len(expected)
    assert added > 0  # near spellings of indexed words do find more


def test_first_pass_equals_reference(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the second pass the retrieval is exactly the reference, weights included."""
    index, reference, queries = built
    tokens = index._tokens
    monkeypatch.setattr(tokens, "extra_terms", lambda slot, known=(): [])
    monkeypatch.setattr(tokens, "_joined_near", lambda first, second: [])
    tokens._slot_cache.clear()
    tokens._joined_cache.clear()
    try:
        for q_name in _query_names(index, queries):
            slots, weights = q_name.name.slots, q_name.weights
            for bound in (0.0, DEFAULT_BOUND):
                expected = reference.accumulate(slots, weights, bound)
                found = tokens.accumulate(slots, weights, bound)
                assert list(found.items()) == list(expected.items()), q_name.name.text
    finally:
        tokens._slot_cache.clear()
        tokens._joined_cache.clear()


def test_near_spellings_of_indexed_words_are_retrieved() -> None:
    """Every word of the query is some other party's word, so the reference looks none of them
    up by near spelling: "Bashir TKACHEV" misses "Bachir TKACHOU" (no phonetic key in common
    either), "Abdulrahim" misses "Abdul Rahim" and "Nasir Din" misses "NASRUDIN"; the
    second pass finds them."""
    index = ScreeningIndex.build(
        [
            make("Person", "p-1", name="Bachir TKACHOU"),
            make("Person", "p-2", name="Bashir HAMDANI"),
            make("Person", "p-3", name="Ivan TKACHEV"),
            make("Person", "p-4", name="Abdul Rahim SAYED"),
            make("Person", "p-5", name="Abdulrahim KHAN"),
            make("Person", "p-6", name="NASRUDIN"),
            make("Person", "p-7", name="Nasir NOORI"),
            make("Person", "p-8", name="Rahmat DIN"),
        ]
    )
    reference = Reference(index._tokens)
    wanted_by_query = (("Bashir TKACHEV", "p-1"), ("Abdulrahim", "p-4"), ("Nasir Din", "p-6"))
    for text, wanted in wanted_by_query:
        q_name = index._query_name(text, category_of("Person"))
        slots, weights = q_name.name.slots, q_name.weights
        before = reference.accumulate(slots, weights)
        found = index._tokens.accumulate(slots, weights)
        assert wanted not in {index._entities[index._names[n].entity].id for n in before}, text
        assert wanted in {index._entities[index._names[n].entity].id for n in found}, text


@pytest.mark.parametrize("schema", ["Thing", "Person", "Vessel"])
def test_best_candidates_equal_reference(built: Built, schema: str) -> None:
    index, reference, queries = built
    allowed = index._allowed_names(schema, True)
    flags = [bool(a) for a in allowed]
    totals = list(index._totals)
    for q_name in _query_names(index, queries):
        scores = reference.accumulate(q_name.name.slots, q_name.weights, DEFAULT_BOUND)
        for k in (3, 10, 25):
            expected = best_candidates(scores, flags, totals, q_name.total, DEFAULT_BOUND, k)
            found = candidates.best_candidates(
                scores, allowed, index._totals, q_name.total, DEFAULT_BOUND, k
            )
            assert found == expected


def test_every_target_schema_fits_a_name_code() -> None:
    assert len(TARGET_SCHEMATA) * 2 <= 256  # one byte per listed name in `_name_codes`
