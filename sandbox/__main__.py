"""Run the sandbox Bot API server on its own: ``python -m sandbox --port 8081``.

Point a bot at it with ``BOT_API_URL=http://127.0.0.1:8081`` and
``BOT_TOKEN=1000001:SANDBOX-civic-bot-token``, then drive users through
``SandboxClient`` or plain HTTP calls to ``/sandbox/...``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .ratelimit import Limits
from .server import SANDBOX_TOKEN, SandboxServer


async def serve(port: int, limits: Limits, check_spec: bool = True) -> None:
    async with SandboxServer(limits=limits, port=port, check_spec=check_spec) as server:
        print(f"sandbox Bot API on {server.url}  token {SANDBOX_TOKEN}", flush=True)
        await asyncio.Event().wait()  # until interrupted


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument(
        "--limits",
        choices=["telegram", "bot-wide", "relaxed", "off"],
        default="telegram",
        help="flood control: Telegram's, its 30/s a bot only, far above any test, or none",
    )
    parser.add_argument(
        "--no-spec-check",
        action="store_true",
        help="do not check requests against the Bot API spec (they are by default)",
    )
    args = parser.parse_args()
    big = 1_000_000.0
    limits = {
        "telegram": Limits(),
        "bot-wide": Limits(private_rate=big, private_burst=big, group_rate=big, group_burst=big),
        "relaxed": Limits.relaxed(),
        "off": Limits.off(),
    }[args.limits]
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, limits, not args.no_spec_check))


if __name__ == "__main__":
    main()
