"""Error rendering and the request size limit: every error is `{"detail": message}`.

One handler renders every `SanctionwatchError` with its `status`; malformed requests are 422
with a readable summary (the offending values are not echoed back: they may be 10 kB); an
unexpected error is a logged 500 whose body carries no traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sanctionwatch.exceptions import SanctionwatchError

log = logging.getLogger(__name__)

_SHOWN_ERRORS = 10


async def _sanctionwatch_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SanctionwatchError)  # registered for this class  # noqa: S101
    if exc.status >= 500:
        log.error("%s: %s", type(exc).__name__, exc.message)
    return JSONResponse({"detail": exc.message}, status_code=exc.status)


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "request"


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # registered for this class  # noqa: S101
    errors = [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in error.get("loc", ())],
            "msg": str(error.get("msg", "invalid")),
            "type": str(error.get("type", "value_error")),
        }
        for error in exc.errors()
    ]
    summary = "; ".join(f"{_location(tuple(e['loc']))}: {e['msg']}" for e in errors[:_SHOWN_ERRORS])
    if len(errors) > _SHOWN_ERRORS:
        summary += f"; and {len(errors) - _SHOWN_ERRORS} more"
    return JSONResponse(
        {"detail": f"invalid request: {summary}", "errors": errors}, status_code=422
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": "internal server error (logged)"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(SanctionwatchError, _sanctionwatch_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)


class BodySizeLimit:
    """ASGI middleware refusing request bodies over `max_bytes` with 413, before any parsing.

    A declared Content-Length over the limit is refused without reading; a chunked body is
    read up to the limit and refused as soon as it passes it. An accepted body is handed on
    unchanged.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared < 0:
            await _reject(scope, receive, send, 400, "invalid Content-Length header")
            return
        if declared is not None and declared > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # client gone: let the app see it
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([body], receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"request body too large: at most {self.max_bytes} bytes are accepted"
        await _reject(scope, receive, send, 413, detail)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


async def _reject(scope: Scope, receive: Receive, send: Send, status: int, detail: str) -> None:
    response = JSONResponse({"detail": detail}, status_code=status)
    await response(scope, receive, send)
