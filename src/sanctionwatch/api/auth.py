"""Optional API keys: with `SANCTIONWATCH_API_KEYS` set, every request but the health check
and the API's own documentation must carry one of them.

The triage pages (`/ui`) also take the key from the cookie `/ui/login` sets.

A key is sent as OpenSanctions' hosted API expects it (`Authorization: ApiKey <key>`), so that a
yente client configured for that API works unchanged, or as `X-API-Key: <key>`. Keys are
compared in constant time; a missing or wrong key gets 401 with `{"detail": ...}` and a
`WWW-Authenticate: ApiKey` header, before the request body is read.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

# Paths served without a key: liveness for load balancers and orchestrators, and the OpenAPI
# documentation (it describes the API, it holds no data).
OPEN_PATHS = frozenset(
    {"/healthz", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json", "/ui/login"}
)
# The triage pages (`web/triage.py`) take the key from this cookie, set by `/ui/login`
# (HttpOnly, SameSite=Strict, path /ui); a browser without it is sent to the login page.
KEY_COOKIE = "sw_api_key"
UI_PREFIX = "/ui"


def presented_key(headers: Iterable[tuple[bytes, bytes]], *, cookie: bool = False) -> str | None:
    """The key a request presents (`Authorization: ApiKey <key>` or `X-API-Key`; with
    `cookie`, also the `/ui` login cookie), or None."""
    headers = list(headers)
    for name, value in headers:
        if name == b"authorization":
            scheme, _, key = value.decode("latin-1").strip().partition(" ")
            if scheme.lower() == "apikey" and key.strip():
                return key.strip()
        elif name == b"x-api-key" and value.strip():
            return value.decode("latin-1").strip()
    if cookie:
        for name, value in headers:
            if name == b"cookie":
                for part in value.decode("latin-1").split(";"):
                    key, _, found = part.strip().partition("=")
                    if key == KEY_COOKIE and found:
                        return found
    return None


class ApiKeyAuth:
    """ASGI middleware requiring one of `keys` on every HTTP request outside `OPEN_PATHS`."""

    def __init__(self, app: ASGIApp, keys: Iterable[str]) -> None:
        self.app = app
        self.keys = tuple(keys)
        if not self.keys or any(not key.strip() for key in self.keys):
            raise ValueError("API keys must be non-empty")

    def accepts(self, key: str | None) -> bool:
        """Whether `key` is one of the configured keys (every key compared, in constant time)."""
        return key is not None and self.check(self.keys, key)

    @staticmethod
    def check(keys: Iterable[str], key: str) -> bool:
        """Whether `key` is one of `keys`, every one compared in constant time."""
        given = key.encode("utf-8")
        found = False
        for known in keys:
            found |= hmac.compare_digest(given, known.encode("utf-8"))
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        ui = path == UI_PREFIX or path.startswith(UI_PREFIX + "/")
        key = presented_key(scope.get("headers", ()), cookie=ui)
        if self.accepts(key):
            await self.app(scope, receive, send)
            return
        if ui and scope.get("method") == "GET":
            await RedirectResponse("/ui/login", status_code=303)(scope, receive, send)
            return
        detail = "missing API key" if key is None else "invalid API key"
        response = JSONResponse(
            {"detail": f"{detail}: send 'Authorization: ApiKey <key>' or 'X-API-Key: <key>'"},
            status_code=401,
            headers={"WWW-Authenticate": "ApiKey"},
        )
        await response(scope, receive, send)
