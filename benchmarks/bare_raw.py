"""A bare raw Bot API bot on aiohttp: one sendMessage per update, concurrently.

The ceiling of what the load generator and the sandbox can drive (and the
yardstick of civic-bot's aiohttp transport)::

    python -m benchmarks.bare_raw --api http://127.0.0.1:8081 [--max-seconds 600]

It stops on SIGTERM / SIGINT, or after `--max-seconds` whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
from typing import Any

import aiohttp

from benchmarks.common import SANDBOX_TOKEN

MAX_IN_FLIGHT = 256


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


async def _reply(
    session: aiohttp.ClientSession, base: str, update: dict[str, Any], slots: asyncio.Semaphore
) -> None:
    try:
        message = update.get("message") or (update.get("callback_query") or {}).get("message")
        if message is None:
            return
        params = {"chat_id": message["chat"]["id"], "text": "pong"}
        async with session.post(base + "sendMessage", json=params) as response:
            await response.read()
    except (aiohttp.ClientError, TimeoutError, KeyError):
        pass  # a benchmark bot: a lost reply shows up as a slower run
    finally:
        slots.release()


async def run(api: str, token: str, max_seconds: float) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.call_later(max_seconds, stop.set)
    base = f"{api.rstrip('/')}/bot{token}/"
    connector = aiohttp.TCPConnector(limit=MAX_IN_FLIGHT, limit_per_host=0)
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)
    tasks: set[asyncio.Task[None]] = set()
    stopped = asyncio.create_task(stop.wait())
    async with aiohttp.ClientSession(connector=connector, json_serialize=_dumps) as session:
        offset = 0
        while not stop.is_set():
            poll = asyncio.create_task(
                session.post(base + "getUpdates", json={"offset": offset, "timeout": 10})
            )
            await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if not poll.done():
                poll.cancel()
                with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
                    await poll
                break
            async with poll.result() as response:
                updates = (await response.json()).get("result") or []
            for update in updates:
                offset = max(offset, int(update["update_id"]) + 1)
                await slots.acquire()
                task = asyncio.create_task(_reply(session, base, update, slots))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="Bot API root, e.g. http://127.0.0.1:8081")
    parser.add_argument("--token", default=SANDBOX_TOKEN)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()
    asyncio.run(run(args.api, args.token, args.max_seconds))


if __name__ == "__main__":
    main()
