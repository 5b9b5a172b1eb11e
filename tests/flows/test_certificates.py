"""Volunteer service certificates in chat: a volunteer asks, a coordinator over their
site issues it, the PDF carries their name, hours and a code that /verify checks."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from bot.demo import COORDINATOR, VOLUNTEERS
from tests.harness import ChatHarness

CODE = re.compile(r"验证码 ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})")
OTHER_STATION_COORDINATOR = 900104  # station 20: not over the volunteer's team


async def test_ask_issue_and_verify(chat: ChatHarness) -> None:
    await play_certificate(chat)


async def test_certificates_on_postgres_and_redis(service_chat: ChatHarness) -> None:
    await play_certificate(service_chat)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


async def play_certificate(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    outsider = await chat.person(OTHER_STATION_COORDINATOR, "邓宁")
    volunteer = await chat.person(VOLUNTEERS[0], "王秀英")
    resident = chat.user(800031, "周阿姨")

    await volunteer.command("certificate")
    await volunteer.expect("您还没有志愿服务时长记录")
    await resident.command("certificate")
    await resident.expect("志愿服务证明只为注册志愿者出具")
    await coordinator.command("adjust", f"{VOLUNTEERS[0]} 12.5 社区义剪")
    await volunteer.expect("协调员为您调整了服务时长")

    await volunteer.command("certificate")
    await volunteer.expect("已申请志愿服务证明")
    await volunteer.command("certificate")
    await volunteer.expect("您已有一份申请在等待确认")
    asked = await coordinator.expect("志愿服务证明申请 #1：王秀英")
    await outsider.catch_up()
    sent = chat.messenger.sent(OTHER_STATION_COORDINATOR)
    assert not any("志愿服务证明申请" in (c.text or "") for c in sent)
    await coordinator.press(asked, "✅ 出具")
    await coordinator.expect("已出具证明 #1")
    told = await volunteer.expect("您的志愿服务证明已出具")
    await chat.idle()  # the PDF follows the words
    (document,) = [c for c in chat.messenger.sent(VOLUNTEERS[0]) if c.method == "send_document"]
    assert document.file is not None and document.file.startswith(b"%PDF-")
    text = pdf_text(document.file)
    for words in ("志愿服务证明", "王秀英", "12.5 小时", "培训信息", "—"):
        assert words in text, words
    found = CODE.search(told.text or "")
    assert found is not None
    code = found.group(1)
    assert code in text

    await resident.command("verify", code.lower())
    await resident.expect("证明真实有效：王秀英，志愿服务 12.5 小时")
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    await resident.command("verify", forged)
    await resident.expect("没有查到这个验证码对应的证明")
    await resident.command("verify")
    await resident.expect("用法：/verify")

    await volunteer.command("mydata")
    await chat.idle()
    sent = chat.messenger.sent(VOLUNTEERS[0])
    (export,) = [c for c in sent if c.method == "send_document" and c.filename != document.filename]
    assert export.file is not None
    assert "志愿服务证明：\n#1 " in export.file.decode() and "issued" in export.file.decode()
    async with chat.app.db.transaction() as tx:
        await tx.privacy.erase(VOLUNTEERS[0])
    await resident.command("verify", code)
    await resident.expect("证明真实有效：—，志愿服务 12.5 小时")


async def test_refused(chat: ChatHarness) -> None:
    coordinator = await chat.person(COORDINATOR, "冯雪")
    volunteer = await chat.person(VOLUNTEERS[1], "李")
    await coordinator.command("adjust", f"{VOLUNTEERS[1]} 3 training")
    await volunteer.catch_up()
    await volunteer.command("certificate")
    await volunteer.expect("已申请志愿服务证明")
    await coordinator.press(await coordinator.expect("志愿服务证明申请 #1"), "❌ 不予出具")
    await coordinator.expect("已拒绝证明申请 #1")
    await volunteer.expect("您的志愿服务证明申请未获出具")
    await chat.idle()
    assert not [c for c in chat.messenger.sent(VOLUNTEERS[1]) if c.method == "send_document"]
