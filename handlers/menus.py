"""Command menus (setMyCommands) per role and language.

Residents see the default menus: one per language offered (`language_code` "zh",
"en") and one for everyone else, set at every start-up (three calls). A volunteer
or a coordinator has a menu in their own chat (BotCommandScopeChat), in their
language; it is set when their role or language changes (`refresh`, called where
those change) and, at start-up, for everyone whose menu is not the one stored
for them (`sync_all`), one call at a time through the send limiter, so a county's
thousands of volunteers go out within Telegram's limits without delaying replies.
"""

from __future__ import annotations

import hashlib
import logging

from domain.menus import COORDINATOR, RESIDENT, VOLUNTEER
from handlers.kit.context import Services
from handlers.kit.ports import Commands, MessengerError, Unreachable
from locales import LOCALES

log = logging.getLogger(__name__)

# The commands of each role's menu, in the order shown.
COMMANDS: dict[str, tuple[str, ...]] = {
    RESIDENT: ("order", "myorders", "wish", "join", "lang", "help", "mydata", "forgetme"),
    VOLUNTEER: ("tasks", "available", "quiet", "wishes", "order", "myorders", "lang", "help"),
    COORDINATOR: (
        "pending",
        "broadcast",
        "volunteers",
        "assign",
        "sites",
        "audit",
        "wishes",
        "order",
        "lang",
        "help",
    ),
}
# Names the command lists: changing a list sets everyone's menu again, once.
VERSION = hashlib.sha256(repr(sorted(COMMANDS.items())).encode()).hexdigest()[:8]


def language_code(locale: str) -> str:
    """The IETF code Telegram gives users of `locale` ("zh-CN" -> "zh")."""
    return locale.split("-")[0].lower()


def commands(services: Services, role: str, locale: str) -> Commands:
    return [(name, services.tr.text(locale, f"menu-cmd-{name}")) for name in COMMANDS[role]]


async def set_defaults(services: Services) -> None:
    """The resident's menu for everyone: per language offered, and without one."""
    messenger = services.messenger
    await messenger.set_commands(commands(services, RESIDENT, services.default_locale))
    for locale in LOCALES:
        await messenger.set_commands(
            commands(services, RESIDENT, locale), language=language_code(locale)
        )


async def refresh(services: Services, person_id: int) -> bool:
    """Give the person the menu of their role and language now, if it is not the one
    they have (claimed first, so one worker sets it). True if it was set."""
    menus = services.menus
    wanted = await menus.wanted(person_id)
    was = await menus.given(person_id)
    code = wanted.code(VERSION, services.default_locale)
    if code is not None and not wanted.reachable:
        return False  # no chat to set it in: a later start-up or change will
    if not await menus.claim(person_id, was, code):
        return False
    found = services.reach((await services.people.addresses([person_id])).get(person_id, ()))
    try:
        if found is None:
            raise Unreachable(0)
        messenger, chat_id = found
        if code is None:
            await messenger.delete_commands(chat_id)
        else:
            locale = wanted.locale or services.default_locale
            await messenger.set_commands(commands(services, wanted.role, locale), chat_id)
    except MessengerError as error:
        # Not set: the stored code goes back, so the next start-up (or change) tries again.
        log.info("menu of user %s not set: %s", person_id, type(error).__name__)
        await menus.claim(person_id, code, was)
        return False
    return True


async def sync_all(services: Services) -> int:
    """At start-up: the default menus, then everyone whose menu changed; how many
    chats were given theirs."""
    try:
        await set_defaults(services)
    except MessengerError as error:
        log.warning("default command menus not set: %s", type(error).__name__)
    changed = 0
    for person_id in await services.menus.people():
        changed += await refresh(services, person_id)
    return changed
