"""Settings from the environment and `.env`, validated once at start-up.

A wrong setting must stop the bot with one line a non-developer can act on,
so `load_settings()` turns pydantic's report into that line (see cli.py).
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from bot.timeutil import QuietHours, WorkingHours

SUPPORTED_LOCALES = ("fr", "ar", "en")
OFFICIAL_API_BASE = "https://api.telegram.org"
DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///./data/ara.sqlite3"

# Telegram tokens look like "123456789:AA…" (digits, colon, 35 url-safe characters).
_TOKEN_RE = re.compile(r"^\d{5,20}:[A-Za-z0-9_-]{30,60}$")
# Telegram's rule for secret_token is 1-256 of these; we ask 16 at least, it is a password.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
# A phone number as people write it: digits, spaces, dots, dashes, a leading +.
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 .-]{1,22}[0-9]$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: str = Field(default="", description="Token from @BotFather")
    database_url: str = DEFAULT_SQLITE_URL
    telegram_api_base: str = OFFICIAL_API_BASE
    timezone: str = "Europe/Paris"
    default_locale: str = "fr"
    redis_url: str | None = None
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    log_level: str = "INFO"
    # `json` in production (one JSON object per line, for a log collector), `text` while developing.
    log_format: str = "text"
    # Delivery (bot/delivery): Telegram allows about 30 messages a second overall
    # and about one a second to one chat, with short bursts.
    broadcast_rate: float = Field(default=30.0, gt=0, le=1000)
    chat_burst: int = Field(default=3, ge=1, le=30)
    quiet_hours: str = "21:00-08:00"
    pump_interval_seconds: float = Field(default=2.0, gt=0, le=300)
    # A row left 'sending' this long belongs to a process that died; it is sent again.
    outbox_lease_seconds: float = Field(default=120.0, ge=1, le=3600)
    # Households closed longer than this are anonymised by a nightly job (bot/services/retention.py).
    retention_months: int = Field(default=24, ge=1, le=240)
    # The worksite (handlers/worksite): the household's contribution by default, a share of the
    # materials the association buys; where worksite photos are copied (erasure deletes them);
    # the largest photo kept; the fonts of the contract's PDF (Debian's fonts-dejavu-core).
    worksite_contribution_percent: int = Field(default=10, ge=0, le=100)
    photos_dir: Path = Path("data/photos")
    photo_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024, le=50 * 1024 * 1024)
    pdf_font: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf_bold_font: Path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    # One account past this many updates in this many seconds is ignored for a moment.
    flood_max_updates: int = Field(default=20, ge=1, le=1000)
    flood_window_seconds: float = Field(default=10.0, gt=0, le=3600)
    # The database unreachable while handling an update: the person is told at once, and the
    # update runs again until it goes through or this long has passed (bot/outage.py).
    db_retry_seconds: float = Field(default=120.0, ge=0, le=3600)
    # Webhook mode (`ara-bot run --webhook`): Telegram posts updates to WEBHOOK_URL and
    # proves it is Telegram with WEBHOOK_SECRET in the X-Telegram-Bot-Api-Secret-Token header.
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # "Write to my animator" (handlers/relay/): when the team reads messages, in local time;
    # the landlord's on-call line and the association's phone, given with the emergency
    # numbers (the association's in Help too).
    animator_hours: str = "mon-fri 09:00-17:00"
    landlord_oncall_phone: str | None = None
    association_phone: str | None = None
    # In polling mode, /healthz is served on this port when set (in webhook mode, on WEBHOOK_PORT).
    health_host: str = "0.0.0.0"
    health_port: int | None = Field(default=None, ge=1, le=65535)
    # On SIGTERM: how long in-flight updates, then in-flight sends, may take to finish (each).
    shutdown_timeout_seconds: float = Field(default=20.0, gt=0, le=600)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: str) -> str:
        value = value.strip()
        # Empty is allowed here: commands such as `ara-bot db upgrade` need no token.
        if value and not _TOKEN_RE.match(value):
            raise ValueError("does not look like a Telegram bot token (digits:letters)")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_scheme(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            # Accept the URL people copy from their hosting panel; we always talk asyncpg.
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("telegram_api_base")
    @classmethod
    def _api_base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Paris)") from None
        return value

    @field_validator("default_locale")
    @classmethod
    def _supported_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in ("text", "json"):
            raise ValueError("must be text or json")
        return value

    @field_validator("health_port", mode="before")
    @classmethod
    def _empty_port(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith("https://"):
            raise ValueError("must be a public https:// URL (Telegram only posts to HTTPS)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not _SECRET_RE.match(value):
            raise ValueError("must be 16 to 256 characters: letters, digits, _ and -")
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        from bot.timeutil import QuietHours

        QuietHours.parse(value)  # raises ValueError with the reason
        return value

    @field_validator("animator_hours")
    @classmethod
    def _animator_hours(cls, value: str) -> str:
        from bot.timeutil import WorkingHours

        WorkingHours.parse(value)  # raises ValueError with the reason
        return value

    @field_validator("landlord_oncall_phone", "association_phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = " ".join(value.split())
        if not _PHONE_RE.match(value):
            raise ValueError("must be a phone number, e.g. 04 42 00 00 00 or +33 4 42 00 00 00")
        return value

    @cached_property
    def working_hours(self) -> WorkingHours:
        from bot.timeutil import WorkingHours

        return WorkingHours.parse(self.animator_hours)

    @cached_property
    def quiet(self) -> QuietHours:
        from bot.timeutil import QuietHours

        return QuietHours.parse(self.quiet_hours)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def sqlite_path(self) -> Path | None:
        """The database file when SQLite is used, so its folder can be created."""
        if not self.database_url.startswith("sqlite"):
            return None
        path = self.database_url.split("///", 1)[-1]
        return None if path in ("", ":memory:") else Path(path)


def load_settings(*, require_token: bool = False, **overrides: Any) -> Settings:
    """Build Settings or raise SettingsError naming the first bad variable.

    `overrides` are Any: pydantic validates each one below, and names the bad one."""
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name} {reason}") from None
    if require_token and not settings.bot_token:
        raise SettingsError("BOT_TOKEN is empty: create a bot with @BotFather and put its token in BOT_TOKEN")
    return settings
