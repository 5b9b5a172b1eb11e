"""Command menus: the resident's by default per language, a volunteer's and a
coordinator's in their own chat and language; set at start-up only where they
changed, and again when a role or the language changes."""

from __future__ import annotations

import json

from handlers import menus
from tests.flows.powers import POINT_COORDINATOR, READER, STATION_COORDINATOR
from tests.harness import ChatHarness


def menu(chat: ChatHarness, chat_id: int | None = None, language: str = "") -> list[str]:
    scope = {"type": "default"} if chat_id is None else {"type": "chat", "chat_id": chat_id}
    key = json.dumps(scope, sort_keys=True) + "|" + language
    return [c["command"] for c in chat.server.bot.commands.get(key, [])]


def descriptions(chat: ChatHarness, chat_id: int) -> list[str]:
    key = json.dumps({"type": "chat", "chat_id": chat_id}, sort_keys=True) + "|"
    return [c["description"] for c in chat.server.bot.commands.get(key, [])]


def menu_calls(chat: ChatHarness) -> list[tuple[str, int | None, str | None]]:
    return [
        (c.method, c.chat_id, c.text)
        for c in chat.messenger.calls
        if c.method in ("set_commands", "delete_commands") and c.error is None
    ]


async def test_start_up_sets_the_defaults_and_each_role_once(chat: ChatHarness) -> None:
    services = chat.app.router.services
    await chat.person(READER, "陈静")
    await chat.person(POINT_COORDINATOR, "冯雪")
    await chat.idle()  # their /start gave them their menus, after the greeting
    await menus.sync_all(services)
    resident = list(menus.COMMANDS[menus.RESIDENT])
    assert menu(chat) == menu(chat, language="zh") == menu(chat, language="en") == resident
    assert menu(chat, READER) == list(menus.COMMANDS[menus.VOLUNTEER])
    assert menu(chat, POINT_COORDINATOR)[:2] == ["pending", "broadcast"]
    assert descriptions(chat, POINT_COORDINATOR)[1] == "群发消息"
    # Seeded people who never started the bot cannot be given one: tried again later.
    assert await services.menus.given(900001) is None
    first = len(menu_calls(chat))
    assert await menus.sync_all(services) == 0  # a second start-up: only the defaults
    assert len(menu_calls(chat)) == first + 3
    await chat.person(900001, "王秀英")  # their first /start: now they have a chat
    await chat.idle()
    assert menu(chat, 900001) == list(menus.COMMANDS[menus.VOLUNTEER])


async def test_a_language_change_gives_the_menu_in_that_language(chat: ChatHarness) -> None:
    coordinator = await chat.person(POINT_COORDINATOR, "冯雪")
    await chat.idle()
    await menus.sync_all(chat.app.router.services)
    await coordinator.command("lang")
    await coordinator.press(await coordinator.expect(lambda m: bool(m.buttons)), "English")
    await chat.idle()
    assert descriptions(chat, POINT_COORDINATOR)[1] == "Broadcast a message"


async def test_promotion_and_demotion_change_the_menu(chat: ChatHarness) -> None:
    newcomer = await chat.person(800720, "新人")
    station = await chat.person(STATION_COORDINATOR, "站长")
    await station.command("promote", "800720 coordinator 12")
    await chat.idle()
    assert menu(chat, 800720)[:2] == ["pending", "broadcast"]
    await station.command("demote", "800720 12")
    await chat.idle()
    assert menu(chat, 800720) == []  # back to the default menus
    assert ("delete_commands", 800720, None) in menu_calls(chat)
    assert newcomer.id == 800720
