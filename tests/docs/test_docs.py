"""Keep the docs honest: every CLI command and every setting is documented."""

from __future__ import annotations

from collections.abc import Iterator

import typer
from typer.core import TyperGroup

from sanctionwatch.api.app import create_app
from sanctionwatch.cli import app
from sanctionwatch.settings import Settings
from tests.conftest import ROOT


def _commands(command: object, prefix: str = "sanctionwatch") -> Iterator[str]:
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _commands(sub, f"{prefix} {name}")
    else:
        yield prefix


def test_every_cli_command_is_documented() -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    commands = list(_commands(typer.main.get_command(app)))
    assert len(commands) >= 7
    missing = [c for c in commands if f"`{c}" not in docs]
    assert missing == []


def test_every_setting_is_documented() -> None:
    docs = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [
        f"SANCTIONWATCH_{name.upper()}"
        for name in Settings.model_fields
        if f"`SANCTIONWATCH_{name.upper()}`" not in docs
    ]
    assert missing == []


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "make run" in head
    assert "make test" in head


def test_every_api_route_is_documented() -> None:
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    paths = create_app(Settings()).openapi()["paths"]
    assert "/match" in paths
    missing = [path for path in paths if f"`{path}" not in docs and f" {path}" not in docs]
    assert missing == []
