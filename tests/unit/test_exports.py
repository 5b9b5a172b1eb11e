"""`/export`'s rules without I/O: what the arguments mean, and the sums as rows stream."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.errors import Refused
from domain.exports import Summary, parse_request
from domain.models import OrderStatus
from domain.ports.exports import ExportRow

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", ("xlsx", None, date(2026, 11, 1), date(2026, 11, 21))),
        ("csv", ("csv", None, date(2026, 11, 1), date(2026, 11, 21))),
        ("CSV 10", ("csv", 10, date(2026, 11, 1), date(2026, 11, 21))),
        ("10 2026-10", ("xlsx", 10, date(2026, 10, 1), date(2026, 11, 1))),
        ("2026-12", ("xlsx", None, date(2026, 12, 1), date(2027, 1, 1))),
        ("2026-02-03", ("xlsx", None, date(2026, 2, 3), date(2026, 2, 4))),
        ("xlsx 1 2026-01 2026-03", ("xlsx", 1, date(2026, 1, 1), date(2026, 4, 1))),
        ("1 2026-01-15 2026-01-31", ("xlsx", 1, date(2026, 1, 15), date(2026, 2, 1))),
    ],
)
def test_the_arguments_name_a_format_site_and_period(
    args: str, expected: tuple[object, ...]
) -> None:
    request = parse_request(args, TODAY)
    assert (request.format, request.site_id, request.start, request.end) == expected


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ("2026-13", "export-bad-date"),
        ("2026-02-30", "export-bad-date"),
        ("yesterday", "export-bad-date"),
        ("2026-11 2026-10", "export-bad-period"),
        ("1 2026-01 2026-02 2026-03", "export-usage"),
    ],
)
def test_wrong_arguments_are_refused(args: str, reason: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_request(args, TODAY)
    assert refused.value.reason == reason


def _row(order_id: int, site: int, cat: str, status: OrderStatus, **kw: object) -> ExportRow:
    at = datetime(2026, 11, 20, tzinfo=UTC)
    return ExportRow(order_id, site, cat, 1, status, at, at.date(), None, **kw)  # type: ignore[arg-type]


def test_the_summary_sums_by_site_and_category_with_subtotals() -> None:
    summary = Summary()
    summary.add(
        [
            _row(1, 11, "civility", OrderStatus.RATED, rating=5, hours=1.5),
            _row(2, 11, "civility", OrderStatus.RATED, rating=4, hours=1.0),
            _row(3, 11, "culture", OrderStatus.CANCELLED, rating=None, hours=None),
            _row(4, 12, "culture", OrderStatus.DONE, rating=None, hours=2.0),
        ]
    )
    [(site_11, cats_11, sub_11), (site_12, _, sub_12)] = summary.by_site([10, 11, 12])
    assert (site_11, site_12) == (11, 12)
    civility = dict(cats_11)["civility"]
    assert (civility.orders, civility.finished, civility.rated, civility.average_rating) == (
        2,
        2,
        2,
        4.5,
    )
    assert (sub_11.orders, sub_11.cancelled, sub_11.hours) == (3, 1, 2.5)
    assert sub_12.average_rating is None and sub_12.finished == 1
    total = summary.total()
    assert (total.orders, total.hours, total.rated) == (4, 4.5, 2)
