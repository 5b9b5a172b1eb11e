"""Announcing an activity is durable: the publication stores one broadcast per reader
language and button set, and the broadcast senders deliver it, once each, however
many workers take part and whether or not one of them stops part-way."""

from __future__ import annotations

from datetime import timedelta

from bot.broadcaster import Broadcaster
from domain.activity_models import ActivityDraft, Visibility
from domain.broadcast_models import BroadcastStatus
from domain.models import LocalName
from handlers import activity_notices, broadcasts
from tests.flows.powers import BARBERS, STATION_COORDINATOR
from tests.harness import ChatHarness
from tests.harness.chat import START

FOLLOWERS = (800821, 800822, 800823, 800824)


async def _publish(chat: ChatHarness) -> int:
    services = chat.app.router.services
    async with chat.app.db.transaction() as tx:
        team = await tx.teams.by_code("HAIR-DQ")
    assert team is not None
    for person in FOLLOWERS:
        await services.activities.follow(person, 11)
    start = START + timedelta(days=2)
    published = await services.activities.publish(
        ActivityDraft(
            title=LocalName("健康知识讲座", "Health talk"),
            category_code="civility",
            team_id=team.id,
            site_id=11,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            volunteer_quota=2,
            resident_quota=10,
            visibility=Visibility.SUBTREE,
            created_by=STATION_COORDINATOR,
        )
    )
    return await activity_notices.announce(services, published)


def _told(chat: ChatHarness, person: int, words: str) -> int:
    return sum(1 for call in chat.messenger.sent(person) if words in (call.text or ""))


async def test_an_announcement_outlives_a_sender_that_stops_part_way(chat: ChatHarness) -> None:
    services = chat.app.router.services
    english = FOLLOWERS[:2]
    for person in FOLLOWERS:
        await chat.person(person, "居民")
    for person in english:
        await services.people.set_locale(person, "en")
    barber = await chat.person(BARBERS[0], "王秀英")
    total = await _publish(chat)
    assert total >= len(FOLLOWERS) + 1
    assert _told(chat, FOLLOWERS[0], "New activity") == 0  # stored, not sent yet

    # One worker sends a single recipient, then stops; another worker sends the rest.
    assert await broadcasts.pump(services, "stops", batch=1) == 1
    handled = await Broadcaster(services, 3600.0).run_once()
    assert handled == total - 1
    for person in english:
        assert _told(chat, person, "📣 New activity: Health talk") == 1
    for person in FOLLOWERS[2:]:
        assert _told(chat, person, "📣 新活动：健康知识讲座") == 1
    told = await barber.expect("📣 新活动")
    assert [b.text for b in told.button_list] == ["🙋 报名当志愿者", "✅ 我要报名"]
    assert await Broadcaster(services, 3600.0).run_once() == 0  # nothing sent twice

    found = [await services.broadcasts.get(n) for n in range(1, 20)]
    made = [b for b, _ in filter(None, found) if b.audience == "announce"]
    # Residents in Chinese and in English, the volunteers in Chinese: three texts.
    assert len(made) == 3
    assert all(b.status is BroadcastStatus.DONE for b in made)
    assert all(b.author_id == STATION_COORDINATOR for b in made)
