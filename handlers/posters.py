"""`/qr [site]` and `/qr all`: door posters for a station or point (see `domain.posters`).

A coordinator gets one A5 poster as a document (print-ready, not recompressed like a
photo), or with `all` a ZIP of one poster per site of their subtree. The drawing
(`handlers.poster_images`) runs in a worker thread, so other chats never wait.
"""

from __future__ import annotations

import asyncio
import io
import logging
import zipfile
from collections.abc import Sequence

from domain.models import Site
from domain.posters import site_link
from handlers.kit.context import Ctx
from handlers.kit.router import Router
from handlers.poster_images import NoCjkFont, PosterText, render_poster

SITE_ID_DIGITS = 9
log = logging.getLogger(__name__)


def poster_text(ctx: Ctx, site: Site, username: str) -> PosterText:
    """Both languages on every poster: the reader at the door may speak either."""
    tr = ctx.services.tr
    return PosterText(
        banner=tr.text("zh-CN", "poster-banner"),
        name_zh=site.name.zh,
        name_en=site.name.en or site.name.zh,
        action_zh=tr.text("zh-CN", "poster-action"),
        action_en=tr.text("en", "poster-action"),
        link=site_link(username, site.id),
    )


def _zip(posters: Sequence[tuple[str, PosterText]]) -> bytes:
    out = io.BytesIO()
    # PNGs are compressed already: stored, not deflated again.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, text in posters:
            archive.writestr(name, render_poster(text))
    return out.getvalue()


async def qr(ctx: Ctx) -> None:
    try:
        await _qr(ctx)
    except NoCjkFont as missing:
        log.warning("posters: %s (install fonts-noto-cjk)", missing)
        await ctx.reply("poster-no-font")


async def _qr(ctx: Ctx) -> None:
    arg = ctx.inbound.args.strip().lower()
    if arg not in ("", "all") and not (arg.isdigit() and len(arg) <= SITE_ID_DIGITS):
        await ctx.reply("poster-usage")
        return
    posters = ctx.services.posters
    username = await ctx.services.bot_username()
    if arg == "all":
        sites = await posters.subtree(ctx.user_id)
        await ctx.reply("poster-making", count=len(sites))
        texts = [(ctx.t("poster-file", id=str(s.id)), poster_text(ctx, s, username)) for s in sites]
        data = await asyncio.to_thread(_zip, texts)
        caption = ctx.t("poster-zip-caption", count=len(sites))
        await ctx.messenger.send_document(ctx.chat_id, data, ctx.t("posters-file"), caption)
        return
    site = await posters.site(ctx.user_id, int(arg) if arg else None)
    png = await asyncio.to_thread(render_poster, poster_text(ctx, site, username))
    caption = ctx.t("poster-caption", site=site.name.pick(ctx.locale), id=site.id)
    await ctx.messenger.send_document(
        ctx.chat_id, png, ctx.t("poster-file", id=str(site.id)), caption
    )


def register(router: Router) -> None:
    router.command("qr", qr)
