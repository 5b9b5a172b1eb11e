"""Personal data: the notice at first contact, /mydata, /forgetme (rules: `domain.privacy`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from handlers import notify, wish_notices
from handlers.kit import render
from handlers.kit.context import Ctx
from handlers.kit.presses import press
from handlers.kit.router import Router
from handlers.mydata import mydata_text


@press("fg")
@dataclass(frozen=True, slots=True)
class ForgetPress:
    """The answer to /forgetme's "are you sure?"."""

    act: Literal["y", "n"]  # erase / keep


async def notice(ctx: Ctx) -> None:
    """Before anything of an update is stored: what is kept and why, once."""
    if not ctx.services.privacy.notice_due(ctx.person.profile):
        return
    await ctx.reply("privacy-notice")
    # Recorded only once it was sent: a notice that failed is shown again next time.
    await ctx.services.privacy.notice_shown(ctx.user_id)


async def mydata(ctx: Ctx) -> None:
    data = await ctx.services.privacy.export(ctx.user_id)
    text = await mydata_text(ctx.services, ctx.locale, data)
    await ctx.messenger.send_document(
        ctx.chat_id,
        text.encode("utf-8"),
        ctx.t("mydata-filename", id=ctx.user_id),
        ctx.t("mydata-caption"),
    )


async def forgetme(ctx: Ctx) -> None:
    buttons = [(ctx.t("forgetme-yes"), ForgetPress("y")), (ctx.t("forgetme-no"), ForgetPress("n"))]
    await ctx.reply("forgetme-ask", render.inline(buttons))


async def forget_pressed(ctx: Ctx, press: ForgetPress) -> None:
    await ctx.toast()
    if press.act == "n":
        await _edit_pressed(ctx, "forgetme-kept")
        return
    # A half-filled order keeps its phone and details in the conversation state.
    await ctx.services.engine.cancel(ctx.state_key)
    forgotten = await ctx.services.privacy.forget(ctx.user_id)
    await _edit_pressed(
        ctx,
        "forgetme-done",
        cancelled=len(forgotten.cancelled),
        released=len(forgotten.released),
    )
    await notify.forgotten(ctx.services, forgotten, ctx.user_id, ctx.locale)
    for wish_id in forgotten.closed_wishes:  # their copies say it was withdrawn
        await wish_notices.refresh(ctx.services, wish_id)


async def _edit_pressed(ctx: Ctx, key: str, **args: object) -> None:
    """The question becomes its answer, without buttons (a new message if it is gone:
    the answer to "are you sure?" must be read)."""
    await ctx.replace_pressed(ctx.t(key, **args), None, fallback="send")


def register(router: Router) -> None:
    router.before(notice)
    router.command("mydata", mydata)
    router.command("forgetme", forgetme)
    router.button(ForgetPress, forget_pressed)
