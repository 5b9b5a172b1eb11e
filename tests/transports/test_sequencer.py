"""Update dispatch: one chat in order, chats concurrently, failures contained."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.transports.sequencer import Job, Sequencer


def blocker(log: list[str], name: str, gate: asyncio.Event, started: asyncio.Event) -> Job:
    async def job() -> None:
        started.set()
        await gate.wait()
        log.append(name)

    return job


def recorder(log: list[str], name: str) -> Job:
    async def job() -> None:
        log.append(name)

    return job


async def test_one_chat_runs_in_order() -> None:
    seq = Sequencer()
    log: list[str] = []
    gate, started = asyncio.Event(), asyncio.Event()
    first = await seq.submit(1, 1, blocker(log, "a1", gate, started))
    second = await seq.submit(1, 2, recorder(log, "a2"))
    await started.wait()
    assert not second.done()  # a2 waits for a1 although a1 is only waiting
    gate.set()
    await asyncio.gather(first, second)
    assert log == ["a1", "a2"]
    assert await seq.close()


async def test_other_chats_run_while_one_is_busy() -> None:
    seq = Sequencer()
    log: list[str] = []
    gate, started = asyncio.Event(), asyncio.Event()
    await seq.submit(1, 1, blocker(log, "a1", gate, started))
    await started.wait()
    await seq.run(2, 2, recorder(log, "b1"))  # would hang if chat 2 waited for chat 1
    assert log == ["b1"]
    gate.set()
    assert await seq.close()
    assert log == ["b1", "a1"]


async def test_many_updates_per_chat_keep_their_order() -> None:
    seq = Sequencer(max_running=3)
    log: list[tuple[int, int]] = []

    def job(chat: int, n: int) -> Job:
        async def run() -> None:
            await asyncio.sleep(0)  # yield so chats interleave
            log.append((chat, n))

        return run

    for n in range(20):
        for chat in range(5):
            await seq.submit(chat, n, job(chat, n))
    assert await seq.close()
    for chat in range(5):
        assert [n for c, n in log if c == chat] == list(range(20))


async def test_running_handlers_are_bounded() -> None:
    seq = Sequencer(max_running=2)
    running = peak = 0
    gate = asyncio.Event()
    two_in = asyncio.Event()

    async def job() -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        if running == 2:
            two_in.set()
        await gate.wait()
        running -= 1

    for chat in range(5):
        await seq.submit(chat, chat, job)
    await two_in.wait()
    gate.set()
    assert await seq.close()
    assert peak == 2


async def test_a_failing_handler_is_logged_and_the_chat_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seq = Sequencer()
    log: list[str] = []

    async def boom() -> None:
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR):
        await seq.submit(1, 77, boom)
        await seq.run(1, 78, recorder(log, "after"))
    assert log == ["after"]
    assert "update 77" in caplog.text


async def test_close_cancels_what_outlives_the_grace() -> None:
    seq = Sequencer()
    never = asyncio.Event()
    started = asyncio.Event()
    stuck = await seq.submit(1, 1, blocker([], "x", never, started))
    queued = await seq.submit(1, 2, recorder([], "y"))
    await started.wait()
    assert not await seq.close(grace=0.01)
    assert stuck.cancelled() and queued.cancelled()
    with pytest.raises(RuntimeError):
        await seq.submit(1, 3, recorder([], "z"))


async def test_submit_waits_when_its_chat_has_too_much_pending() -> None:
    seq = Sequencer(max_running=1, max_pending=1)
    gate, started = asyncio.Event(), asyncio.Event()
    await seq.submit(1, 1, blocker([], "a", gate, started))
    second = asyncio.create_task(seq.submit(1, 2, recorder([], "b")))
    await started.wait()
    assert not second.done()
    gate.set()
    await (await second)
    assert await seq.close()


async def test_a_chat_at_its_bound_never_holds_up_another_chats_submit() -> None:
    seq = Sequencer(max_running=4, max_pending=2)
    log: list[str] = []
    gate, started = asyncio.Event(), asyncio.Event()
    await seq.submit(1, 1, blocker(log, "a1", gate, started))
    await seq.submit(1, 2, recorder(log, "a2"))  # chat 1 is now full
    third = asyncio.create_task(seq.submit(1, 3, recorder(log, "a3")))
    await started.wait()
    assert not third.done()  # the flooding chat waits for room in its own queue...
    # ...while another chat goes straight in (a shared cap would hang here)
    await asyncio.wait_for(seq.run(2, 4, recorder(log, "b1")), 5)
    assert log == ["b1"]
    gate.set()
    await (await third)
    assert log == ["b1", "a1", "a2", "a3"]
    assert await seq.close()
