"""Run update handlers: one chat strictly in order, different chats concurrently.

Both transports feed every update through a `Sequencer`. Each chat with work
gets a short-lived worker task that drains the chat's queue one job at a time,
so a chat's second message is never handled before its first. A semaphore caps
how many handlers *run* at once, and `submit` makes the caller wait once one
chat has too many jobs accepted but unfinished, which pauses polling instead of
buffering without bound (Telegram keeps the updates until we confirm them). The
bound is per chat: one chat flooding fills its own queue, never a cap the others
share.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


@dataclass(slots=True)
class _Entry:
    update_id: int
    job: Job
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass(slots=True)
class _Chat:
    room: asyncio.Semaphore  # free places in this chat's queue
    queue: deque[_Entry] = field(default_factory=deque)
    waiting: int = 0  # submitters waiting for a place: the entry must outlive them
    worker: asyncio.Task[None] | None = None


class Sequencer:
    """Per-key ordered, cross-key concurrent job runner with bounded concurrency."""

    def __init__(self, max_running: int = 256, max_pending: int | None = None) -> None:
        """`max_pending`: the jobs one key may have queued or running (default
        4 x `max_running`) before `submit` waits."""
        if max_running < 1:
            raise ValueError("max_running must be positive")
        self._running = asyncio.Semaphore(max_running)
        self._per_chat = max_pending or 4 * max_running
        self._chats: dict[int, _Chat] = {}
        self._workers: set[asyncio.Task[None]] = set()
        self._closed = False

    @property
    def busy(self) -> int:
        """How many jobs are queued or running."""
        return sum(len(chat.queue) for chat in self._chats.values())

    async def submit(self, key: int, update_id: int, job: Job) -> asyncio.Future[None]:
        """Queue `job` behind earlier jobs of `key`; returns a future set once it ran.

        Waits only while `key` has too many jobs unfinished. The job's own exception
        is logged with `update_id`, never raised here nor in the returned future.
        """
        if self._closed:
            raise RuntimeError("sequencer is closed")
        chat = self._chats.get(key)
        if chat is None:
            chat = self._chats[key] = _Chat(asyncio.Semaphore(self._per_chat))
        chat.waiting += 1
        try:
            await chat.room.acquire()
        finally:
            chat.waiting -= 1
        entry = _Entry(update_id, job)
        chat.queue.append(entry)
        if chat.worker is None:
            chat.worker = asyncio.create_task(self._drain(key, chat), name=f"chat-{key}")
            self._workers.add(chat.worker)
            chat.worker.add_done_callback(self._workers.discard)
        return entry.done

    async def run(self, key: int, update_id: int, job: Job) -> None:
        """Submit `job` and wait until it has run."""
        await (await self.submit(key, update_id, job))

    async def _drain(self, key: int, chat: _Chat) -> None:
        queue = chat.queue
        try:
            while queue:
                entry = queue[0]
                try:
                    async with self._running:
                        await entry.job()
                except asyncio.CancelledError:
                    entry.done.cancel()
                    raise
                except Exception:
                    log.exception("handler failed on update %s", entry.update_id)
                finally:
                    queue.popleft()
                    chat.room.release()
                    if not entry.done.done():
                        entry.done.set_result(None)
        finally:
            # Cancelled (shutdown): release whoever waits on the jobs that never ran.
            for entry in queue:
                entry.done.cancel()
                chat.room.release()
            queue.clear()
            chat.worker = None
            if chat.waiting == 0 and self._chats.get(key) is chat:
                del self._chats[key]

    def abort(self) -> None:
        """Cancel every worker now; their queued jobs are dropped."""
        if self._workers:
            log.warning("cancelling %d busy chat workers", len(self._workers))
        for worker in list(self._workers):
            worker.cancel()

    async def close(self, grace: float = 10.0) -> bool:
        """Stop accepting jobs, wait up to `grace` s for queued ones, cancel the rest.

        Returns True when every accepted job ran to its end.
        """
        self._closed = True
        workers = set(self._workers)
        if not workers:
            return True
        _, late = await asyncio.wait(workers, timeout=grace)
        if late:
            log.warning("cancelling %d chat workers still busy after %.1f s", len(late), grace)
            for worker in late:
                worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*late, return_exceptions=True)
        return not late
