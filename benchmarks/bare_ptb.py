"""A bare python-telegram-bot bot: one sendMessage per update, updates concurrent.

`--request httpx` keeps PTB's default `HTTPXRequest`; `--request aiohttp` swaps
in civic-bot's `AiohttpRequest` (bot/transports/aiohttp_request.py), as the
PTB transport does::

    python -m benchmarks.bare_ptb --api http://127.0.0.1:8081 --request aiohttp

It stops on SIGTERM / SIGINT, or after `--max-seconds` whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from benchmarks.common import SANDBOX_TOKEN

CONCURRENT_UPDATES = 256


async def _pong(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message("pong")


def build(api: str, token: str, request: str) -> Application:  # type: ignore[type-arg]
    api = api.rstrip("/")
    builder = (
        Application.builder()
        .token(token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .concurrent_updates(CONCURRENT_UPDATES)
        .job_queue(None)
    )
    if request == "aiohttp":
        from bot.transports.aiohttp_request import AiohttpRequest

        builder = builder.request(AiohttpRequest(connection_pool_size=256)).get_updates_request(
            AiohttpRequest(connection_pool_size=2, read_timeout=10.0)
        )
    app = builder.build()
    app.add_handler(TypeHandler(Update, _pong))
    return app


async def run(api: str, token: str, request: str, max_seconds: float) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.call_later(max_seconds, stop.set)
    app = build(api, token, request)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=10, drop_pending_updates=False)
        await stop.wait()
        await app.updater.stop()
        await app.stop()


def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="Bot API root, e.g. http://127.0.0.1:8081")
    parser.add_argument("--token", default=SANDBOX_TOKEN)
    parser.add_argument("--request", choices=["httpx", "aiohttp"], default="httpx")
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()
    asyncio.run(run(args.api, args.token, args.request, args.max_seconds))


if __name__ == "__main__":
    main()
