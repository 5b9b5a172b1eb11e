"""The quota race across workers: three webhook workers (ptb, aiohttp, aiohttp)
behind a round-robin proxy, one PostgreSQL, one Redis; the coordinator publishes in
chat, then 60 residents press Sign up at once for 15 places. Exactly 15 are signed
up, the other 45 wait-listed, each told which, whichever worker took their press:
the quota is the activity row's conditional UPDATE, not a read in any one process.
The announcement went out as a durable broadcast, once, through the workers' senders.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from benchmarks.activities import publish_in_chat
from benchmarks.webhook_fleet import RoundRobinProxy
from bot.settings import SANDBOX_TOKEN
from sandbox import Limits, SandboxClient, SandboxServer, SimUser
from tests.backends import PrivateServices, private_services
from tests.e2e.net import free_port
from tests.e2e.workers import CLI, Worker, worker_env

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SEED = Path(__file__).resolve().parents[2] / "data" / "demo-county.yaml"
TRANSPORTS = ("ptb", "aiohttp", "aiohttp")
RESIDENTS = range(821000, 821060)
PLACES = 15  # publish_in_chat asks for 1,000 places: the test lowers it in the row
STEP = 30.0


@pytest.fixture
async def services() -> AsyncIterator[PrivateServices]:
    async with private_services("civic_act_workers") as private:
        yield private


async def _seed(env: dict[str, str], cwd: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        CLI, "seed", str(SEED), env=env, cwd=cwd, stdout=asyncio.subprocess.PIPE
    )
    output, _ = await proc.communicate()
    assert proc.returncode == 0, output.decode()


async def test_sixty_sign_up_at_once_for_fifteen_places_across_three_workers(
    services: PrivateServices, tmp_path: Path
) -> None:
    async with SandboxServer(limits=Limits.relaxed()) as server, SandboxClient(server.url) as sb:
        ports = [free_port() for _ in TRANSPORTS]
        proxy = RoundRobinProxy([f"http://127.0.0.1:{port}" for port in ports])
        await proxy.start()
        common = {
            "bot_token": SANDBOX_TOKEN,
            "bot_api_url": server.url,
            "database_url": services.database_url,
            "redis_url": services.redis_url,
            "redis_prefix": services.prefix,
            "webhook_url": f"{proxy.url}/telegram",
            "webhook_secret": "activity-workers-secret",
            "send_limits": "off",
            "broadcast_interval": "0.5",
            "flood_limit": "0",
            "log_level": "INFO",
            "db_pool_size": "3",
            "db_max_overflow": "3",
        }
        await _seed(worker_env(common), tmp_path)
        workers = [
            Worker(
                f"w{n}",
                worker_env({**common, "transport": kind, "listen": f"127.0.0.1:{port}"}),
                tmp_path,
            )
            for n, (kind, port) in enumerate(zip(TRANSPORTS, ports, strict=True))
        ]
        try:
            await asyncio.gather(*(w.start() for w in workers))
            async with asyncio.timeout(60):
                await asyncio.gather(*(w.ready.wait() for w in workers))
            residents = [sb.user(p, f"居民{p}") for p in RESIDENTS]
            await asyncio.gather(*(_started(r) for r in residents))
            for resident in residents[:5]:  # followers: they hear of it by broadcast
                await resident.command("follow", "11")
                await resident.expect("已关注", timeout=STEP)
            starts = datetime.now(UTC) + timedelta(days=2)
            activity_id, _code = await publish_in_chat(server.url, starts)
            for resident in residents[:5]:
                await resident.expect("📣 新活动：爱心义剪进社区", timeout=STEP)
            db = await asyncpg.connect(services.dsn)
            try:
                await db.execute(
                    "UPDATE activities SET resident_quota = $1 WHERE id = $2", PLACES, activity_id
                )
            finally:
                await db.close()
            outcomes = await _race(residents, activity_id)
        finally:
            codes = [await w.stop() for w in workers]
            await proxy.stop()
    assert codes == [0, 0, 0], [w.errors() for w in workers]
    assert outcomes.count("signed") == PLACES
    assert outcomes.count("waiting") == len(RESIDENTS) - PLACES
    db = await asyncpg.connect(services.dsn)
    try:
        signed = await db.fetchval(
            "SELECT residents_signed FROM activities WHERE id = $1", activity_id
        )
        rows = await db.fetch(
            "SELECT person_id, status FROM activity_signups WHERE activity_id = $1", activity_id
        )
        announced = await db.fetch(
            "SELECT r.person_id, r.status FROM broadcast_recipients r"
            " JOIN broadcasts b ON b.id = r.broadcast_id WHERE b.audience = 'announce'"
        )
    finally:
        await db.close()
    assert signed == PLACES
    assert sum(r["status"] == "signed" for r in rows) == PLACES
    assert len({r["person_id"] for r in rows}) == len(rows) == len(RESIDENTS)
    followers = {r["person_id"]: r["status"] for r in announced if r["person_id"] in RESIDENTS}
    assert followers == dict.fromkeys(RESIDENTS[:5], "sent")


async def _started(resident: SimUser) -> None:
    await resident.command("start")
    await resident.expect(lambda m: bool(m.buttons), timeout=STEP)


async def _race(residents: list[SimUser], activity_id: int) -> list[str]:
    async def shown(resident: SimUser) -> None:
        await resident.command("activity", str(activity_id))
        await resident.expect("爱心义剪", timeout=STEP)

    await asyncio.gather(*(shown(r) for r in residents))
    await asyncio.gather(*(r.press(None, f"as:{activity_id}:r") for r in residents))

    async def told(resident: SimUser) -> str:
        message = await resident.expect(
            lambda m: "报名成功" in (m.text or "") or "加入候补" in (m.text or ""), timeout=60
        )
        return "signed" if "报名成功" in (message.text or "") else "waiting"

    return list(await asyncio.gather(*(told(r) for r in residents)))
