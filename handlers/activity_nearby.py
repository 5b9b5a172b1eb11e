"""Activities near me: the 📍 button under `/activities` asks for a location (the
`activity_nearby` flow); the upcoming activities anyone may see (and my team's
own) are listed nearest first, with how far each is and the buttons to sign up.
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations.flows.activities import NEARBY
from conversations.model import Finished
from handlers.activity_notices import activity_args, sign_buttons
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.finishers import committed, start
from handlers.kit.ports import InlineKeyboard, RemoveKeyboard
from handlers.kit.presses import press
from handlers.kit.router import Router


@press("an")
@dataclass(frozen=True, slots=True)
class NearPress:
    """List upcoming activities by distance from a location I share."""


def near_button(ctx: Ctx) -> InlineKeyboard:
    return render.inline([(ctx.t("activity-near"), NearPress())])


async def near_pressed(ctx: Ctx, pressed: NearPress) -> None:
    await ctx.toast()
    await start(ctx, NEARBY, {})


def distance_words(km: float) -> str:
    """ "350 m" below a kilometre, else "2.4 km" (the same in both languages)."""
    return f"{round(km * 1000 / 10) * 10:.0f} m" if km < 1 else f"{km:.1f} km"


async def near_shared(ctx: Ctx, finished: Finished) -> None:
    data = finished.data
    found = await ctx.services.activities.near(ctx.user_id, float(data["lat"]), float(data["lon"]))
    committed(ctx)
    if not found:
        await ctx.reply("activity-near-none", RemoveKeyboard())
        return
    await ctx.reply("activity-near-title", RemoveKeyboard(), count=len(found))
    volunteer = ctx.person.roles.volunteer
    for activity, km in found:
        args = await activity_args(ctx.services, ctx.locale, activity)
        markup = sign_buttons(ctx.services, ctx.locale, activity, volunteer)
        await ctx.reply("activity-near-line", markup, distance=distance_words(km), **args)


def register(router: Router) -> None:
    router.button(NearPress, near_pressed)
    router.finisher(NEARBY, near_shared)
