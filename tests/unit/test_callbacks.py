"""The wire format of every press the bot has shipped, and its 64-byte limit.

Buttons stay in people's chats for months, so the data each press packs to is
pinned here: a change that breaks one of these breaks buttons already sent.
(The codec itself, on throwaway presses: tests/unit/test_presses.py.)
"""

from __future__ import annotations

import importlib
from datetime import date

import pytest

from domain.digests import Mode
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
from handlers.households import DecidePress as HouseholdDecidePress
from handlers.households import JoinPress
from handlers.kit.finishers import FlowPress, MenuPress
from handlers.kit.presses import MAX_BYTES, PRESSES, Press, pack, unpack
from handlers.notify import OfferPress, RatePress
from handlers.privacy import ForgetPress
from handlers.relay import RelayPress
from handlers.resident import CancelPress
from handlers.shop import ShopPress
from handlers.stats import StatsPress
from handlers.visits import EtaDayPress, EtaPress, HappenedPress, OnWayPress
from handlers.volunteers import DonePress, HoursPress
from handlers.wishes import ClaimPress, WishPress

BIG = 2**63 - 1  # the largest BIGINT id storage can hand out

EVERY_PRESS: list[Press] = [
    FlowPress(3, "confirm"),
    FlowPress(7, "_back"),
    MenuPress("order"),
    OfferPress(12, "a"),
    OfferPress(12, "d"),
    DonePress(12),
    HoursPress(12, "1.5"),
    HoursPress(12, "other"),
    RatePress(12, 5),
    CancelPress(12),
    LangPress("zh-CN"),
]

BIG_IDS: list[Press] = [
    FlowPress(BIG, "category"),
    OfferPress(BIG, "a"),
    OfferPress(BIG, "d"),
    DonePress(BIG),
    HoursPress(BIG, "other"),
    RatePress(BIG, 5),
    CancelPress(BIG),
    EtaPress(BIG, "1m"),
    EtaDayPress(BIG, date(9999, 12, 31).toordinal(), DayPart.AFTERNOON),
    HappenedPress(BIG, False),
    ComplaintPress(BIG),
    ReopenPress(BIG),
    DelayedPress(BIG, "w"),
    RelayPress(BIG),
    CheckinAskPress(BIG),
    CheckinQrPress(BIG),
    WishPress(BIG, "a"),
    ClaimPress(BIG),
    PickPress(BIG, BIG),
    PendingPress(BIG, "c"),
    CandidateCancelPress(BIG, True),
    OpenPress(BIG),
]


@pytest.mark.parametrize("press", EVERY_PRESS, ids=repr)
def test_pack_then_unpack_gives_the_press_back(press: Press) -> None:
    assert unpack(pack(press)) == press


# What each press type has always packed to: buttons in chats carry these.
WIRE: list[tuple[Press, str]] = [
    (FlowPress(3, "confirm"), "f:3:confirm"),
    (FlowPress(4, "a:b"), "f:4:a:b"),
    (MenuPress("order"), "m:order"),
    (OfferPress(12, "a"), "o:12:a"),
    (OfferPress(12, "d"), "o:12:d"),
    (DonePress(12), "t:12"),
    (HoursPress(12, "1.5"), "h:12:1.5"),
    (HoursPress(12, "other"), "h:12:other"),
    (RatePress(12, 5), "r:12:5"),
    (CancelPress(12), "c:12"),
    (LangPress("zh-CN"), "l:zh-CN"),
    (JoinSitePress(11), "js:11"),
    (ApplicationPress(7, "y"), "ja:7:y"),
    (ApplicationPress(7, "n"), "ja:7:n"),
    (ApplicationTeamPress(7, 3), "jt:7:3"),
    (VolunteersPress(11), "vs:11"),
    (ForgetPress("y"), "fg:y"),
    (BroadcastPress(7, "s"), "bc:7:s"),
    (BroadcastPress(7, "x"), "bc:7:x"),
    (ForgetPress("n"), "fg:n"),
    (AuditPress(0, 5), "au:0:5"),
    (EtaPress(12, "0a"), "ve:12:0a"),
    (EtaPress(12, "t"), "ve:12:t"),
    (EtaPress(12, "c"), "ve:12:c"),
    (EtaDayPress(12, 739951, DayPart.MORNING), "vd:12:739951:morning"),
    (OnWayPress(12), "vw:12"),
    (HappenedPress(12, True), "vh:12:1"),
    (HappenedPress(12, False), "vh:12:0"),
    (SignPress(4, "r"), "as:4:r"),
    (SignPress(4, "v"), "as:4:v"),
    (OfferAnswerPress(9, "y"), "ao:9:y"),
    (OfferAnswerPress(9, "n"), "ao:9:n"),
    (LeavePress(4), "al:4"),
    (HerePress(4), "ak:4"),
    (NearPress(), "an"),
    (DeskPress(4, "code"), "ad:4:code"),
    (DeskPress(4, "offok"), "ad:4:offok"),
    (DeskPress(4, "edit"), "ad:4:edit"),
    (AttendPress(4, 800123), "aa:4:800123"),
    (FollowPress(10, True), "af:10:1"),
    (FollowPress(11, False), "af:11:0"),
    (ComplaintPress(12), "cm:12"),
    (ReopenPress(12), "cr:12"),
    (DelayedPress(12, "w"), "cw:12:w"),
    (DelayedPress(12, "c"), "cw:12:c"),
    (RelayPress(12), "rl:12"),
    (CheckinAskPress(12), "ca:12"),
    (CheckinQrPress(12), "qr:12"),
    (PickPress(12, 900001), "dp:12:900001"),
    (PendingPress(12, "a"), "dq:12:a"),
    (PendingPress(12, "c"), "dq:12:c"),
    (CandidateCancelPress(12, True), "dx:12:1"),
    (CandidateCancelPress(12, False), "dx:12:0"),
    (NotifyPress(Mode.EVERY, None), "nf:every:"),
    (NotifyPress(Mode.DIGEST, 8), "nf:digest:8"),
    (NotifyPress(Mode.ESCALATIONS, None), "nf:escalations:"),
    (OpenPress(12), "dg:12"),
    (ShopPress(3), "sh:3"),
    (WishPress(12, "a"), "wi:12:a"),
    (WishPress(12, "r"), "wi:12:r"),
    (ClaimPress(12), "wc:12"),
    (StatsPress(0, "month"), "st:0:month"),
    (StatsPress(11, "w2026-11-30"), "st:11:w2026-11-30"),
    (JoinPress(11), "hj:11"),
    (HouseholdDecidePress(4, "y"), "hd:4:y"),
    (HouseShopPress(), "hs"),
    (HouseRewardPress(3), "hr:3"),
    (MemberPress("l"), "hm:l:0"),
    (MemberPress("R", 800032), "hm:R:800032"),
    (CertPress(2, "n"), "ce:2:n"),
]


@pytest.mark.parametrize(("press", "data"), WIRE, ids=repr)
def test_every_press_keeps_the_data_buttons_already_sent_carry(press: Press, data: str) -> None:
    assert pack(press) == data
    assert unpack(data) == press


def test_every_declared_press_type_has_its_wire_format_pinned() -> None:
    importlib.import_module("handlers.setup")  # every feature module, so every press
    assert {type(p) for p, _ in WIRE} == set(PRESSES.types())


def test_offer_press_packs_to_the_documented_short_form() -> None:
    assert pack(OfferPress(12, "a")) == "o:12:a"


@pytest.mark.parametrize("press", [*EVERY_PRESS, *BIG_IDS], ids=repr)
def test_packed_data_fits_in_64_bytes_even_with_big_ids(press: Press) -> None:
    data = pack(press)
    assert len(data.encode()) <= MAX_BYTES == 64
    assert unpack(data) == press


@pytest.mark.parametrize(
    "data",
    [
        "o:12:x",
        "o:abc:a",
        "o:12",
        "o:12:a:b",
        "zz",
        "",
        ":",
        "f:x:y",
        "f:1:",
        "f:1",
        "m:",
        "t:",
        "t:x",
        "h:1",
        "h:x:1",
        "r:1",
        "r:1:x",
        "c:",
        "c:x",
        "l:",
        "x:1",
    ],
)
def test_malformed_data_unpacks_to_none(data: str) -> None:
    assert unpack(data) is None


def test_flow_value_may_itself_contain_a_colon() -> None:
    assert unpack("f:4:a:b") == FlowPress(4, "a:b")


@pytest.mark.parametrize(
    "press",
    [FlowPress(1, "x" * 70), MenuPress("x" * 63), LangPress("x" * 63), HoursPress(1, "9" * 70)],
    ids=repr,
)
def test_pack_refuses_data_over_64_bytes(press: Press) -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        pack(press)


def test_pack_counts_bytes_not_characters() -> None:
    assert len(pack(MenuPress("点" * 20))) == 22  # 62 bytes: fits
    with pytest.raises(ValueError):
        pack(MenuPress("点" * 21))  # 21 characters but 65 bytes
