"""Measurements in forked copies of a benchmark process: each starts from the same warmed state
(the built index, its caches) and reports its figures back as JSON through a pipe."""

from __future__ import annotations

import json
import os
import traceback
from collections.abc import Callable

Measure = Callable[[], dict[str, float]]


def fork(measure: Measure) -> tuple[int, int]:
    """Start `measure` in a forked copy of this process; returns (pid, read end of its pipe)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report, leave without running the parent's cleanup
        os.close(read)
        status = 1
        try:
            with os.fdopen(write, "w", encoding="utf-8") as out:
                json.dump(measure(), out)
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def collect(pid: int, read: int) -> dict[str, float]:
    """The figures of a child started by `fork`, once it has ended."""
    with os.fdopen(read, encoding="utf-8") as handle:
        text = handle.read()
    os.waitpid(pid, 0)
    if not text:
        raise SystemExit("a benchmark run failed (see its traceback above)")
    return dict(json.loads(text))


def in_child(measure: Measure) -> dict[str, float]:
    """Run `measure` in a forked copy of this process and return its figures."""
    return collect(*fork(measure))
