"""Running the CLI in-process, through the same `main()` the console script calls."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sanctionwatch.cli import main


@dataclass
class CliResult:
    """Exit code and captured output of one CLI run."""

    code: int
    out: str
    err: str


class Cli:
    """Calls `sanctionwatch ARGS...` with the environment of one test."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(self, *args: str) -> CliResult:
        self.monkeypatch.setattr(sys, "argv", ["sanctionwatch", *args])
        self.capsys.readouterr()
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = self.capsys.readouterr()
        return CliResult(code, captured.out, captured.err)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """`cli("lists", "status")` with a store in a temporary data directory."""
    monkeypatch.setenv("SANCTIONWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SANCTIONWATCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return Cli(capsys, monkeypatch)
