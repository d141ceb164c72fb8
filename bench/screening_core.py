"""Micro-benchmark of the screening core on a synthetic list: prints JSON figures.

The list is generated (no files needed): persons with Korean, Russian, Arabic, Chinese and
Western names, companies with legal forms, vessels with IMO numbers, in the sizes of the full
combined lists. Queries are listed names, half of them reordered and misspelt. Figures: index
build time and peak memory, single-query latency p50/p99, batch throughput on one process and
on `--workers` forked processes (the index is shared copy-on-write).

    python bench/screening_core.py --entities 50000 --queries 5000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import statistics
import time

from followthemoney import model
from followthemoney.proxy import EntityProxy

from sanctionwatch.screening import Query, ScreeningIndex, ScreenOptions

_KOREAN = [
    "kim",
    "lee",
    "ri",
    "pak",
    "park",
    "choe",
    "jong",
    "un",
    "il",
    "song",
    "chol",
    "yong",
    "myong",
    "hyok",
    "nam",
    "sok",
    "min",
    "ho",
    "su",
]
_RUSSIAN_GIVEN = [
    "vladimir",
    "sergei",
    "yevgeniy",
    "dmitriy",
    "aleksandr",
    "mikhail",
    "igor",
    "oleg",
    "nikolai",
]
_RUSSIAN_FAMILY = [
    "ivanov",
    "petrov",
    "smirnov",
    "sokolov",
    "volkov",
    "morozov",
    "kuznetsov",
    "popov",
    "orlov",
]
_ARABIC = [
    "muhammad",
    "ahmad",
    "ali",
    "hassan",
    "hussein",
    "abdul",
    "rahman",
    "khalid",
    "omar",
    "yusuf",
    "ibrahim",
]
_CHINESE = [
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "jin",
    "ping",
    "wei",
]
_WESTERN = [
    "john",
    "james",
    "maria",
    "anna",
    "smith",
    "johnson",
    "garcia",
    "martin",
    "muller",
    "rossi",
]
_WORDS = [
    "korea",
    "global",
    "ocean",
    "star",
    "union",
    "eastern",
    "golden",
    "alpha",
    "new",
    "trans",
    "petro",
    "tech",
]
_LEGAL = ["LLC", "Ltd", "Co., Ltd.", "JSC", "OOO", "Corporation", "Trading Company", "FZE"]
_SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "ta",
    "ne",
    "zu",
    "lo",
    "vi",
    "sa",
    "ko",
    "de",
    "ha",
    "mi",
    "ru",
    "to",
    "be",
    "na",
]


def _rare(rnd: random.Random) -> str:
    """A made-up word, so that the list has the long tail of rare names real lists have."""
    return "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4)))


def _person_name(rnd: random.Random) -> str:
    style = rnd.randrange(5)
    if style == 0:
        return " ".join(rnd.choice(_KOREAN) for _ in range(3)).upper()
    if style == 1:
        given, family = rnd.choice(_RUSSIAN_GIVEN), rnd.choice(_RUSSIAN_FAMILY)
        return f"{family.upper()}, {given.title()} {rnd.choice(_RUSSIAN_GIVEN).title()}ovich"
    if style == 2:
        return " ".join(rnd.choice(_ARABIC).title() for _ in range(3)) + " " + _rare(rnd).title()
    if style == 3:
        return (
            f"{rnd.choice(_CHINESE).upper()}, {rnd.choice(_CHINESE).title()}{rnd.choice(_CHINESE)}"
        )
    return f"{rnd.choice(_WESTERN).title()} {_rare(rnd).upper()}"


def synthetic_list(count: int, seed: int = 1) -> list[EntityProxy]:
    """`count` listed parties with aliases, birth dates, identifiers and sanctions."""
    rnd = random.Random(seed)
    entities: list[EntityProxy] = []
    for number in range(count):
        kind = rnd.random()
        if kind < 0.55:
            entity = model.make_entity("Person")
            entity.add("name", _person_name(rnd))
            for _ in range(rnd.randint(0, 4)):
                entity.add("alias", _person_name(rnd))
            entity.add("birthDate", f"{rnd.randint(1940, 2000)}-{rnd.randint(1, 12):02d}-01")
        elif kind < 0.93:
            entity = model.make_entity("Company")
            words = " ".join(rnd.choice(_WORDS).title() for _ in range(rnd.randint(1, 3)))
            entity.add("name", f"{words} {_rare(rnd).title()} {rnd.choice(_LEGAL)}")
            for _ in range(rnd.randint(0, 3)):
                entity.add("alias", f"{_rare(rnd).upper()} {rnd.choice(_LEGAL)}")
        else:
            entity = model.make_entity("Vessel")
            entity.add("name", f"{_rare(rnd).upper()} {rnd.randint(1, 9)}")
            entity.add("imoNumber", str(9000000 + number))
        entity.id = f"syn-{number}"
        sanction = model.make_entity("Sanction")
        sanction.id = f"syn-s-{number}"
        sanction.add("entity", entity.id)
        sanction.add("authority", "Synthetic")
        entities.extend((entity, sanction))
    return entities


def _queries(entities: list[EntityProxy], count: int, seed: int = 2) -> list[Query]:
    rnd = random.Random(seed)
    names = [n for e in entities for n in e.get("name", quiet=True)]
    queries = []
    for index in range(count):
        name = rnd.choice(names)
        if index % 2:
            tokens = name.replace(",", "").split()
            rnd.shuffle(tokens)
            name = " ".join(tokens).lower().replace("a", "e", 1)
        queries.append(Query(name=name))
    return queries


_INDEX: ScreeningIndex | None = None


def _screen_part(queries: list[Query]) -> int:
    assert _INDEX is not None
    return sum(len(r) for r in _INDEX.screen_many(queries, ScreenOptions()))


def main() -> None:
    """Build, screen, print the figures as JSON."""
    global _INDEX  # noqa: PLW0603 -- forked workers inherit the index through this global
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=50000)
    parser.add_argument("--queries", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    entities = synthetic_list(args.entities)
    queries = _queries(entities, args.queries)
    started = time.perf_counter()
    _INDEX = ScreeningIndex.build(entities)
    build_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    options = ScreenOptions()
    for query in queries[:200]:  # warm caches of the first queries only
        _INDEX.screen(query, options)
    latencies = []
    started = time.perf_counter()
    for query in queries:
        began = time.perf_counter()
        _INDEX.screen(query, options)
        latencies.append((time.perf_counter() - began) * 1000)
    single = len(queries) / (time.perf_counter() - started)

    shuffled = _queries(entities, args.queries, seed=3)
    parts = [shuffled[i :: args.workers] for i in range(args.workers)]
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(args.workers) as pool:
        pool.map(_screen_part, parts)
    parallel = len(shuffled) / (time.perf_counter() - started)

    latencies.sort()
    print(
        json.dumps(
            {
                "algorithm": "sw-v1",
                "entities": len(_INDEX),
                "names": _INDEX.name_count,
                "build_seconds": round(build_seconds, 2),
                "peak_rss_mb": round(peak_mb),
                "latency_ms_p50": round(statistics.median(latencies), 3),
                "latency_ms_p99": round(latencies[int(len(latencies) * 0.99)], 3),
                "throughput_per_s_1_process": round(single),
                f"throughput_per_s_{args.workers}_processes": round(parallel),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
