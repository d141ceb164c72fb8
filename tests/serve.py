"""`sanctionwatch serve` for real, for the tests that talk to it over HTTP: a subprocess on a
free port of 127.0.0.1, waited for until `/healthz` answers, stopped with Ctrl-C and checked to
have ended cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(data_dir: Path, log: Path, **settings: str) -> Iterator[str]:
    """`python -m sanctionwatch serve` over the SQLite store in `data_dir`, with `settings` as
    `SANCTIONWATCH_*` variables (`index_refresh_seconds="0"`); yields its base URL. Its output
    goes to `log`; a crash, an unclean exit or a traceback fails the test."""
    port = free_port()
    env = {**os.environ, "SANCTIONWATCH_DATA_DIR": str(data_dir)}
    env.pop("SANCTIONWATCH_DATABASE_URL", None)
    env.update({f"SANCTIONWATCH_{name.upper()}": value for name, value in settings.items()})
    command = [sys.executable, "-m", "sanctionwatch", "serve", "--host", "127.0.0.1"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        assert code == 0, log.read_text()
        assert "Traceback" not in log.read_text()
