"""Batch screening on several cores: worker processes forked after the index is built.

The index is hundreds of megabytes of Python objects; forked workers share its pages
copy-on-write instead of each building or unpickling a copy. Only queries (in chunks) and their
matches cross process boundaries, and results come back in the order of the queries.

Use `screen_parallel(index, queries, options)` for one batch, or keep a `ParallelScreener`
open to screen many batches against the same index without forking each time (the CLI's CSV
batch, the API's bulk matching). A pool holds the index it was forked with: after a rebuild,
open a new one for the new index.

Small batches, one process, or a platform without `fork` screen in the calling process: forking
costs more than screening a few hundred names.

Copy-on-write and the garbage collector: `ScreeningIndex.build` ends with `gc.freeze()`, which
keeps the collector from ever walking the index. Without it the first full collection in a
worker writes to every index object's header and so copies the whole index into the worker
(on the full lists: 240 MB per worker at once instead of 40 MB). Reference counts still change
on the pages a worker reads; a worker ends up with about 200 MB of its own pages after 20,000
names on the full lists, besides the pages it shares.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from sanctionwatch.exceptions import SanctionwatchError, UsageError
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import Match, Query, ScreenOptions

log = logging.getLogger(__name__)

# Fewer distinct queries than this per worker are screened in the calling process: a fork and
# the round trips cost about as much as screening them.
MIN_QUERIES_PER_PROCESS = 250
# Queries per task sent to a worker: small enough to balance the load between workers, large
# enough that pickling and queue round trips stay a small share of the time.
CHUNK_SIZE = 200

# The index a worker screens against. Set once in each forked worker by `_start_worker` (a
# module global is how a pool worker function reaches state inherited through fork); never set
# in the parent process.
_worker_index: ScreeningIndex | None = None


def fork_available() -> bool:
    """Whether worker processes can be forked here (Linux; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _start_worker(index: ScreeningIndex) -> None:
    global _worker_index  # noqa: PLW0603 -- per-process state of a pool worker, see above
    _worker_index = index
    # Everything inherited from the parent is long-lived here: keep the cyclic collector off it,
    # or a collection writes to (and so copies) the shared pages it walks. The index was frozen
    # when it was built; this also covers what the parent made since (caches, the caller's
    # data).
    gc.freeze()


def _screen_chunk(task: tuple[list[Query], ScreenOptions]) -> list[list[Match]]:
    queries, options = task
    index = _worker_index
    if index is None:  # pragma: no cover - a worker is always started by `_start_worker`
        raise RuntimeError("screening worker started without an index")
    return index.screen_many(queries, options)


class ParallelScreener:
    """A pool of worker processes forked with one index, screening batches in order.

    The pool starts on the first batch large enough to need it and stops on `close()` (or
    when the `with` block ends). Not for concurrent use from several threads.
    """

    def __init__(
        self,
        index: ScreeningIndex,
        processes: int = 2,
        *,
        min_queries_per_process: int = MIN_QUERIES_PER_PROCESS,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        if processes < 1:
            raise UsageError(f"processes must be at least 1, not {processes}")
        if chunk_size < 1:
            raise UsageError(f"chunk_size must be at least 1, not {chunk_size}")
        self.index = index
        self.processes = processes
        self.min_queries_per_process = min_queries_per_process
        self.chunk_size = chunk_size
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParallelScreener:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def parallel(self) -> bool:
        """Whether batches may go to worker processes (more than one, and `fork` available)."""
        return self.processes > 1 and fork_available()

    def screen_many(
        self, queries: Sequence[Query], options: ScreenOptions | None = None
    ) -> list[list[Match]]:
        """Matches for each query, in order: the same as `ScreeningIndex.screen_many`.

        Repeated queries are screened once. A bad query raises `UsageError` as in
        `ScreeningIndex.screen`.
        """
        options = options if options is not None else ScreenOptions()
        options.validate()
        slot_of: dict[tuple[object, ...], int] = {}
        distinct: list[Query] = []
        positions: list[int] = []
        for query in queries:
            key = query.key()
            slot = slot_of.get(key)
            if slot is None:
                slot = slot_of[key] = len(distinct)
                distinct.append(query)
            positions.append(slot)
        if not self.parallel or len(distinct) < self.min_queries_per_process * 2:
            found = self.index.screen_many(distinct, options)
        else:
            found = self._screen_in_workers(distinct, options)
        return [list(found[slot]) for slot in positions]

    def _screen_in_workers(self, queries: list[Query], options: ScreenOptions) -> list[list[Match]]:
        pool = self._pool
        if pool is None:
            # A process pool, not `multiprocessing.Pool`: it notices a worker that dies (killed
            # for memory, say) and fails the batch instead of waiting forever.
            pool = self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(self.index,),
            )
            log.debug("screening pool: %d worker processes", self.processes)
        # Several chunks per worker so that one slow chunk does not leave the others idle.
        size = max(1, min(self.chunk_size, -(-len(queries) // (self.processes * 4))))
        tasks = [(queries[i : i + size], options) for i in range(0, len(queries), size)]
        results: list[list[Match]] = []
        try:
            for chunk in pool.map(_screen_chunk, tasks):
                results.extend(chunk)
        except BrokenProcessPool as exc:
            self._pool = None  # unusable now; the next batch forks new workers
            pool.shutdown(wait=False, cancel_futures=True)
            raise SanctionwatchError(
                "a screening worker process ended unexpectedly (out of memory?); "
                "the batch was not screened"
            ) from exc
        return results

    def close(self) -> None:
        """Stop the worker processes (idempotent)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def screen_parallel(
    index: ScreeningIndex,
    queries: Sequence[Query],
    options: ScreenOptions | None = None,
    processes: int = 2,
) -> list[list[Match]]:
    """Screen a batch on `processes` forked workers; matches for each query, in order.

    Equal to `index.screen_many(queries, options)`; small batches (fewer than
    `MIN_QUERIES_PER_PROCESS` distinct queries per process) are screened in this process.
    """
    with ParallelScreener(index, processes) as screener:
        return screener.screen_many(queries, options)
