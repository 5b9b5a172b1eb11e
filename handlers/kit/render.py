"""Words and keyboards: order lines and button grids, in the user's language.

(A flow question's keyboard is drawn by `handlers.kit.finishers`, where its press lives.)
"""

from __future__ import annotations

from collections.abc import Sequence

from conversations.model import Choice, Text
from domain.models import Catalogue, Order, Site
from domain.when import When
from handlers.kit.ports import Button, InlineKeyboard
from handlers.kit.presses import Press, pack
from locales import Translator
from locales.dates import day_words

STARS = "★"


def label(tr: Translator, locale: str, choice: Choice) -> str:
    return (
        choice.label
        if isinstance(choice.label, str)
        else tr.text(locale, choice.label.key, **choice.label.args)
    )


def grid(buttons: Sequence[Button], columns: int) -> list[tuple[Button, ...]]:
    columns = max(1, columns)
    return [tuple(buttons[i : i + columns]) for i in range(0, len(buttons), columns)]


def inline(*rows: Sequence[tuple[str, Press]]) -> InlineKeyboard:
    return InlineKeyboard(tuple(tuple(Button(t, pack(p)) for t, p in row) for row in rows))


def when_text(tr: Translator, locale: str, when: When) -> str:
    """The day wanted as a date ("12月3日（周四）"), or this week's deadline
    ("本周内（12月6日前）"): never "tomorrow", which is only true for a day."""
    if when.by:
        return tr.text(locale, "when-by", date=day_words(tr, locale, "date-pattern-by", when.day))
    return tr.text(locale, "when-on", date=day_words(tr, locale, "date-pattern-day", when.day))


def words(tr: Translator, locale: str, text: Text) -> str:
    """A `Text` in words; domain values among its arguments (a `When`, or a
    nested `Text`) are put into words first, so flows can hand them over as they are."""
    return tr.text(locale, text.key, **{k: _arg(tr, locale, v) for k, v in text.args.items()})


def _arg(tr: Translator, locale: str, value: object) -> object:
    if isinstance(value, When):
        return when_text(tr, locale, value)
    if isinstance(value, Text):
        return words(tr, locale, value)
    return value


# What only the volunteer who has the order may read (the resident's details, home
# and phone), never the people it is merely offered to.
# The phone goes to who has the order only when the resident gave one: its line
# ("phone_line", "phone_part") is then there, else empty (never "phone: -").
PRIVATE = frozenset({"details", "phone", "phone_line", "phone_part"})


def order_args(
    tr: Translator, locale: str, order: Order, catalogue: Catalogue, site: Site | None
) -> dict[str, object]:
    """The arguments every order message shares."""
    service = catalogue.service(order.service_id)
    return {
        "id": order.id,
        "service": service.name.pick(locale) if service else "?",
        "place": site.name.pick(locale) if site else "?",
        "when": when_text(tr, locale, order.when),
        "details": order.details or "-",
        "phone": order.phone or "-",
        "phone_line": _phone(tr, locale, "task-phone-line", order.phone, "\n"),
        "phone_part": _phone(tr, locale, "task-phone-part", order.phone, " · "),
        "status": tr.text(locale, f"status-{order.status.value}"),
    }


def _phone(tr: Translator, locale: str, key: str, phone: str | None, before: str) -> str:
    """The phone's line (after a line break) or part (after a dot) of a task
    message; "" when the resident gave none."""
    return before + tr.text(locale, key, phone=phone) if phone else ""


def stars(count: int) -> str:
    return STARS * count
