"""Between PTB's objects and ours: `Update` -> `Inbound`, our `Markup` -> PTB markup.

The update is read from PTB's objects directly rather than through
`update.to_dict()` and `botapi.parse_update`: to_dict costs about 200 µs an
update, parse_update on the dict about 8. The rules are the same (command
parsing is shared), and the tests feed both paths the same updates.
"""

from __future__ import annotations

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
    User,
)

from handlers.ports import (
    Inbound,
    InlineKeyboard,
    Kind,
    Markup,
    RemoveKeyboard,
    ReplyKeyboard,
    Sender,
)

from .botapi import addressed_to_us, split_command

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def inbound_from_update(update: Update, bot_username: str | None = None) -> Inbound | None:
    """What `botapi.parse_update(update.to_dict())` gives, without the dict."""
    if update.message is not None:
        return _from_message(update.update_id, update.message, bot_username)
    if update.callback_query is not None:
        return _from_callback(update.update_id, update.callback_query)
    return None


def _sender(user: User | None, fallback_id: int) -> Sender:
    if user is None:
        return Sender(id=fallback_id)
    return Sender(
        id=user.id,
        first_name=user.first_name,
        username=user.username,
        language_code=user.language_code,
    )


def _from_message(update_id: int, message: Message, bot_username: str | None) -> Inbound | None:
    chat = message.chat
    base = {
        "update_id": update_id,
        "chat_id": chat.id,
        "chat_type": str(chat.type),
        "sender": _sender(message.from_user, chat.id),
        "message_id": message.message_id,
    }
    if message.text is not None:
        parsed = split_command(message.text)
        if parsed is None:
            return Inbound(kind=Kind.TEXT, text=message.text, **base)  # type: ignore[arg-type]
        command, target, args = parsed
        if not addressed_to_us(target, bot_username):
            return None
        return Inbound(kind=Kind.COMMAND, text=message.text, command=command, args=args, **base)  # type: ignore[arg-type]
    if message.location is not None:
        where = (message.location.latitude, message.location.longitude)
        return Inbound(kind=Kind.LOCATION, location=where, **base)  # type: ignore[arg-type]
    if message.contact is not None:
        contact = message.contact
        return Inbound(
            kind=Kind.CONTACT,
            phone=contact.phone_number,
            contact_user_id=contact.user_id,
            **base,  # type: ignore[arg-type]
        )
    kind = Kind.PHOTO if message.photo else Kind.OTHER
    return Inbound(kind=kind, text=message.caption or "", **base)  # type: ignore[arg-type]


def _from_callback(update_id: int, query: CallbackQuery) -> Inbound:
    sender = _sender(query.from_user, 0)
    message = query.message
    # A button under an inline-mode message has no chat; answer in private.
    chat = message.chat if message is not None else None
    return Inbound(
        update_id=update_id,
        kind=Kind.BUTTON,
        chat_id=chat.id if chat is not None else sender.id,
        chat_type=str(chat.type) if chat is not None else "private",
        sender=sender,
        data=query.data or "",
        callback_id=query.id,
        message_id=message.message_id if message is not None else None,
    )


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
