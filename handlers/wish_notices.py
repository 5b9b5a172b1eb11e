"""The coordinators' copies of a new wish, kept current: each coordinator over the
wish's point gets it with Approve / Reject (`send`), and once one of them decides,
every copy is edited (`refresh`) to the wish's card and who decided what, without
buttons; a claim later says who claimed it and as which order, and the
volunteers' Claim copies say it was taken. A wish the resident's `/forgetme`
closed says it was withdrawn on every copy. A failed edit
(deleted, too old, blocked) is logged by its type only: the copy is a courtesy.

A stale button (pressed on a copy not yet edited) is answered with the same words
(`decided_words`) and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from domain.models import Team
from domain.wish_models import Wish, WishStatus
from domain.wishes import Filed
from handlers import voice
from handlers.kit.context import Services, each_bounded
from handlers.kit.ports import InlineKeyboard, MessengerError

log = logging.getLogger(__name__)
DECIDE, CLAIM = "decide", "claim"  # a copy's buttons: Approve / Reject, or Claim


async def card(services: Services, locale: str, wish: Wish) -> str:
    site = await services.reference.site(wish.site_id)
    text = wish.text or (services.tr.text(locale, "wish-said") if wish.voice_file_id else "-")
    return services.tr.text(
        locale,
        "wish-card",
        id=wish.id,
        place=site.name.pick(locale) if site else "?",
        text=text,
        status=services.tr.text(locale, f"wish-status-{wish.status.value}"),
    )


async def play(services: Services, user_id: int, wish: Wish, locale: str) -> None:
    if wish.voice_file_id:
        caption = services.tr.text(locale, "wish-voice-caption", id=wish.id)
        await voice.send_voice(services, user_id, wish.voice_file_id, caption)


async def send(services: Services, filed: Filed, buttons: Callable[[str], InlineKeyboard]) -> None:
    """Each coordinator's copy, with `buttons(locale)`, recorded to be edited once
    the wish is decided; then its voice, if it was said."""
    wish, sent = filed.wish, []
    for coordinator in filed.coordinators:
        locale = await services.locale_of(coordinator)
        words = services.tr.text(locale, "wish-new", card=await card(services, locale, wish))
        message_id = await services.send_words(coordinator, words, buttons(locale))
        if message_id is not None:
            sent.append((coordinator, message_id, DECIDE))
        await play(services, coordinator, wish, locale)
    await record(services, wish.id, sent)


async def record(services: Services, wish_id: int, sent: list[tuple[int, int, str]]) -> None:
    """Remember where copies with buttons are, then edit those a decision or claim
    made while they were being sent has already overtaken: that decision's
    `refresh` ran before they were recorded, so it could not reach them."""
    await services.wishes.record_notices(wish_id, sent)
    await _edit_due(services, wish_id, set(sent))


async def _name(services: Services, user_id: int | None) -> str:
    profile = await services.people.profile(user_id) if user_id is not None else None
    return (profile.first_name if profile else None) or "-"


def _withdrawn(wish: Wish) -> bool:
    """Closed by the resident's `/forgetme`: rejected, with nobody deciding."""
    return wish.status is WishStatus.REJECTED and wish.decided_by is None


async def decided_words(services: Services, locale: str, wish: Wish, team: Team | None) -> str:
    """The wish's card and who decided what (and who claimed it), in `locale`."""
    tr = services.tr
    who = await _name(services, wish.decided_by)
    if _withdrawn(wish):
        line = tr.text(locale, "wish-notice-withdrawn")
    elif wish.status is WishStatus.REJECTED:
        line = tr.text(locale, "wish-notice-rejected", who=who, reason=wish.reason or "-")
    elif wish.status is WishStatus.OPEN:
        line = ""
    else:
        team_name = team.name.pick(locale) if team else "-"
        line = tr.text(locale, "wish-notice-posted", who=who, team=team_name)
        if wish.mode == "order":
            line = tr.text(locale, "wish-notice-ordered", who=who, team=team_name)
        if wish.order_id is not None:
            claimer = await _name(services, wish.claimed_by)
            key = (
                "wish-notice-claimed" if wish.status is WishStatus.CLAIMED else "wish-notice-order"
            )
            line += "\n" + tr.text(locale, key, volunteer=claimer, order=wish.order_id)
    words = tr.text(locale, "wish-new", card=await card(services, locale, wish))
    return f"{words}\n{line}" if line else words


async def refresh(services: Services, wish_id: int) -> None:
    """Edit the wish's copies to what it is now, without buttons: the coordinators'
    (Approve / Reject) once it is decided, and, once claimed, the Claim copies of
    everyone but the claimant (whose pressed copy became their task)."""
    await _edit_due(services, wish_id, None)


async def _edit_due(
    services: Services, wish_id: int, among: set[tuple[int, int, str]] | None
) -> None:
    """Edit the copies (all recorded, or only those `among`) the wish's state says
    are out of date."""
    found = await services.wishes.notices(wish_id)
    if found is None or not found.sent:
        return
    wish = found.wish
    claimed, withdrawn = wish.status is WishStatus.CLAIMED, _withdrawn(wish)
    due = [
        (user_id, message_id, kind)
        for user_id, message_id, kind in found.sent
        if (among is None or (user_id, message_id, kind) in among)
        and (
            (kind == DECIDE and wish.status is not WishStatus.OPEN)
            or (kind == CLAIM and (withdrawn or (claimed and user_id != wish.claimed_by)))
        )
    ]
    if not due:
        return
    locales = await services.locales_of(user_id for user_id, _, _ in due)
    words: dict[tuple[str, str], str] = {}
    for locale in set(locales.values()):
        words[(locale, DECIDE)] = await decided_words(services, locale, wish, found.team)
        key = "wish-withdrawn" if withdrawn else "wish-claimed-already"
        words[(locale, CLAIM)] = services.tr.text(locale, key, id=wish.id)

    async def edit(user_id: int, message_id: int, kind: str) -> None:
        try:
            await services.edit(user_id, message_id, words[(locales[user_id], kind)], None)
        except MessengerError as error:  # its text may quote the message: the type only
            log.info("wish %s: a copy was not edited (%s)", wish_id, type(error).__name__)

    await each_bounded([partial(edit, *copy) for copy in due])
