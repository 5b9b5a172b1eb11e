"""Quiet hours, one table of cases for both versions: `ranking.in_quiet_hours` in
Python and the candidate query's filter in SQL, on each backend. The dispatcher
runs both (SQL to pre-filter, Python on what comes back), so they must agree."""

from __future__ import annotations

from datetime import time

from domain import ranking
from storage.sql import SqlDatabase
from tests.storage.conftest import World

H = 60  # minutes in an hour
VOLUNTEER = 901  # at point 11, civility
CASES = [  # (quiet_start, quiet_end, minute after local midnight, quiet?)
    (None, None, 12 * H, False),  # none set
    (22 * H, None, 23 * H, False),  # half set counts as none
    (None, 7 * H, 3 * H, False),
    (10 * H, 10 * H, 10 * H, False),  # start == end: no quiet hours, not all day
    (13 * H, 14 * H, 13 * H - 1, False),  # a nap: start inclusive, end exclusive
    (13 * H, 14 * H, 13 * H, True),
    (13 * H, 14 * H, 14 * H - 1, True),
    (13 * H, 14 * H, 14 * H, False),
    (22 * H, 7 * H, 22 * H - 1, False),  # overnight, wrapping past midnight
    (22 * H, 7 * H, 22 * H, True),
    (22 * H, 7 * H, 24 * H - 1, True),
    (22 * H, 7 * H, 0, True),
    (22 * H, 7 * H, 7 * H - 1, True),
    (22 * H, 7 * H, 7 * H, False),
    (22 * H, 7 * H, 12 * H, False),
    (0, 24 * H - 1, 0, True),  # all but the last minute of the day
    (0, 24 * H - 1, 24 * H - 1, False),
    (24 * H - 1, 0, 24 * H - 1, True),  # only the last minute
    (24 * H - 1, 0, 0, False),
]


async def test_python_and_sql_quiet_hours_agree_on_every_case(
    db: SqlDatabase, world: World
) -> None:
    wrong = []
    for start, end, minute, quiet in CASES:
        async with db.transaction() as tx:
            await tx.volunteers.set_quiet(VOLUNTEER, start, end)
            volunteer = await tx.volunteers.get(VOLUNTEER)
            found = await tx.volunteers.candidates("civility", [11], awake_at=minute)
        assert volunteer is not None
        python = ranking.in_quiet_hours(volunteer, time(minute // H, minute % H))
        sql = VOLUNTEER not in {v.user_id for v in found}
        if (python, sql) != (quiet, quiet):
            wrong.append(((start, end, minute), {"want": quiet, "python": python, "sql": sql}))
    assert wrong == []
