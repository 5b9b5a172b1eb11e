"""Typed settings, read from the environment or a `.env` file.

Nothing reads `os.environ` elsewhere: tests build `Settings(...)` with their own values.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The sandbox Bot API server accepts this token; it is not a secret.
SANDBOX_TOKEN = "1000001:SANDBOX-civic-bot-token"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: SecretStr = SecretStr(SANDBOX_TOKEN)
    bot_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///civic-bot.db"
    redis_url: str | None = None
    redis_prefix: str = ""  # namespaces every key when deployments share one Redis
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    transport: Literal["ptb", "aiohttp"] = "ptb"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    listen: str = "127.0.0.1:8080"
    default_locale: Literal["zh-CN", "en"] = "zh-CN"
    conversation_ttl: float = Field(default=24 * 3600, gt=0)  # seconds
    offer_timeout: float = Field(default=30 * 60, gt=0)  # seconds
    timezone: str = "Asia/Shanghai"  # the county's clock, for "today" and typed dates
    log_level: str = "INFO"

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

    @property
    def bot_id(self) -> int:
        """The numeric part of the token: the bot's own user id."""
        return int(self.bot_token.get_secret_value().split(":", 1)[0])
