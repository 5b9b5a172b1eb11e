"""A household spends its civility points in the points shop (积分超市), by buttons.

(🛒 under /household)   the household's points, its open codes, a button per reward
(a reward's button)      a pickup code paid from the household's balance, text and QR
/redeem ABCD-EFGH        the keeper hands it over (handlers.shop); every member is told
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import Refused
from handlers import shop as shop_words
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.presses import press
from handlers.kit.router import Router

MAX_BUTTONS = 30


@press("hs")
@dataclass(frozen=True, slots=True)
class HouseShopPress:
    """The shop button in the household screen."""


@press("hr")
@dataclass(frozen=True, slots=True)
class HouseRewardPress:
    """A reward's button in the household's shop: ask for a code on the household."""

    reward_id: int


async def shop_opened(ctx: Ctx, press: HouseShopPress) -> None:
    mine = await ctx.services.households.mine(ctx.user_id)
    if mine is None or not await ctx.services.shop.may_spend_for_household(ctx.user_id):
        raise Refused("shop-household-head-only")
    await ctx.toast()
    lines = [ctx.t("household-shop-title", points=mine.balance)]
    lines += await shop_words.open_code_lines(
        ctx, await ctx.services.shop.household_pickups(ctx.user_id)
    )
    rewards = (await ctx.services.shop.rewards())[:MAX_BUTTONS]
    if not rewards:
        lines.append(ctx.t("shop-empty"))
        await ctx.messenger.send(ctx.chat_id, "\n".join(lines))
        return
    lines.append(ctx.t("shop-choose"))
    rows = []
    for reward in rewards:
        lines.append(await shop_words.item(ctx, reward))
        label = ctx.t("shop-item-button", name=reward.name.pick(ctx.locale), points=reward.points)
        rows.append([(label, HouseRewardPress(reward.id))])
    await ctx.messenger.send(ctx.chat_id, "\n".join(lines), render.inline(*rows))


async def reward_pressed(ctx: Ctx, press: HouseRewardPress) -> None:
    # Answered only after the work: a refusal reaches the person as an alert.
    reserved = await ctx.services.shop.reserve_for_household(ctx.user_id, press.reward_id)
    await ctx.toast()
    await shop_words.send_reserved(ctx, reserved, "household-shop-reserved")


def register(router: Router) -> None:
    router.button(HouseShopPress, shop_opened)
    router.button(HouseRewardPress, reward_pressed)
