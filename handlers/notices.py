"""What the drainer tells a user about an update it did not handle (yet).

Best effort and short: the outage notice reads no SQL (it may be what is down),
each notice answers a pressed button so no spinner is left, and a failure to tell
is logged, never raised: the update's fate is decided by the drainer, not here.
"""

from __future__ import annotations

import logging

from handlers.kit.context import Services
from handlers.kit.ports import Inbound
from locales import resolve_locale

log = logging.getLogger(__name__)


class Notices:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def unavailable(self, inbound: Inbound) -> None:
        """SQL or Redis is away: the update is kept and will be handled later."""
        await self._tell(inbound, "delivery-unavailable", ask_sql=False)

    async def failed(self, inbound: Inbound) -> None:
        """The handler failed on this update every time: it was set aside."""
        await self._tell(inbound, "error-generic", alert=True)

    async def slow_down(self, inbound: Inbound, first: bool) -> None:
        """Over the flood limit: the first excess update is told, later ones only
        have their button answered."""
        await self._tell(inbound, "delivery-slow-down" if first else None)

    async def _tell(
        self, inbound: Inbound, key: str | None, *, alert: bool = False, ask_sql: bool = True
    ) -> None:
        if inbound.chat_type != "private":
            return
        services = self._services
        try:
            words = None
            if key is not None:
                locale = await self._locale(inbound) if ask_sql else None
                locale = locale or resolve_locale(
                    inbound.sender.language_code, services.default_locale
                )
                words = services.tr.text(locale, key)
            if inbound.callback_id:
                await services.messengers[inbound.channel].answer(inbound.callback_id, words, alert)
            elif words is not None:
                await services.messengers[inbound.channel].send(inbound.chat_id, words)
        except Exception as error:  # best effort: the update's fate does not depend on it
            log.info("could not tell update %s: %s", inbound.update_id, type(error).__name__)

    async def _locale(self, inbound: Inbound) -> str | None:
        try:
            profile = await self._services.people.profile_at(inbound.address)
        except Exception:  # the database is the trouble: Telegram's language will do
            return None
        return profile.locale if profile else None
