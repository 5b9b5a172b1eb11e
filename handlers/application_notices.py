"""Telling about an application: each coordinator over the site is asked with
Approve / Reject (`ask_coordinators`, for a `Filed`), and once one of them decides
(`decided`, for a `Decided`) everyone's copy is edited to say who decided and how,
and the applicant hears the answer.

The message id of every notice is stored with the application (`Applications.noticed`)
so any worker can close them later.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from functools import partial
from typing import Literal

from conversations.model import Text
from domain.applications import Decided, Filed
from domain.models import Application, ApplicationStatus, Notice
from handlers import menus
from handlers.kit import render
from handlers.kit.context import Services, each_bounded
from handlers.kit.ports import InlineKeyboard, MessengerError
from handlers.kit.presses import Press, press

log = logging.getLogger(__name__)


@press("ja")
@dataclass(frozen=True, slots=True)
class ApplicationPress:
    """A coordinator's decision on an application (handled in `applications`)."""

    application_id: int
    act: Literal["y", "n"]  # approve (then pick a team) / reject


async def ask_coordinators(services: Services, filed: Filed) -> None:
    """Send every coordinator over the site the application with its buttons."""
    application = filed.application
    locales = await services.locales_of(filed.coordinators)
    team = filed.team.name if filed.team is not None else None
    messages = []
    for user_id, locale in locales.items():
        args = {
            "id": application.id,
            "name": application.first_name,
            "user": application.user_id,
            "site": filed.site.name.pick(locale),
        }
        words = (
            services.tr.text(locale, "application-new-team", team=team.pick(locale), **args)
            if team is not None
            else services.tr.text(locale, "application-new", **args)
        )
        messages.append((user_id, words, decision_markup(services, locale, application)))
    sent = await services.tell_all(messages)
    notices = [
        Notice(user_id, message_id)
        for (user_id, _words, _markup), message_id in zip(messages, sent, strict=True)
        if message_id is not None
    ]
    overtaken = await services.applications.noticed(application.id, notices)
    if overtaken is not None:
        await close_notices(services, overtaken, None)


async def decided(services: Services, decided: Decided, skip: Notice | None = None) -> None:
    """An application was decided: the coordinators' notices show the decision
    (`skip`: the decider's pressed message, which their own reply already replaced),
    then the applicant is told, in their language, the team or the reason."""
    await close_notices(services, decided, skip)
    application, team = decided.application, decided.team
    if application.status is ApplicationStatus.APPROVED and team is not None:
        await menus.refresh(services, application.user_id)  # the volunteer's command menu
        await services.tell_localised(
            application.user_id,
            lambda locale: Text("join-approved", {"team": team.name.pick(locale)}),
        )
        return
    site = await services.reference.site(application.site_id)

    def rejected(locale: str) -> Text:
        return Text(
            "join-rejected-because",
            {
                "site": site.name.pick(locale) if site else "?",
                "reason": reason_words(services, application, locale),
            },
        )

    await services.tell_localised(application.user_id, rejected)


async def close_notices(services: Services, decided: Decided, skip: Notice | None) -> None:
    """Edit every coordinator's notice to the decision (`skip`: the pressed message,
    which the decider's own reply already replaced)."""
    notices = [n for n in decided.notices if n != skip]
    locales = await services.locales_of(n.user_id for n in notices)
    await each_bounded([partial(_close, services, decided, n, locales[n.user_id]) for n in notices])


async def _close(services: Services, decided: Decided, notice: Notice, locale: str) -> None:
    words = decision_words(services, decided, locale)
    # Best effort: a coordinator who deleted the message or blocked the bot changes nothing.
    with contextlib.suppress(MessengerError):
        await services.edit(notice.user_id, notice.message_id, words, None)


def decision_words(services: Services, decided: Decided, locale: str) -> str:
    application, tr = decided.application, services.tr
    if application.status is ApplicationStatus.APPROVED and decided.team is not None:
        return tr.text(
            locale,
            "application-closed-approved",
            id=application.id,
            name=application.first_name,
            by=decided.decider,
            team=decided.team.name.pick(locale),
        )
    return tr.text(
        locale,
        "application-closed-rejected",
        id=application.id,
        name=application.first_name,
        by=decided.decider,
        reason=reason_words(services, application, locale),
    )


def reason_words(services: Services, application: Application, locale: str) -> str:
    if application.reason_code:
        return services.tr.text(locale, f"reject-reason-{application.reason_code}")
    return application.reason or services.tr.text(locale, "reject-reason-none")


def decision_markup(services: Services, locale: str, application: Application) -> InlineKeyboard:
    """Approve / Reject for one application, in the coordinator's language."""
    return render.inline(decision_row(services, locale, application))


def decision_row(
    services: Services, locale: str, application: Application
) -> list[tuple[str, Press]]:
    tr = services.tr
    return [
        (
            tr.text(locale, "application-approve", id=application.id),
            ApplicationPress(application.id, "y"),
        ),
        (
            tr.text(locale, "application-reject", id=application.id),
            ApplicationPress(application.id, "n"),
        ),
    ]
