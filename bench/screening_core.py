"""Benchmark of the screening core: index build, query latency and batch throughput, as JSON.

Lists: by default the real combined lists in ../shared/data/lists (UN, the OFAC SDN CSV set,
OFAC consolidated, the UK list), parsed with the project's parsers into one index;
`--lists synthetic` generates a list of `--entities` parties instead (persons with Korean,
Russian, Arabic, Chinese and Western names, companies with legal forms, vessels with IMO
numbers) for sizes the real lists do not reach.

Queries: a customer-file mix. Most are everyday names that match nothing — given + family name
of one locale, or a company name, from `bench/data/everyday_names.tsv` (Latin script and some in
Cyrillic, Hangul, Han, Arabic, Greek, Hebrew) — and `--listed-share` are names from the lists,
as listed, reordered and lower-cased, with a typo, or with a word left out.

Figures: build time, the memory the index takes and the peak, single-query latency p50/p99,
batch throughput (names/s, `screen_many`) on one process and on `--processes` forked workers
(`screen_parallel`). Each throughput run starts from the same warmed state in a forked child,
with its own queries, so that no run inherits another's caches. Throughput is given by the wall
clock and, as `..._cpu_bound`, from the CPU time the batch took (what the cores would reach if
nothing else ran on them): on a shared machine, check `load_average` before trusting the first.

    python bench/screening_core.py [--lists real|synthetic] [--queries 20000] [--processes 2]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import resource
import statistics
import time
from functools import partial
from pathlib import Path

from followthemoney import model
from followthemoney.proxy import EntityProxy

from forked import in_child
from sanctionwatch.lists.common import ParseReport
from sanctionwatch.lists.sources import get_parser
from sanctionwatch.screening import Query, ScreeningIndex, ScreenOptions
from sanctionwatch.screening.index import TARGET_SCHEMATA
from sanctionwatch.screening.parallel import screen_parallel

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT.parent / "shared" / "data" / "lists"
REAL = (
    ("un", LISTS / "un" / "consolidated.xml"),
    ("ofac-sdn", LISTS / "ofac"),  # the legacy CSV set
    ("ofac-cons", LISTS / "ofac" / "consolidated.xml"),
    ("uk", LISTS / "uk" / "FCDO_SL_Mon_Aug 11 2025.ods"),
)
EVERYDAY = Path(__file__).resolve().parent / "data" / "everyday_names.tsv"

# -- lists ----------------------------------------------------------------------------------


def real_lists() -> list[tuple[str, EntityProxy]]:
    """The entities of the real combined lists, each with its source name."""
    entities: list[tuple[str, EntityProxy]] = []
    for source, path in REAL:
        if not path.exists():
            raise SystemExit(f"{path} is missing: run with --lists synthetic")
        report = ParseReport(source=source, path=str(path))
        for entity in get_parser(source, path).iter_entities(str(path), report):
            entities.append((source, entity))
    return entities


_KOREAN = "kim lee ri pak park choe jong un il song chol yong myong hyok nam sok min ho su"
_RUSSIAN_GIVEN = "vladimir sergei yevgeniy dmitriy aleksandr mikhail igor oleg nikolai"
_RUSSIAN_FAMILY = "ivanov petrov smirnov sokolov volkov morozov kuznetsov popov orlov"
_ARABIC = "muhammad ahmad ali hassan hussein abdul rahman khalid omar yusuf ibrahim"
_CHINESE = "wang li zhang liu chen yang huang zhao wu zhou xu sun ma jin ping wei"
_WESTERN = "john james maria anna smith johnson garcia martin muller rossi"
_WORDS = "korea global ocean star union eastern golden alpha new trans petro tech"
_LEGAL = ("LLC", "Ltd", "Co., Ltd.", "JSC", "OOO", "Corporation", "Trading Company", "FZE")
_SYLLABLES = "ka ri mo ta ne zu lo vi sa ko de ha mi ru to be na"


def _rare(rnd: random.Random) -> str:
    """A made-up word, so that the list has the long tail of rare names real lists have."""
    return "".join(_pick(rnd, _SYLLABLES) for _ in range(rnd.randint(2, 4)))


def _pick(rnd: random.Random, words: str) -> str:
    return rnd.choice(words.split())


def _person_name(rnd: random.Random) -> str:
    style = rnd.randrange(5)
    if style == 0:
        return " ".join(_pick(rnd, _KOREAN) for _ in range(3)).upper()
    if style == 1:
        given, family = _pick(rnd, _RUSSIAN_GIVEN), _pick(rnd, _RUSSIAN_FAMILY)
        return f"{family.upper()}, {given.title()} {_pick(rnd, _RUSSIAN_GIVEN).title()}ovich"
    if style == 2:
        return " ".join(_pick(rnd, _ARABIC).title() for _ in range(3)) + " " + _rare(rnd).title()
    if style == 3:
        return (
            f"{_pick(rnd, _CHINESE).upper()}, {_pick(rnd, _CHINESE).title()}{_pick(rnd, _CHINESE)}"
        )
    return f"{_pick(rnd, _WESTERN).title()} {_rare(rnd).upper()}"


def synthetic_list(count: int, seed: int = 1) -> list[tuple[str, EntityProxy]]:
    """`count` listed parties with aliases, birth dates, identifiers and sanctions.

    Its words are far more concentrated than real lists' (a few dozen common syllables and
    names make up most of it): a stress test of candidate retrieval more than a forecast.
    """
    rnd = random.Random(seed)
    entities: list[tuple[str, EntityProxy]] = []
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
            words = " ".join(_pick(rnd, _WORDS).title() for _ in range(rnd.randint(1, 3)))
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
        entities.extend((("synthetic", entity), ("synthetic", sanction)))
    return entities


def build_index(entities: list[tuple[str, EntityProxy]]) -> ScreeningIndex:
    """One index over all the entities, each match naming its source."""
    sources = {id(proxy): source for source, proxy in entities}
    return ScreeningIndex.build(
        (proxy for _source, proxy in entities), source_of=lambda p: sources[id(p)]
    )


# -- queries --------------------------------------------------------------------------------


def _everyday() -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    given: dict[str, list[str]] = {}
    family: dict[str, list[str]] = {}
    companies: list[str] = []
    with EVERYDAY.open(encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for kind, locale, text in rows:
            if kind == "given":
                given.setdefault(locale, []).append(text)
            elif kind == "family":
                family.setdefault(locale, []).append(text)
            else:
                companies.append(text)
    return given, family, companies


def _typo(rnd: random.Random, name: str) -> str:
    """One letter dropped, changed or swapped in the longest word (Latin-script names only)."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 4 or not word.isascii():
        return name
    at = rnd.randrange(1, len(word) - 1)
    edit = rnd.randrange(3)
    if edit == 0:
        word = word[:at] + word[at + 1 :]
    elif edit == 1:
        word = word[:at] + rnd.choice("aeiounrst") + word[at + 1 :]
    else:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    words[longest] = word
    return " ".join(words)


def _listed_variant(rnd: random.Random, name: str) -> str:
    variant = rnd.randrange(4)
    words = name.replace(",", " ").split()
    if variant == 1:
        rnd.shuffle(words)
        return " ".join(words).lower()
    if variant == 2:
        return _typo(rnd, name)
    if variant == 3 and len(words) > 2:
        del words[rnd.randrange(len(words))]
        return " ".join(words)
    return name


def query_mix(
    entities: list[tuple[str, EntityProxy]], count: int, listed_share: float, seed: int
) -> list[Query]:
    """`count` queries: everyday names, and `listed_share` of listed names with variants."""
    rnd = random.Random(seed)
    given, family, companies = _everyday()
    locales = sorted(given.keys() & family.keys())
    listed = sorted(
        (proxy.schema.name, name)
        for _source, proxy in entities
        if proxy.schema.name in TARGET_SCHEMATA
        for name in proxy.get("name", quiet=True) + proxy.get("alias", quiet=True)
    )
    queries: list[Query] = []
    for _ in range(count):
        if rnd.random() < listed_share:
            schema, name = rnd.choice(listed)
            queries.append(
                Query(name=_listed_variant(rnd, name), schema=rnd.choice((schema, "Thing")))
            )
        elif rnd.random() < 0.15:
            queries.append(Query(name=rnd.choice(companies)))
        else:
            locale = rnd.choice(locales)
            names = [rnd.choice(given[locale])]
            if rnd.random() < 0.2:
                names.append(rnd.choice(given[locale]))
            names.append(rnd.choice(family[locale]))
            queries.append(Query(name=" ".join(names), schema=rnd.choice(("Person", "Thing"))))
    return queries


# -- measuring ------------------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _throughput(
    index: ScreeningIndex, queries: list[Query], options: ScreenOptions, processes: int
) -> dict[str, float]:
    cpu = _cpu_seconds(resource.RUSAGE_SELF) + _cpu_seconds(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    if processes == 1:
        results = index.screen_many(queries, options)
    else:
        results = screen_parallel(index, queries, options, processes=processes)
    seconds = time.perf_counter() - started
    # Workers have ended (and been waited for) by now: their time is in RUSAGE_CHILDREN.
    cpu = _cpu_seconds(resource.RUSAGE_SELF) + _cpu_seconds(resource.RUSAGE_CHILDREN) - cpu
    return {
        "names_per_s": len(queries) / seconds,
        # What the batch costs in CPU time: the rate `processes` cores would reach if nothing
        # else ran on them (wall-clock figures on a busy machine understate it).
        "names_per_s_cpu": len(queries) * min(processes, os.cpu_count() or 1) / cpu,
        "hit_rate": sum(1 for r in results if r) / len(queries),
    }


def main() -> None:
    """Load, build, measure; print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", choices=("real", "synthetic"), default="real")
    parser.add_argument("--entities", type=int, default=77000, help="synthetic list size")
    parser.add_argument("--queries", type=int, default=20000, help="queries per batch")
    parser.add_argument("--latency-queries", type=int, default=3000)
    parser.add_argument("--listed-share", type=float, default=0.2)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()

    load_average = os.getloadavg()[0]
    started = time.perf_counter()
    entities = real_lists() if args.lists == "real" else synthetic_list(args.entities)
    load_seconds = time.perf_counter() - started
    share = args.listed_share
    warm_up = query_mix(entities, 200, share, seed=1)
    latency_set = query_mix(entities, args.latency_queries, share, seed=2)
    gc.collect()
    before = _rss_mb()
    started = time.perf_counter()
    index = build_index(entities)
    build_seconds = time.perf_counter() - started
    index_mb = _rss_mb() - before

    options = ScreenOptions()
    for query in warm_up:
        index.screen(query, options)

    def latency() -> dict[str, float]:
        times = []
        for query in latency_set:
            began = time.perf_counter()
            index.screen(query, options)
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        return {
            "p50": statistics.median(times),
            "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
        }

    lat = in_child(latency)
    # Each run screens a batch of its own (same mix, other draws) from the same warmed state.
    runs: dict[int, dict[str, float]] = {}
    for seed, processes in enumerate(sorted({1, args.processes}), start=10):
        batch = query_mix(entities, args.queries, share, seed)
        runs[processes] = in_child(partial(_throughput, index, batch, options, processes))
    figures: dict[str, object] = {
        "algorithm": options.algorithm,
        "lists": args.lists,
        "entities": len(index),
        "names": index.name_count,
        "load_seconds": round(load_seconds, 1),
        "build_seconds": round(build_seconds, 2),
        "index_mb": round(index_mb),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "latency_ms_p50": round(lat["p50"], 3),
        "latency_ms_p99": round(lat["p99"], 3),
        "batch_queries": args.queries,
        "batch_hit_rate": round(runs[1]["hit_rate"], 3),
    }
    for processes, run in runs.items():
        label = f"{processes}_process{'es' if processes > 1 else ''}"
        figures[f"names_per_s_{label}"] = round(run["names_per_s"])
        figures[f"names_per_s_{label}_cpu_bound"] = round(run["names_per_s_cpu"])
    figures["cores"] = os.cpu_count()
    figures["load_average"] = round(load_average, 2)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
