"""No personal data, and no token, in any log line of a whole loop run at DEBUG.

Every logger is on at DEBUG (the root, and SQLAlchemy, aiohttp, python-telegram-bot
and httpx named explicitly, as an operator chasing a bug would set them), on both
transports. The run orders twice (a shared contact and the home site; a typed fixed
line, a shared location and an address in the details), dispatches, accepts,
finishes, rates with a comment, fetches /mydata and makes one SQL statement fail.
Then every line, with its traceback, is searched for what the run used.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from datetime import timedelta

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.demo import COORDINATOR, VOLUNTEERS, Cast, dispatch_and_accept, finish_and_rate
from bot.demo import place_order as order_by_contact
from bot.drainer import ChatDrainer, Delivery
from bot.logs import hold_library_logs
from bot.settings import SANDBOX_TOKEN
from bot.transports.ptb import _aio_rate_limiter
from bot.transports.ratelimit import RateLimits
from domain.models import OrderDraft
from handlers.kit.ports import Inbound, Kind, Sender
from sandbox import SimUser
from storage.inbox_memory import MemoryInbox
from tests.days import TOMORROW
from tests.e2e.conftest import Stack

LIBRARIES = ("sqlalchemy", "aiohttp", "telegram", "httpx", "asyncio")
# What the run types or shares, as it would appear in a line in any form.
CONTACT_PHONE = "13800001234"
TYPED_PHONE = "0571-88888888"
DETAILS = "老人腿脚不便，请上门理发"  # the demo's
ADDRESS = "独居老人，家住3号楼2单元"
HOUSE = "5号楼1单元402"  # the order's house address
COMMENT = "理发师傅很耐心，谢谢！"  # the demo's
LATITUDE, LONGITUDE = 30.27413, 120.15521
SECRETS = (
    SANDBOX_TOKEN,
    SANDBOX_TOKEN.partition(":")[2],
    CONTACT_PHONE,
    "138 0000 1234",
    "88888888",
    "8888 8888",
    DETAILS,
    DETAILS[:6],
    ADDRESS,
    "3号楼2单元",
    HOUSE,
    COMMENT,
    "30.2741",
    "120.1552",
)


class Everything(logging.Handler):
    """Keeps every record as the line a handler would write, traceback included."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line() -> Iterator[Everything]:
    handler = Everything()
    root = logging.getLogger()
    saved = root.level, {name: logging.getLogger(name).level for name in LIBRARIES}
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        for name, level in saved[1].items():
            logging.getLogger(name).setLevel(level)


async def _order_by_typing(resident: SimUser) -> None:
    await resident.command("order")
    await resident.press(await resident.expect("哪一类服务"), "乡风文明")
    await resident.press(await resident.expect("具体服务"), "爱心义剪")
    await resident.expect("要说明")
    await resident.send(ADDRESS)
    await resident.expect("在哪里")
    await resident.share_location(LATITUDE, LONGITUDE)
    await resident.press(await resident.expect("到站里来"), "🏠 上门")
    await resident.expect("门牌")
    await resident.send(HOUSE)
    await resident.press(await resident.expect("什么时候"), "明天")
    await resident.press(await resident.expect("哪个时段"), "上午")
    await resident.press(await resident.expect("为谁"), "🙋 为我自己")
    await resident.expect("联系电话")
    await resident.send(TYPED_PHONE)
    await resident.press(await resident.expect("要不要也把它存为"), "存为我的号码")
    await resident.press(await resident.expect("请确认"), "✅ 确认")
    await resident.expect("已提交订单")


async def _fail_a_statement(stack: Stack) -> None:
    """An INSERT carrying a phone, an address and a location that breaks a foreign
    key, logged the way the router logs a failed update."""
    draft = OrderDraft(800001, 999_999, 11, TOMORROW, ADDRESS, LATITUDE, LONGITUDE, CONTACT_PHONE)
    with pytest.raises(Exception, match=r"FOREIGN KEY|foreign key") as failed:
        async with stack.app.db.transaction() as tx:
            await tx.orders.create(draft, "no-such-category", stack.clock.now())
    logging.getLogger("handlers.kit.router").error("update 1 failed", exc_info=failed.value)


async def _play(stack: Stack) -> None:
    cast = Cast(
        stack.sb.user(800001, "王阿姨", "zh-CN"),
        await stack.person(VOLUNTEERS[0], "王秀英"),
        await stack.person(VOLUNTEERS[1], "李建国"),
        await stack.person(COORDINATOR, "冯雪"),
    )
    order_id = await order_by_contact(cast.resident)
    await dispatch_and_accept(cast, order_id)
    await finish_and_rate(cast, order_id)
    second = stack.sb.user(800002, "李奶奶", "zh-CN")
    await _order_by_typing(second)
    await cast.resident.command("mydata")
    await cast.resident.expect(lambda m: m.document is not None)
    await second.command("forgetme")
    await second.press(await second.expect("确定要删除"), "🗑 确定删除")
    await second.expect("已删除您的个人信息")
    await _fail_a_statement(stack)


def _leaks(log: Everything) -> list[str]:
    """The first line of each logger that shows each secret."""
    found: dict[tuple[str, str], str] = {}
    for line in log.lines:
        for secret in SECRETS:
            if secret in line:
                found.setdefault((line.split(":")[0], secret), line[:300])
    return [f"{where} shows {secret!r}: {line!r}" for (where, secret), line in found.items()]


# The capture is on before the bot starts: `every_log_line` comes before the stack.
async def test_a_whole_loop_at_debug_logs_no_phone_address_or_token(
    every_log_line: Everything, stack: Stack
) -> None:
    await _play(stack)
    assert len(every_log_line.lines) > 100  # DEBUG really was on
    assert _leaks(every_log_line) == []


async def test_a_whole_loop_at_debug_on_postgres_and_redis_logs_no_personal_data(
    every_log_line: Everything, service_stack: Stack
) -> None:
    await _play(service_stack)
    assert len(every_log_line.lines) > 100
    assert _leaks(every_log_line) == []


def _read_hours(given: str) -> float:
    return float(given)  # ValueError: could not convert string to float: '<given>'


async def test_a_handler_failure_is_one_line_with_its_type_and_frames_not_its_message(
    every_log_line: Everything,
) -> None:
    # Before: logged with exc_info, so the traceback's last line quoted the message,
    # here the resident's own words.
    async def handler(inbound: Inbound) -> None:
        _read_hours(inbound.text or "")

    drainer = ChatDrainer(MemoryInbox(), 7, handler, delivery=Delivery(max_tries=2))
    said = Inbound(41, Kind.TEXT, 800001, Sender(800001), text=f"{ADDRESS} {CONTACT_PHONE}")
    await drainer.submit(said)
    await drainer.close()
    failed = [line for line in every_log_line.lines if "handler failed on update 41" in line]
    assert len(failed) == 1
    (line,) = failed
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("ERROR bot.drainer: handler failed on update 41 (try 1 of 2): ")
    # Its type and every frame it passed, innermost last: enough to find the bug.
    frames = r"drainer\.py:\d+ in _handle_one > test_logs\.py:\d+ in handler > "
    assert re.search(rf"ValueError via {frames}test_logs\.py:\d+ in _read_hours$", line)
    assert _leaks(every_log_line) == []


async def test_ptb_rate_limiter_giving_a_429_to_our_budget_logs_nothing(
    every_log_line: Everything,
) -> None:
    # Before: every 429 logged "Rate limit hit after maximum of 0 retries" at ERROR
    # with a traceback, though the send budget waits it out as it should.
    hold_library_logs()

    with warnings.catch_warnings():  # PTB's own: retry_after to become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        too_many = RetryAfter(timedelta(seconds=5))

    async def answered_429(*_: object, **__: object) -> bool:
        raise too_many

    limiter = _aio_rate_limiter(RateLimits.unlimited())
    await limiter.initialize()
    with pytest.raises(RetryAfter):
        await limiter.process_request(answered_429, (), {}, "sendMessage", {"chat_id": 1}, None)
    await limiter.shutdown()
    assert not [line for line in every_log_line.lines if "Rate limit hit" in line]
