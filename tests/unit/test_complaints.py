"""domain/complaints.py's pure parts: what counts as a complaint, when the daily list
of orders nobody took goes out, and the history notes it writes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from domain import notes
from domain.complaints import DIGEST, DIGEST_AT, is_complaint, next_digest
from domain.deadlines import NAME_MAX
from domain.offers import UNCLAIMED
from tests.translator import shared_translator

COUNTY = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("stars", "complaint"), [(1, True), (2, True), (3, False), (5, False)])
def test_one_or_two_stars_is_a_complaint(stars: int, complaint: bool) -> None:
    assert is_complaint(stars) is complaint


@pytest.mark.parametrize(
    ("now", "due"),
    [
        # 17:00 in the county: tomorrow at 09:00 (01:00 UTC).
        (datetime(2026, 11, 20, 9, 0, tzinfo=UTC), datetime(2026, 11, 21, 1, 0, tzinfo=UTC)),
        # 08:59 in the county: the same morning.
        (datetime(2026, 11, 20, 0, 59, tzinfo=UTC), datetime(2026, 11, 20, 1, 0, tzinfo=UTC)),
        # exactly 09:00: the next day, never now again.
        (datetime(2026, 11, 20, 1, 0, tzinfo=UTC), datetime(2026, 11, 21, 1, 0, tzinfo=UTC)),
    ],
)
def test_the_daily_list_goes_out_at_nine_in_the_county(now: datetime, due: datetime) -> None:
    assert next_digest(now, COUNTY) == due
    assert next_digest(now, COUNTY).astimezone(COUNTY).time() == DIGEST_AT


def test_the_kinds_fit_the_deadline_column() -> None:
    assert len(DIGEST) <= NAME_MAX and len(UNCLAIMED) <= NAME_MAX


def test_the_notes_read_back_in_both_languages() -> None:
    tr = shared_translator()
    for raw in (notes.complaint("rating"), notes.redone(900001), notes.delayed()):
        note = notes.decode(raw)
        assert note is not None and note.code in notes.CODES
        for locale in ("zh-CN", "en"):
            assert "{" not in tr.text(locale, f"note-{note.code}", **note.args)
    zh = tr.text("zh-CN", "note-complaint", cause="comment")
    assert zh == "居民投诉（意见）"


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_every_rating_button_has_its_stars_and_words(locale: str) -> None:
    tr = shared_translator()
    for stars in range(1, 6):
        label = tr.text(locale, f"rate-button-{stars}")
        assert label.startswith("★" * stars + " ") and label.count("★") == stars
        assert len(label) > stars + 1
