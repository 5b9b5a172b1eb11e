"""`/mydata` as a readable text file, in the person's language, section by section."""

from __future__ import annotations

from datetime import datetime

from domain.ledger_models import hours_text
from domain.models import Application, Catalogue, Order, OrderEvent, RoleGrant, Volunteer
from domain.privacy import MyData
from handlers import order_details
from handlers.kit import render
from handlers.kit.context import Services
from locales.dates import moment_words


class _Sheet:
    """Lines in one language; values that are missing show as the locale's dash."""

    def __init__(self, services: Services, locale: str, catalogue: Catalogue) -> None:
        self.services, self.locale, self.catalogue = services, locale, catalogue
        self.lines: list[str] = []

    def t(self, key: str, **args: object) -> str:
        return self.services.tr.text(self.locale, key, **args)

    def add(self, key: str, **args: object) -> None:
        none = self.t("mydata-none")
        shown = {k: none if v is None or v == "" else v for k, v in args.items()}
        self.lines.append(self.t(key, **shown))

    def section(self, key: str, empty: bool) -> None:
        self.lines += ["", self.t(key)]
        if empty:
            self.lines.append(self.t("mydata-none"))

    async def site(self, site_id: int | None) -> str | None:
        site = await self.services.reference.site(site_id) if site_id is not None else None
        return site.name.pick(self.locale) if site else None

    async def order_args(self, order: Order) -> dict[str, object]:
        site = await self.services.reference.site(order.site_id)
        return render.order_args(self.services.tr, self.locale, order, self.catalogue, site)


def _at(services: Services, locale: str, moment: datetime | None) -> str | None:
    """A moment in county time, in the reader's date pattern."""
    if moment is None:
        return None
    local = moment.astimezone(services.timezone)
    return moment_words(services.tr, locale, "date-pattern-mydata", local)


async def mydata_text(services: Services, locale: str, data: MyData) -> str:
    sheet = _Sheet(services, locale, await services.reference.catalogue())
    profile = data.profile
    sheet.add("mydata-title", id=profile.id, at=_at(services, locale, services.clock.now()))
    sheet.section("mydata-section-profile", empty=False)
    sheet.add("mydata-name", value=profile.first_name)
    sheet.add("mydata-username", value=profile.username)
    sheet.add("mydata-language", value=profile.locale)
    sheet.add("mydata-home", value=await sheet.site(profile.home_site_id))
    sheet.add("mydata-phone", value=profile.phone)
    sheet.add("mydata-notice", value=_at(services, locale, profile.notice_at))
    for address in data.addresses:
        sheet.add("mydata-address", channel=address.channel, value=address.address)
    await _roles(sheet, data.grants, data.volunteer)
    await _orders(sheet, data.orders, data.events)
    await _tasks(sheet, data)
    await _applications(sheet, data.applications)
    sheet.section("mydata-section-visit-notes", empty=not data.visit_notes)
    for note in data.visit_notes:
        at = _at(services, locale, note.created_at)
        sheet.add("mydata-visit-note", id=note.order_id, text=note.text, at=at)
    await _household(sheet, data)
    sheet.section("mydata-section-certificates", empty=not data.certificates)
    for cert in data.certificates:
        at = _at(services, locale, cert.requested_at)
        minutes = hours_text(cert.minutes) if cert.minutes is not None else "-"
        sheet.add("mydata-certificate", id=cert.id, status=str(cert.status), at=at, hours=minutes)
    _wishes_and_voice(sheet, data)
    return "\n".join(sheet.lines) + "\n"


def _wishes_and_voice(sheet: _Sheet, data: MyData) -> None:
    """The wishes, with their voice's file id, and the voice notes of the orders."""
    sheet.section("mydata-section-wishes", empty=not data.wishes)
    for wish in data.wishes:
        sheet.add(
            "mydata-wish",
            id=wish.id,
            at=_at(sheet.services, sheet.locale, wish.created_at),
            status=sheet.t(f"wish-status-{wish.status.value}"),
            text=wish.text,
            voice=wish.voice_file_id,
            order=wish.order_id,
        )
    sheet.section("mydata-section-voice-notes", empty=not data.voice_notes)
    for note in data.voice_notes:
        sheet.add("mydata-voice-note", id=note.order_id, n=note.seq, file=note.file_id)


async def _household(sheet: _Sheet, data: MyData) -> None:
    home = data.household
    sheet.section("mydata-section-household", empty=home is None)
    if home is None:
        return
    site = await sheet.site(home.site_id)
    sheet.add("mydata-household", id=home.id, head=home.head_id, site=site, status=str(home.status))
    rules = {r.code: r.name for r in await sheet.services.households.rules()}
    for award in data.household_awards:
        at = _at(sheet.services, sheet.locale, award.at)
        name = rules.get(award.rule_code)
        act = name.pick(sheet.locale) if name else award.rule_code
        sheet.add(
            "mydata-household-award",
            act=act,
            points=award.points,
            note=award.note or "-",
            at=at,
        )


async def _roles(sheet: _Sheet, grants: list[RoleGrant], volunteer: Volunteer | None) -> None:
    sheet.section("mydata-section-roles", empty=not grants and volunteer is None)
    for grant in grants:
        sheet.add(f"mydata-role-{grant.role.value}", site=await sheet.site(grant.site_id))
    if volunteer is None:
        return
    sheet.add(
        "mydata-volunteer",
        team=volunteer.team_id,
        hours=f"{volunteer.hours:g}",
        points=volunteer.points,
        active=sheet.t("mydata-yes" if volunteer.active else "mydata-no"),
        available=sheet.t("mydata-yes" if volunteer.available else "mydata-no"),
    )
    if volunteer.quiet_start is not None and volunteer.quiet_end is not None:
        sheet.add(
            "mydata-quiet", start=_clock(volunteer.quiet_start), end=_clock(volunteer.quiet_end)
        )


async def _orders(sheet: _Sheet, orders: list[Order], events: list[OrderEvent]) -> None:
    sheet.section("mydata-section-orders", empty=not orders)
    for order in orders:
        sheet.add("mydata-order", **await sheet.order_args(order))
        sheet.add("mydata-order-details", value=order.details)
        sheet.add("mydata-order-phone", value=order.phone)
        if order.lat is not None and order.lon is not None:
            sheet.add("mydata-order-location", lat=f"{order.lat:.5f}", lon=f"{order.lon:.5f}")
        # A record, read any day later: the date alone, never "tomorrow".
        visit = await order_details.visit_words(sheet.services, order, sheet.locale, relative=False)
        if visit:  # the house, the part of the day, the person it is for
            sheet.add("mydata-order-visit", value=visit)
        if order.rating is not None:
            sheet.add(
                "mydata-order-rating", stars=render.stars(order.rating), comment=order.comment
            )
        for event in (e for e in events if e.order_id == order.id):
            sheet.add(
                "mydata-event",
                at=_at(sheet.services, sheet.locale, event.at),
                status=sheet.t(f"status-{event.to_status.value}"),
                note=event.note,
            )


async def _tasks(sheet: _Sheet, data: MyData) -> None:
    sheet.section("mydata-section-tasks", empty=not data.tasks)
    for task in data.tasks:
        hours = "" if task.hours is None else f"{task.hours:g}"
        sheet.add("mydata-task", **await sheet.order_args(task), hours=hours)
    sheet.section("mydata-section-offers", empty=not data.offers)
    for offer in data.offers:
        sheet.add(
            "mydata-offer", id=offer.order_id, status=sheet.t(f"mydata-offer-{offer.status.value}")
        )


async def _applications(sheet: _Sheet, applications: list[Application]) -> None:
    sheet.section("mydata-section-applications", empty=not applications)
    for application in applications:
        sheet.add(
            "mydata-application",
            id=application.id,
            site=await sheet.site(application.site_id),
            status=sheet.t(f"mydata-application-{application.status.value}"),
            at=_at(sheet.services, sheet.locale, application.created_at),
        )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
