"""Logging hygiene for the libraries: no update, request, answer or row in a log line.

python-telegram-bot logs every Bot API call with its parameters and its answer, the
API URL with the token, and every update it processes, all at DEBUG; its request
class puts an unreadable answer's body into an ERROR line; httpx logs request URLs
(token included) at INFO. Those lines carry residents' phones, addresses and
locations, so whatever level logging is set to (a root at DEBUG included), such
records are dropped, or their arguments left out, at the logger that makes them.
Our own engines get the same treatment in `storage.sql.engine`.

PTB's AIORateLimiter logs "Rate limit hit after maximum of 0 retries" with a
traceback on every 429: it is told to make no retries of its own, since our send
budget waits the 429 out (`bot.transports.ptb`), so the line is expected and dropped.

`domain.failures.described` is how our own code logs an exception it caught (a handler's failure):
one line with its type and the frames it passed through, never its message (a
database error's DETAIL quotes key values, `float("3号楼")` quotes the input) and
never the traceback text, which would print the message too. Frames carry code,
not values: they are safe, and they are what finds the bug.

`hold_library_logs` runs once at start-up (`App.create`) and may run again.
"""

from __future__ import annotations

import logging

# Logger -> the lowest level kept from it. Filters act where a record is made, so
# these are the loggers the libraries log on, not their parents.
DROPPED_BELOW: dict[str, int] = {
    "telegram.Bot": logging.INFO,
    "telegram.ext.ExtBot": logging.INFO,
    "telegram.ext.Application": logging.INFO,
    "telegram.ext.Updater": logging.INFO,
    "telegram.ext": logging.INFO,  # the network retry loop
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
}
# Loggers whose lines are kept, but without their arguments (a response body).
ARGUMENTS_DROPPED = ("telegram.request.BaseRequest",)
# Logger -> the start of a line template dropped from it (expected, not a fault).
EXPECTED = {"telegram.ext.AIORateLimiter": "Rate limit hit after maximum of"}


class DropBelow(logging.Filter):
    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level


class DropArguments(logging.Filter):
    """Keeps the line's template ("Can not load invalid JSON data: "%s"") only."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.args = ()
        return True


class DropExpected(logging.Filter):
    """Drops the lines whose template starts with `start`."""

    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.start)


def hold_library_logs() -> None:
    for name, level in DROPPED_BELOW.items():
        _add_once(logging.getLogger(name), DropBelow(level))
    for name in ARGUMENTS_DROPPED:
        _add_once(logging.getLogger(name), DropArguments())
    for name, start in EXPECTED.items():
        _add_once(logging.getLogger(name), DropExpected(start))


def _add_once(logger: logging.Logger, wanted: logging.Filter) -> None:
    if not any(type(f) is type(wanted) for f in logger.filters):
        logger.addFilter(wanted)
