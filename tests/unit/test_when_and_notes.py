"""Dates and event notes as data: `domain.when`, `domain.notes`, and their words
(`handlers.kit.render.when_text`, the history's `note-*` keys) in both languages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from domain import notes
from domain.notes import Note
from domain.when import When, week_end
from handlers.kit import render
from locales import LOCALES
from tests.translator import shared_translator

TR = shared_translator()
THU = date(2026, 12, 3)
ASCII_LETTERS = re.compile("[A-Za-z]")


@pytest.mark.parametrize(
    ("when", "zh", "en"),
    [
        (When(THU), "12月3日（周四）", "Thu 3 Dec"),
        (When(date(2026, 12, 6), by=True), "本周内（12月6日前）", "by Sun 6 Dec"),
    ],
)
def test_an_order_day_is_shown_as_a_date_never_as_tomorrow(when: When, zh: str, en: str) -> None:
    assert render.when_text(TR, "zh-CN", when) == zh
    assert render.when_text(TR, "en", when) == en


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("today", When(THU)),
        ("tomorrow", When(date(2026, 12, 4))),
        ("week", When(date(2026, 12, 6), by=True)),
    ],
)
def test_relative_words_become_the_dates_they_mean_on_the_day_chosen(
    word: str, expected: When
) -> None:
    assert When.relative(word, THU) == expected


def test_week_end_is_the_sunday_and_a_sunday_is_its_own() -> None:
    assert week_end(date(2026, 11, 30)) == date(2026, 12, 6)  # Monday
    assert week_end(date(2026, 12, 6)) == date(2026, 12, 6)  # Sunday


@pytest.mark.parametrize("when", [When(THU), When(date(2026, 12, 6), by=True)])
def test_when_survives_its_text_form(when: When) -> None:
    assert When.decode(when.encode(), date(2030, 1, 1)) == when


def test_a_conversation_from_before_dates_still_decodes_its_word() -> None:
    assert When.decode("tomorrow", THU) == When(date(2026, 12, 4))


NOTES = [
    notes.wave(0),
    notes.wave_timed_out(),
    notes.no_volunteers(),
    notes.escalated(1),
    notes.escalated(2),
    notes.escalated(3),
    notes.declined(),
    notes.assigned(),
    notes.reassigned(900003),
    notes.released(""),
    notes.released("临时有事"),
    notes.cancelled_by_resident(),
    notes.cancelled_by_coordinator(""),
    notes.cancelled_by_coordinator("居民已不需要"),
]


@pytest.mark.parametrize("raw", NOTES)
def test_every_note_the_domain_writes_has_words_without_english_in_chinese(raw: str) -> None:
    note = notes.decode(raw)
    assert note is not None and note.code in notes.CODES
    zh = TR.text("zh-CN", f"note-{note.code}", **note.args)
    assert zh and not ASCII_LETTERS.search(zh), zh
    for locale in LOCALES:
        assert TR.has(f"note-{note.code}"), locale


def test_note_codec_keeps_code_and_arguments_and_the_reason_word_for_word() -> None:
    reason = '临时有事, "urgent" {x}'
    note = notes.decode(notes.released(reason))
    assert note == Note(notes.RELEASED_REASON, {"reason": reason})
    assert notes.decode(notes.wave(0)) == Note(notes.WAVE, {"round": "1"})
    assert notes.decode(notes.reassigned(None)) == Note(notes.ASSIGNED)


def test_a_note_not_in_the_encoding_reads_as_free_text_and_none_as_nothing() -> None:
    assert notes.decode("居民已不需要") == Note(notes.TEXT, {"text": "居民已不需要"})
    assert notes.decode("{not json") == Note(notes.TEXT, {"text": "{not json"})
    assert notes.decode("") is None
    assert notes.decode('{"code":"from-the-future"}') is None


@pytest.mark.parametrize("code", sorted(notes.CODES))
def test_every_note_code_has_words_in_both_locales(code: str) -> None:
    assert TR.has(f"note-{code}")
