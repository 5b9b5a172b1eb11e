"""`civic-bot demo`: the whole loop, played by scripted people against the sandbox.

A resident orders a free haircut at home, two volunteers of the local team are
offered it and one accepts, the point's coordinator is told, the volunteer
finishes with the hours, the resident rates it. Each chat's transcript is
printed; the exit code is 0 only if the order ended `rated`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from bot.app import App
from bot.settings import Settings
from bot.transports.ratelimit import RateLimits
from domain.models import OrderStatus
from sandbox import Limits, SandboxClient, SandboxServer, SimUser, format_transcript
from storage.seed import seed_database

# People and places of data/demo-county.yaml.
POINT = 11  # 大桥社区新时代文明实践站
VOLUNTEERS = (900001, 900002)  # team HAIR-DQ at that point
COORDINATOR = 900103  # coordinator of that point
RESIDENT = 800001


@dataclass(frozen=True, slots=True)
class Cast:
    resident: SimUser
    first: SimUser
    second: SimUser
    coordinator: SimUser


async def place_order(resident: SimUser) -> int:
    """The resident's side of 点单, tapping buttons wherever there are any."""
    await resident.command("start", f"site_{POINT}")
    await resident.expect("您好")
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.expect("要说明")
    await resident.send("老人腿脚不便，请上门理发")
    await resident.expect("在哪里")
    await resident.send("🏠 大桥社区新时代文明实践站")  # a reply-keyboard button
    await resident.press(await resident.expect("到站里来"), "🏠 上门")
    await resident.expect("门牌")
    await resident.send("3号楼2单元301")
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.expect("联系电话")
    await resident.share_contact("13800001234")
    await resident.press(await resident.expect("请确认"), "✅ 确认")
    placed = await resident.expect("已提交订单")
    found = re.search(r"#(\d+)", placed.text or "")
    if found is None:
        raise AssertionError(f"no order number in {placed.text!r}")
    return int(found.group(1))


async def dispatch_and_accept(cast: Cast, order_id: int) -> None:
    offer = await cast.first.expect(f"新订单 #{order_id}")
    await cast.second.expect(f"新订单 #{order_id}")
    await cast.coordinator.expect(f"新订单 #{order_id}")
    await cast.first.press(offer, "✅ 接单")
    await cast.first.expect("您已接下订单")
    await cast.second.expect("已被其他志愿者接下")
    await cast.resident.expect("接下了您的订单")


async def arrive(cast: Cast) -> None:
    """The volunteer says when they come and sets out; the resident hears both, with
    the order's safety code word."""
    await cast.first.press(await cast.first.expect("您预计什么时候到"), "明天上午")
    # "明天 12月2日（周三）上午": tomorrow as seen now, with its date, whatever today is.
    await cast.resident.expect(lambda m: bool(re.search(r"预计 明天 \S+上午 上门", m.text or "")))
    await cast.first.press(await cast.first.expect("到达"), "🚶 出发了")
    await cast.resident.expect("出发了")


async def finish_and_rate(cast: Cast, order_id: int) -> None:
    await cast.first.command("tasks")
    await cast.first.press(await cast.first.expect("我的任务"), f"✅ 完成 #{order_id}")
    await cast.first.press(await cast.first.expect("用了多长时间"), "1")
    await cast.first.expect("已完成")
    await cast.resident.press(await cast.resident.expect("上门服务了吗"), "✅ 是的，来过了")
    await cast.resident.press(await cast.resident.expect("打分"), "★★★★★ 非常满意")
    await cast.resident.expect("还有什么想说的")
    await cast.resident.send("理发师傅很耐心，谢谢！")
    await cast.resident.expect("意见已记录")


async def play(settings: Settings, seed: Path) -> int:
    # The station's and the center's coordinators are not in the cast, so telling
    # them of the order fails by design: keep those warnings out of the transcript.
    for noisy in ("handlers.kit.context", "bot.transports"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    async with SandboxServer(limits=Limits.relaxed()) as server:
        settings = settings.on_sandbox(server.url)
        await seed_database(settings.database_url, seed)
        app = await App.create(settings, limits=RateLimits.unlimited())
        stop = asyncio.Event()
        running = asyncio.create_task(app.run(stop))
        order_id: int | None = None
        try:
            async with SandboxClient(server.url) as sb:
                cast = Cast(
                    sb.user(RESIDENT, "王阿姨", "zh-CN"),
                    sb.user(VOLUNTEERS[0], "王秀英", "zh-CN"),
                    sb.user(VOLUNTEERS[1], "李建国", "zh-CN"),
                    sb.user(COORDINATOR, "冯雪", "zh-CN"),
                )
                for person in (cast.first, cast.second, cast.coordinator):
                    await person.command("start")  # the bot may only write to who started it
                    await person.expect("您好")
                order_id = await place_order(cast.resident)
                await dispatch_and_accept(cast, order_id)
                await arrive(cast)
                await finish_and_rate(cast, order_id)
                for role, user in _roles(cast):
                    print(f"\n=== {role}: {user.first_name} ({user.id}) ===")
                    print(format_transcript(await user.history()))
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                await running
            order = await app.router.services.desk.get(order_id) if order_id else None
            await app.close()
    status = order.status if order else None
    print(f"\norder #{order_id or '?'} ended {status}")
    return 0 if status is OrderStatus.RATED else 1


def _roles(cast: Cast) -> list[tuple[str, SimUser]]:
    return [
        ("resident", cast.resident),
        ("first volunteer", cast.first),
        ("second volunteer", cast.second),
        ("coordinator", cast.coordinator),
    ]
