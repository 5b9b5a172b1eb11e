"""Volunteer service certificates in chat (志愿服务证明).

/certificate            a volunteer asks; the coordinators over their site get Issue / Refuse
(Issue)                 the volunteer gets the PDF with its verification code
/verify ABCD-EFGH-JKLM-NPQR   anyone checks a certificate

The PDF is drawn with reportlab in its built-in STSong-Light CID font, so Chinese
renders with no font file shipped. The record's fields follow the 2021 rules for
volunteer service records: personal information, the service, training, awards,
evaluation; what the bot does not know is "—".
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from conversations.model import Text
from domain.certificate_models import Certificate, shown
from domain.certificates import CertAsked, CertDecided
from domain.ledger_models import hours_text
from domain.models import LocalName
from handlers.kit import render
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import InlineKeyboard, MessengerError
from handlers.kit.presses import press
from handlers.kit.router import Router

FONT = "STSong-Light"
NONE = "—"


@press("ce")
@dataclass(frozen=True, slots=True)
class CertPress:
    cert_id: int
    act: Literal["y", "n"]  # issue / refuse


@functools.cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


@dataclass(frozen=True, slots=True)
class Sheet:
    """The certificate in the reader's words: sections of (label, value) rows."""

    title: str
    sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]
    footer: Sequence[str]


def certificate_pdf(sheet: Sheet) -> bytes:
    font = _font()
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    page.setTitle(sheet.title)
    width, height = A4
    page.setFont(font, 22)
    page.drawCentredString(width / 2, height - 80, sheet.title)
    y = height - 130
    for heading, rows in sheet.sections:
        page.setFont(font, 14)
        page.drawString(60, y, heading)
        page.line(60, y - 4, width - 60, y - 4)
        y -= 24
        page.setFont(font, 11)
        for label, value in rows:
            page.drawString(80, y, label)
            page.drawString(220, y, value)
            y -= 18
        y -= 10
    page.setFont(font, 11)
    for line in sheet.footer:
        page.drawRightString(width - 60, y, line)
        y -= 18
    page.showPage()
    page.save()
    return out.getvalue()


def _day(raw: object, ctx_locale: str) -> str:
    if not isinstance(raw, str):
        return NONE
    moment = datetime.fromisoformat(raw)
    return moment.strftime("%Y-%m-%d")


def sheet_of(services: Services, locale: str, cert: Certificate) -> Sheet:
    record: dict[str, Any] = cert.record or {}

    def t(key: str, **args: object) -> str:
        return services.tr.text(locale, key, **args)

    team = LocalName(*record.get("team", ["", ""])).pick(locale) or NONE
    centre = LocalName(*record.get("center", ["", ""])).pick(locale) or NONE
    minutes = int(record.get("minutes", 0))
    categories = [
        (LocalName(zh, en).pick(locale), t("certificates-hours", hours=hours_text(m)))
        for zh, en, m in record.get("categories", [])
    ]
    stars = int(record.get("stars", 0))
    rating = record.get("rating")
    issued = cert.decided_at.astimezone(services.timezone) if cert.decided_at else None
    period = f"{_day(record.get('first'), locale)} ~ {_day(record.get('last'), locale)}"
    return Sheet(
        title=t("certificates-title"),
        sections=(
            (
                t("certificates-personal"),
                (
                    (t("certificates-name"), record.get("name") or NONE),
                    (t("certificates-team"), team),
                ),
            ),
            (
                t("certificates-service"),
                (
                    (t("certificates-total"), t("certificates-hours", hours=hours_text(minutes))),
                    (t("certificates-period"), period),
                    (t("certificates-tasks"), str(record.get("tasks", 0))),
                    *((t("certificates-category", name=n), h) for n, h in categories),
                ),
            ),
            (t("certificates-training"), ((t("certificates-training"), NONE),)),
            (
                t("certificates-awards"),
                (
                    (
                        t("certificates-stars"),
                        t("certificates-stars-n", stars=stars) if stars else NONE,
                    ),
                ),
            ),
            (
                t("certificates-evaluation"),
                ((t("certificates-rating"), f"{rating}" if rating is not None else NONE),),
            ),
        ),
        footer=(
            t("certificates-issuer", center=centre),
            t("certificates-issued", day=issued.strftime("%Y-%m-%d") if issued else NONE),
            t("certificates-code", code=shown(cert.code or "")),
        ),
    )


async def certificate(ctx: Ctx) -> None:
    asked = await ctx.services.certificates.ask(ctx.user_id)
    await ctx.reply("certificates-asked")
    await ask_coordinators(ctx.services, asked)


def decision_markup(services: Services, locale: str, cert_id: int) -> InlineKeyboard:
    return render.inline(
        [
            (services.tr.text(locale, "certificates-issue"), CertPress(cert_id, "y")),
            (services.tr.text(locale, "certificates-refuse"), CertPress(cert_id, "n")),
        ]
    )


async def ask_coordinators(services: Services, asked: CertAsked) -> None:
    cert = asked.certificate
    locales = await services.locales_of(asked.coordinators)
    messages = [
        (
            user_id,
            services.tr.text(
                locale,
                "certificates-ask-coordinator",
                id=cert.id,
                name=asked.name,
                user=cert.person_id,
            ),
            decision_markup(services, locale, cert.id),
        )
        for user_id, locale in locales.items()
    ]
    await services.tell_all(messages)


async def decided_pressed(ctx: Ctx, press: CertPress) -> None:
    done = await ctx.services.certificates.decide(ctx.user_id, press.cert_id, press.act == "y")
    await ctx.toast()
    key = "certificates-issued-done" if done.issued else "certificates-refused-done"
    await ctx.replace_pressed(ctx.t(key, id=done.certificate.id), fallback="send")
    await tell_decided(ctx.services, done)


async def tell_decided(services: Services, done: CertDecided) -> None:
    cert = done.certificate
    if not done.issued:
        await services.tell(cert.person_id, Text("certificates-told-refused"))
        return
    code = shown(cert.code or "")
    await services.tell(cert.person_id, Text("certificates-told-issued", {"code": code}))
    found = services.reach(
        (await services.people.addresses([cert.person_id])).get(cert.person_id, ())
    )
    if found is None:
        return
    messenger, chat_id = found
    locale = await services.locale_of(cert.person_id)
    pdf = certificate_pdf(sheet_of(services, locale, cert))
    try:
        await messenger.send_document(
            chat_id,
            pdf,
            filename=services.tr.text(locale, "certificates-file", id=str(cert.id)),
            caption=code,
        )
    except MessengerError:  # best effort, like every other notice
        return


async def verify(ctx: Ctx) -> None:
    raw = ctx.inbound.args.strip()
    if not raw:
        await ctx.reply("certificates-verify-usage")
        return
    cert = await ctx.services.certificates.check(raw)
    record = cert.record or {}
    issued = cert.decided_at.astimezone(ctx.services.timezone) if cert.decided_at else None
    await ctx.reply(
        "certificates-genuine",
        name=record.get("name") or NONE,
        hours=hours_text(int(record.get("minutes", 0))),
        day=issued.strftime("%Y-%m-%d") if issued else NONE,
        code=shown(cert.code or ""),
    )


def register(router: Router) -> None:
    router.command("certificate", certificate)
    router.command("verify", verify)
    router.button(CertPress, decided_pressed)
