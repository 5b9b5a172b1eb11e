"""The authorisation matrix: every command and every button, for every role.

Each row says who may do it; everyone else must get the refusal and leave the
database exactly as it was. Buttons are planted in each user's chat (see
`County.plant`), so a press whose data names someone else's order or an
application outside one's sites is tried for real: callback data grants nothing.

To add a command or a button, add a `Case` to `CASES`; the coverage tests at the
bottom fail until every registered command and every press type has a row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

import pytest

from domain.activity_models import ActivityDraft, SignupRole, Visibility
from domain.broadcast_models import Audience
from domain.digests import Mode
from domain.models import LocalName
from domain.visit_models import DayPart
from handlers.activities import FollowPress, LeavePress
from handlers.activity_desk import AttendPress, DeskPress, HerePress
from handlers.activity_nearby import NearPress
from handlers.activity_notices import OfferAnswerPress, SignPress
from handlers.admin import VolunteersPress
from handlers.application_notices import ApplicationPress
from handlers.applications import ApplicationTeamPress, JoinSitePress
from handlers.audit import AuditPress
from handlers.broadcasts import BroadcastPress
from handlers.candidates import CancelPress as CandidateCancelPress
from handlers.candidates import PendingPress, PickPress
from handlers.certificates import CertPress
from handlers.checkin import CheckinAskPress, CheckinQrPress
from handlers.common import LangPress
from handlers.complaints import ComplaintPress, DelayedPress, ReopenPress
from handlers.digests import NotifyPress, OpenPress
from handlers.household_members import MemberPress
from handlers.household_shop import HouseRewardPress, HouseShopPress
from handlers.households import DecidePress as HouseholdPress
from handlers.households import JoinPress as HouseholdJoinPress
from handlers.kit.context import Services
from handlers.kit.finishers import FlowPress, MenuPress
from handlers.kit.presses import PRESSES, Press
from handlers.notify import OfferPress, RatePress
from handlers.privacy import ForgetPress
from handlers.relay import RelayPress
from handlers.resident import CancelPress
from handlers.setup import build_router
from handlers.shop import ShopPress
from handlers.stats import StatsPress
from handlers.visits import EtaDayPress, EtaPress, HappenedPress, OnWayPress
from handlers.volunteers import DonePress, HoursPress
from handlers.wishes import ClaimPress, WishPress
from tests.flows.powers import BARBERS, POINT, POINT_COORDINATOR, READER, RESIDENT, ROLES, County
from tests.harness import ADMIN, ChatHarness, HarnessUser

Setup = Callable[[County], Awaitable[dict[str, Any]]]
Act = Callable[[County, HarnessUser, dict[str, Any]], Awaitable[None]]

EVERYONE = frozenset(ROLES)
COORDINATORS = frozenset(
    {"point coordinator", "station coordinator", "other station coordinator", "admin"}
)
OVER_POINT = frozenset({"point coordinator", "station coordinator", "admin"})
ADMIN_ONLY = frozenset({"admin"})

NOT_COORDINATOR = "只有协调员可以这样做"
ORDER_OUTSIDE = "这个订单不在您负责的站点范围内"
SITE_NOT_YOURS = "这个站点不在您可以管理的范围内"
APPLICATION_OUTSIDE = "这份申请不在您负责的站点范围内"
NOT_ADMIN = "只有管理员可以这样做"
NOT_COUNTY = "只有县中心的协调员或管理员可以修改服务目录"
NOT_OFFERED = "这个订单没有派给您"
OFFER_CLOSED = "这个订单已经不需要您处理了"
NOT_YOUR_ORDER = "这不是您的订单"
NOT_YOUR_TASK = "这不是您的任务"
TOMORROW = date(2026, 11, 21)  # the harness clock starts on Friday 20 November
NOT_YOUR_BROADCAST = "这不是您的群发"
NOT_A_VOLUNTEER = "不是志愿者"
ALREADY_VOLUNTEER = "您已经是志愿者了"
TEAM_NOT_OFFERED = "不能加入这个队伍"
TEAM_NOT_YOURS = "这个队伍不在您负责的站点范围内"
VOLUNTEER_OUTSIDE = "这位志愿者不在您负责的站点范围内"
SHOP_OUTSIDE = "这个站点不在您负责的范围内"
PICKUP_ELSEWHERE = "这件物品不在您的站点领取"
SHOP_VOLUNTEERS_ONLY = "积分超市目前只对志愿者开放"
ACTIVITY_OUTSIDE = "这个站点不在您负责的范围内"
NOT_STAFF = "只有这个活动的志愿者或负责的协调员可以这样做"
NOT_SIGNED = "您没有报名这个活动"
OFFER_GONE = "这个名额已经不在了"
ACTIVITY_VOLUNTEERS_ONLY = "只有志愿者可以报名当志愿者"
WISH_OUTSIDE = "这个心愿不在您负责的站点范围内"
WISH_STAFF_ONLY = "心愿墙只对协调员和志愿者开放"
WISH_OTHER_TEAM = "这个心愿是给别的队伍的"
STATS_OUTSIDE = f"站点 {POINT} 不在您负责的范围内"
HOUSEHOLD_OUTSIDE = "这一户不在您负责的实践站"
POINT_NOT_YOURS = "这个实践站不在您负责的范围内"
NOT_A_GRADER = "只有协调员或实践站的评分员可以加分、扣分"
NO_HOUSEHOLDS = "还没有已确认的农户"
CERTIFICATE_VOLUNTEERS_ONLY = "志愿服务证明只为注册志愿者出具"
HOUSEHOLD_HEADS_ONLY = "只有户主可以用本户积分兑换"
NO_HOUSEHOLD = "您还没有已确认登记的农户"
NOT_IN_A_HOUSEHOLD = "您不在任何一户中"


def coordinator_only(outside: str, allowed: frozenset[str] = OVER_POINT) -> dict[str, str]:
    """Residents and volunteers are not coordinators; coordinators not allowed are outside."""
    refusals = {"resident": NOT_COORDINATOR, "volunteer": NOT_COORDINATOR}
    refusals |= {role: outside for role in COORDINATORS - allowed}
    return refusals


def everyone_else(text: str, allowed: frozenset[str]) -> dict[str, str]:
    return {role: text for role in EVERYONE - allowed}


@dataclass(frozen=True)
class Case:
    name: str
    allowed: frozenset[str]
    ok: tuple[str, ...]  # one of these appears (a message, or a button's toast) when allowed
    act: Act
    refusals: Mapping[str, str] = field(default_factory=dict)  # role -> refusal text
    setup: Setup | None = None
    press: type | None = None  # the press type this row covers


@dataclass(frozen=True)
class command:
    """Send `/name args`; `args` may be built from what the setup made."""

    name: str
    args: str | Callable[[dict[str, Any]], str] = ""

    async def __call__(self, county: County, user: HarnessUser, made: dict[str, Any]) -> None:
        await user.command(self.name, self.args(made) if callable(self.args) else self.args)


@dataclass(frozen=True)
class press:
    """Plant a button carrying the press in the user's chat, and press it."""

    make: Callable[[dict[str, Any]], Press]

    async def __call__(self, county: County, user: HarnessUser, made: dict[str, Any]) -> None:
        await county.plant(user, self.make(made))


async def _draft(county: County) -> dict[str, Any]:
    """A broadcast the point's coordinator drafted (previewed, not sent)."""
    made = await county.services.broadcasts.draft(POINT_COORDINATOR, Audience("subtree"), "通知")
    return {"broadcast": made.id}


async def _order(county: County) -> dict[str, Any]:
    return {"order": await county.order()}


async def _culture_order(county: County) -> dict[str, Any]:
    return {"order": await county.order("read-for-blind")}


async def _assigned(county: County) -> dict[str, Any]:
    return {"order": await county.assigned()}


async def _order_for_a_barber(county: County) -> dict[str, Any]:
    await county.chat(BARBERS[0], "王秀英")  # only who started the bot may be assigned
    return await _order(county)


async def _assigned_for_a_barber(county: County) -> dict[str, Any]:
    """A haircut assigned to one barber, for another barber to be reassigned it."""
    for barber, name in zip(BARBERS, ("王秀英", "李建国"), strict=True):
        await county.chat(barber, name)
    order_id = await county.order()
    await county.services.desk.assign(order_id, BARBERS[1], ADMIN)
    return {"order": order_id}


async def _residents_order(county: County) -> dict[str, Any]:
    return {"order": await county.order(resident=RESIDENT)}


async def _residents_assigned(county: County) -> dict[str, Any]:
    return {"order": await county.assigned(resident=RESIDENT)}


async def _residents_done(county: County) -> dict[str, Any]:
    return {"order": await county.done(RESIDENT)}


async def _residents_rated(county: County) -> dict[str, Any]:
    order_id = await county.done(RESIDENT)
    await county.services.desk.rate(order_id, RESIDENT, 4)
    return {"order": order_id}


async def _residents_complaint(county: County) -> dict[str, Any]:
    order_id = await county.done(RESIDENT)
    await county.services.desk.rate(order_id, RESIDENT, 1)
    await county.services.complaints.file(order_id, RESIDENT, "rating")
    return {"order": order_id}


async def _reward(county: County) -> dict[str, Any]:
    """A reward at the point, and 10 points for the reader (the volunteer) to pay with."""
    await county.services.ledger.adjust(ADMIN, READER, 1, "补录")
    reward = await county.services.shop.add(ADMIN, POINT, LocalName("香皂", "Soap"), 10, 5)
    return {"reward": reward.id}


async def _pickup(county: County) -> dict[str, Any]:
    """The reader's pickup code for a reward at the point."""
    made = await _reward(county)
    reserved = await county.services.shop.reserve(READER, made["reward"])
    return {**made, "code": reserved.pickup.code}


async def _pending_household(county: County) -> dict[str, Any]:
    """A household asking to register at the point."""
    asked = await county.services.households.ask(await county.user("户主"), POINT)
    return {"household": asked.household.id, "head": asked.household.head_id}


async def _household(county: County) -> dict[str, Any]:
    """A confirmed household at the point."""
    made = await _pending_household(county)
    await county.services.households.decide(ADMIN, made["household"], True)
    return made


async def _reader_with_hours(county: County) -> dict[str, Any]:
    await county.services.ledger.adjust(ADMIN, READER, 1, "补录")
    return {}


async def _certificate_asked(county: County) -> dict[str, Any]:
    """A barber at the point asked for a certificate."""
    await county.services.ledger.adjust(ADMIN, BARBERS[0], 1, "补录")
    asked = await county.services.certificates.ask(BARBERS[0])
    return {"certificate": asked.certificate.id}


async def _promotable(county: County) -> dict[str, Any]:
    return {"user": await county.user("新人")}


async def _coordinator_of_point_12(county: County) -> dict[str, Any]:
    return {"user": await county.coordinator(12)}


async def _service(county: County) -> dict[str, Any]:
    return {"code": await county.service()}


async def _application(county: County) -> dict[str, Any]:
    return {
        "application": await county.application(POINT),
        "team": await county.team_id("HAIR-DQ"),
        "far_team": await county.team_id("HAIR-HB"),  # at point 21, station 20
    }


async def _wish(county: County) -> dict[str, Any]:
    """A resident's wish at the point, waiting for review."""
    filed = await county.services.wishes.file(RESIDENT, POINT, "帮我换个灯泡", None)
    return {"wish": filed.wish.id}


async def _posted_wish(county: County) -> dict[str, Any]:
    """A wish at the point posted to the reader's team (READ-DQ) to claim."""
    made = await _wish(county)
    team = await county.team_id("READ-DQ")
    await county.services.wishes.post(made["wish"], ADMIN, "culture", team)
    return made


async def _activity(county: County, in_minutes: int = 2 * 24 * 60) -> dict[str, Any]:
    """An activity of the haircut team at point 11, open to its subtree, by the admin."""
    start = county.harness.clock.now() + timedelta(minutes=in_minutes)
    published = await county.services.activities.publish(
        ActivityDraft(
            title=LocalName("健康知识讲座", "Health talk"),
            category_code="civility",
            team_id=await county.team_id("HAIR-DQ"),
            site_id=POINT,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            volunteer_quota=5,
            resident_quota=50,
            visibility=Visibility.SUBTREE,
            created_by=ADMIN,
        )
    )
    return {"activity": published.activity.id}


async def _activity_now(county: County) -> dict[str, Any]:
    return await _activity(county, in_minutes=10)  # check-in is open


async def _someone_offered(county: County) -> dict[str, Any]:
    made = await _activity(county)
    signed = await county.services.activities.sign_up(
        made["activity"], await county.user("别人"), SignupRole.RESIDENT
    )
    return {**made, "signup": signed.signup.id}


CASES: list[Case] = [
    # --- everyone's commands: no power involved, listed so the walk is complete
    Case("start", EVERYONE, ("您好",), command("start")),
    Case("help", EVERYONE, ("/order",), command("help")),
    Case("lang", EVERYONE, ("请选择语言",), command("lang")),
    Case("whoami", EVERYONE, ("用户编号",), command("whoami")),
    Case("myorders", EVERYONE, ("订单",), command("myorders")),
    Case("mydata", EVERYONE, ("我们保存的关于您的全部信息",), command("mydata")),
    Case("forgetme asks first", EVERYONE, ("确定要删除",), command("forgetme")),
    Case("tasks", EVERYONE, ("任务",), command("tasks")),
    Case("order flow", EVERYONE, ("哪一类服务",), command("order")),
    Case("cancel flow", EVERYONE, ("取消",), command("cancel")),
    Case("join: apply", EVERYONE - {"volunteer"}, ("请选择您所在的镇",), command("join"),
         {"volunteer": ALREADY_VOLUNTEER}),
    # --- volunteers' commands
    Case("release someone's task", frozenset({"volunteer"}), ("已交回",),
         command("release", lambda m: f"{m['order']} 家里有事"),
         everyone_else(NOT_YOUR_TASK, frozenset({"volunteer"})), _assigned),
    # Harmless forms, so later rows still find the volunteer taking offers.
    Case("availability", frozenset({"volunteer"}), ("已开启接单",), command("available", "on"),
         everyone_else(NOT_A_VOLUNTEER, frozenset({"volunteer"}))),
    Case("quiet hours", frozenset({"volunteer"}), ("免打扰时段",),
         command("quiet", "03:00-04:00"),
         everyone_else(NOT_A_VOLUNTEER, frozenset({"volunteer"}))),
    # --- coordinators' commands
    Case("pending", COORDINATORS, ("待派订单", "待审核"), command("pending"),
         coordinator_only("", COORDINATORS), _order),
    Case("order history", OVER_POINT, ("记录：",), command("order", lambda m: str(m["order"])),
         coordinator_only(ORDER_OUTSIDE), _order),
    Case("notify", COORDINATORS, ("新订单怎么通知您",), command("notify"),
         coordinator_only("", COORDINATORS)),
    Case("assign", OVER_POINT, ("已派给",), command("assign", lambda m: f"{m['order']} 900001"),
         coordinator_only(ORDER_OUTSIDE), _order_for_a_barber),
    Case("reassign", OVER_POINT, ("已改派给",),
         command("reassign", lambda m: f"{m['order']} 900001"),
         coordinator_only(ORDER_OUTSIDE), _assigned_for_a_barber),
    Case("cancel an order", OVER_POINT, ("已取消，已通知",),
         command("cancel", lambda m: f"{m['order']} 居民不需要了"),
         coordinator_only(ORDER_OUTSIDE), _order),
    Case("thread of an order", OVER_POINT, ("还没有对话记录",),
         command("thread", lambda m: str(m["order"])), coordinator_only(ORDER_OUTSIDE), _order),
    Case("approve capped hours", OVER_POINT, ("没有需要批准的时长",),
         command("approvehours", lambda m: str(m["order"])), coordinator_only(ORDER_OUTSIDE),
         _order),
    Case("export a site's orders", OVER_POINT, ("个订单",), command("export", "11"),
         coordinator_only(SITE_NOT_YOURS), _order),
    Case("door poster of a site", OVER_POINT, ("的海报",), command("qr", "11"),
         coordinator_only(SITE_NOT_YOURS)),
    Case("volunteers of a site", OVER_POINT, ("的志愿者",), command("volunteers", "11"),
         coordinator_only(SITE_NOT_YOURS)),
    Case("volunteers, own scope", COORDINATORS, ("的志愿者", "请选择站点"),
         command("volunteers"), coordinator_only("", COORDINATORS)),
    Case("sites", COORDINATORS, ("站点（编号",), command("sites"),
         coordinator_only("", COORDINATORS)),
    Case("promote a coordinator below", frozenset({"station coordinator", "admin"}),
         ("的协调员",), command("promote", lambda m: f"{m['user']} coordinator 12"),
         coordinator_only(SITE_NOT_YOURS, frozenset({"station coordinator", "admin"})),
         _promotable),
    Case("promote an admin", ADMIN_ONLY, ("为管理员",),
         command("promote", lambda m: f"{m['user']} admin"),
         everyone_else(NOT_ADMIN, ADMIN_ONLY), _promotable),
    Case("demote a coordinator below", frozenset({"station coordinator", "admin"}),
         ("已撤销",), command("demote", lambda m: str(m["user"])),
         coordinator_only(SITE_NOT_YOURS, frozenset({"station coordinator", "admin"})),
         _coordinator_of_point_12),
    Case("invite to a team", OVER_POINT, ("邀请链接",), command("invite", "HAIR-DQ"),
         coordinator_only(TEAM_NOT_YOURS)),
    Case("catalog list", COORDINATORS, ("服务目录",), command("catalog"),
         coordinator_only("", COORDINATORS)),
    Case("catalog add", ADMIN_ONLY, ("已添加服务",),
         command("catalog", lambda m: f"add civility {m['code']}-new 新服务 | New"),
         everyone_else(NOT_COUNTY, ADMIN_ONLY), _service),
    Case("catalog rename", ADMIN_ONLY, ("已改名",),
         command("catalog", lambda m: f"rename {m['code']} 新名字 | New name"),
         everyone_else(NOT_COUNTY, ADMIN_ONLY), _service),
    Case("catalog retire", ADMIN_ONLY, ("已下线",),
         command("catalog", lambda m: f"retire {m['code']}"),
         everyone_else(NOT_COUNTY, ADMIN_ONLY), _service),
    Case("audit, own scope", COORDINATORS, ("操作记录",), command("audit"),
         coordinator_only("", COORDINATORS)),
    Case("audit of a site", OVER_POINT, ("操作记录",), command("audit", str(POINT)),
         coordinator_only(SITE_NOT_YOURS)),
    # --- recognition and the points shop
    Case("me", EVERYONE, ("我的志愿服务",), command("me")),
    Case("shop", EVERYONE, ("积分超市",), command("shop")),
    Case("adjust a volunteer's hours", OVER_POINT, ("调整 +1 小时",),
         command("adjust", f"{READER} 1 补录"), coordinator_only(VOLUNTEER_OUTSIDE)),
    Case("rewards, own scope", COORDINATORS, ("积分超市物品", "还没有物品"), command("reward"),
         coordinator_only("", COORDINATORS)),
    Case("add a reward", OVER_POINT, ("已上架",), command("reward", f"add {POINT} 10 5 香皂"),
         coordinator_only(SHOP_OUTSIDE)),
    Case("redeem a pickup code", OVER_POINT, ("已核销",), command("redeem", lambda m: m["code"]),
         coordinator_only(PICKUP_ELSEWHERE), _pickup),
    Case("broadcast", COORDINATORS, ("要发给谁",), command("broadcast"),
         coordinator_only("", COORDINATORS)),
    Case("stats, own scope", COORDINATORS, ("📊",), command("stats"),
         coordinator_only("", COORDINATORS)),
    Case("stats of a site", OVER_POINT, ("📊",), command("stats", f"{POINT} week"),
         coordinator_only(STATS_OUTSIDE)),
    # --- households, the honour list, certificates
    Case("my household", EVERYONE, ("您家还没有登记",), command("household")),
    Case("the honour list", EVERYONE, ("光荣榜",), command("honour")),
    Case("verify a certificate", EVERYONE, ("没有查到",), command("verify", "AAAA-BBBB-CCCC-DDDD")),
    Case("graders, own scope", COORDINATORS, ("评分员",), command("grader"),
         coordinator_only("", COORDINATORS)),
    Case("appoint a grader", OVER_POINT, ("已任命",),
         command("grader", lambda m: f"add {m['user']} {POINT}"),
         coordinator_only(POINT_NOT_YOURS), _promotable),
    Case("award a household", OVER_POINT, ("给哪一户",), command("award"),
         {"resident": NOT_A_GRADER, "volunteer": NOT_A_GRADER,
          "other station coordinator": NO_HOUSEHOLDS}, _household),
    Case("deduct from a household", OVER_POINT, ("给哪一户",), command("deduct"),
         {"resident": NOT_A_GRADER, "volunteer": NOT_A_GRADER,
          "other station coordinator": NO_HOUSEHOLDS}, _household),
    Case("ask for a certificate", frozenset({"volunteer"}), ("已申请志愿服务证明",),
         command("certificate"),
         everyone_else(CERTIFICATE_VOLUNTEERS_ONLY, frozenset({"volunteer"})), _reader_with_hours),
    # --- buttons
    Case("menu", EVERYONE, ("用户编号",), press(lambda m: MenuPress("whoami")), press=MenuPress),
    Case("language", EVERYONE, ("已切换为中文",), press(lambda m: LangPress("zh-CN")),
         press=LangPress),
    # Only "keep": the press names nobody, so "erase" is tried in tests/flows/test_privacy.py.
    Case("forgetme: keep", EVERYONE, ("什么都没有删除",), press(lambda m: ForgetPress("n")),
         press=ForgetPress),
    Case("stale flow button", EVERYONE, ("之前的步骤",), press(lambda m: FlowPress(1, "x")),
         press=FlowPress),
    Case("accept someone's offer", frozenset({"volunteer"}), ("您已接下订单",),
         press(lambda m: OfferPress(m["order"], "a")),
         everyone_else(NOT_OFFERED, frozenset({"volunteer"})), _culture_order, press=OfferPress),
    Case("decline someone's offer", frozenset({"volunteer"}), ("您没有接订单",),
         press(lambda m: OfferPress(m["order"], "d")),
         everyone_else(OFFER_CLOSED, frozenset({"volunteer"})), _culture_order),
    Case("done (asks the hours)", frozenset({"volunteer"}), ("用了多长时间",),
         press(lambda m: DonePress(m["order"])),
         everyone_else(NOT_YOUR_TASK, frozenset({"volunteer"})), _assigned, press=DonePress),
    Case("finish someone's task", frozenset({"volunteer"}), ("已完成，记录",),
         press(lambda m: HoursPress(m["order"], "1")),
         everyone_else(NOT_YOUR_TASK, frozenset({"volunteer"})), _assigned, press=HoursPress),
    Case("message the resident of someone's task", frozenset({"volunteer"}),
         ("请直接发送要转给居民的话",), press(lambda m: RelayPress(m["order"])),
         everyone_else(NOT_YOUR_ORDER, frozenset({"volunteer"})), _assigned, press=RelayPress),
    Case("check in at someone's door", frozenset({"volunteer"}), ("到了居民门口",),
         press(lambda m: CheckinAskPress(m["order"])),
         everyone_else(NOT_YOUR_TASK, frozenset({"volunteer"})), _assigned,
         press=CheckinAskPress),
    Case("someone's check-in QR code", frozenset({"resident"}), ("的签到二维码",),
         press(lambda m: CheckinQrPress(m["order"])),
         everyone_else(NOT_YOUR_ORDER, frozenset({"resident"})), _residents_assigned,
         press=CheckinQrPress),
    Case("notify: choose", COORDINATORS, ("已保存",),
         press(lambda m: NotifyPress(Mode.ESCALATIONS, None)),
         coordinator_only("", COORDINATORS), press=NotifyPress),
    Case("open an order from a digest", OVER_POINT, ("记录：",),
         press(lambda m: OpenPress(m["order"])), coordinator_only(ORDER_OUTSIDE), _order,
         press=OpenPress),
    Case("assign by a candidate's button", OVER_POINT, ("已派给",),
         press(lambda m: PickPress(m["order"], 900001)), coordinator_only(ORDER_OUTSIDE),
         _order_for_a_barber, press=PickPress),
    Case("pending: the candidates", OVER_POINT, ("推荐的志愿者", "没有合适的志愿者"),
         press(lambda m: PendingPress(m["order"], "a")), coordinator_only(ORDER_OUTSIDE),
         _order, press=PendingPress),
    Case("pending: cancel, confirmed", OVER_POINT, ("已取消，已通知",),
         press(lambda m: CandidateCancelPress(m["order"], True)),
         coordinator_only(ORDER_OUTSIDE), _order, press=CandidateCancelPress),
    Case("rate someone's order", frozenset({"resident"}), ("谢谢您的评价",),
         press(lambda m: RatePress(m["order"], 5)),
         everyone_else(NOT_YOUR_ORDER, frozenset({"resident"})), _residents_done,
         press=RatePress),
    Case("someone's arrival time", frozenset({"volunteer"}), ("到达",),
         press(lambda m: EtaPress(m["order"], "1m")),
         everyone_else(NOT_YOUR_TASK, frozenset({"volunteer"})), _assigned, press=EtaPress),
    Case("someone's arrival day", frozenset({"volunteer"}), ("到达",),
         press(lambda m: EtaDayPress(m["order"], TOMORROW.toordinal(), DayPart.MORNING)),
         everyone_else(NOT_YOUR_TASK, frozenset({"volunteer"})), _assigned, press=EtaDayPress),
    Case("someone's on my way", frozenset({"volunteer"}), ("已告诉居民您出发了",),
         press(lambda m: OnWayPress(m["order"])),
         everyone_else(NOT_YOUR_TASK, frozenset({"volunteer"})), _assigned, press=OnWayPress),
    Case("did someone's visit happen", frozenset({"resident"}), ("谢谢确认",),
         press(lambda m: HappenedPress(m["order"], True)),
         everyone_else(NOT_YOUR_ORDER, frozenset({"resident"})), _residents_done,
         press=HappenedPress),
    Case("cancel someone's order", frozenset({"resident"}), ("已取消",),
         press(lambda m: CancelPress(m["order"])),
         everyone_else(NOT_YOUR_ORDER, frozenset({"resident"})), _residents_order,
         press=CancelPress),
    Case("mark a comment as a complaint", frozenset({"resident"}), ("交给实践站的负责人",),
         press(lambda m: ComplaintPress(m["order"])),
         everyone_else(NOT_YOUR_ORDER, frozenset({"resident"})), _residents_rated,
         press=ComplaintPress),
    Case("redo after a complaint", frozenset({"resident"}), ("已重新派单",),
         press(lambda m: ReopenPress(m["order"])),
         everyone_else(NOT_YOUR_ORDER, frozenset({"resident"})), _residents_complaint,
         press=ReopenPress),
    Case("keep waiting", frozenset({"resident"}), ("继续为订单",),
         press(lambda m: DelayedPress(m["order"], "w")),
         everyone_else(NOT_YOUR_ORDER, frozenset({"resident"})), _residents_order,
         press=DelayedPress),
    Case("cancel a delayed order", frozenset({"resident"}), ("已取消",),
         press(lambda m: DelayedPress(m["order"], "c")),
         everyone_else(NOT_YOUR_ORDER, frozenset({"resident"})), _residents_order),
    Case("approve: pick a team", OVER_POINT, ("请选择加入哪个队伍",),
         press(lambda m: ApplicationPress(m["application"], "y")),
         coordinator_only(APPLICATION_OUTSIDE), _application, press=ApplicationPress),
    Case("reject an application: asks why", OVER_POINT, ("请选择原因",),
         press(lambda m: ApplicationPress(m["application"], "n")),
         coordinator_only(APPLICATION_OUTSIDE), _application),
    Case("approve into a team", OVER_POINT, ("已批准",),
         press(lambda m: ApplicationTeamPress(m["application"], m["team"])),
         coordinator_only(APPLICATION_OUTSIDE), _application, press=ApplicationTeamPress),
    Case("approve into a team far away", frozenset(), (),
         press(lambda m: ApplicationTeamPress(m["application"], m["far_team"])),
         coordinator_only(APPLICATION_OUTSIDE) | {r: TEAM_NOT_OFFERED for r in OVER_POINT},
         _application),
    Case("roster button", OVER_POINT, ("的志愿者",), press(lambda m: VolunteersPress(POINT)),
         coordinator_only(SITE_NOT_YOURS), press=VolunteersPress),
    Case("audit: older entries", OVER_POINT, ("操作记录",),
         press(lambda m: AuditPress(POINT, 2**31)), coordinator_only(SITE_NOT_YOURS),
         press=AuditPress),
    Case("a reward's button", frozenset({"volunteer"}), ("已预订",),
         press(lambda m: ShopPress(m["reward"])),
         everyone_else(SHOP_VOLUNTEERS_ONLY, frozenset({"volunteer"})), _reward, press=ShopPress),
    # --- the wish wall
    Case("wish", EVERYONE, ("您需要什么帮助",), command("wish")),
    Case("wishes", EVERYONE - {"resident"}, ("心愿墙上", "心愿墙："), command("wishes"),
         {"resident": WISH_STAFF_ONLY}, _wish),
    Case("approve a wish", OVER_POINT, ("属于哪一类服务",),
         press(lambda m: WishPress(m["wish"], "a")), coordinator_only(WISH_OUTSIDE), _wish,
         press=WishPress),
    Case("claim a wish", frozenset({"volunteer"}), ("您认领了心愿",),
         press(lambda m: ClaimPress(m["wish"])),
         everyone_else(WISH_OTHER_TEAM, frozenset({"volunteer"})), _posted_wish,
         press=ClaimPress),
    # --- activities
    Case("activities", EVERYONE, ("近期",), command("activities"), setup=_activity),
    Case("one activity", EVERYONE, ("健康知识讲座",),
         command("activity", lambda m: str(m["activity"])), setup=_activity),
    Case("activity new", COORDINATORS, ("请输入活动名称",), command("activity", "new"),
         coordinator_only("", COORDINATORS)),
    Case("follow", EVERYONE, ("关注哪个镇",), command("follow")),
    Case("unfollow", EVERYONE, ("取消关注", "您没有关注"), command("unfollow", "11")),
    Case("check someone in", OVER_POINT, ("签到",),
         command("checkin", lambda m: f"{m['activity']} {RESIDENT}"),
         coordinator_only(NOT_STAFF), _activity_now),
    Case("sign up", EVERYONE, ("报名成功",), press(lambda m: SignPress(m["activity"], "r")),
         setup=_activity, press=SignPress),
    Case("sign up to help", frozenset({"volunteer"}), ("报名成功",),
         press(lambda m: SignPress(m["activity"], "v")),
         everyone_else(ACTIVITY_VOLUNTEERS_ONLY, frozenset({"volunteer"})), _activity),
    Case("take someone's offered place", frozenset(), (),
         press(lambda m: OfferAnswerPress(m["signup"], "y")),
         everyone_else(OFFER_GONE, frozenset()), _someone_offered, press=OfferAnswerPress),
    Case("leave what one never signed up for", frozenset(), (),
         press(lambda m: LeavePress(m["activity"])),
         everyone_else(NOT_SIGNED, frozenset()), _activity, press=LeavePress),
    Case("follow a site", EVERYONE, ("已关注", "已经关注"),
         press(lambda m: FollowPress(POINT, False)), press=FollowPress),
    Case("the desk: attendance", OVER_POINT, ("签到名单",),
         press(lambda m: DeskPress(m["activity"], "list")),
         coordinator_only(ACTIVITY_OUTSIDE), _activity, press=DeskPress),
    Case("the desk: check-in code", OVER_POINT, ("签到码",),
         press(lambda m: DeskPress(m["activity"], "code")),
         coordinator_only(NOT_STAFF), _activity),
    Case("the desk: call off", OVER_POINT, ("已取消活动",),
         press(lambda m: DeskPress(m["activity"], "offok")),
         coordinator_only(ACTIVITY_OUTSIDE), _activity),
    Case("correct the attendance", OVER_POINT, ("签到名单",),
         press(lambda m: AttendPress(m["activity"], RESIDENT)),
         coordinator_only(ACTIVITY_OUTSIDE), _activity_now, press=AttendPress),
    Case("check in here (asks where)", EVERYONE, ("请发送您现在的位置",),
         press(lambda m: HerePress(m["activity"])), setup=_activity, press=HerePress),
    Case("activities near me (asks where)", EVERYONE, ("为您列出附近",),
         press(lambda m: NearPress()), press=NearPress),
    Case("cancel someone's broadcast", frozenset({"point coordinator"}), ("已停止群发",),
         press(lambda m: BroadcastPress(m["broadcast"], "x")),
         everyone_else(NOT_YOUR_BROADCAST, frozenset({"point coordinator"})), _draft,
         press=BroadcastPress),
    Case("stats button", OVER_POINT, ("📊",), press(lambda m: StatsPress(POINT, "2026-11")),
         coordinator_only(STATS_OUTSIDE), press=StatsPress),
    Case("confirm a household", OVER_POINT, ("已确认",),
         press(lambda m: HouseholdPress(m["household"], "y")),
         coordinator_only(HOUSEHOLD_OUTSIDE), _pending_household, press=HouseholdPress),
    Case("issue a certificate", OVER_POINT, ("已出具证明",),
         press(lambda m: CertPress(m["certificate"], "y")),
         coordinator_only(VOLUNTEER_OUTSIDE), _certificate_asked, press=CertPress),
    # Nobody here is in a household: its shop, its codes, leaving and its head's acts
    # are all refused, whatever the button says.
    Case("the household's shop", frozenset(), (), press(lambda m: HouseShopPress()),
         everyone_else(HOUSEHOLD_HEADS_ONLY, frozenset()), _household, press=HouseShopPress),
    Case("a reward on the household's points", frozenset(), (),
         press(lambda m: HouseRewardPress(m["reward"])),
         everyone_else(NO_HOUSEHOLD, frozenset()), _reward, press=HouseRewardPress),
    Case("leave a household", frozenset(), (), press(lambda m: MemberPress("L")),
         everyone_else(NOT_IN_A_HOUSEHOLD, frozenset()), _household, press=MemberPress),
    Case("remove a household's head", frozenset(), (),
         press(lambda m: MemberPress("R", m["head"])),
         everyone_else(NOT_IN_A_HOUSEHOLD, frozenset()), _household),
    Case("take a household's headship", frozenset(), (),
         press(lambda m: MemberPress("H", m["head"])),
         everyone_else(NOT_IN_A_HOUSEHOLD, frozenset()), _household),
    Case("dissolve a household", frozenset(), (), press(lambda m: MemberPress("D")),
         everyone_else(NOT_IN_A_HOUSEHOLD, frozenset()), _household),
    Case("register my household at a point", EVERYONE, ("已提交登记申请",),
         press(lambda m: HouseholdJoinPress(POINT)), press=HouseholdJoinPress),
    # Last: applying makes the presser an applicant for good.
    Case("apply at a point", EVERYONE - {"volunteer"}, ("已提交申请",),
         press(lambda m: JoinSitePress(POINT)), {"volunteer": ALREADY_VOLUNTEER},
         press=JoinSitePress),
]  # fmt: skip


def _matches(texts: tuple[str, ...], words: str | None) -> bool:
    return any(t in (words or "") for t in texts)


async def _run(county: County, user: HarnessUser, role: str, case: Case) -> str | None:
    """Play one case as one role; a description of what went wrong, or None."""
    made = await case.setup(county) if case.setup else {}
    await user.catch_up()
    is_press = isinstance(case.act, press)
    if role in case.allowed:
        await case.act(county, user, made)
        if is_press:
            answer = await user.next_answer()
            if _matches(case.ok, answer.text):
                return None
            assert not answer.show_alert, f"refused: {answer.text}"
        await user.expect(lambda m: _matches(case.ok, m.text or m.caption))
        return None
    async with county.unchanged() as changed:
        await case.act(county, user, made)
        refusal = case.refusals.get(role)
        assert refusal, f"no refusal text for {role}"
        if is_press:
            answer = await user.next_answer()
            got = answer.text if answer.show_alert else f"(a plain toast: {answer.text})"
        else:
            got = (await user.next_message()).text
        if refusal not in (got or ""):
            return f"expected {refusal!r}, got {got!r}"
        if await changed():
            return "the refusal changed the database"
    return None


@pytest.mark.parametrize("role", list(ROLES))
async def test_who_may_do_what(chat: ChatHarness, role: str) -> None:
    county = County(chat)
    # The table's words are Chinese; the demo county's admin reads English.
    await chat.app.router.services.people.set_locale(ROLES[role], "zh-CN")
    user = await chat.person(ROLES[role], role)
    wrong = {}
    for case in CASES:
        try:
            problem = await _run(county, user, role, case)
        except AssertionError as error:
            problem = str(error).splitlines()[0]
        if problem:
            wrong[case.name] = problem
    assert wrong == {}


def test_every_command_has_a_row() -> None:
    # Registering only stores the handlers; no service is touched.
    registered = set(build_router(cast(Services, None)).commands)
    covered = {case.act.name for case in CASES if isinstance(case.act, command)}
    assert registered - covered == set()


def test_every_press_type_has_a_row() -> None:
    covered = {case.press for case in CASES}
    assert set(PRESSES.types()) - covered == set()
