"""Becoming a volunteer the vetted way, for tests that need volunteers: a coordinator's
`/invite` link, redeemed with `/start inv_<token>`."""

from __future__ import annotations

import re

from sandbox import SimUser

LINK = re.compile(r"https://t\.me/(\w+)\?start=(inv_[A-Za-z0-9_-]+)")


async def invite_payload(coordinator: SimUser, team: str, timeout: float = 10) -> str:  # noqa: ASYNC109
    """The `start` payload of a fresh invite to `team` that `coordinator` asked for."""
    await coordinator.command("invite", team)
    message = await coordinator.expect(lambda m: LINK.search(m.text or "") is not None, timeout)
    found = LINK.search(message.text or "")
    assert found is not None
    return found.group(2)


async def join_by_invite(
    volunteer: SimUser,
    coordinator: SimUser,
    team: str,
    timeout: float = 10,  # noqa: ASYNC109
) -> None:
    """`volunteer` joins `team` through an invite from `coordinator`."""
    payload = await invite_payload(coordinator, team, timeout)
    await volunteer.command("start", payload)
    await volunteer.expect("欢迎加入", timeout)
    await volunteer.expect(lambda m: bool(m.buttons), timeout)  # then the greeting
