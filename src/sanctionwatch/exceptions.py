"""The one error hierarchy: every error a user can cause or meet derives from `SanctionwatchError`.

Each class carries the HTTP `status` the API answers with and the `exit_code` the CLI exits with,
so the edges render errors uniformly (`{"detail": ...}` in the API, `Error: ...` on stderr).
"""

from __future__ import annotations


class SanctionwatchError(Exception):
    """Base of all sanctionwatch errors."""

    status: int = 500
    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(SanctionwatchError):
    """The request or command line is wrong (unknown source, bad option combination)."""

    status = 400
    exit_code = 2


class ConfigurationError(SanctionwatchError):
    """Settings are missing or contradictory."""

    status = 500
    exit_code = 3


class InputError(SanctionwatchError):
    """An input file or payload cannot be read; the message names the file and where."""

    status = 422
    exit_code = 4


class ParseError(InputError):
    """A list file is malformed, truncated, hostile or not in the expected format."""

    def __init__(self, path: str, message: str, *, where: str | None = None) -> None:
        location = f"{path}: {where}" if where else path
        super().__init__(f"{location}: {message}")
        self.path = path
        self.where = where


class NotFoundError(SanctionwatchError):
    """An entity, snapshot or document does not exist."""

    status = 404
    exit_code = 5


class FetchError(SanctionwatchError):
    """A download failed (network, HTTP status, size cap, forbidden address)."""

    status = 502
    exit_code = 6


class BlockedAddressError(FetchError):
    """A URL resolves to a private, loopback or link-local address and settings forbid it."""

    status = 400


class StoreError(SanctionwatchError):
    """The database is unreachable or inconsistent."""

    status = 503
    exit_code = 7
