"""Settings: one pydantic-settings model, read from `SANCTIONWATCH_*` environment variables.

Build it once at an entry point (`Settings()`) and pass it down; nothing reads the environment
elsewhere. Every field is documented in `docs/settings.md` (a test keeps the two in step).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sanctionwatch"


class Settings(BaseSettings):
    """Runtime configuration of sanctionwatch."""

    model_config = SettingsConfigDict(env_prefix="SANCTIONWATCH_", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Directory for the default SQLite store and downloaded list files.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store; default: a SQLite file in data_dir.",
    )
    log_level: str = Field(default="WARNING", description="Logging level at entry points.")

    # Fetching (lists update, article URLs)
    http_timeout: float = Field(default=30.0, description="Seconds per HTTP request phase.")
    http_max_bytes: int = Field(
        default=400 * 1024 * 1024,
        description="Largest download accepted, in bytes (full EU/UK lists are ~25 MB).",
    )
    http_retries: int = Field(default=3, description="Retries after a failed download.")
    http_backoff: float = Field(default=1.0, description="First retry delay in seconds; doubles.")
    http_max_redirects: int = Field(default=5, description="Redirects followed per request.")
    http_user_agent: str = Field(
        default="sanctionwatch/0.1 (+https://github.com/sanctionwatch/sanctionwatch)",
        description="User-Agent header sent with every request.",
    )
    allow_private_addresses: bool = Field(
        default=False,
        description="Allow requests to private, loopback and link-local addresses.",
    )
    source_urls: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Override official download URLs per source, as JSON, e.g. "
            '{"un": "https://mirror.example/consolidated.xml"}.'
        ),
    )

    # HTTP API (sanctionwatch serve)
    api_max_batch: int = Field(default=100, ge=1, description="Most queries in one /match request.")
    api_max_body_bytes: int = Field(
        default=2 * 1024 * 1024, ge=1024, description="Largest request body accepted, in bytes."
    )
    api_keys: list[SecretStr] = Field(
        default_factory=list,
        description=(
            "API keys, as a JSON list; when set, every request but /healthz and the docs must "
            "send one as 'Authorization: ApiKey <key>' or 'X-API-Key: <key>' (else 401)."
        ),
    )
    index_refresh_seconds: float = Field(
        default=60.0,
        ge=0.0,
        description="How often the API checks for new snapshots and rebuilds its index; 0: never.",
    )

    @field_validator("api_keys")
    @classmethod
    def _keys_not_blank(cls, keys: list[SecretStr]) -> list[SecretStr]:
        if any(not key.get_secret_value().strip() for key in keys):
            raise ValueError("an API key is empty")
        return keys

    def resolved_database_url(self) -> str:
        """The store URL: the configured one, else a SQLite file under `data_dir`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'sanctionwatch.db'}"
