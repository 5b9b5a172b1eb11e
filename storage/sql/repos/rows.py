"""Turning result rows into the domain's dataclasses; nothing above storage sees a row."""

from __future__ import annotations

from typing import Any

from domain.models import (
    Category,
    LocalName,
    Offer,
    OfferStatus,
    Order,
    OrderEvent,
    OrderStatus,
    Service,
    Site,
    SiteLevel,
    Team,
    UserProfile,
    Volunteer,
)
from domain.when import When

Row = Any  # sqlalchemy.Row; attribute access by column name


def name_of(row: Row) -> LocalName:
    return LocalName(zh=row.name_zh, en=row.name_en or "")


def to_user(row: Row) -> UserProfile:
    return UserProfile(
        id=row.id,
        first_name=row.first_name,
        username=row.username,
        locale=row.locale,
        home_site_id=row.home_site_id,
        phone=row.phone,
        unreachable=bool(row.unreachable),
        notice_at=row.notice_at,
    )


def to_site(row: Row) -> Site:
    return Site(
        id=row.id,
        parent_id=row.parent_id,
        level=SiteLevel(row.level),
        name=name_of(row),
        lat=row.lat,
        lon=row.lon,
    )


def to_category(row: Row) -> Category:
    return Category(code=row.code, name=name_of(row), sort=row.sort)


def to_service(row: Row) -> Service:
    return Service(
        id=row.id,
        code=row.code,
        category_code=row.category_code,
        name=name_of(row),
        retired=bool(row.retired),
    )


def to_team(row: Row) -> Team:
    return Team(
        id=row.id,
        code=row.code,
        name=name_of(row),
        site_id=row.site_id,
        category_code=row.category_code,
    )


def to_volunteer(row: Row) -> Volunteer:
    """From a volunteers JOIN users JOIN teams row (see `VolunteerRepo._select`)."""
    return Volunteer(
        user_id=row.user_id,
        first_name=row.first_name,
        team_id=row.team_id,
        site_id=row.site_id,
        category_code=row.category_code,
        active=bool(row.active),
        hours=float(row.hours or 0),
        points=int(row.points or 0),
        available=bool(row.available),
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        open_tasks=int(row.open_tasks or 0),
        rating_total=int(row.rating_total or 0),
        rating_count=int(row.rating_count or 0),
        last_task_at=row.last_task_at,
    )


def to_order(row: Row) -> Order:
    return Order(
        id=row.id,
        resident_id=row.resident_id,
        service_id=row.service_id,
        category_code=row.category_code,
        site_id=row.site_id,
        when=When(row.when_day, bool(row.when_by)),
        status=OrderStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        details=row.details or "",
        lat=row.lat,
        lon=row.lon,
        phone=row.phone,
        volunteer_id=row.volunteer_id,
        rating=row.rating,
        comment=row.comment,
        hours=None if row.hours is None else float(row.hours),
        escalation=int(row.escalation or 0),
    )


def to_event(row: Row) -> OrderEvent:
    return OrderEvent(
        order_id=row.order_id,
        actor_id=row.actor_id,
        from_status=None if row.from_status is None else OrderStatus(row.from_status),
        to_status=OrderStatus(row.to_status),
        at=row.at,
        note=row.note or "",
    )


def to_offer(row: Row) -> Offer:
    return Offer(
        id=row.id,
        order_id=row.order_id,
        volunteer_id=row.volunteer_id,
        ring=row.ring,
        status=OfferStatus(row.status),
        message_id=row.message_id,
    )
