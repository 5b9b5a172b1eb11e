"""An activity's poster travels with its announcement: one sendPhoto by the poster's
file id, the announcement as its caption and the Sign up buttons under it, sent by
the broadcast senders (durable, within the send limit) like any broadcast. The file
id stays on the activity: the day-before reminder shows the poster again. A poster
Telegram no longer knows gives way to the words alone; a text too long for a caption
follows its photo."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.broadcaster import Broadcaster
from domain.activity_models import ActivityDraft, Visibility
from domain.models import LocalName
from handlers import activity_notices, broadcasts
from handlers.kit.ports import InlineKeyboard
from tests.flows.powers import STATION_COORDINATOR
from tests.flows.test_activities import RESIDENTS, _publish_in_chat, _team_id, sending
from tests.harness import ChatHarness
from tests.harness.chat import START
from tests.harness.messenger import Call


@pytest.fixture
async def chat(chat: ChatHarness) -> AsyncIterator[ChatHarness]:
    async with sending(chat) as harness:
        yield harness


def _posters(chat: ChatHarness, person: int) -> list[Call]:
    return [
        c for c in chat.messenger.sent(person) if c.method == "send_file_id" and c.media == "photo"
    ]


def _texts(chat: ChatHarness, person: int, words: str) -> list[Call]:
    return [
        c for c in chat.messenger.sent(person) if c.method == "send" and words in (c.text or "")
    ]


async def test_the_announcement_is_the_posters_caption_and_the_reminder_shows_it_again(
    chat: ChatHarness,
) -> None:
    follower = await chat.person(RESIDENTS[0], "孙阿姨")
    await chat.app.router.services.activities.follow(RESIDENTS[0], 11)
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await _publish_in_chat(coordinator)  # ends with the poster photo
    await coordinator.press(await coordinator.expect("请确认活动信息"), "✅ 发布")
    await coordinator.expect("正在通知")

    told = await follower.expect(lambda m: m.photo is not None)
    assert "📣 新活动：爱心义剪进社区" in (told.caption or "")
    assert [b.text for b in told.button_list] == ["✅ 我要报名"]
    [poster] = _posters(chat, RESIDENTS[0])
    activity = (await chat.app.router.services.activities.mine(STATION_COORDINATOR))[0]
    assert activity.poster_file_id and poster.file_id == activity.poster_file_id
    assert isinstance(poster.markup, InlineKeyboard)
    assert _texts(chat, RESIDENTS[0], "新活动") == []  # one message, not a photo and a text
    await follower.press(told, "✅ 我要报名")  # the button under the photo
    await follower.expect("✅ 报名成功：爱心义剪进社区")

    # It starts on 22 November at 14:00: the day before, the poster again.
    chat.clock.advance(hours=21, minutes=1)
    await chat.app.sweeper.run_once()
    reminded = await follower.expect(
        lambda m: m.photo is not None and "明天有活动" in (m.caption or "")
    )
    assert reminded.photo is not None
    assert [c.file_id for c in _posters(chat, RESIDENTS[0])] == [activity.poster_file_id] * 2
    chat.clock.advance(hours=23)
    await chat.app.sweeper.run_once()
    soon = await follower.expect("⏰ 一小时后开始")  # the hour before: the words only
    assert soon.photo is None

    # A new place (a pin by the door, at the last minute) comes with the poster too.
    services = chat.app.router.services
    edited = await services.activities.edit(
        STATION_COORDINATOR, activity.id, venue=(30.0612, 119.9551)
    )
    await activity_notices.edited(services, edited)  # as the desk's finisher tells it
    moved = await follower.expect(lambda m: "活动地点有变" in (m.caption or ""))
    assert moved.photo is not None
    assert len(_posters(chat, RESIDENTS[0])) == 3


async def test_a_poster_telegram_no_longer_knows_gives_way_to_the_words(chat: ChatHarness) -> None:
    services = chat.app.router.services
    await chat.person(RESIDENTS[0], "孙阿姨")
    await services.activities.follow(RESIDENTS[0], 11)
    start = START + timedelta(days=2)
    published = await services.activities.publish(
        ActivityDraft(
            title=LocalName("健康知识讲座", "Health talk"),
            category_code="civility",
            team_id=await _team_id(chat, "HAIR-DQ"),
            site_id=11,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            volunteer_quota=0,
            resident_quota=10,
            visibility=Visibility.SUBTREE,
            created_by=STATION_COORDINATOR,
            poster_file_id="AgAC-a-file-id-from-another-bot",
        )
    )
    await activity_notices.announce(services, published)
    await Broadcaster(services, 3600.0).run_once()
    [words] = _texts(chat, RESIDENTS[0], "📣 新活动：健康知识讲座")
    assert isinstance(words.markup, InlineKeyboard)  # the Sign up button is still there
    assert _posters(chat, RESIDENTS[0]) == []
    [refused] = [
        c
        for c in chat.messenger.calls
        if c.method == "send_file_id" and c.chat_id == RESIDENTS[0] and c.error
    ]
    assert "wrong file identifier" in str(refused.error)


@pytest.mark.parametrize(
    "long",
    [
        "通知：" + "请准时参加。" * 200,  # over the 1,024 characters of a caption
        # 980 characters, but 1,120 UTF-16 units: the measure the Bot API counts in.
        "📣请准时参加。" * 140,
    ],
)
async def test_a_text_too_long_for_a_caption_follows_its_photo(
    chat: ChatHarness, long: str
) -> None:
    services = chat.app.router.services
    resident = await chat.person(RESIDENTS[1], "吴奶奶")
    await resident.send_photo(data=b"poster")  # a photo Telegram has, to send again
    sent = next(m for m in reversed(await resident.transcript()) if m.who == "user")
    assert sent.photo is not None
    file_id = sent.photo.file_id
    await broadcasts.announce(services, STATION_COORDINATOR, [RESIDENTS[1]], long, photo=file_id)
    await Broadcaster(services, 3600.0).run_once()
    [bare] = _posters(chat, RESIDENTS[1])
    assert bare.text is None and bare.file_id == file_id
    assert len(_texts(chat, RESIDENTS[1], "请准时参加")) == 1


async def test_a_coordinator_changes_the_poster_or_takes_it_away(chat: ChatHarness) -> None:
    coordinator = await chat.person(STATION_COORDINATOR, "钱军")
    await _publish_in_chat(coordinator)
    await coordinator.press(await coordinator.expect("请确认活动信息"), "✅ 发布")
    await coordinator.expect("正在通知")
    services = chat.app.router.services
    [activity] = await services.activities.mine(STATION_COORDINATOR)
    first = activity.poster_file_id

    await coordinator.command("activity", str(activity.id))
    await coordinator.press(await coordinator.expect(f"#{activity.id}"), "✏️ 修改")
    await coordinator.press(await coordinator.expect("要修改什么"), "海报")
    await coordinator.expect("发送一张新的海报图片")
    await coordinator.send_photo(data=b"poster-2")
    done = await coordinator.expect("已修改：爱心义剪进社区")
    assert "这次修改不影响报名的人，没有另行通知" in (done.text or "")
    changed = await services.activities.get(activity.id)
    assert changed is not None and changed.poster_file_id not in (None, first)

    await coordinator.command("activity", str(activity.id))
    await coordinator.press(await coordinator.expect(f"#{activity.id}"), "✏️ 修改")
    await coordinator.press(await coordinator.expect("要修改什么"), "海报")
    await coordinator.press(await coordinator.expect("发送一张新的海报图片"), "跳过")
    await coordinator.expect("已修改：爱心义剪进社区")
    gone = await services.activities.get(activity.id)
    assert gone is not None and gone.poster_file_id is None
    async with chat.app.db.read() as tx:
        trail = await tx.audit.recent(None, county=True, limit=10)
    posters = [e.details.get("poster") for e in trail if e.action.value == "activity-edit"]
    assert posters == [False, True]  # newest first; never the file id itself
