"""Redis restarted under the bot: stale pooled connections are retried, and a Redis
without persistence is reported at start-up."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from sandbox import SimUser
from storage.state_factory import open_state
from tests.faults.redis_server import PrivateRedis
from tests.faults.stack import TRANSPORTS, fault_settings, faulty_bot

USERS = 12


async def _greeted(user: SimUser) -> bool:
    try:
        await user.expect(lambda m: bool(m.buttons), timeout=5)
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_updates_right_after_a_redis_restart_are_all_handled(
    private_redis: PrivateRedis, tmp_path: Path, transport: str
) -> None:
    # Before: one update failed with "Connection closed by server" per stale pooled
    # connection, since the default client does not retry them. (Polling only: over
    # the webhook the 503 made Telegram deliver it again.)
    database = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    settings = fault_settings(database, private_redis.url, transport)
    async with faulty_bot(settings, seed=True) as stack:
        users = [stack.sb.user(800400 + n, f"User{n}", "en") for n in range(USERS)]
        await asyncio.gather(*(user.command("start") for user in users))
        assert all(await asyncio.gather(*(_greeted(user) for user in users)))
        await private_redis.restart()  # AOF on: nothing is lost but the connections
        await asyncio.gather(*(user.command("start") for user in users))
        greeted = await asyncio.gather(*(_greeted(user) for user in users))
        assert sum(greeted) == USERS


PERSISTENCE = "storage.state_factory"


def _persistence_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == PERSISTENCE and record.levelno == logging.WARNING
    ]


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ((), "no persistence at all"),
        (("--save", "3600 1"), "only RDB snapshots"),
        (("--rename-command", "CONFIG", ""), "appendonly no"),  # CONFIG disabled
        (("--rename-command", "INFO", ""), "could not be read"),  # INFO refused too
    ],
)
async def test_a_redis_without_persistence_is_warned_about_at_start_up(
    private_redis: PrivateRedis,
    caplog: pytest.LogCaptureFixture,
    extra: tuple[str, ...],
    said: str,
) -> None:
    await private_redis.restart(persistent=False, extra=extra)
    caplog.set_level(logging.WARNING, logger=PERSISTENCE)
    backends = await open_state(private_redis.url, ttl=60)
    await backends.close()
    (warning,) = _persistence_warnings(caplog)
    assert said in warning and "appendfsync everysec" in warning
    assert private_redis.url not in warning


async def test_a_redis_with_an_append_only_file_is_not_warned_about(
    private_redis: PrivateRedis, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=PERSISTENCE)
    backends = await open_state(private_redis.url, ttl=60)
    await backends.close()
    assert _persistence_warnings(caplog) == []
