"""Telling about activities: the announcement when one is published (`announce`), a
freed place offered down the wait-list (`offered`, `lapsed`), the reminders
(`reminded`), a move or cancellation (`changed`) and an edit (`edited`).

The poster (a Telegram file id kept on the activity) carries the announcement as
its caption, and again the day-before reminder, a new time and a new place.

Every message to many (the announcement, a move, a cancellation, an edit, the
reminders) is a durable broadcast (`handlers.broadcasts.announce`), one per reader
language (and, for the announcement, per button set): its recipients are stored in
the same breath, and the broadcast senders of every worker deliver them once each,
within the bot's shared send limit, after a crash too. Only what is one person's
(an offer of a freed place) is sent at once. The presses drawn here (Sign up on an
announcement, Confirm / Decline on an offer) are handled in `handlers.activities`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from conversations.model import Text
from domain.activities import (
    SITE,
    VENUE,
    Changed,
    Edited,
    Left,
    OfferLapsed,
    PlaceOffered,
    Published,
    Reminded,
)
from domain.activity_models import Activity, SignupRole
from domain.when import near
from handlers import broadcasts
from handlers.kit import render
from handlers.kit.context import Services
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import Press, press
from locales.dates import moment_words


@press("as")
@dataclass(frozen=True, slots=True)
class SignPress:
    """Sign up (or join the wait-list): as a volunteer serving it, or a resident."""

    activity_id: int
    role: Literal["v", "r"]


@press("ao")
@dataclass(frozen=True, slots=True)
class OfferAnswerPress:
    """Take (y) or give up (n) a freed place offered from the wait-list."""

    signup_id: int
    act: Literal["y", "n"]


ROLE_OF: dict[str, SignupRole] = {"v": SignupRole.VOLUNTEER, "r": SignupRole.RESIDENT}


def when_words(services: Services, locale: str, activity: Activity) -> str:
    """ "12月5日（周六）14:00–16:00", in the county's time zone and the reader's words."""
    tz = services.timezone
    start = moment_words(
        services.tr, locale, "date-pattern-activity", activity.starts_at.astimezone(tz)
    )
    end = moment_words(
        services.tr, locale, "date-pattern-activity-end", activity.ends_at.astimezone(tz)
    )
    return f"{start}–{end}"


async def activity_args(services: Services, locale: str, activity: Activity) -> dict[str, Any]:
    """What every message about an activity names, in `locale`."""
    site = await services.reference.site(activity.site_id)
    catalogue = await services.reference.catalogue()
    category = next((c for c in catalogue.categories if c.code == activity.category_code), None)
    return {
        "id": activity.id,
        "title": activity.title.pick(locale),
        "when": when_words(services, locale, activity),
        "place": site.name.pick(locale) if site else "?",
        "category": category.name.pick(locale) if category else activity.category_code,
        "volunteers": activity.volunteers_signed,
        "volunteer_quota": activity.volunteer_quota,
        "residents": activity.residents_signed,
        "resident_quota": activity.resident_quota,
    }


def sign_buttons(
    services: Services, locale: str, activity: Activity, volunteer: bool
) -> InlineKeyboard:
    """Sign up / wait-list, as a volunteer where they are one and it wants some."""
    tr = services.tr
    rows: list[list[tuple[str, Press]]] = []
    if volunteer and activity.volunteer_quota > 0:
        full = activity.volunteers_signed >= activity.volunteer_quota
        key = "activity-waitlist-volunteer" if full else "activity-sign-volunteer"
        rows.append([(tr.text(locale, key), SignPress(activity.id, "v"))])
    if activity.resident_quota > 0:
        full = activity.residents_signed >= activity.resident_quota
        key = "activity-waitlist" if full else "activity-sign"
        rows.append([(tr.text(locale, key), SignPress(activity.id, "r"))])
    return render.inline(*rows)


async def announce(services: Services, published: Published) -> int:
    """Tell the volunteers and the site's followers of a new activity, each in their
    language, with the buttons to sign up: one durable broadcast per language and
    button set, sent by the broadcast senders. Returns how many it goes to."""
    activity = published.activity
    volunteers = set(published.volunteers)
    people = published.audience
    locales = await services.locales_of(people)
    groups: dict[tuple[str, bool], list[int]] = {}
    for person_id in people:
        groups.setdefault((locales[person_id], person_id in volunteers), []).append(person_id)
    for (locale, volunteer), group in sorted(groups.items()):
        args = await activity_args(services, locale, activity)
        words = services.tr.text(locale, "activity-announce", **args)
        markup = sign_buttons(services, locale, activity, volunteer)
        await broadcasts.announce(
            services, activity.created_by, group, words, markup, activity.poster_file_id
        )
    return len(people)


async def _announce_key(
    services: Services,
    activity: Activity,
    people: Iterable[int],
    key: str,
    poster: bool = False,
    **extra: object,
) -> None:
    """The message `key` about `activity` to `people`: a durable broadcast per language
    (with `poster`, the activity's poster carries it as its caption)."""
    wanted = sorted(set(people))
    if not wanted:
        return
    locales = await services.locales_of(wanted)
    by_locale: dict[str, list[int]] = {}
    for person_id in wanted:
        by_locale.setdefault(locales[person_id], []).append(person_id)
    for locale, group in sorted(by_locale.items()):
        args = {**await activity_args(services, locale, activity), **extra}
        words = render.words(services.tr, locale, Text(key, args))
        photo = activity.poster_file_id if poster else None
        await broadcasts.announce(services, activity.created_by, group, words, photo=photo)


async def offered(services: Services, offer: PlaceOffered) -> None:
    signup = offer.signup
    locale = await services.locale_of(signup.person_id)
    args = await activity_args(services, locale, offer.activity)
    until = signup.offered_until
    until_words = (
        moment_words(
            services.tr, locale, "date-pattern-activity", until.astimezone(services.timezone)
        )
        if until
        else "-"
    )
    markup = render.inline(
        [
            (services.tr.text(locale, "activity-offer-take"), OfferAnswerPress(signup.id, "y")),
            (services.tr.text(locale, "activity-offer-pass"), OfferAnswerPress(signup.id, "n")),
        ]
    )
    words = services.tr.text(locale, "activity-offered", until=until_words, **args)
    await services.send_words(signup.person_id, words, markup)


async def left(services: Services, outcome: Left) -> None:
    if outcome.offered is not None:
        await offered(services, outcome.offered)


async def lapsed(services: Services, outcome: OfferLapsed) -> None:
    """The sweeper's: an offer ran out; its holder is told, the next is offered."""
    await _tell(services, outcome.signup.person_id, "activity-offer-lapsed", outcome.activity)
    if outcome.offered is not None:
        await offered(services, outcome.offered)


async def reminded(services: Services, outcome: Reminded) -> None:
    """The sweeper's: the day-before or hour-before reminder to everyone signed up."""
    key = "activity-remind-soon" if outcome.soon else "activity-remind-tomorrow"
    # "Tomorrow" as seen now, when it is sent: a late sweep, or an activity made
    # less than a day ahead, may make it today's. The day before, the poster again
    # (its file id is kept on the activity).
    starts = outcome.activity.starts_at.astimezone(services.timezone).date()
    day = near(starts, services.today())
    await _announce_key(
        services, outcome.activity, outcome.people, key, poster=not outcome.soon, day=day
    )


async def changed(services: Services, outcome: Changed) -> None:
    moved = outcome.what == "moved"
    key = "activity-moved" if moved else "activity-called-off"
    # A new time comes with the poster, so it is known at a glance; a call-off does not.
    await _announce_key(services, outcome.activity, outcome.people, key, poster=moved)


async def edited(services: Services, outcome: Edited) -> None:
    """Those signed up hear of a change that matters to them (its name, or where it
    is: `Edited.told`); places added are offered on."""
    moved = bool(outcome.fields & {VENUE, SITE})
    key = "activity-venue-changed" if moved else "activity-edited"
    await _announce_key(services, outcome.activity, outcome.told, key, poster=moved)
    for offer in outcome.offered:
        await offered(services, offer)


async def _tell(services: Services, person_id: int, key: str, activity: Activity) -> None:
    locale = await services.locale_of(person_id)
    args = await activity_args(services, locale, activity)
    await services.tell(person_id, Text(key, args), locale=locale)
