"""`/audit [site id]`: the audit trail of coordinators' actions, newest first.

    /audit        the entries of every site the sender coordinates
    /audit 11     the entries of site 11's subtree (the sender must be over it)

Who may read which scope is the domain's call (`domain.audit.Audit`); this
module renders each entry through locales in the reader's language: when
(county time), who, what about which, where, and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from domain.audit import AuditAction, AuditEntry, AuditPage, AuditValue
from domain.audit_models import REASON_ERASED
from domain.ledger_models import hours_text
from domain.models import LocalName, Role
from handlers.kit import render
from handlers.kit.chunks import send_lines
from handlers.kit.context import Ctx
from handlers.kit.presses import press
from handlers.kit.router import Router
from locales.dates import moment_words


@press("au")
@dataclass(frozen=True, slots=True)
class AuditPress:
    """/audit's "more": the entries of one scope older than id `before`."""

    site_id: int  # 0: the presser's own sites
    before: int


OWN_SITES = 0  # AuditPress.site_id for "the presser's own sites"
# The locale message holding when an entry happened, as a Babel LDML pattern.
AT_PATTERN = "date-pattern-audit"

# The locale key saying what each action did.
WHAT: dict[AuditAction, str] = {action: f"audit-{action.value}" for action in AuditAction}


async def audit(ctx: Ctx) -> None:
    args = ctx.inbound.args.split()
    if len(args) > 1 or (args and not args[0].isdigit()):
        await ctx.reply("audit-usage")
        return
    site_id = int(args[0]) if args else None
    await _show(ctx, await ctx.services.audit.page(ctx.user_id, site_id), site_id)


async def audit_pressed(ctx: Ctx, press: AuditPress) -> None:
    site_id = None if press.site_id == OWN_SITES else press.site_id
    page = await ctx.services.audit.page(ctx.user_id, site_id, before=press.before)
    await ctx.toast()
    await _show(ctx, page, site_id)


async def _show(ctx: Ctx, page: AuditPage, site_id: int | None) -> None:
    site = page.site.name.pick(ctx.locale) if page.site else None
    if not page.entries:
        await ctx.reply("audit-empty-site" if site else "audit-empty-own", site=site)
        return
    lines = [ctx.t("audit-title-site", site=site) if site else ctx.t("audit-title-own")]
    lines += [await _line(ctx, page, entry) for entry in page.entries]
    markup = None
    if page.more:
        press = AuditPress(site_id or OWN_SITES, page.entries[-1].id)
        markup = render.inline([(ctx.t("audit-more"), press)])
    await send_lines(ctx, lines, markup)


async def _line(ctx: Ctx, page: AuditPage, entry: AuditEntry) -> str:
    where = await ctx.services.reference.site(entry.site_id) if entry.site_id else None
    args: dict[str, object] = {
        "at": moment_words(
            ctx.services.tr, ctx.locale, AT_PATTERN, entry.at.astimezone(ctx.services.timezone)
        ),
        "who": _person(ctx, page, entry.actor_id),
        "what": ctx.t(WHAT[entry.action], **await _what(ctx, page, entry)),
        "site": where.name.pick(ctx.locale) if where else ctx.t("audit-county"),
    }
    code = entry.details.get("reason_code")  # a rejection's common reason, in words
    reason = ctx.t(f"reject-reason-{code}") if code else entry.details.get("reason")
    if not reason and entry.details.get(REASON_ERASED):
        reason = ctx.t("audit-reason-erased")
    if reason:
        return ctx.t("audit-line-why", reason=str(reason), **args)
    return ctx.t("audit-line", **args)


async def _what(ctx: Ctx, page: AuditPage, entry: AuditEntry) -> dict[str, object]:
    """The arguments of the entry's `audit-<action>` message."""
    details, subject = entry.details, entry.subject
    match entry.action:
        case AuditAction.ASSIGN | AuditAction.REASSIGN | AuditAction.CANCEL:
            return {
                "order": subject,
                "volunteer": _person(ctx, page, details.get("volunteer")),
                "previous": _person(ctx, page, details.get("previous")),
            }
        case AuditAction.PROMOTE | AuditAction.DEMOTE:
            role = ctx.t(
                "role-admin" if details.get("role") == Role.ADMIN else "audit-role-coordinator"
            )
            return {"user": _person(ctx, page, _int(subject)), "role": role}
        case AuditAction.ADJUST:
            minutes = _int(details.get("minutes")) or 0
            hours = ("+" if minutes > 0 else "-") + hours_text(abs(minutes))
            return {"volunteer": _person(ctx, page, details.get("volunteer")), "hours": hours}
        case action if action in ACTIVITY_ACTIONS:
            return await _activity(ctx, page, entry)
        case AuditAction.BROADCAST:
            audience, _, days = str(details.get("audience") or "").partition(":")
            return {
                "broadcast": subject,
                "audience": ctx.t(f"broadcast-to-{audience}", days=_int(days) or 0),
                "total": _int(details.get("total")) or 0,
            }
        case AuditAction.APPROVE | AuditAction.REJECT:
            team = page.teams.get(_int(details.get("team")) or 0)
            return {
                "application": subject,
                "user": _person(ctx, page, details.get("user")),
                "team": team.pick(ctx.locale) if team else str(details.get("team") or "-"),
            }
    return await _service(ctx, entry.subject, details)


ACTIVITY_ACTIONS = frozenset(a for a in AuditAction if a.value.startswith("activity-"))
# The parts an activity edit names (`fields`), in the order they are listed.
EDIT_FIELDS = ("title", "venue", "site", "category", "team", "visibility", "places", "poster")


async def _activity(ctx: Ctx, page: AuditPage, entry: AuditEntry) -> dict[str, object]:
    """An activity's entry: its id and (today's) name, and what the action recorded."""
    details = entry.details
    subject = _int(entry.subject)
    activity = await ctx.services.activities.get(subject) if subject is not None else None
    args: dict[str, object] = {
        "activity": entry.subject,
        "title": activity.title.pick(ctx.locale) if activity else "-",
        "told": _int(details.get("told")) or 0,
    }
    match entry.action:
        case AuditAction.ACTIVITY_PUBLISH:
            args |= {
                "volunteers": _int(details.get("volunteers")) or 0,
                "residents": _int(details.get("residents")) or 0,
            }
        case AuditAction.ACTIVITY_EDIT:
            changed = set(str(details.get("fields") or "").split(","))
            parts = [ctx.t(f"audit-activity-field-{f}") for f in EDIT_FIELDS if f in changed]
            args["fields"] = ctx.t("audit-activity-fields-joiner").join(parts) or "-"
        case AuditAction.ACTIVITY_MOVE:
            starts = details.get("starts")
            args["when"] = (
                moment_words(
                    ctx.services.tr,
                    ctx.locale,
                    AT_PATTERN,
                    datetime.fromisoformat(starts).astimezone(ctx.services.timezone),
                )
                if isinstance(starts, str)
                else "-"
            )
        case AuditAction.ACTIVITY_ATTENDANCE:
            args |= {
                "user": _person(ctx, page, details.get("user")),
                "present": "yes" if details.get("present") else "no",
            }
        case AuditAction.ACTIVITY_BENEFICIARIES:
            args |= {k: _int(details.get(k)) or 0 for k in ("elderly", "children", "others")}
        case AuditAction.ACTIVITY_HOURS:
            args |= {
                "count": _int(details.get("volunteers")) or 0,
                "hours": hours_text(_int(details.get("minutes")) or 0),
            }
        case AuditAction.ACTIVITY_REPORT:
            args |= {
                "count": _int(details.get("photos")) or 0,
                "words": "yes" if details.get("words") else "no",
            }
    return args


async def _service(ctx: Ctx, code: str, details: Mapping[str, AuditValue]) -> dict[str, object]:
    """Catalogue edits: the names the entry kept, else the catalogue's own."""
    catalogue = await ctx.services.reference.catalogue()
    service = next((s for s in catalogue.services if s.code == code), None)
    category = catalogue.category(str(details.get("category", "")))
    if "zh" in details:
        name = LocalName(str(details["zh"]), str(details.get("en") or ""))
    else:
        name = service.name if service else LocalName(code, code)
    was = LocalName(str(details.get("was_zh", "")), str(details.get("was_en") or ""))
    return {
        "code": code,
        "name": name.pick(ctx.locale),
        "was": was.pick(ctx.locale),
        "category": category.name.pick(ctx.locale) if category else str(details.get("category")),
    }


def _person(ctx: Ctx, page: AuditPage, user_id: AuditValue) -> str:
    if not isinstance(user_id, int):
        return ctx.t("audit-nobody")
    name = page.names.get(user_id)
    return ctx.t("audit-person", name=name, id=user_id) if name else str(user_id)


def _int(value: AuditValue) -> int | None:
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def register(router: Router) -> None:
    router.command("audit", audit)
    router.button(AuditPress, audit_pressed)
