"""`LocalTurns`: a chat's turns in this process go one at a time, in arrival order,
and nothing is kept for a chat once nobody holds or waits for it."""

from __future__ import annotations

import asyncio

import pytest

from bot.local_turns import LocalTurns


async def test_turns_of_one_chat_go_in_arrival_order() -> None:
    turns = LocalTurns()
    order: list[int] = []
    queued = [asyncio.Event() for _ in range(5)]

    async def turn(i: int) -> None:
        queued[i].set()
        async with turns.hold(1):
            order.append(i)

    async with turns.hold(1):
        tasks = []
        for i in range(5):
            tasks.append(asyncio.create_task(turn(i)))
            await queued[i].wait()
            await asyncio.sleep(0)  # let it reach the queue before the next one
        assert order == []
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2, 3, 4]


async def test_other_chats_do_not_wait() -> None:
    turns = LocalTurns()
    async with turns.hold(1):
        async with asyncio.timeout(1):  # would hang if chat 2 waited for chat 1
            async with turns.hold(2):
                assert turns.busy(1) and turns.busy(2)


async def test_idle_chats_are_dropped_even_after_an_error() -> None:
    turns = LocalTurns()
    with pytest.raises(ZeroDivisionError):
        async with turns.hold(1):
            assert turns.busy(1) and len(turns) == 1
            _ = 1 / 0
    assert not turns.busy(1) and len(turns) == 0


async def test_a_cancelled_waiter_leaves_no_trace() -> None:
    turns = LocalTurns()
    waiting = asyncio.Event()

    async def waiter() -> None:
        waiting.set()
        async with turns.hold(1):
            pytest.fail("entered a held turn")

    async with turns.hold(1):
        task = asyncio.create_task(waiter())
        await waiting.wait()
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(turns) == 0
    async with turns.hold(1):
        pass
