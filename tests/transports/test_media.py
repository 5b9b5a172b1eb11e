"""Media through both transports' Messenger against a scripted Bot API: a file sent
again by its id, a file fetched (getFile, then its URL) within a size cap, and the
send budget's retries for the download."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Literal

import pytest

from bot.transports.base import Transport, TransportOptions
from bot.transports.ptb import PtbTransport
from bot.transports.ratelimit import RateLimits
from bot.transports.raw import RawTransport
from handlers.kit.ports import BadRequest, FileTooBig

from .conftest import HANG, TOKEN, FakeBotApi
from .test_raw import Sleeps, widest

Kind = Literal["aiohttp", "ptb"]


def file_answer(path: str | None = "photos/file_1.jpg", size: int | None = 4) -> dict[str, Any]:
    result: dict[str, Any] = {"file_id": "f1", "file_unique_id": "u1"}
    if path is not None:
        result["file_path"] = path
    if size is not None:
        result["file_size"] = size
    return {"ok": True, "result": result}


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture(params=["aiohttp", "ptb"])
async def transport(
    request: pytest.FixtureRequest, api: FakeBotApi, sleeps: Sleeps
) -> AsyncIterator[Transport]:
    options = TransportOptions(
        limits=RateLimits.unlimited(),
        send_budget=30.0,
        sleep=sleeps,
        clock=sleeps.clock,
        jitter=widest,
    )
    kind: Kind = request.param
    made: Transport = (
        RawTransport(TOKEN, api.url, options)
        if kind == "aiohttp"
        else PtbTransport(TOKEN, api.url, options)
    )
    await made.start()
    try:
        yield made
    finally:
        await made.close()


@pytest.mark.parametrize(
    ("media", "method"),
    [("photo", "sendPhoto"), ("voice", "sendVoice"), ("document", "sendDocument")],
)
async def test_a_file_is_sent_again_by_its_id(
    api: FakeBotApi,
    transport: Transport,
    media: Literal["photo", "voice", "document"],
    method: str,
) -> None:
    message_id = await transport.messenger.send_file_id(42, media, "AgAC-file", caption="收到")
    assert message_id == api.next_message_id
    [call] = api.calls(method)
    assert call.files == {}  # an id, not an upload
    assert (str(call.params["chat_id"]), call.params[media], call.params["caption"]) == (
        "42",
        "AgAC-file",
        "收到",
    )


async def test_a_file_is_fetched_by_getfile_then_its_path(
    api: FakeBotApi, transport: Transport
) -> None:
    api.script("getFile", 200, file_answer("voice/file_7.oga"))
    assert await transport.messenger.get_file("f1") == b"FILE"
    [get_file] = api.calls("getFile")
    assert get_file.params["file_id"] == "f1"
    assert [call.params["path"] for call in api.calls("file")] == ["voice/file_7.oga"]


async def test_a_file_over_the_cap_is_not_downloaded(api: FakeBotApi, transport: Transport) -> None:
    api.script("getFile", 200, file_answer(size=10_000))
    with pytest.raises(FileTooBig) as too_big:
        await transport.messenger.get_file("f1", max_bytes=1_000)
    assert (too_big.value.size, too_big.value.limit) == (10_000, 1_000)
    assert api.calls("file") == []


async def test_a_file_of_unknown_size_is_cut_at_the_cap(
    api: FakeBotApi, transport: Transport
) -> None:
    api.script("getFile", 200, file_answer(size=None))
    api.script("file", 200, bytes(5_000))
    with pytest.raises(FileTooBig):
        await transport.messenger.get_file("f1", max_bytes=1_000)


async def test_a_failed_download_is_retried_within_the_budget(
    api: FakeBotApi, transport: Transport, sleeps: Sleeps
) -> None:
    api.script("getFile", 200, file_answer())
    api.script("file", 502, b"<html>bad gateway</html>")
    assert await transport.messenger.get_file("f1") == b"FILE"
    assert len(api.calls("file")) == 2 and len(sleeps.delays) == 1


async def test_a_download_failing_past_the_budget_gives_up(
    api: FakeBotApi, transport: Transport, sleeps: Sleeps
) -> None:
    api.script("getFile", 200, file_answer())
    for _ in range(20):
        api.script("file", 500, b"down")
    with pytest.raises(Exception) as failed:
        await transport.messenger.get_file("f1")
    assert not isinstance(failed.value, FileTooBig | BadRequest)
    assert sum(sleeps.delays) <= 30.0 and len(api.calls("file")) < 20


@pytest.mark.parametrize("kind", ["aiohttp", "ptb"])
async def test_a_download_that_timed_out_is_read_again_not_given_up_as_maybe_sent(
    api: FakeBotApi, sleeps: Sleeps, kind: Kind
) -> None:
    """A read is safe to repeat: PTB's download once raised MaybeSent on a read
    timeout, as a send must, and the file was lost."""
    options = TransportOptions(
        limits=RateLimits.unlimited(),
        send_budget=30.0,
        sleep=sleeps,
        clock=sleeps.clock,
        jitter=widest,
        read_timeout=0.3,
    )
    made: Transport = (
        RawTransport(TOKEN, api.url, options)
        if kind == "aiohttp"
        else PtbTransport(TOKEN, api.url, options)
    )
    await made.start()
    try:
        api.script("getFile", 200, file_answer())
        api.script("file", HANG, b"")
        assert await made.messenger.get_file("f1") == b"FILE"
    finally:
        await made.close()
    assert len(api.calls("file")) == 2 and len(sleeps.delays) == 1


async def test_an_unknown_or_gone_file_is_a_bad_request(
    api: FakeBotApi, transport: Transport
) -> None:
    api.script(
        "getFile",
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"},
    )
    with pytest.raises(BadRequest):
        await transport.messenger.get_file("nope")
    api.script("getFile", 200, file_answer())
    api.script("file", 404, {"ok": False, "error_code": 404, "description": "Not Found"})
    with pytest.raises(BadRequest):
        await transport.messenger.get_file("f1")
    api.script("getFile", 200, file_answer(path=None))  # over Telegram's own 20 MB limit
    with pytest.raises(BadRequest):
        await transport.messenger.get_file("f1")


async def test_a_document_is_sent_from_a_file_on_disk(
    api: FakeBotApi, transport: Transport, tmp_path: Path
) -> None:
    # `/export`'s large files: the raw transport streams them from the file.
    path = tmp_path / "orders.xlsx"
    path.write_bytes(b"PK" + bytes(range(256)) * 64)
    message_id = await transport.messenger.send_document_path(42, path, "orders.xlsx", "导出")
    assert message_id == api.next_message_id
    [call] = api.calls("sendDocument")
    [(name, data)] = call.files.values()
    assert list(call.files) == ["document"]
    assert (name, bytes(data)) == ("orders.xlsx", path.read_bytes())
    assert (str(call.params["chat_id"]), call.params["caption"]) == ("42", "导出")
