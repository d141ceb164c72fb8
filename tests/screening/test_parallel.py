"""Batch screening on forked workers returns what one process returns, in the same order."""

from __future__ import annotations

import gc
import os

import pytest

from sanctionwatch.exceptions import SanctionwatchError, UsageError
from sanctionwatch.screening import parallel
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import Match, Query, ScreenOptions
from sanctionwatch.screening.parallel import ParallelScreener, fork_available, screen_parallel
from tests.screening.conftest import listed_entities

needs_fork = pytest.mark.skipif(not fork_available(), reason="worker processes are forked")


def _batch() -> list[Query]:
    """Listed names, variants, names that match nothing, repeats, and other schemata."""
    queries: list[Query] = []
    for entity in listed_entities():
        for name in entity.get("name") + entity.get("alias"):
            queries.append(Query(name=name))
            queries.append(Query(name=name.lower(), schema=entity.schema.name))
    queries += [Query(name=f"Customer Number {n} Ltd") for n in range(40)]
    queries += [
        Query(name="Kim Jong Un", birth_date="1984"),
        Query(identifiers={"imo": ["8660313"]}),
    ]
    return queries + queries[:25]  # a batch repeats names


def _shape(results: list[list[Match]]) -> list[list[tuple[str, float, str | None]]]:
    return [[(m.entity_id, m.score, m.matched_name) for m in matches] for matches in results]


@needs_fork
def test_workers_return_what_one_process_returns(index: ScreeningIndex) -> None:
    queries = _batch()
    options = ScreenOptions(threshold=0.5)
    expected = index.screen_many(queries, options)
    with ParallelScreener(index, 2, min_queries_per_process=0, chunk_size=7) as screener:
        found = screener.screen_many(queries, options)
        assert screener._pool is not None  # the batch went to the workers
        again = screener.screen_many(list(reversed(queries)), options)  # the pool is reused
    assert found == expected  # whole matches: scores, features, sanctions
    assert _shape(again) == _shape(list(reversed(expected)))
    assert sum(1 for matches in found if matches) > 20


def test_screen_parallel_matches_screen_many(index: ScreeningIndex) -> None:
    queries = _batch() * 3  # too few distinct queries to be worth a fork: screened in-process
    assert _shape(screen_parallel(index, queries)) == _shape(index.screen_many(queries))


def test_small_batches_stay_in_process(index: ScreeningIndex) -> None:
    queries = _batch()[:10]
    with ParallelScreener(index, 2) as screener:
        found = screener.screen_many(queries)
        assert screener._pool is None
    assert _shape(found) == _shape(index.screen_many(queries))


def test_one_process_never_forks(index: ScreeningIndex) -> None:
    with ParallelScreener(index, 1, min_queries_per_process=0) as screener:
        assert not screener.parallel
        screener.screen_many(_batch())
        assert screener._pool is None


def test_results_are_copies_per_query(index: ScreeningIndex) -> None:
    repeated = [Query(name="Kim Jong Un")] * 3
    found = screen_parallel(index, repeated)
    assert found[0] == found[1]
    assert found[0] is not found[1]  # a caller may change one list without the others


@needs_fork
def test_a_bad_query_fails_the_batch_with_its_error(index: ScreeningIndex) -> None:
    queries = [*_batch(), Query(name="Kim", schema="NoSuchSchema")]
    with (
        ParallelScreener(index, 2, min_queries_per_process=0) as screener,
        pytest.raises(UsageError, match="unknown schema"),
    ):
        screener.screen_many(queries)


def _die(task: tuple[list[Query], ScreenOptions]) -> list[list[Match]]:
    os._exit(3)  # a worker killed mid-batch (by the OOM killer, say)


@needs_fork
def test_a_dead_worker_fails_the_batch_and_the_next_one_gets_new_workers(
    index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = _batch()
    with ParallelScreener(index, 2, min_queries_per_process=0) as screener:
        monkeypatch.setattr(parallel, "_screen_chunk", _die)
        with pytest.raises(SanctionwatchError, match="worker process ended"):
            screener.screen_many(queries)
        monkeypatch.undo()
        assert _shape(screener.screen_many(queries)) == _shape(index.screen_many(queries))


def test_bad_options_fail_before_any_work(index: ScreeningIndex) -> None:
    with pytest.raises(UsageError, match="threshold"):
        screen_parallel(index, _batch(), ScreenOptions(threshold=2.0))
    with pytest.raises(UsageError, match="processes"):
        ParallelScreener(index, 0)


def test_build_leaves_the_collector_as_it_found_it() -> None:
    assert gc.isenabled()
    ScreeningIndex.build(listed_entities())
    assert gc.isenabled()
    gc.disable()
    try:
        ScreeningIndex.build(listed_entities())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_batches_pause_the_collector_and_restore_it(index: ScreeningIndex) -> None:
    assert gc.isenabled()
    index.screen_many(_batch())
    assert gc.isenabled()
    with pytest.raises(UsageError, match="unknown schema"):
        index.screen_many([Query(name="Kim"), Query(name="Kim", schema="NoSuchSchema")])
    assert gc.isenabled()  # restored after a failed batch too
    gc.disable()
    try:
        index.screen_many(_batch())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_screening_creates_no_reference_cycles(index: ScreeningIndex) -> None:
    """What makes pausing the collector safe: everything a query allocates is freed by
    reference counting. A cycle introduced anywhere in screening (an explanation pointing back
    at its match, say) shows here as garbage the collector had to find."""
    queries = [
        *_batch(),
        Query(name="Ким Чен Ын", birth_date="1984", countries=["kp"]),
        Query(name="KOMID", schema="Organization"),
        Query(name="Nobody In Particular"),
    ]
    index.screen_many(queries)  # warm the caches: they hold objects for good, not garbage
    gc.collect()
    flags = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.disable()
        results = index.screen_many(queries)
        del results
        gc.collect()
        garbage = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()
        gc.enable()
    assert garbage == []
