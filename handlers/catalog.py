"""`/catalog`: read the service catalogue, and add, rename or retire a service.

    /catalog
    /catalog add <category> <code> <zh name> | <en name>
    /catalog rename <code> <zh name> | <en name>
    /catalog retire <code>

Anything else gets the usage lines. Who may change it is the domain's call.
"""

from __future__ import annotations

from domain.models import Catalogue, LocalName, Service
from handlers.kit.chunks import send_lines
from handlers.kit.context import Ctx
from handlers.kit.router import Router

NAME_SEPARATOR = "|"


def _name(text: str) -> LocalName | None:
    """`中文名 | English name` (the English part may be left out)."""
    zh, _, en = text.partition(NAME_SEPARATOR)
    return LocalName(zh.strip(), en.strip()) if zh.strip() else None


async def catalog(ctx: Ctx) -> None:
    verb, _, rest = ctx.inbound.args.strip().partition(" ")
    match verb.lower():
        case "":
            await _show(ctx, await ctx.services.catalog.listing(ctx.user_id))
        case "add":
            await _add(ctx, rest)
        case "rename":
            await _rename(ctx, rest)
        case "retire" if len(rest.split()) == 1:
            service = await ctx.services.catalog.retire(ctx.user_id, rest.strip())
            await ctx.reply("catalog-retired", code=service.code, name=_pick(ctx, service))
        case _:
            await ctx.reply("catalog-usage")


async def _add(ctx: Ctx, rest: str) -> None:
    parts = rest.split(maxsplit=2)
    name = _name(parts[2]) if len(parts) == 3 else None
    if name is None:
        await ctx.reply("catalog-usage")
        return
    service = await ctx.services.catalog.add(ctx.user_id, parts[0], parts[1], name)
    await ctx.reply("catalog-added", code=service.code, name=_pick(ctx, service))


async def _rename(ctx: Ctx, rest: str) -> None:
    parts = rest.split(maxsplit=1)
    name = _name(parts[1]) if len(parts) == 2 else None
    if name is None:
        await ctx.reply("catalog-usage")
        return
    service = await ctx.services.catalog.rename(ctx.user_id, parts[0], name)
    await ctx.reply("catalog-renamed", code=service.code, name=_pick(ctx, service))


async def _show(ctx: Ctx, catalogue: Catalogue) -> None:
    lines = [ctx.t("catalog-title")]
    for category in catalogue.categories:
        lines.append(
            ctx.t("catalog-category", name=category.name.pick(ctx.locale), code=category.code)
        )
        for service in catalogue.services:
            if service.category_code != category.code:
                continue
            key = "catalog-line-retired" if service.retired else "catalog-line"
            lines.append(ctx.t(key, code=service.code, name=_pick(ctx, service)))
    await send_lines(ctx, lines)


def _pick(ctx: Ctx, service: Service) -> str:
    return service.name.pick(ctx.locale)


def register(router: Router) -> None:
    router.command("catalog", catalog)
