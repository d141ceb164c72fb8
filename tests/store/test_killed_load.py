"""A process killed in the middle of a load leaves the store consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import NewSnapshot, Store
from tests.store.test_repo import _entities

# The child writes a snapshot whose entity stream stalls after several insert batches, signals
# the parent through a marker file, and waits to be killed.
CHILD = """
import sys, time
from pathlib import Path
from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import NewSnapshot, Store
from tests.store.test_repo import _entities

marker = Path(sys.argv[1])
store = Store.open(Settings())

def stalling():
    for number, entity in enumerate(_entities(["Doomed"] * 5000)):
        yield entity
        if number == 9000:
            marker.write_text("inserted")
            time.sleep(600)

store.write_snapshot(NewSnapshot("un", "doomed.xml", "f" * 64), stalling())
"""


def test_killed_load_keeps_previous_snapshot(
    store: Store, store_settings: Settings, tmp_path: Path
) -> None:
    good = store.write_snapshot(NewSnapshot("un", "good.xml", "1" * 64), _entities(["A", "B"]))
    marker = tmp_path / "marker"
    env = {
        **os.environ,
        "SANCTIONWATCH_DATA_DIR": str(store_settings.data_dir),
        "SANCTIONWATCH_DATABASE_URL": store_settings.resolved_database_url(),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(marker)], env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the loading process ended early"
            assert time.monotonic() < deadline, "the loading process never got going"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    store.engine.dispose()  # drop pooled connections that predate the kill

    assert store.active_snapshot("un") == good
    assert [s.id for s in store.snapshots("un")] == [good.id]
    assert store.count_entities(good.id) == 4
    # The store accepts the next load (no lock or half-written rows left behind).
    newer = store.write_snapshot(NewSnapshot("un", "next.xml", "2" * 64), _entities(["C"]))
    assert store.active_snapshot("un") == newer
