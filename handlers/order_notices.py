"""The coordinators' new-order notice, kept current: offered, taken by X, done, rated.

`notify.placed` sends each coordinator's message, saying already what the first
wave did, and records it (`send`); every later outcome
about the order edits them all (`refresh`) to the notice's first line and the
order's state now, so none of them stays "派单中". A failed edit (deleted, too old,
blocked) is logged by its type only and ignored: the notice is a courtesy, the
order's card (`/order n`) is the record.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from domain.models import Order
from domain.notes import LEVELS
from domain.offers import Dispatched
from domain.ports.complaints import OrderNotice
from handlers.kit.context import Services, each_bounded
from handlers.kit.ports import MessengerError

log = logging.getLogger(__name__)
NOTICE = "coord-new-order"  # the notice as it was sent, with its `status`


def status_of(step: Dispatched) -> tuple[str, dict[str, object]] | None:
    """What a dispatch step says of the order in the notice; None: nothing new."""
    if step.escalated_to:
        return "notice-escalated", {"level": LEVELS[step.escalated_to]}
    if step.offers:
        return "notice-offered", {"count": len(step.offers)}
    return None


async def send(services: Services, first: Dispatched, user_ids: Sequence[int]) -> None:
    """The new-order notice, already saying what the first wave did; each message is
    recorded to be edited as the order moves."""
    if not user_ids:
        return
    order, status = first.order, status_of(first)
    locales = await services.locales_of(user_ids)
    words = {}
    for locale in set(locales.values()):
        args = await services.order_args(order, locale)
        if status is not None:
            key, extra = status
            args["status"] = services.tr.text(locale, key, **{**args, **extra})
        words[locale] = services.tr.text(locale, NOTICE, **args)
    sent = await services.tell_all([(uid, words[locales[uid]], None) for uid in user_ids])
    await record(services, order, user_ids, sent)


async def follow(services: Services, step: Dispatched) -> None:
    """A later dispatch step (a wave, a refill, an escalation): the notices say so."""
    status = status_of(step)
    if status is not None:
        key, extra = status
        await refresh(services, step.order, key, **extra)


async def record(
    services: Services, order: Order, user_ids: Sequence[int], message_ids: Sequence[int | None]
) -> None:
    """Remember where each coordinator's notice is, to edit it later."""
    found = await services.people.addresses(user_ids)
    rows = []
    for user_id, message_id in zip(user_ids, message_ids, strict=True):
        reached = services.reach(found.get(user_id, ()))
        if message_id is not None and reached is not None:
            rows.append(OrderNotice(order.id, user_id, reached[1], message_id))
    await services.complaints.record_notices(rows)


async def refresh(services: Services, order: Order, key: str, **extra: object) -> None:
    """Edit every coordinator's notice of `order`: the notice as sent, its status
    told by `key` (more than the bare status: who took it, how many stars)."""
    notices = await services.complaints.notices(order.id)
    if not notices:
        return
    locales = await services.locales_of(n.user_id for n in notices)
    words = {}
    for locale in set(locales.values()):
        args = await services.order_args(order, locale)
        status = services.tr.text(locale, key, **{**args, **extra})
        words[locale] = services.tr.text(locale, NOTICE, **{**args, "status": status})

    async def edit(notice: OrderNotice) -> None:
        try:
            await services.edit(
                notice.user_id, notice.message_id, words[locales[notice.user_id]], None
            )
        except MessengerError as error:  # its text may quote the message: the type only
            log.info("order %s: a notice was not edited (%s)", order.id, type(error).__name__)

    await each_bounded([partial(edit, notice) for notice in notices])
