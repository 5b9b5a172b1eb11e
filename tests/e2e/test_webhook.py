"""Webhook mode end to end, on each transport: the sandbox posts, the bot stores,
answers and handles; a post without the secret is refused and not handled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from bot.demo import VOLUNTEERS, place_order
from bot.settings import Settings
from domain.models import OrderStatus
from tests.e2e.conftest import ADMIN, TRANSPORTS, Stack, running_bot
from tests.e2e.net import free_port

pytestmark = pytest.mark.e2e

SECRET = "e2e-webhook-secret"


@pytest.fixture(params=TRANSPORTS)
async def webhook_stack(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Stack]:
    port = free_port()
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'webhook.db'}",
        redis_url=None,
        transport=request.param,
        admin_ids=frozenset({ADMIN}),
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_secret=SecretStr(SECRET),
        listen=f"127.0.0.1:{port}",
    )
    async with running_bot(settings) as running:
        async with asyncio.timeout(10):
            await running.app.serving.wait()
        yield running


def _base(stack: Stack) -> str:
    assert stack.app.web is not None
    return f"http://127.0.0.1:{stack.app.web.port}"


async def test_an_order_placed_over_the_webhook(webhook_stack: Stack) -> None:
    stack = webhook_stack
    await stack.person(VOLUNTEERS[0], "王秀英")  # someone who can be offered it
    order_id = await place_order(stack.sb.user(800011, "孙阿姨", "zh-CN"))
    assert (await stack.order(order_id)).status is OrderStatus.OFFERED
    bot = stack.server.world.bot()
    assert bot is not None and bot.webhook["url"].endswith("/telegram")
    assert bot.delivery is not None and bot.delivery.last_error_message is None
    async with aiohttp.ClientSession() as http, http.get(f"{_base(stack)}/metrics") as page:
        text = await page.text()
    assert 'civic_updates_handled_total{kind="command"}' in text
    assert 'civic_orders{status="offered"} 1.0' in text
    assert "civic_handler_seconds_bucket" in text


async def test_a_post_without_the_secret_is_refused_and_not_handled(
    webhook_stack: Stack,
) -> None:
    stack = webhook_stack
    update = {
        "update_id": 999_999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 800012, "type": "private"},
            "from": {"id": 800012, "is_bot": False, "first_name": "X"},
            "text": "/start",
        },
    }
    url = f"{_base(stack)}/telegram"
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with http.post(url, json=update, headers=headers) as answer:
                assert answer.status == 401
        async with http.get(f"{_base(stack)}/healthz") as health:
            assert health.status == 200
            assert await health.text() == "sql: ok\nmemory: ok\n"
    assert await stack.app.state.inbox.chats(stack.app.settings.bot_id) == []
    assert stack.app.metrics.updates.labels(kind="command")._value.get() == 0


async def test_a_posted_update_that_cannot_be_parsed_is_set_aside_and_answered_200(
    webhook_stack: Stack,
) -> None:
    stack = webhook_stack
    alice = await stack.person(800013, "Alice", "en")
    chatless = {"message_id": 5, "date": 0, "text": "13912345678"}  # no chat: nobody's message
    pressed = {  # a press neither transport can parse (its chat id is no number)
        "id": "forged-1",
        "from": {"id": alice.id, "is_bot": False, "first_name": "Alice", "language_code": "en"},
        "message": {"message_id": 1, "date": 0, "chat": {"id": "x", "type": "private"}},
        "data": "m:help",
    }
    bot = stack.server.world.bot()
    assert bot is not None  # the sandbox must know the query to take its answer
    bot.pending_callbacks["forged-1"] = {
        "id": "forged-1",
        "chat_id": alice.id,
        "message_id": 1,
        "data": "m:help",
        "user_id": alice.id,
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as http:
        for update in (
            {"update_id": 888_001, "message": chatless},
            {"update_id": 888_002, "callback_query": pressed},
        ):
            async with http.post(f"{_base(stack)}/telegram", json=update, headers=headers) as r:
                assert r.status == 200  # a redelivery would fail the same way
    kept = await stack.app.state.inbox.unreadable(stack.app.settings.bot_id)
    assert [u.update_id for u in kept] == [888_001, 888_002]
    assert stack.app.metrics.unreadable._value.get() == 2
    # The press still gets its answer, as an unknown button would.
    answer = await alice.next_answer()
    assert answer.callback_query_id == "forged-1" and answer.text
