"""Typed settings, read from the environment or a `.env` file.

Nothing reads `os.environ` elsewhere: tests build `Settings(...)` with their own values.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from domain.checkin_tokens import PURPOSE
from domain.invite_tokens import derive_key
from storage.redis_client import RETRIES as REDIS_RETRIES
from storage.sql.engine import MAX_OVERFLOW, POOL_SIZE

# The sandbox Bot API server accepts this token; it is not a secret.
SANDBOX_TOKEN = "1000001:SANDBOX-civic-bot-token"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: SecretStr = SecretStr(SANDBOX_TOKEN)
    bot_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///civic-bot.db"
    # PostgreSQL connections each worker keeps, and the extra it may open at a peak.
    db_pool_size: int = Field(default=POOL_SIZE, ge=1)
    db_max_overflow: int = Field(default=MAX_OVERFLOW, ge=0)
    redis_url: str | None = None
    redis_prefix: str = ""  # namespaces every key when deployments share one Redis
    # Retries of a Redis command that lost its connection, 0.2 s doubling up to 2 s
    # apart: 4 bridge about 3 s, a restart; a longer outage is the drainer's to ride out.
    redis_retries: int = Field(default=REDIS_RETRIES, ge=0)
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    transport: Literal["ptb", "aiohttp"] = "ptb"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None  # required with webhook_url: 1-256 of A-Z a-z 0-9 _ -
    webhook_max_connections: int = Field(default=40, ge=1, le=100)  # Telegram's deliveries at once
    listen: str = "127.0.0.1:8080"  # host:port of the webhook, /healthz and /metrics server
    send_limits: Literal["telegram", "off"] = "telegram"  # off: only against a local sandbox
    # Seconds one reply keeps retrying a Bot API 5xx, network error or 429 before it gives up.
    send_budget: float = Field(default=300.0, gt=0)
    # Seconds before a failed Bot API call's first retry (5xx, network error; a 429
    # waits what Telegram asks), doubled with full jitter up to the max. Polling waits
    # the same before it stores a batch again that the inbox refused.
    send_backoff: float = Field(default=0.5, gt=0)
    send_backoff_max: float = Field(default=10.0, gt=0)
    janitor_interval: float = Field(default=2.0, gt=0)  # seconds between looks for orphan chats
    # Seconds a chat stays with a worker that stopped renewing its lease (one that died):
    # renewed every third of it while a turn runs, so it must outlast a slow handler step.
    chat_lease: float = Field(default=10.0, gt=0)
    # Seconds a graceful stop gives the updates it already holds before it exits.
    stop_grace: float = Field(default=10.0, ge=0)
    early_answer_after: float = Field(default=4.0, gt=0)  # s a press waits before a blank answer
    # An update the handler itself fails on this often (not an outage) is set aside.
    handler_max_tries: int = Field(default=3, ge=1)
    retry_backoff: float = Field(default=0.5, gt=0)  # seconds before a failed update's 1st retry
    retry_backoff_max: float = Field(default=30.0, gt=0)  # doubling up to this, with jitter
    drain_turn_updates: int = Field(default=4, ge=1)  # a chat's turn then yields its drain slot
    flood_limit: int = Field(default=20, ge=0)  # updates per user per window; 0: no limit
    flood_window: float = Field(default=10.0, gt=0)  # seconds
    default_locale: Literal["zh-CN", "en"] = "zh-CN"
    conversation_ttl: float = Field(default=24 * 3600, gt=0)  # seconds
    offer_timeout: float = Field(default=30 * 60, gt=0)  # seconds a wave waits
    dispatch_wave_size: int = Field(default=5, ge=1)  # volunteers offered at once
    dispatch_deadline: float = Field(default=2 * 3600, gt=0)  # then the point's coordinators
    escalation_deadline: float = Field(default=3600, gt=0)  # then station, then center
    rating_reminder: float = Field(default=24 * 3600, gt=0)  # one reminder, never more
    sweep_interval: float = Field(
        default=5.0, gt=0
    )  # how often each worker looks for due deadlines
    # How often each worker looks for broadcasts to help send (one started here: at once).
    broadcast_interval: float = Field(default=2.0, gt=0)
    timezone: str = "Asia/Shanghai"  # the county's clock, for "today" and typed dates
    log_level: str = "INFO"
    # Signs `/invite` links; unset: a key derived from the bot token (fine for one bot,
    # but set it to keep links valid across a token change, or to revoke them all).
    invite_secret: SecretStr | None = None
    invite_ttl: float = Field(default=7 * 24 * 3600, gt=0)  # seconds an invite link works
    # Check-in at the door: a volunteer's location counts within this many metres of
    # the order's place; the resident's QR code works once, for this many seconds.
    checkin_radius: float = Field(default=200.0, gt=0)
    checkin_token_ttl: float = Field(default=30 * 60, gt=0)
    # Activities: seconds a freed place waits for the one on the wait-list offered it;
    # metres from the venue within which a shared location checks one in; seconds
    # the check-in window opens before the start and stays open after the end.
    activity_offer_time: float = Field(default=2 * 3600, gt=0)
    activity_venue_radius: float = Field(default=300.0, gt=0)
    activity_checkin_window: float = Field(default=30 * 60, ge=0)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("bot_api_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        # Without a secret anyone who finds the URL could post updates as any user.
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if self.webhook_url and not secret:
            raise ValueError("WEBHOOK_URL needs WEBHOOK_SECRET")
        return self

    def checkin_key(self) -> bytes:
        """The key check-in QR tokens are signed with (see `domain.checkin_tokens`)."""
        secret = self.invite_secret.get_secret_value() if self.invite_secret else ""
        return derive_key(secret or self.bot_token.get_secret_value(), PURPOSE)

    def invite_key(self) -> bytes:
        """The key invite tokens are signed with (see `domain.invite_tokens`)."""
        secret = self.invite_secret.get_secret_value() if self.invite_secret else ""
        return derive_key(secret or self.bot_token.get_secret_value())

    @property
    def bot_id(self) -> int:
        """The numeric part of the token: the bot's own user id."""
        return int(self.bot_token.get_secret_value().split(":", 1)[0])

    def on_sandbox(self, url: str) -> Settings:
        """The same settings, pointed at a local sandbox server with its fixed token."""
        return self.model_copy(update={"bot_api_url": url, "bot_token": SecretStr(SANDBOX_TOKEN)})
