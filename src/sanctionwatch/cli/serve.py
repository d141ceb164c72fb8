"""`sanctionwatch serve`: run the HTTP API with uvicorn."""

from __future__ import annotations

import ipaddress

import typer
import uvicorn

from sanctionwatch.api.app import create_app
from sanctionwatch.cli.context import app_context, err_console
from sanctionwatch.store.repo import Store


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: all)."),
    port: int = typer.Option(8000, min=0, max=65535, help="TCP port to listen on."),
    refresh_seconds: float | None = typer.Option(
        None,
        "--refresh-seconds",
        help="Check for new snapshots this often (0: never); default from settings.",
    ),
    access_log: bool = typer.Option(False, "--access-log/--no-access-log", help="Log requests."),
) -> None:
    """Serve the HTTP API (yente-compatible /match, /search, /entities, /healthz) and keep its
    screening index current as list snapshots change."""
    settings = app_context(ctx).settings
    if refresh_seconds is not None:
        settings = settings.model_copy(update={"index_refresh_seconds": refresh_seconds})
    # An unreachable or misconfigured store fails here as a CLI error with its exit code;
    # inside the server's startup it would only be a logged traceback.
    Store.open(settings).close()
    app = create_app(settings)
    if not settings.api_keys and not _loopback(host):
        err_console.print(
            f"[yellow]warning:[/] listening on {host} without API keys: anyone who can reach "
            "it can screen and record decisions (set SANCTIONWATCH_API_KEYS)",
            highlight=False,
        )
    err_console.print(
        f"sanctionwatch API on http://{host}:{port} (OpenAPI docs at /docs); building the "
        "screening index first",
        highlight=False,
    )
    try:
        uvicorn.run(
            app,
            host=host,
            port=port,
            # Requests are logged at INFO: asking for them lowers uvicorn's level to match.
            log_level="info" if access_log else settings.log_level.lower(),
            access_log=access_log,
            # Logging is configured at the entry point (the CLI's root callback), not by uvicorn.
            log_config=None,
        )
    except KeyboardInterrupt:
        # uvicorn shuts down gracefully on Ctrl-C, then raises the signal again for its caller:
        # a requested stop is a normal end, not click's "Aborted!" with exit code 1.
        err_console.print("sanctionwatch API stopped", highlight=False)
