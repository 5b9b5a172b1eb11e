"""Files: sendDocument, sendPhoto and sendVoice (multipart uploads, URLs, file_ids,
form encodings), files users send, getFile and the /file/ download."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp

from sandbox import SANDBOX_TOKEN, SandboxClient, SandboxServer
from sandbox.spec import TypeRef, load_spec

ApiCall = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]


async def post_form(
    session: aiohttp.ClientSession, server: SandboxServer, method: str, form: aiohttp.FormData
) -> tuple[int, dict]:
    async with session.post(f"{server.url}/bot{SANDBOX_TOKEN}/{method}", data=form) as response:
        return response.status, await response.json()


async def test_multipart_document_upload(
    server: SandboxServer, sb: SandboxClient, http: aiohttp.ClientSession
) -> None:
    alice = sb.user(501, "Alice")
    await alice.send("report please")
    payload = "site,orders\n实践站,12\n".encode()
    form = aiohttp.FormData()
    form.add_field("chat_id", "501")
    form.add_field("caption", "月报")
    form.add_field(
        "reply_markup", json.dumps({"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]})
    )
    form.add_field("document", payload, filename="report.csv", content_type="text/csv")
    status, answer = await post_form(http, server, "sendDocument", form)
    assert status == 200, answer
    document = answer["result"]["document"]
    assert (document["file_name"], document["file_size"], document["mime_type"]) == (
        "report.csv",
        len(payload),
        "text/csv",
    )
    assert answer["result"]["caption"] == "月报"
    message = await alice.next_message()
    assert message.document is not None and message.document.file_name == "report.csv"
    assert message.caption == "月报"
    assert [[b.data for b in row] for row in message.buttons] == [["ok"]]
    bot = server.world.bot()
    assert bot is not None and bot.files[document["file_id"]].data == payload

    # The same file again by file_id, through a urlencoded form this time.
    async with http.post(
        f"{server.url}/bot{SANDBOX_TOKEN}/sendDocument",
        data={"chat_id": "501", "document": document["file_id"]},
    ) as response:
        again = await response.json()
    assert again["result"]["document"]["file_id"] == document["file_id"]


async def test_attach_reference_and_photo_by_url(
    server: SandboxServer, sb: SandboxClient, http: aiohttp.ClientSession
) -> None:
    alice = sb.user(501, "Alice")
    await alice.send("hi")
    form = aiohttp.FormData()
    form.add_field("chat_id", "501")
    form.add_field("document", "attach://file0")
    form.add_field("file0", b"%PDF-1.4", filename="a.pdf", content_type="application/pdf")
    status, answer = await post_form(http, server, "sendDocument", form)
    assert status == 200 and answer["result"]["document"]["file_size"] == 8

    status, photo = await post_form(
        http,
        server,
        "sendPhoto",
        aiohttp.FormData({"chat_id": "501", "photo": "https://example.org/pic/cat.jpg"}),
    )
    assert status == 200
    assert photo["result"]["photo"][0]["width"] == 800
    message = (await alice.transcript())[-1]
    assert message.photo is not None and message.photo.file_name == "cat.jpg"


async def test_missing_or_bad_files(
    server: SandboxServer, sb: SandboxClient, http: aiohttp.ClientSession
) -> None:
    await sb.user(501, "Alice").send("hi")
    status, answer = await post_form(
        http, server, "sendDocument", aiohttp.FormData({"chat_id": "501"})
    )
    assert (status, answer["description"]) == (
        400,
        "Bad Request: there is no document in the request",
    )
    status, answer = await post_form(
        http, server, "sendPhoto", aiohttp.FormData({"chat_id": "501", "photo": "no-such-id"})
    )
    assert (status, answer["description"]) == (
        400,
        "Bad Request: wrong file identifier/HTTP URL specified",
    )


async def test_get_with_query_string(server: SandboxServer, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{server.url}/bot{SANDBOX_TOKEN}/getMe") as response:
        answer = await response.json()
    assert answer["result"]["first_name"] == "civic-bot"
    async with http.get(
        f"{server.url}/bot{SANDBOX_TOKEN}/getUpdates", params={"limit": "5", "timeout": "0"}
    ) as response:
        assert (await response.json())["result"] == []


async def _download(http: aiohttp.ClientSession, server: SandboxServer, path: str) -> bytes:
    async with http.get(f"{server.url}/file/bot{SANDBOX_TOKEN}/{path}") as response:
        assert response.status == 200, await response.text()
        return await response.read()


async def test_a_user_s_voice_note_is_fetched_and_sent_back_by_file_id(
    server: SandboxServer, sb: SandboxClient, api: ApiCall, http: aiohttp.ClientSession
) -> None:
    alice = sb.user(501, "Alice")
    sound = b"OggS\x00\x02" + bytes(range(200))
    await alice.send_voice(sound, duration=3, caption="楼道灯")
    _, updates = await api("getUpdates")
    message = updates["result"][-1]["message"]
    voice = message["voice"]
    assert (voice["duration"], voice["file_size"], voice["mime_type"]) == (
        3,
        len(sound),
        "audio/ogg",
    )
    assert message["caption"] == "楼道灯"

    status, file = await api("getFile", file_id=voice["file_id"])
    assert status == 200, file
    assert file["result"]["file_size"] == len(sound)
    assert file["result"]["file_path"].startswith("voice/")
    assert await _download(http, server, file["result"]["file_path"]) == sound
    # The path stays the file's: asking again names the same one.
    _, again = await api("getFile", file_id=voice["file_id"])
    assert again["result"]["file_path"] == file["result"]["file_path"]

    status, sent = await api("sendVoice", chat_id=501, voice=voice["file_id"], caption="收到")
    assert status == 200, sent
    assert sent["result"]["voice"]["file_id"] == voice["file_id"]
    reply = await alice.next_message()
    assert reply.voice is not None and reply.voice.file_id == voice["file_id"]
    assert reply.caption == "收到"


async def test_a_user_s_photo_and_document_keep_their_bytes(
    server: SandboxServer, sb: SandboxClient, api: ApiCall, http: aiohttp.ClientSession
) -> None:
    alice = sb.user(501, "Alice")
    picture = b"\xff\xd8\xff\xe0JFIF" + bytes(50)
    await alice.send_photo("broken lamp", data=picture)
    await alice.send_document(b"a,b\n1,2\n", "名单.csv", "text/csv")
    _, updates = await api("getUpdates")
    photo_message, document_message = (u["message"] for u in updates["result"])
    sizes = photo_message["photo"]
    assert [size["width"] for size in sizes] == [90, 320, 800]
    assert photo_message["caption"] == "broken lamp"
    _, file = await api("getFile", file_id=sizes[-1]["file_id"])
    assert file["result"]["file_path"].startswith("photos/")
    assert await _download(http, server, file["result"]["file_path"]) == picture

    document = document_message["document"]
    assert (document["file_name"], document["mime_type"]) == ("名单.csv", "text/csv")
    _, file = await api("getFile", file_id=document["file_id"])
    assert file["result"]["file_path"].endswith(".csv")
    assert await _download(http, server, file["result"]["file_path"]) == b"a,b\n1,2\n"

    status, sent = await api("sendPhoto", chat_id=501, photo=sizes[-1]["file_id"])
    assert status == 200, sent
    status, _ = await api("sendDocument", chat_id=501, document=document["file_id"])
    assert status == 200
    shown = await alice.transcript()
    assert shown[-2].photo is not None and shown[-2].photo.file_id == sizes[-1]["file_id"]
    assert shown[-1].document is not None and shown[-1].document.file_name == "名单.csv"


async def test_a_voice_note_uploaded_by_the_bot_can_be_fetched(
    server: SandboxServer, sb: SandboxClient, http: aiohttp.ClientSession, api: ApiCall
) -> None:
    alice = sb.user(501, "Alice")
    await alice.send("hi")
    form = aiohttp.FormData({"chat_id": "501", "duration": "2"})
    form.add_field("voice", b"OggS-bot", filename="hello.ogg", content_type="audio/ogg")
    status, sent = await post_form(http, server, "sendVoice", form)
    assert status == 200, sent
    assert sent["result"]["voice"]["duration"] == 2
    _, file = await api("getFile", file_id=sent["result"]["voice"]["file_id"])
    assert await _download(http, server, file["result"]["file_path"]) == b"OggS-bot"
    assert (await alice.next_message()).voice is not None


async def test_file_errors_read_as_telegram_s(
    server: SandboxServer, sb: SandboxClient, api: ApiCall, http: aiohttp.ClientSession
) -> None:
    alice = sb.user(501, "Alice")
    await alice.send_voice(b"OggS")
    _, updates = await api("getUpdates")
    voice_id = updates["result"][-1]["message"]["voice"]["file_id"]
    assert await api("getFile", file_id="no-such-file") == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"},
    )
    status, answer = await api("sendPhoto", chat_id=501, photo=voice_id)
    assert (status, answer["description"]) == (
        400,
        "Bad Request: can't use file of type Voice as Photo",
    )
    async with http.get(f"{server.url}/file/bot{SANDBOX_TOKEN}/voice/file_999.oga") as response:
        assert response.status == 404
    async with http.get(f"{server.url}/file/bot1:wrong/voice/file_1.oga") as response:
        assert response.status == 401


def assert_conforms(value: dict[str, Any], type_name: str) -> None:
    """The value is a `type_name` of the Bot API spec (the sandbox's vendored copy)."""
    problem = load_spec().problem(value, (TypeRef(type_name),))
    assert problem is None, f"{type_name}: {problem.describe()}"


async def test_files_follow_the_published_bot_api_types(sb: SandboxClient, api: ApiCall) -> None:
    alice = sb.user(501, "Alice")
    await alice.send_photo("p", data=b"jpeg")
    await alice.send_voice(b"OggS", duration=2)
    await alice.send_video(b"mp4", duration=5)
    await alice.send_document(b"%PDF", "a.pdf", "application/pdf")
    _, updates = await api("getUpdates")
    photo, voice, video, document = (u["message"] for u in updates["result"])
    for size in photo["photo"]:
        assert_conforms(size, "PhotoSize")
    assert_conforms(voice["voice"], "Voice")
    assert_conforms(video["video"], "Video")
    assert_conforms(document["document"], "Document")
    _, file = await api("getFile", file_id=voice["voice"]["file_id"])
    assert_conforms(file["result"], "File")
    _, sent = await api("sendVoice", chat_id=501, voice=voice["voice"]["file_id"])
    assert_conforms(sent["result"]["voice"], "Voice")
