"""`sanctionwatch alerts ...`: list, show and triage alerts (status, notes; all audited)."""

from __future__ import annotations

import sys

import orjson
import typer
from rich.table import Table

from sanctionwatch.alerts import STATUSES
from sanctionwatch.cli.context import app_context, console
from sanctionwatch.exceptions import UsageError
from sanctionwatch.store.alerts import AlertRecord, add_note, get_alert, list_alerts, set_status

app = typer.Typer(
    help="Alerts: findings from many articles, triaged by analysts.", no_args_is_help=True
)

_VERDICT_STYLE = {
    "prohibited": "bold red",
    "listed_party": "magenta",
    "needs_review": "yellow",
    "not_prohibited": "green",
}


def print_alerts(alerts: list[AlertRecord], title: str = "Alerts") -> None:
    """A table of alerts, most serious first."""
    table = Table(title=title)
    for column in ("#", "verdict", "alert", "certainty", "sources", "seen", "status"):
        table.add_column(column)
    for alert in alerts:
        seen = alert.first_seen or "?"
        if alert.last_seen and alert.last_seen != alert.first_seen:
            seen += f" → {alert.last_seen}"
        style = _VERDICT_STYLE.get(alert.verdict, "")
        table.add_row(
            str(alert.id),
            f"[{style}]{alert.verdict}[/]" if style else alert.verdict,
            alert.title,
            alert.certainty or "",
            str(alert.sources),
            seen,
            alert.status,
        )
    console.print(table)


@app.command("list")
def list_command(
    ctx: typer.Context,
    status: str | None = typer.Option(None, help=f"Only this status ({', '.join(STATUSES)})."),
    verdict: str | None = typer.Option(None, help="Only this verdict."),
    limit: int = typer.Option(50, min=1, help="How many."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Alerts, most serious and most recent first."""
    if status is not None and status not in STATUSES:
        raise UsageError(f"status must be one of {', '.join(STATUSES)}")
    alerts, total = list_alerts(
        app_context(ctx).store(), status=status, verdict=verdict, limit=limit
    )
    if as_json:
        data = {"total": total, "alerts": [a.as_dict() for a in alerts]}
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
        return
    print_alerts(alerts, f"Alerts ({len(alerts)} of {total})")


@app.command("show")
def show(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert number."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """One alert with all its evidence, sources and audit trail."""
    alert = get_alert(app_context(ctx).store(), alert_id)
    if as_json:
        sys.stdout.write(orjson.dumps(alert.as_dict()).decode() + "\n")
        return
    console.rule(f"[bold]#{alert.id} {alert.title}")
    console.print(
        f"verdict [bold]{alert.verdict}[/] · certainty {alert.certainty or '-'} · "
        f"{alert.sources} source(s) · {alert.first_seen or '?'} → {alert.last_seen or '?'} · "
        f"status {alert.status}"
    )
    for item in alert.evidence:
        cited = "; ".join(item["citations"]) or "no measure cited"
        copy = f" (copy of {item['duplicate_of']})" if item["duplicate_of"] else ""
        console.print(
            f"\n[bold]{item['published'] or '?'}[/] {item['title'] or item['doc_id']}{copy}\n"
            f"  {item['url'] or ''}\n  “{item['sentence']}”\n"
            f"  {item['verdict']} · {item['certainty'] or '-'} · "
            f"according to {item['attributed_to'] or 'the outlet'} · {cited}\n"
            f"  {item['rationale']}",
            highlight=False,
        )
    console.print("\n[bold]Audit trail[/]")
    for event in alert.events:
        detail = ", ".join(f"{k}: {v}" for k, v in event["detail"].items() if v is not None)
        console.print(f"  {event['at'][:19]} {event['actor']}: {event['action']} {detail}")


@app.command("status")
def status_command(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert number."),
    status: str = typer.Argument(..., help=f"New status: {', '.join(STATUSES)}."),
    analyst: str = typer.Option(..., "--analyst", help="Who decides."),
    note: str | None = typer.Option(None, "--note", help="Why."),
) -> None:
    """Set an alert's triage status (recorded in its audit trail)."""
    alert = set_status(app_context(ctx).store(), alert_id, status, analyst, note)
    console.print(f"alert #{alert.id} is now {alert.status}")


@app.command("note")
def note_command(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., help="Alert number."),
    text: str = typer.Argument(..., help="The note."),
    analyst: str = typer.Option(..., "--analyst", help="Who writes it."),
) -> None:
    """Add an analyst's note to an alert."""
    add_note(app_context(ctx).store(), alert_id, analyst, text)
    console.print(f"note added to alert #{alert_id}")
