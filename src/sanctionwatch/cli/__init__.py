"""The `sanctionwatch` command line (Typer + Rich). Commands parse input, call one function, and
format the result; all logic lives in the library."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from sanctionwatch.cli import alerts, demo, entities, eval, lists, scan, screen, serve
from sanctionwatch.cli.context import AppContext
from sanctionwatch.exceptions import SanctionwatchError
from sanctionwatch.logs import configure_logging
from sanctionwatch.settings import Settings

app = typer.Typer(
    name="sanctionwatch",
    help="Screen names against official sanctions lists and read the news for reported transfers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(lists.app, name="lists")
app.add_typer(entities.app, name="entities")


@app.callback()
def _root(
    ctx: typer.Context,
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output (-vv)."),
) -> None:
    """Build the settings once and configure logging for every command."""
    settings = Settings()
    level = settings.log_level
    if verbose == 1:
        level = "INFO"
    elif verbose >= 2:
        level = "DEBUG"
    configure_logging(level)
    context = AppContext(settings)
    ctx.obj = context
    ctx.call_on_close(context.close)


app.add_typer(screen.decisions_app, name="decisions")
app.command("screen")(screen.screen)
app.add_typer(alerts.app, name="alerts")
app.add_typer(eval.app, name="eval")
app.command("scan")(scan.scan_command)
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)


def main() -> None:
    """Entry point: run the app; render sanctionwatch errors as `Error: ...` with their code.

    Typer runs in standalone mode, so its own usage errors print click's message and exit 2.
    """
    try:
        app()
    except SanctionwatchError as exc:
        Console(stderr=True).print(f"[bold red]Error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)
