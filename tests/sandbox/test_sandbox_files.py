"""sendDocument and sendPhoto: multipart uploads, URLs, file_ids, form encodings."""

from __future__ import annotations

import json

import aiohttp

from sandbox import SANDBOX_TOKEN, SandboxClient, SandboxServer


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
