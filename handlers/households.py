"""Household civility points in chat (乡风文明积分).

/household                  my household (members, points, latest awards); else the
                            points to register at, one button each
/household 11               ask to register my household at point 11
/household add 800032       the head adds a member
(Confirm / Refuse)          a coordinator of the point or above decides
/grader                     the graders at my sites
/grader add 800040 11       appoint a grader at point 11 (/grader off 800040 11)
/award                      award a household points for an act (buttons; photo or note)
/deduct                     deduct for an act, with a reason (the red and black list)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from conversations.flows.households import AWARD, DEDUCT
from conversations.model import Finished, Flow, Text
from domain.household_models import HouseholdStatus, HouseRule
from domain.households import AskedToRegister, Awarded, Decided
from handlers import household_members
from handlers.household_shop import HouseShopPress
from handlers.kit import finishers, render
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import InlineKeyboard, MessengerError
from handlers.kit.presses import press
from handlers.kit.router import Router

MAX_BUTTONS = 30


@press("hj")
@dataclass(frozen=True, slots=True)
class JoinPress:
    """A point's button under /household: ask to register there."""

    site_id: int


@press("hd")
@dataclass(frozen=True, slots=True)
class DecidePress:
    household_id: int
    act: Literal["y", "n"]  # confirm / refuse


async def _site(services: Services, site_id: int, locale: str) -> str:
    site = await services.reference.site(site_id)
    return site.name.pick(locale) if site else str(site_id)


async def _name(services: Services, person_id: int) -> str:
    profile = await services.people.profile(person_id)
    return profile.first_name if profile and profile.first_name else str(person_id)


async def household(ctx: Ctx) -> None:
    verb, _, rest = ctx.inbound.args.strip().partition(" ")
    if verb == "add":
        if not rest.strip().isdigit():
            await ctx.reply("households-usage")
            return
        await ctx.services.households.add_member(ctx.user_id, int(rest))
        await ctx.reply("households-member-added", name=await _name(ctx.services, int(rest)))
        return
    if verb.isdigit():
        await _ask(ctx, int(verb))
        return
    if verb:
        await ctx.reply("households-usage")
        return
    await _show(ctx)


async def _show(ctx: Ctx) -> None:
    mine = await ctx.services.households.mine(ctx.user_id)
    if mine is None:
        points = (await ctx.services.households.points())[:MAX_BUTTONS]
        rows = [
            [(zh if ctx.locale.startswith("zh") or not en else en, JoinPress(site_id))]
            for site_id, zh, en in points
        ]
        await ctx.messenger.send(ctx.chat_id, ctx.t("households-none"), render.inline(*rows))
        return
    home = mine.household
    site = await _site(ctx.services, home.site_id, ctx.locale)
    if home.status is HouseholdStatus.PENDING:
        await ctx.reply("households-pending", site=site)
        return
    names = [await _name(ctx.services, p) for p in mine.members]
    rules = await _rules(ctx.services)
    lines = [
        ctx.t("households-mine", head=home.head_name, site=site, points=mine.balance),
        ctx.t("households-members", names="、".join(names)),
    ]
    if mine.recent:
        lines.append(ctx.t("households-recent"))
    for award in mine.recent:
        rule = rules.get(award.rule_code)
        lines.append(
            ctx.t(
                "households-recent-line",
                act=rule.name.pick(ctx.locale) if rule else award.rule_code,
                points=award.points,
                note=award.note or "-",
            )
        )
    buttons = await household_members.buttons(ctx, mine)
    if await ctx.services.shop.may_spend_for_household(ctx.user_id):
        buttons.insert(0, [(ctx.t("household-shop-button"), HouseShopPress())])
    await ctx.messenger.send(ctx.chat_id, "\n".join(lines), render.inline(*buttons))


async def _rules(services: Services) -> dict[str, HouseRule]:
    return {r.code: r for r in await services.households.rules()}


async def joined_pressed(ctx: Ctx, press: JoinPress) -> None:
    await _ask(ctx, press.site_id)
    await ctx.toast()


async def _ask(ctx: Ctx, site_id: int) -> None:
    asked = await ctx.services.households.ask(ctx.user_id, site_id)
    await ctx.reply("households-asked", site=await _site(ctx.services, site_id, ctx.locale))
    await ask_coordinators(ctx.services, asked)


def decision_markup(services: Services, locale: str, household_id: int) -> InlineKeyboard:
    return render.inline(
        [
            (services.tr.text(locale, "households-confirm"), DecidePress(household_id, "y")),
            (services.tr.text(locale, "households-refuse"), DecidePress(household_id, "n")),
        ]
    )


async def ask_coordinators(services: Services, asked: AskedToRegister) -> None:
    home = asked.household
    locales = await services.locales_of(asked.coordinators)
    messages = []
    for user_id, locale in locales.items():
        words = services.tr.text(
            locale,
            "households-ask-coordinator",
            id=home.id,
            name=home.head_name,
            user=home.head_id,
            site=await _site(services, home.site_id, locale),
        )
        messages.append((user_id, words, decision_markup(services, locale, home.id)))
    await services.tell_all(messages)


async def decided_pressed(ctx: Ctx, press: DecidePress) -> None:
    done = await ctx.services.households.decide(ctx.user_id, press.household_id, press.act == "y")
    await ctx.toast()
    key = "households-confirmed" if done.approved else "households-refused"
    words = ctx.t(key, id=done.household.id, name=done.household.head_name)
    await ctx.replace_pressed(words, fallback="send")
    await tell_decided(ctx.services, done)


async def tell_decided(services: Services, done: Decided) -> None:
    home = done.household
    key = "households-told-confirmed" if done.approved else "households-told-refused"
    await services.tell_localised(home.head_id, lambda locale: Text(key, {"id": home.id}))


async def grader(ctx: Ctx) -> None:
    parts = ctx.inbound.args.split()
    desk = ctx.services.households
    if not parts:
        found = await desk.graders(ctx.user_id)
        if not found:
            await ctx.reply("households-no-graders")
            return
        lines = [ctx.t("households-graders")]
        for site_id, person_id in found:
            lines.append(
                ctx.t(
                    "households-grader-line",
                    name=await _name(ctx.services, person_id),
                    user=person_id,
                    site=await _site(ctx.services, site_id, ctx.locale),
                )
            )
        await ctx.messenger.send(ctx.chat_id, "\n".join(lines))
        return
    if len(parts) != 3 or parts[0] not in ("add", "off") or not all(p.isdigit() for p in parts[1:]):
        await ctx.reply("households-grader-usage")
        return
    person_id, site_id = int(parts[1]), int(parts[2])
    name = await _name(ctx.services, person_id)
    site = await _site(ctx.services, site_id, ctx.locale)
    if parts[0] == "add":
        await desk.appoint(ctx.user_id, person_id, site_id)
        await ctx.reply("households-grader-added", name=name, site=site)
        told = await _site(ctx.services, site_id, await ctx.services.locale_of(person_id))
        await ctx.services.tell(person_id, Text("households-grader-told", {"site": told}))
    else:
        await desk.dismiss(ctx.user_id, person_id, site_id)
        await ctx.reply("households-grader-removed", name=name, site=site)


async def award(ctx: Ctx) -> None:
    await _start(ctx, AWARD, deduction=False)


async def deduct(ctx: Ctx) -> None:
    await _start(ctx, DEDUCT, deduction=True)


async def _start(ctx: Ctx, flow: Flow, *, deduction: bool) -> None:
    offered = await ctx.services.households.choices(ctx.user_id)
    homes = []
    for home in offered.households[:MAX_BUTTONS]:
        site = await ctx.services.reference.site(home.site_id)
        zh, en = (site.name.zh, site.name.en) if site else (str(home.site_id), "")
        homes.append([home.id, home.head_name, zh, en])
    rules = [
        [r.code, r.name.zh, r.name.en, r.points] for r in offered.rules if r.deduction is deduction
    ]
    if not rules:
        await ctx.reply("households-no-rules")
        return
    await finishers.start(ctx, flow, {"households": homes, "rules": rules})


async def awarded(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    done = await ctx.services.households.award(
        ctx.user_id,
        int(data["household_id"]),
        str(data["rule"]),
        str(data.get("note") or ""),
        data.get("photo") or None,
    )
    finishers.committed(ctx)
    key = "households-awarded" if done.award.points >= 0 else "households-deducted"
    await ctx.reply(
        key,
        name=done.household.head_name,
        act=done.rule.name.pick(ctx.locale),
        points=abs(done.award.points),
        balance=done.balance,
    )
    await tell_awarded(ctx.services, done)


async def tell_awarded(services: Services, done: Awarded) -> None:
    """Every member is told, the deduction's reason shown; the photo follows."""
    award_ = done.award
    key = "households-told-awarded" if award_.points >= 0 else "households-told-deducted"
    for person_id in done.members:
        await services.tell_localised(
            person_id,
            lambda locale: Text(
                key,
                {
                    "act": done.rule.name.pick(locale),
                    "points": abs(award_.points),
                    "note": award_.note or "-",
                    "balance": done.balance,
                },
            ),
        )
        if award_.photo_file_id:
            found = services.reach(
                (await services.people.addresses([person_id])).get(person_id, ())
            )
            if found is not None:
                messenger, chat_id = found
                try:
                    await messenger.send_file_id(chat_id, "photo", award_.photo_file_id)
                except MessengerError:  # best effort, like every other notice
                    continue


def register(router: Router) -> None:
    router.command("household", household)
    router.command("grader", grader)
    router.command("award", award)
    router.command("deduct", deduct)
    router.button(JoinPress, joined_pressed)
    router.button(DecidePress, decided_pressed)
    router.finisher(AWARD, awarded)
    router.finisher(DEDUCT, deduct_finished)


async def deduct_finished(ctx: Ctx, finished: Finished) -> None:
    await awarded(ctx, finished)
