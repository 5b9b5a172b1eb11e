"""`/qr` in chat: a coordinator gets their site's A5 door poster (or one site's below
them), `/qr all` a ZIP with one per site of the subtree; others are refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from handlers import poster_images
from tests.flows.powers import OTHER_POINT, POINT, RESIDENT, STATION, STATION_COORDINATOR
from tests.harness import ChatHarness
from tests.harness.messenger import Call

A5 = (1748, 2480)


def _documents(chat: ChatHarness, chat_id: int) -> list[Call]:
    return [c for c in chat.messenger.sent(chat_id) if c.method == "send_document"]


def _poster(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == A5
    assert tuple(round(d) for d in image.info["dpi"]) == (300, 300)
    return image


async def test_a_coordinator_gets_their_sites_poster(chat: ChatHarness) -> None:
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("qr")
    sent = await coordinator.expect("的海报")
    assert "城关镇新时代文明实践所（编号 10）" in (sent.caption or "")
    [document] = _documents(chat, STATION_COORDINATOR)
    assert document.filename == f"海报-{STATION}.png"
    _poster(document.file or b"")


async def test_a_site_below_is_printed_one_elsewhere_refused(chat: ChatHarness) -> None:
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("qr", str(POINT))
    await coordinator.expect("大桥社区新时代文明实践站（编号 11）的海报")
    await coordinator.command("qr", str(OTHER_POINT))
    await coordinator.expect("这个站点不在您可以管理的范围内")
    await coordinator.command("qr", "海报")
    await coordinator.expect("用法：/qr")
    await chat.idle()
    assert [d.filename for d in _documents(chat, STATION_COORDINATOR)] == [f"海报-{POINT}.png"]


async def test_qr_all_sends_a_zip_of_the_subtree(chat: ChatHarness) -> None:
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("qr", "all")
    await coordinator.expect("正在制作 5 张海报")
    await coordinator.expect("5 张站点海报")
    [document] = _documents(chat, STATION_COORDINATOR)
    assert document.filename == "海报.zip"
    with zipfile.ZipFile(io.BytesIO(document.file or b"")) as archive:
        names = archive.namelist()
        assert names == [f"海报-{n}.png" for n in (10, 11, 12, 13, 14)]
        _poster(archive.read(names[-1]))


async def test_a_resident_gets_no_poster(chat: ChatHarness) -> None:
    resident = await chat.person(RESIDENT, "陈阿姨")
    await resident.command("qr")
    await resident.expect("只有协调员可以这样做")
    await chat.idle()
    assert _documents(chat, RESIDENT) == []


async def test_the_posters_link_sets_the_home_site(chat: ChatHarness) -> None:
    # What the QR code on the door holds: `/start site_<id>` (handlers.common).
    resident = chat.user(RESIDENT, "陈阿姨")
    await resident.command("start", f"site_{POINT}")
    await resident.expect("大桥社区新时代文明实践站")
    async with chat.app.db.transaction() as tx:
        user = await tx.users.get(RESIDENT)
    assert user is not None and user.home_site_id == POINT


async def test_without_the_cjk_font_the_coordinator_is_told(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(poster_images, "FONT_FOLDERS", (tmp_path,))
    poster_images.find_cjk_font.cache_clear()
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await coordinator.command("qr")
    await coordinator.expect("服务器缺少中文字体")
    await chat.idle()
    assert _documents(chat, STATION_COORDINATOR) == []
    poster_images.find_cjk_font.cache_clear()
