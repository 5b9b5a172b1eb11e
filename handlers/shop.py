"""The points shop in chat (积分超市).

/shop                                   rewards in stock, one button each; my open codes
(a reward's button)                     a pickup code, as text and as a QR image
/redeem ABCD-EFGH                       the keeper (a coordinator of the pickup site) hands it over
/reward                                 a coordinator's rewards
/reward add 11 50 10 洗衣液 / Detergent  at site 11: 50 points, 10 in stock, zh / en names
/reward stock 3 20                      reward 3 now has 20 in stock
/reward off 3                           reward 3 is withdrawn
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import segno

from conversations.model import Text
from domain.models import LocalName
from domain.shop import HandedOver, Reserved
from domain.shop_models import Pickup, Reward, shown_code
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.presses import press
from handlers.kit.router import Router
from locales.dates import moment_words

AT_PATTERN = "date-pattern-audit"
MAX_BUTTONS = 30


@press("sh")
@dataclass(frozen=True, slots=True)
class ShopPress:
    """A reward's button in /shop: ask for a pickup code."""

    reward_id: int


def qr_png(data: str) -> bytes:
    out = io.BytesIO()
    qr = segno.make_qr(data, error="m")  # a full QR: phone cameras seldom read Micro QR
    qr.save(out, kind="png", scale=8, border=4)
    return out.getvalue()


async def site_name(ctx: Ctx, site_id: int) -> str:
    site = await ctx.services.reference.site(site_id)
    return site.name.pick(ctx.locale) if site else str(site_id)


def until(ctx: Ctx, moment: datetime) -> str:
    local = moment.astimezone(ctx.services.timezone)
    return moment_words(ctx.services.tr, ctx.locale, AT_PATTERN, local)


async def open_code_lines(ctx: Ctx, held: Sequence[tuple[Pickup, Reward]]) -> list[str]:
    """The pickup codes not yet handed over, a line each under their heading."""
    if not held:
        return []
    lines = [ctx.t("shop-open-codes")]
    for pickup, reward in held:
        lines.append(
            ctx.t(
                "shop-open-code",
                code=shown_code(pickup.code),
                name=reward.name.pick(ctx.locale),
                until=until(ctx, pickup.expires_at),
                site=await site_name(ctx, reward.site_id),
            )
        )
    return lines


async def shop(ctx: Ctx) -> None:
    record = await ctx.services.ledger.me(ctx.user_id)
    lines = [ctx.t("shop-title", points=record.points)]
    lines += await open_code_lines(ctx, await ctx.services.shop.mine(ctx.user_id))
    rewards = (await ctx.services.shop.rewards())[:MAX_BUTTONS]
    if not rewards:
        lines.append(ctx.t("shop-empty"))
        await ctx.messenger.send(ctx.chat_id, "\n".join(lines))
        return
    lines.append(ctx.t("shop-choose"))
    rows = []
    for reward in rewards:
        lines.append(await item(ctx, reward))
        label = ctx.t("shop-item-button", name=reward.name.pick(ctx.locale), points=reward.points)
        rows.append([(label, ShopPress(reward.id))])
    await ctx.messenger.send(ctx.chat_id, "\n".join(lines), render.inline(*rows))


async def item(ctx: Ctx, reward: Reward) -> str:
    return ctx.t(
        "shop-item",
        id=reward.id,
        name=reward.name.pick(ctx.locale),
        points=reward.points,
        stock=reward.stock,
        site=await site_name(ctx, reward.site_id),
    )


async def shop_pressed(ctx: Ctx, press: ShopPress) -> None:
    # Answered only after the work: a refusal must reach the volunteer as an alert.
    reserved = await ctx.services.shop.reserve(ctx.user_id, press.reward_id)
    await ctx.toast()
    await send_reserved(ctx, reserved, "shop-reserved")


async def send_reserved(ctx: Ctx, reserved: Reserved, key: str) -> None:
    """The pickup code as words (`key`) and as a QR image."""
    code = shown_code(reserved.pickup.code)
    reward = reserved.reward
    await ctx.reply(
        key,
        name=reward.name.pick(ctx.locale),
        points=reward.points,
        code=code,
        until=until(ctx, reserved.pickup.expires_at),
        site=await site_name(ctx, reward.site_id),
    )
    caption = ctx.t("shop-qr-caption", code=code)
    # Keywords only: the same call fits the port's send_photo before and after it
    # takes a reply_markup (the stats work's signature).
    await ctx.messenger.send_photo(
        ctx.chat_id,
        qr_png(reserved.pickup.code),
        filename=ctx.t("shop-qr-file", code=code),
        caption=caption,
    )


async def redeem(ctx: Ctx) -> None:
    raw = ctx.inbound.args.strip()
    if not raw:
        await ctx.reply("redeem-usage")
        return
    done = await ctx.services.shop.hand_over(ctx.user_id, raw)
    profile = await ctx.services.people.profile(done.pickup.person_id)
    person = profile.first_name if profile and profile.first_name else str(done.pickup.person_id)
    await ctx.reply(
        "redeem-done",
        name=done.reward.name.pick(ctx.locale),
        person=person,
        stock=done.reward.stock - 1,
        code=shown_code(done.pickup.code),
    )
    await _tell_handed_over(ctx, done)


async def _tell_handed_over(ctx: Ctx, done: HandedOver) -> None:
    name = done.reward.name
    if done.household is not None:  # from a household's points: every member is told
        for member in done.members:
            await ctx.services.tell_localised(
                member,
                lambda locale: Text(
                    "household-shop-told",
                    {
                        "name": name.pick(locale),
                        "points": done.pickup.points,
                        "balance": done.balance,
                    },
                ),
            )
        return
    await ctx.services.tell_localised(
        done.pickup.person_id,
        lambda locale: Text(
            "redeem-told",
            {"name": name.pick(locale), "points": done.pickup.points, "balance": done.balance},
        ),
    )


async def reward(ctx: Ctx) -> None:
    verb, _, rest = ctx.inbound.args.strip().partition(" ")
    if verb == "":
        await _list(ctx)
    elif verb == "add":
        await _add(ctx, rest)
    elif verb == "stock":
        parts = rest.split()
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            await ctx.reply("reward-usage")
            return
        changed = await ctx.services.shop.set_stock(ctx.user_id, int(parts[0]), int(parts[1]))
        await ctx.reply(
            "reward-stocked", id=changed.id, name=changed.name.pick(ctx.locale), stock=changed.stock
        )
    elif verb == "off" and rest.strip().isdigit():
        gone = await ctx.services.shop.withdraw(ctx.user_id, int(rest))
        await ctx.reply("reward-withdrawn", id=gone.id, name=gone.name.pick(ctx.locale))
    else:
        await ctx.reply("reward-usage")


async def _list(ctx: Ctx) -> None:
    rewards = await ctx.services.shop.managed(ctx.user_id)
    if not rewards:
        await ctx.reply("reward-empty")
        return
    lines = [ctx.t("reward-title")] + [await item(ctx, r) for r in rewards]
    await ctx.messenger.send(ctx.chat_id, "\n".join(lines))


async def _add(ctx: Ctx, rest: str) -> None:
    parts = rest.split(maxsplit=3)
    if len(parts) < 4 or not all(p.isdigit() for p in parts[:3]):
        await ctx.reply("reward-usage")
        return
    zh, _, en = parts[3].partition("/")
    name = LocalName(zh.strip()[:128], en.strip()[:128])
    added = await ctx.services.shop.add(
        ctx.user_id, int(parts[0]), name, int(parts[1]), int(parts[2])
    )
    await ctx.reply(
        "reward-added",
        id=added.id,
        name=added.name.pick(ctx.locale),
        points=added.points,
        stock=added.stock,
        site=await site_name(ctx, added.site_id),
    )


def register(router: Router) -> None:
    router.command("shop", shop)
    router.command("redeem", redeem)
    router.command("reward", reward)
    router.button(ShopPress, shop_pressed)
