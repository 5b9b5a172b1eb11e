"""Every event of a chat's log carries ``at``, the sandbox's clock, and injects answer it.

The server runs in the test's own process, so ``sandbox.state.clock`` read around a
request brackets the ``at`` stamped while serving it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from sandbox import SandboxClient
from sandbox.state import clock

ApiCall = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]
ALICE = {"id": 501, "first_name": "Alice"}
MENU = {"inline_keyboard": [[{"text": "理发", "callback_data": "svc:haircut"}]]}


def _keys(value: Any) -> set[str]:
    """Every key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


async def _events(sb: SandboxClient) -> list[dict[str, Any]]:
    return list((await sb.call("GET", "chats/501/transcript"))["events"])


async def test_inject_answers_the_at_it_stamped_on_the_event(sb: SandboxClient) -> None:
    before = clock()
    injected = await sb.call("POST", "inject/message", {"user": ALICE, "text": "hi"})
    after = clock()
    assert before <= injected["at"] <= after
    [event] = await _events(sb)
    assert (event["seq"], event["at"]) == (injected["seq"], injected["at"])


async def test_a_chat_is_timed_in_order_and_answers_follow_injections(
    api: ApiCall, sb: SandboxClient
) -> None:
    asked = await sb.call("POST", "inject/message", {"user": ALICE, "text": "/start"})
    _, sent = await api("sendMessage", chat_id=501, text="选择服务", reply_markup=MENU)
    menu_id = sent["result"]["message_id"]
    press = {"user": ALICE, "message_id": menu_id, "data": "svc:haircut"}
    pressed = await sb.call("POST", "inject/callback", press)
    _, updates = await api("getUpdates")
    await api("answerCallbackQuery", callback_query_id=pressed["callback_query_id"], text="好")
    await api("editMessageText", chat_id=501, message_id=menu_id, text="已选：理发")

    events = await _events(sb)
    assert [e["kind"] for e in events] == ["message", "send", "press", "answer", "edit"]
    assert all(isinstance(e["at"], float) for e in events)
    times = [e["at"] for e in events]
    assert times == sorted(times)
    message, reply, press_event, answer, edit = events
    assert message["at"] == asked["at"] <= reply["at"]
    assert press_event["at"] == pressed["at"] <= answer["at"] <= edit["at"]
    # The press and the bot's answer to it are paired by the query's id.
    query_id = pressed["callback_query_id"]
    assert press_event["callback_query_id"] == answer["callback_query_id"] == query_id
    [listed] = await sb.callback_answers()
    assert (listed["callback_query_id"], listed["at"]) == (query_id, answer["at"])
    # What the bot reads is Telegram's JSON, with none of the control API's stamps.
    assert len(updates["result"]) == 2
    assert not {"at", "seq"} & _keys(updates["result"])
    assert "at" not in sent["result"]
