"""Leaving a household, by buttons under /household (乡风文明积分).

A member: 🚪 leave (the head is told).
The head: remove a member (they are told), make a member the head (the members and
the point's coordinators are told), or, alone, dissolve the household (the
coordinators are told). Each button asks once more before it acts. The ledger is
not touched: the household's points and history stay on its account.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from conversations.model import Text
from domain.households import Dissolved, HeadChanged, Left, MyHousehold
from handlers.kit import render
from handlers.kit.context import Ctx, Services
from handlers.kit.presses import Press, press
from handlers.kit.router import Router

Act = Literal["l", "r", "h", "d", "L", "R", "H", "D"]  # lower: ask; upper: do it
ASK = {
    "l": "household-members-ask-leave",
    "r": "household-members-ask-remove",
    "h": "household-members-ask-head",
    "d": "household-members-ask-dissolve",
}


@press("hm")
@dataclass(frozen=True, slots=True)
class MemberPress:
    act: Act
    person_id: int = 0  # the member removed or made head


async def _name(services: Services, person_id: int) -> str:
    profile = await services.people.profile(person_id)
    return profile.first_name if profile and profile.first_name else str(person_id)


async def buttons(ctx: Ctx, mine: MyHousehold) -> list[list[tuple[str, Press]]]:
    """The household screen's buttons for this person."""
    home = mine.household
    if home.head_id != ctx.user_id:
        return [[(ctx.t("household-members-leave"), MemberPress("l"))]]
    rows: list[list[tuple[str, Press]]] = []
    for member in mine.members[1:]:
        name = await _name(ctx.services, member)
        rows.append(
            [
                (ctx.t("household-members-remove", name=name), MemberPress("r", member)),
                (ctx.t("household-members-make-head", name=name), MemberPress("h", member)),
            ]
        )
    if len(mine.members) <= 1:
        rows.append([(ctx.t("household-members-dissolve"), MemberPress("d"))])
    return rows


async def pressed(ctx: Ctx, press: MemberPress) -> None:
    if press.act in ASK:
        await ctx.toast()
        name = await _name(ctx.services, press.person_id) if press.person_id else ""
        sure = render.inline(
            [(ctx.t("household-members-sure"), MemberPress(press.act.upper(), press.person_id))]  # type: ignore[arg-type]
        )
        await ctx.messenger.send(ctx.chat_id, ctx.t(ASK[press.act], name=name), sure)
        return
    desk = ctx.services.households
    if press.act == "L":
        await tell_left(ctx, await desk.leave(ctx.user_id))
    elif press.act == "R":
        await tell_left(ctx, await desk.remove(ctx.user_id, press.person_id))
    elif press.act == "H":
        await tell_head_changed(ctx, await desk.make_head(ctx.user_id, press.person_id))
    else:
        await tell_dissolved(ctx, await desk.dissolve(ctx.user_id))


async def tell_left(ctx: Ctx, left: Left) -> None:
    await ctx.toast()
    home = left.household
    name = await _name(ctx.services, left.person_id)
    if left.by_head:
        await ctx.replace_pressed(ctx.t("household-members-removed", name=name), fallback="send")
        await ctx.services.tell(
            left.person_id, Text("household-members-told-removed", {"head": home.head_name})
        )
        return
    await ctx.replace_pressed(ctx.t("household-members-left", head=home.head_name), fallback="send")
    await ctx.services.tell(home.head_id, Text("household-members-told-left", {"name": name}))


async def tell_head_changed(ctx: Ctx, changed: HeadChanged) -> None:
    await ctx.toast()
    home = changed.household
    new, old = home.head_name, await _name(ctx.services, changed.old_head)
    await ctx.replace_pressed(ctx.t("household-members-head-made", name=new), fallback="send")
    for member in changed.members:
        if member == changed.old_head:
            continue
        mine = member == home.head_id
        key = "household-members-told-head" if mine else "household-members-told-new-head"
        await ctx.services.tell(member, Text(key, {"name": new, "old": old}))
    args = {"id": home.id, "name": new, "old": old}
    for coordinator in changed.coordinators:
        await ctx.services.tell(coordinator, Text("household-members-coordinator-head", args))


async def tell_dissolved(ctx: Ctx, gone: Dissolved) -> None:
    await ctx.toast()
    await ctx.replace_pressed(ctx.t("household-members-dissolved"), fallback="send")
    args = {"id": gone.household.id, "name": gone.household.head_name, "points": gone.balance}
    for coordinator in gone.coordinators:
        await ctx.services.tell(coordinator, Text("household-members-coordinator-dissolved", args))


def register(router: Router) -> None:
    router.button(MemberPress, pressed)
