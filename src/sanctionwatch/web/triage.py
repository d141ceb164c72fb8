"""The analysts' triage pages, served by `sanctionwatch serve` under `/ui`.

`/ui/alerts` lists the alerts (filter by status and verdict); `/ui/alerts/{id}` shows one with
all its evidence — the sentence, the article, who says so and how sure, the measures and their
citations — and its audit trail, with forms to confirm or dismiss it and to add a note. Every
change goes through `store.alerts` and is recorded with the analyst's name.

Safety: pages are rendered by Jinja with autoescaping, and links to articles are only made for
http(s) URLs; forms carry a CSRF token (an HMAC of a per-process secret) and a POST whose
`Origin` is another site is refused; responses forbid framing and scripts (no page needs any).
With API keys configured (`SANCTIONWATCH_API_KEYS`) the pages need one too: `/ui/login` takes it
once and keeps it in an HttpOnly, SameSite=Strict cookie scoped to `/ui`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from sanctionwatch.alerts import STATUSES, VERDICT_SEVERITY
from sanctionwatch.api.auth import KEY_COOKIE, ApiKeyAuth
from sanctionwatch.api.state import Api
from sanctionwatch.exceptions import NotFoundError, UsageError
from sanctionwatch.store.alerts import add_note, get_alert, list_alerts, set_status

router = APIRouter(prefix="/ui", include_in_schema=False)

PAGE_SIZE = 50
ANALYST_COOKIE = "sw_analyst"
MAX_NOTE = 4000
MAX_ANALYST = 100
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_ENVIRONMENT = Environment(
    loader=PackageLoader("sanctionwatch.web", "templates/triage"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_SECRET = secrets.token_bytes(32)


def csrf_token(alert_id: int) -> str:
    """The token the forms of one alert carry (valid for this server process)."""
    return hmac.new(_SECRET, f"alert:{alert_id}".encode(), hashlib.sha256).hexdigest()


def _check_post(request: Request, alert_id: int, token: str) -> None:
    origin = request.headers.get("origin")
    # The host only: behind a TLS-terminating proxy the scheme seen here is http.
    if origin not in (None, "null") and urlsplit(origin).netloc != request.url.netloc:
        raise _Forbidden(f"form posted from another site ({origin})")
    if not hmac.compare_digest(token, csrf_token(alert_id)):
        raise _Forbidden("the form is stale or forged (reload the page)")


class _Forbidden(Exception):
    pass


def _page(template: str, http_status: int = 200, **values: Any) -> HTMLResponse:
    html = _ENVIRONMENT.get_template(template).render(
        statuses=STATUSES,
        verdicts=sorted(VERDICT_SEVERITY, key=lambda v: -VERDICT_SEVERITY[v]),
        **values,
    )
    return HTMLResponse(html, status_code=http_status, headers=SECURITY_HEADERS)


def _error(status: int, message: str) -> HTMLResponse:
    return _page("error.html", http_status=status, message=message)


def safe_link(url: str | None) -> str | None:
    """`url` if it is an http(s) URL (never a `javascript:` or `data:` one), else None."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


_ENVIRONMENT.filters["safe_link"] = safe_link


@router.get("")
def home() -> RedirectResponse:
    return RedirectResponse("/ui/alerts", status_code=303)


@router.get("/alerts")
def alerts_page(
    api: Api,
    status: Annotated[str | None, Query()] = None,
    verdict: Annotated[str | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    status = status or None
    verdict = verdict or None
    if status is not None and status not in STATUSES:
        return _error(400, f"unknown status {status!r}")
    if verdict is not None and verdict not in VERDICT_SEVERITY:
        return _error(400, f"unknown verdict {verdict!r}")
    rows, total = list_alerts(
        api.store, status=status, verdict=verdict, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    filters = {k: v for k, v in (("status", status), ("verdict", verdict)) if v}
    pages = max(1, -(-total // PAGE_SIZE))
    return _page(
        "alerts.html",
        alerts=rows,
        total=total,
        page=page,
        pages=pages,
        status=status,
        verdict=verdict,
        previous=f"?{urlencode({**filters, 'page': page - 1})}" if page > 1 else None,
        next=f"?{urlencode({**filters, 'page': page + 1})}" if page < pages else None,
    )


@router.get("/alerts/{alert_id}")
def alert_page(api: Api, request: Request, alert_id: int, saved: str | None = None) -> HTMLResponse:
    try:
        alert = get_alert(api.store, alert_id)
    except NotFoundError as exc:
        return _error(404, str(exc))
    return _page(
        "alert.html",
        alert=alert,
        csrf=csrf_token(alert_id),
        analyst=request.cookies.get(ANALYST_COOKIE, ""),
        saved=saved,
    )


def _clean(text: str, limit: int, what: str) -> str:
    text = text.strip()
    if len(text) > limit:
        raise UsageError(f"the {what} is too long (at most {limit} characters)")
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        raise UsageError(f"the {what} contains a control character")
    return text


def _post(
    request: Request,
    alert_id: int,
    csrf: str,
    analyst: str,
    saved: str,
    change: Callable[[str], None],
) -> Response:
    """A triage form: checked (token, origin, analyst's name), applied by `change(name)`, then
    back to the alert; a problem is a page naming it (403, 404 or 400)."""
    try:
        _check_post(request, alert_id, csrf)
        name = _clean(analyst, MAX_ANALYST, "analyst's name")
        change(name)
    except _Forbidden as exc:
        return _error(403, str(exc))
    except NotFoundError as exc:
        return _error(404, str(exc))
    except UsageError as exc:
        return _error(400, str(exc))
    response = RedirectResponse(f"/ui/alerts/{alert_id}?saved={saved}", status_code=303)
    response.set_cookie(
        ANALYST_COOKIE, name, max_age=180 * 86400, httponly=True, samesite="strict", path="/ui"
    )
    return response


@router.post("/alerts/{alert_id}/status")
def change_status(
    api: Api,
    request: Request,
    alert_id: int,
    status: Annotated[str, Form()],
    analyst: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    def change(name: str) -> None:
        set_status(api.store, alert_id, status, name, _clean(note, MAX_NOTE, "note") or None)

    return _post(request, alert_id, csrf, analyst, "status", change)


@router.post("/alerts/{alert_id}/notes")
def add_note_form(
    api: Api,
    request: Request,
    alert_id: int,
    analyst: Annotated[str, Form()],
    text: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
) -> Response:
    def note(name: str) -> None:
        add_note(api.store, alert_id, name, _clean(text, MAX_NOTE, "note"))

    return _post(request, alert_id, csrf, analyst, "note", note)


@router.get("/login")
def login_page(api: Api) -> HTMLResponse:
    return _page("login.html", needed=bool(api.settings.api_keys), failed=False)


@router.post("/login")
def login(api: Api, key: Annotated[str, Form()]) -> Response:
    keys = [k.get_secret_value() for k in api.settings.api_keys]
    if not keys:
        return RedirectResponse("/ui/alerts", status_code=303)
    if not ApiKeyAuth.check(keys, key.strip()):
        return _page("login.html", http_status=401, needed=True, failed=True)
    response = RedirectResponse("/ui/alerts", status_code=303)
    response.set_cookie(
        KEY_COOKIE, key.strip(), max_age=12 * 3600, httponly=True, samesite="strict", path="/ui"
    )
    return response
