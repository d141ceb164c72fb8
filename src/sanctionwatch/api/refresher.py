"""Keeping the screening index current while the API serves: a background thread that checks
every `index_refresh_seconds` whether the active snapshots changed and rebuilds the index.

`ScreeningService.refresh` builds the new index beside the one in use and swaps it in when
complete, so requests during a rebuild are answered from the previous index.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from sanctionwatch.screening.service import ScreeningService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefreshStatus:
    """What the refresher last did (for `/healthz`)."""

    interval: float
    rebuilding: bool
    last_check_at: datetime | None
    last_error: str | None
    rebuilds: int


class IndexRefresher:
    """Rebuilds a service's index when the store's active snapshots change."""

    def __init__(self, service: ScreeningService, interval: float) -> None:
        self.service = service
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._check_lock = threading.Lock()
        self._rebuilding = False
        self._last_check_at: datetime | None = None
        self._last_error: str | None = None
        self._rebuilds = 0

    def start(self) -> None:
        """Start checking in the background (no thread when the interval is 0 or less)."""
        if self.interval <= 0 or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name="sanctionwatch-index-refresh", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread; a rebuild in progress is not waited for beyond `timeout`."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("index refresh still running at shutdown; abandoning it")

    def check(self) -> bool:
        """Rebuild now if the active snapshots changed; True when a new index was swapped in.

        Failures are logged and kept for `/healthz`; the index in use stays.
        """
        with self._check_lock:
            self._last_check_at = datetime.now(UTC)
            try:
                if self.service.is_current():
                    self._last_error = None
                    return False
                self._rebuilding = True
                log.info("active snapshots changed: rebuilding the screening index")
                self.service.refresh()
            # The thread must outlive any failure (a store briefly unreachable, a bad
            # snapshot): the API keeps serving the previous index and reports the error.
            except Exception as exc:
                log.exception("screening index refresh failed")
                self._last_error = f"{type(exc).__name__}: {exc}"
                return False
            finally:
                self._rebuilding = False
            self._last_error = None
            self._rebuilds += 1
            return True

    def status(self) -> RefreshStatus:
        """A consistent snapshot of the refresher's state."""
        return RefreshStatus(
            interval=self.interval,
            rebuilding=self._rebuilding,
            last_check_at=self._last_check_at,
            last_error=self._last_error,
            rebuilds=self._rebuilds,
        )

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()
