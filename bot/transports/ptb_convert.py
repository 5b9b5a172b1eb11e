"""Our `Markup` as PTB's markup objects.

Updates are not read here: the PTB transport hands the update's JSON to
`botapi.parse_update`, the raw transport's parser (see `PtbTransport.parse`).
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from handlers.kit.ports import InlineKeyboard, Markup, RemoveKeyboard, ReplyKeyboard

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def to_ptb_markup(markup: Markup | None) -> ReplyMarkup | None:
    """Our keyboard as PTB's reply markup object."""
    if markup is None:
        return None
    if isinstance(markup, InlineKeyboard):
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(b.text, callback_data=b.data) for b in row]
                for row in markup.rows
            ]
        )
    if isinstance(markup, ReplyKeyboard):
        rows = [
            [
                KeyboardButton(
                    b.text,
                    request_location=b.request == "location" or None,
                    request_contact=b.request == "contact" or None,
                )
                for b in row
            ]
            for row in markup.rows
        ]
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=markup.one_time)
    if isinstance(markup, RemoveKeyboard):
        return ReplyKeyboardRemove()
    raise TypeError(f"unknown markup {markup!r}")
