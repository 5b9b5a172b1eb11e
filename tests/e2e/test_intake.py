"""What enters the bot, on each transport: updates it cannot parse, forged presses,
and presses stuck behind a burst of the user's own messages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from bot.settings import SANDBOX_TOKEN, Settings
from bot.transports.ratelimit import RateLimits
from sandbox import Limits, SimUser
from tests.e2e.conftest import ADMIN, TRANSPORTS, Stack, running_bot

pytestmark = pytest.mark.e2e

BOT_ID = int(SANDBOX_TOKEN.split(":", 1)[0])
SECRET_WORDS = "13912345678"  # in the bad updates: must never reach a log line


def _user(user: SimUser) -> dict[str, Any]:
    return {"id": user.id, "is_bot": False, "first_name": user.first_name, "language_code": "en"}


def _chat(user: SimUser) -> dict[str, Any]:
    return {"id": user.id, "type": "private", "first_name": user.first_name}


def _poll_without_members_only(user: SimUser) -> dict[str, Any]:
    """A poll as a Bot API server older than 10.0 sends it (python-telegram-bot 22.8
    requires `members_only`)."""
    option = {"text": SECRET_WORDS, "voter_count": 0, "persistent_id": "0"}
    poll = {
        "id": "poll-1",
        "question": f"call me on {SECRET_WORDS}",
        "options": [option],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": False,
    }
    message = {"message_id": 90, "date": 1, "chat": _chat(user), "from": _user(user)}
    return {"message": {**message, "poll": poll}}


def _message_without_chat(user: SimUser) -> dict[str, Any]:
    return {"message": {"message_id": 91, "date": 1, "from": _user(user), "text": SECRET_WORDS}}


async def test_an_update_the_library_cannot_parse_stops_nobody(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    alice = await stack.person(800101, "Alice", "en")
    bob = await stack.person(800102, "Bob", "en")
    poll = await stack.sb.inject_raw(_poll_without_members_only(alice))
    chatless = await stack.sb.inject_raw(_message_without_chat(bob))
    # The updates after them, in both chats, are handled.
    await alice.command("help")
    await alice.expect(lambda m: bool(m.text))
    await bob.command("help")
    await bob.expect(lambda m: bool(m.text))
    # Both transports refuse a message without a chat; only PTB refuses the poll.
    bad = [poll, chatless] if stack.app.settings.transport == "ptb" else [chatless]
    kept = await stack.app.state.inbox.unreadable(BOT_ID)
    assert [u.update_id for u in kept] == bad
    assert stack.app.metrics.unreadable._value.get() == len(bad)
    # One line per bad update, naming it and the error, never its content.
    lines = [r for r in caplog.records if "set aside" in r.getMessage()]
    assert len(lines) == len(bad)
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.WARNING)
    assert SECRET_WORDS not in caplog.text
    assert (await stack.sb.stats())["pending_updates"] == 0  # confirmed, never fetched again


def _press(
    user: SimUser, query_id: str, data: str | None, message_id: int, **changes: Any
) -> dict[str, Any]:
    message = {"message_id": message_id, "date": 1, "chat": _chat(user), "text": "menu"}
    message["from"] = {"id": BOT_ID, "is_bot": True, "first_name": "Civic"}
    query: dict[str, Any] = {
        "id": query_id,
        "from": _user(user),
        "message": message,
        "chat_instance": "42",
    }
    if data is not None:
        query["data"] = data
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        elif key == "chat":
            message["chat"] = value
        else:
            query[key] = value
    return {"callback_query": query}


async def test_every_forged_press_is_answered(stack: Stack) -> None:
    alice = await stack.person(800111, "Alice", "en")
    greeting = alice.last_message_with_buttons
    assert greeting is not None
    at = greeting.message_id
    group = {"id": -100_123, "type": "group", "title": "village"}
    forged = {
        "f1": _press(alice, "f1", "zz:1", at),  # no button has it
        "f2": _press(alice, "f2", "o:abc:a", at),  # malformed
        "f3": _press(alice, "f3", "o:999999:a", at),  # an offer that never was
        "f4": _press(alice, "f4", "m:help", at, chat=group),  # outside a private chat
        "f5": _press(alice, "f5", None, at, game_short_name="g"),  # no data at all
        # Neither transport can parse it: no chat_instance, and a chat id that is no number.
        "f6": _press(alice, "f6", "m:help", at, chat_instance=None, chat={"id": "x"}),
    }
    for update in forged.values():
        await stack.sb.inject_raw(update)
    answers = [await alice.next_answer() for _ in forged]
    assert sorted(a.callback_query_id for a in answers) == sorted(forged)
    assert all(a.text for a in answers), [(a.callback_query_id, a.text) for a in answers]


@pytest.fixture(params=TRANSPORTS)
async def paced_stack(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """The bot and the sandbox with Telegram's real limits on (1 message a second per chat)."""
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'paced.db'}",
        redis_url=None,
        transport=request.param,
        admin_ids=frozenset({ADMIN}),
        sweep_interval=3600.0,
        early_answer_after=2.0,
        # At the end the burst's replies still queue at 1 a second: the test has what
        # it needs, so the stop does not wait for them (they stay stored).
        stop_grace=0.5,
    )
    async with running_bot(settings, Limits(), RateLimits.paced()) as running:
        yield running


BURST = 9  # the user's own messages before the press: about 8 s of replies at 1 a second


async def test_a_press_behind_a_burst_of_messages_is_answered_in_time(
    paced_stack: Stack,
) -> None:
    alice = await paced_stack.person(800121, "Alice", "en")
    greeting = alice.last_message_with_buttons
    assert greeting is not None
    for n in range(BURST):
        await alice.send(f"hello {n}")
    await alice.press(greeting, greeting.button_list[0].text)
    answer = await alice.next_answer()
    (press,) = [e for e in await alice.history() if getattr(e, "kind", "") == "press"]
    # Answered early, blank, long before its turn came (and before Telegram forgets it).
    assert answer.at - press.at < 5.0
    assert answer.text is None
    assert paced_stack.app.metrics.early_answers._value.get() == 1
    assert (await paced_stack.sb.stats())["rate_limited"] == 0
