"""The monthly honour list (光荣榜) in chat, as words and as a PNG for a village group.

/honour                 this month, the whole county
/honour 11              this month, site 11 and below
/honour 11 2026-11      that month (also 2026年11月, or 11 for this year's November)

The card is drawn with Pillow in Noto Sans CJK SC (the OS package fonts-noto-cjk;
`cjk_font` says where it was found, None when it is missing: Pillow's own font is
used and Chinese shows as boxes). Drawing runs off the event loop.
"""

from __future__ import annotations

import asyncio
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from domain.honour import HonourList
from domain.ports.honour import HonourLine
from handlers.kit.context import Ctx
from handlers.kit.router import Router
from handlers.poster_images import SC_INDEX, NoCjkFont, find_cjk_font

WIDTH, ROW, HEAD = 720, 44, 120
RED, GOLD, INK, PAPER = "#b71c1c", "#ffd54f", "#3e2723", "#fff8e1"
MONTH = re.compile(r"^(?:(\d{4})\s*[-/年.]\s*)?(\d{1,2})\s*月?$")  # typed input: 2026-11, 11月

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def cjk_font() -> tuple[str, int] | None:
    """(file, index in the collection) of Noto Sans CJK SC, or None if not installed:
    the posters' lookup (`handlers.poster_images.find_cjk_font`), one for every card."""
    try:
        return str(find_cjk_font()), SC_INDEX
    except NoCjkFont:
        return None


@functools.cache
def _font(size: int) -> Font:
    found = cjk_font()
    if found is None:
        return ImageFont.load_default()
    return ImageFont.truetype(found[0], size, index=found[1])


@dataclass(frozen=True, slots=True)
class Card:
    """The honour card, in the reader's words: a title and sections of ranked lines."""

    title: str
    subtitle: str
    sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]  # heading, (name, points)
    empty: str
    ranked: bool = True  # numbered medals before each line (the /me card has none)


def _drawable(text: str) -> str:
    """Without what the font has no glyph for: emoji (outside the BMP) and their
    variation selectors, which would be boxes."""
    return "".join(ch for ch in text if ord(ch) <= 0xFFFF and ch != "\ufe0f").strip()


def card_png(card: Card) -> bytes:
    rows = sum(max(1, len(lines)) + 1 for _, lines in card.sections)
    height = HEAD + rows * ROW + 40
    image = Image.new("RGB", (WIDTH, height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, HEAD - 16), fill=RED)
    title, subtitle = _drawable(card.title), _drawable(card.subtitle)
    draw.text((WIDTH // 2, 40), title, fill=GOLD, font=_font(36), anchor="mm")
    draw.text((WIDTH // 2, 84), subtitle, fill="#ffffff", font=_font(20), anchor="mm")
    y = HEAD
    for heading, lines in card.sections:
        draw.text((32, y + ROW // 2), _drawable(heading), fill=RED, font=_font(26), anchor="lm")
        y += ROW
        if not lines:
            draw.text((64, y + ROW // 2), card.empty, fill=INK, font=_font(22), anchor="lm")
            y += ROW
        for rank, (name, points) in enumerate(lines, start=1):
            if card.ranked:
                medal = GOLD if rank <= 3 else "#d7ccc8"
                draw.ellipse((40, y + 8, 40 + ROW - 16, y + ROW - 8), fill=medal)
                centre = (40 + (ROW - 16) // 2, y + ROW // 2)
                draw.text(centre, str(rank), fill=INK, font=_font(18), anchor="mm")
            draw.text((96, y + ROW // 2), _drawable(name), fill=INK, font=_font(22), anchor="lm")
            draw.text((WIDTH - 40, y + ROW // 2), points, fill=RED, font=_font(22), anchor="rm")
            y += ROW
    out = io.BytesIO()
    image.save(out, format="PNG")  # `optimize` took 3.5 times as long for a file 5% smaller
    return out.getvalue()


def parse_args(raw: str, this_year: int) -> tuple[int | None, tuple[int, int] | None] | None:
    """(site id or None, (year, month) or None); None when the words do not fit. A
    number alone is a site; a month alone is written 2026-11 or 11月."""
    parts = raw.split()
    if len(parts) > 2:
        return None
    site: int | None = None
    if parts and parts[0].isdigit():
        site = int(parts.pop(0))
    if not parts:
        return site, None
    found = MONTH.match(parts[0])
    if found is None or (site is None and parts[0].isdigit()):
        return None
    year = int(found.group(1)) if found.group(1) else this_year
    return site, (year, int(found.group(2)))


async def honour(ctx: Ctx) -> None:
    desk = ctx.services.honour
    year, month = desk.this_month()
    parsed = parse_args(ctx.inbound.args.strip(), year)
    if parsed is None:
        await ctx.reply("honour-usage")
        return
    site_id, when = parsed
    if when is not None:
        year, month = when
    found = await desk.month(site_id, year, month)
    card = _card(ctx, found)
    lines = [card.title, card.subtitle]
    for heading, ranked in card.sections:
        lines.append(heading)
        lines.extend(
            ctx.t("honour-line", rank=n, name=name, points=points)
            for n, (name, points) in enumerate(ranked, start=1)
        )
        if not ranked:
            lines.append(card.empty)
    await ctx.messenger.send(ctx.chat_id, "\n".join(lines))
    png = await asyncio.to_thread(card_png, card)
    await ctx.messenger.send_photo(
        ctx.chat_id,
        png,
        filename=ctx.t("honour-file", year=str(year), month=f"{month:02d}"),
        caption=card.title,
    )


def _card(ctx: Ctx, found: HonourList) -> Card:
    where = found.site.name.pick(ctx.locale) if found.site else ctx.t("honour-county")

    def ranked(lines: list[HonourLine]) -> list[tuple[str, str]]:
        return [(line.name, ctx.t("honour-points", points=line.points)) for line in lines]

    return Card(
        title=ctx.t("honour-title", year=found.year, month=found.month),
        subtitle=where,
        sections=(
            (ctx.t("honour-households"), ranked(found.households)),
            (ctx.t("honour-volunteers"), ranked(found.volunteers)),
        ),
        empty=ctx.t("honour-empty"),
    )


def register(router: Router) -> None:
    router.command("honour", honour)
