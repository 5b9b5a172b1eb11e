"""Coordinators' and admins' people commands: /volunteers, /sites, /promote, /demote.

The domain (`domain.staff` through `Authority`) decides who may see and change
what; these handlers parse the arguments, show usage lines and render lists, and
hand a promotion or demotion to `tell_promoted` / `tell_demoted`, which tell the
person concerned in their own language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from conversations.model import Text
from domain.models import Role, RoleGrant, Site, Volunteer
from domain.staff import Demoted, Promoted, Roster
from handlers import menus
from handlers.kit import render
from handlers.kit.chunks import send_lines
from handlers.kit.context import Ctx, Services
from handlers.kit.ports import InlineKeyboard
from handlers.kit.presses import press
from handlers.kit.router import Router


@press("vs")
@dataclass(frozen=True, slots=True)
class VolunteersPress:
    site_id: int  # the roster of this site's subtree


INDENT = "    "


async def volunteers(ctx: Ctx) -> None:
    args = ctx.inbound.args.split()
    if len(args) > 1 or (args and not args[0].isdigit()):
        await ctx.reply("volunteers-usage")
        return
    roster = await ctx.services.staff.roster(ctx.user_id, int(args[0]) if args else None)
    text, markup = _roster_message(ctx, roster)
    await ctx.messenger.send(ctx.chat_id, text, markup)


async def volunteers_pressed(ctx: Ctx, press: VolunteersPress) -> None:
    roster = await ctx.services.staff.roster(ctx.user_id, press.site_id)
    await ctx.toast()
    text, markup = _roster_message(ctx, roster)
    await ctx.replace_pressed(text, markup, fallback="send")


def _roster_message(ctx: Ctx, roster: Roster) -> tuple[str, InlineKeyboard | None]:
    buttons = [(s.name.pick(ctx.locale), VolunteersPress(s.id)) for s in roster.choices]
    markup = render.inline(*([b] for b in buttons)) if buttons else None
    if roster.site is None:
        return ctx.t("volunteers-choose"), markup
    site = roster.site.name.pick(ctx.locale)
    if not roster.total:
        lines = [ctx.t("volunteers-empty", site=site)]
    else:
        lines = [ctx.t("volunteers-title", site=site, total=roster.total)]
        lines += [_volunteer_line(ctx, v, roster) for v in roster.volunteers]
        if roster.total > len(roster.volunteers):
            lines.append(ctx.t("volunteers-more", count=roster.total - len(roster.volunteers)))
    if buttons:
        lines.append(ctx.t("volunteers-below"))
    return "\n".join(lines), markup


def _volunteer_line(ctx: Ctx, volunteer: Volunteer, roster: Roster) -> str:
    team = roster.teams.get(volunteer.team_id)
    rating = (
        ctx.t(
            "volunteer-rating",
            average=f"{volunteer.rating_total / volunteer.rating_count:.1f}",
            count=volunteer.rating_count,
        )
        if volunteer.rating_count
        else ctx.t("volunteer-rating-none")
    )
    return ctx.t(
        "volunteer-line",
        name=volunteer.first_name,
        id=volunteer.user_id,
        team=team.name.pick(ctx.locale) if team else "?",
        open=str(volunteer.open_tasks),
        rating=rating,
        hours=f"{volunteer.hours:g}",
        state=_state(ctx, volunteer),
    )


def _state(ctx: Ctx, volunteer: Volunteer) -> str:
    if not volunteer.active:
        return ctx.t("volunteer-state-inactive")
    if not volunteer.available:
        return ctx.t("volunteer-state-paused")
    if volunteer.quiet_start is not None and volunteer.quiet_end is not None:
        return ctx.t(
            "volunteer-state-quiet",
            start=_clock(volunteer.quiet_start),
            end=_clock(volunteer.quiet_end),
        )
    return ctx.t("volunteer-state-available")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


async def sites(ctx: Ctx) -> None:
    lines = [ctx.t("sites-title")]
    for line in await ctx.services.staff.tree(ctx.user_id):
        lines.append(
            ctx.t(
                "sites-line",
                indent=INDENT * line.depth,
                id=line.site.id,
                name=line.site.name.pick(ctx.locale),
                volunteers=str(line.tally.volunteers),
                orders=str(line.tally.open_orders),
            )
        )
    await send_lines(ctx, lines)


def _promote_args(args: str) -> tuple[int, Role, int | None] | None:
    parts = args.split()
    if len(parts) < 2 or not parts[0].isdigit():
        return None
    user, role = int(parts[0]), parts[1].lower()
    if role == Role.ADMIN and len(parts) == 2:
        return user, Role.ADMIN, None
    if role == Role.COORDINATOR and len(parts) == 3 and parts[2].isdigit():
        return user, Role.COORDINATOR, int(parts[2])
    return None


async def promote(ctx: Ctx) -> None:
    parsed = _promote_args(ctx.inbound.args)
    if parsed is None:
        await ctx.reply("promote-usage")
        return
    promoted = await ctx.services.staff.promote(ctx.user_id, *parsed)
    user = promoted.user
    if promoted.site is None:
        await ctx.reply("promote-done-admin", name=user.first_name, user=user.id)
    else:
        await ctx.reply(
            "promote-done-coordinator",
            name=user.first_name,
            user=user.id,
            site=promoted.site.name.pick(ctx.locale),
        )
    await tell_promoted(ctx.services, promoted)


async def demote(ctx: Ctx) -> None:
    parts = ctx.inbound.args.split()
    if not 1 <= len(parts) <= 2 or not all(p.isdigit() for p in parts):
        await ctx.reply("demote-usage")
        return
    site_id = int(parts[1]) if len(parts) == 2 else None
    demoted = await ctx.services.staff.demote(ctx.user_id, int(parts[0]), site_id)
    user = demoted.user
    sites = await _grant_sites(ctx.services, demoted.removed)
    roles = _roles_text(ctx.services, demoted.removed, sites, ctx.locale)
    await ctx.reply("demote-done", name=user.first_name, user=user.id, roles=roles)
    await tell_demoted(ctx.services, demoted)


# Telling the person concerned, one function per outcome of `Staff` (as `notify` does
# for orders): the handler replies to the sender, then hands the outcome here.


async def tell_promoted(services: Services, promoted: Promoted) -> None:
    """The new admin or coordinator hears it, with the site in their language."""
    await menus.refresh(services, promoted.user.id)  # the coordinator's command menu
    site = promoted.site
    if site is None:
        await services.tell(promoted.user.id, Text("promoted-you-admin", {}))
        return
    await services.tell_localised(
        promoted.user.id,
        lambda locale: Text("promoted-you-coordinator", {"site": site.name.pick(locale)}),
    )


async def tell_demoted(services: Services, demoted: Demoted) -> None:
    """The demoted person hears which roles they lost, the sites in their language."""
    await menus.refresh(services, demoted.user.id)
    sites = await _grant_sites(services, demoted.removed)
    await services.tell_localised(
        demoted.user.id,
        lambda locale: Text(
            "demoted-you", {"roles": _roles_text(services, demoted.removed, sites, locale)}
        ),
    )


async def _grant_sites(services: Services, grants: list[RoleGrant]) -> dict[int, Site]:
    """The sites the grants name, by id (served from the process's cache, so the
    reply and the notice may each look them up)."""
    found = {}
    for grant in grants:
        if grant.role is not Role.ADMIN and grant.site_id is not None:
            site = await services.reference.site(grant.site_id)
            if site is not None:
                found[grant.site_id] = site
    return found


def _roles_text(
    services: Services, grants: list[RoleGrant], sites: Mapping[int, Site], locale: str
) -> str:
    tr, lines = services.tr, []
    for grant in grants:
        if grant.role is Role.ADMIN or grant.site_id is None:
            lines.append(tr.text(locale, "role-admin"))
            continue
        site = sites.get(grant.site_id)
        name = site.name.pick(locale) if site else str(grant.site_id)
        lines.append(tr.text(locale, "role-coordinator-at", site=name))
    return "\n".join(lines)


def register(router: Router) -> None:
    router.command("volunteers", volunteers)
    router.command("sites", sites)
    router.command("promote", promote)
    router.command("demote", demote)
    router.button(VolunteersPress, volunteers_pressed)
