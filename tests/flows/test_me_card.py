"""The star level as a PNG card (`/me card`), and /adjust written to the audit trail."""

from __future__ import annotations

from bot.demo import COORDINATOR, VOLUNTEERS
from tests.harness import ChatHarness


async def test_me_card_is_a_png(chat: ChatHarness) -> None:
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    await volunteer.command("me")
    assert "/me card" in ((await volunteer.expect("我的志愿服务")).text or "")
    await volunteer.command("me", "card")
    card = await volunteer.expect("我的志愿服务星级卡片")
    assert card.photo is not None
    (photo,) = [c for c in chat.messenger.sent(VOLUNTEERS[0]) if c.method == "send_photo"]
    assert photo.file is not None and photo.file.startswith(b"\x89PNG\r\n\x1a\n")


async def test_an_adjustment_is_in_the_audit_trail(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    await coordinator.command("adjust", f"{VOLUNTEERS[0]} 2 带队指导")
    await coordinator.expect("已为 王秀英 调整 +2 小时")
    await coordinator.command("adjust", f"{VOLUNTEERS[0]} -0.5 录错了")
    await coordinator.expect("调整 -0.5 小时")
    await coordinator.command("audit")
    trail = (await coordinator.expect("操作记录")).text or ""
    assert f"调整了 王秀英（{VOLUNTEERS[0]}） 的服务时长 +2 小时" in trail
    assert "服务时长 -0.5 小时" in trail and "理由：录错了" in trail
