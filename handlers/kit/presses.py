"""Declarative presses: a button's callback data, derived from a frozen dataclass.

A press is declared once, in the feature module that handles it:

    @press("o")
    @dataclass(frozen=True, slots=True)
    class OfferPress:
        order_id: int
        act: Literal["a", "d"]

and packs to `o:12:a`: the prefix, then each field in order, `:` between them.
Fields may be `int`, `str`, `bool` ("1" / "0"), a `StrEnum` or `IntEnum` (its
value), a `Literal` of strs or ints, or `X | None` of one of those (None is the
empty field, so a str is never empty). Only the last field may hold `:`, since
it takes the rest of the data; `pack` refuses it anywhere else. Telegram keeps
at most 64 bytes of callback data, so `pack` refuses more, at the moment the
button is drawn rather than when Telegram rejects the message.

A prefix is taken for ever: buttons already in people's chats keep their data,
so a prefix declared twice raises at import, and a format that must change
keeps a decoder for its old data under `retire` (which holds that prefix too).
`unpack` returns None for anything it cannot read (stale, forged or truncated
data); the router answers that with "unknown button". The data only says what
was pressed; who may do it is checked by the domain.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance as Press  # every press is a dataclass
else:
    Press = object

MAX_BYTES = 64  # Telegram's limit on callback_data
SEP = ":"

T = TypeVar("T")

_INT = re.compile(r"0|-?[1-9][0-9]*")  # only what str(int) writes: "01", "+1", " 1" are forged


class PressError(ValueError):
    """A press that cannot be declared or packed: a bug, raised where it is written."""


@dataclass(frozen=True, slots=True)
class _Field:
    """How one field goes to and from the wire."""

    name: str
    encode: Callable[[Any], str]
    decode: Callable[[str], Any]  # raises ValueError on anything it did not write
    tail: bool  # the last field, a str: it may hold SEP


@dataclass(frozen=True, slots=True)
class _Codec:
    prefix: str
    cls: type
    fields: tuple[_Field, ...]


class Presses:
    """A registry of press types: their prefixes, and pack / unpack for all of them.

    The bot uses the one below (`PRESSES`); tests make their own to declare
    throwaway presses without touching it.
    """

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._by_prefix: dict[str, _Codec] = {}
        self._by_type: dict[type, _Codec] = {}
        self._retired: dict[str, Callable[[str], Press | None]] = {}

    def declare(self, prefix: str) -> Callable[[type[T]], type[T]]:
        """The class decorator: `@press("o")` above `@dataclass(frozen=True)`."""

        def decorate(cls: type[T]) -> type[T]:
            self._take(prefix, f"{cls.__module__}.{cls.__qualname__}")
            codec = _Codec(prefix, cls, _fields_of(cls))
            self._by_prefix[prefix] = codec
            self._by_type[cls] = codec
            return cls

        return decorate

    def retire(self, prefix: str, decode: Callable[[str], Press | None]) -> None:
        """Keep reading an old format: `decode` gets what follows `prefix:` and
        returns today's press for it (or None). The prefix stays taken."""
        self._take(prefix, "a retired format")
        self._retired[prefix] = decode

    def types(self) -> tuple[type, ...]:
        """Every declared press type, in the order they were declared."""
        return tuple(self._by_type)

    def is_press(self, cls: type) -> bool:
        return cls in self._by_type

    def pack(self, press: Press) -> str:
        codec = self._by_type.get(type(press))
        if codec is None:
            raise TypeError(f"not a declared press: {press!r}")
        parts = [codec.prefix]
        for field in codec.fields:
            value = getattr(press, field.name)
            try:
                part = field.encode(value)
            except (TypeError, ValueError) as error:
                raise PressError(f"{type(press).__name__}.{field.name}: {error}") from None
            if SEP in part and not field.tail:
                raise PressError(
                    f"{type(press).__name__}.{field.name} may not hold {SEP!r}: {value!r}"
                )
            parts.append(part)
        data = SEP.join(parts)
        if len(data.encode()) > self.max_bytes:
            raise PressError(f"callback data over {self.max_bytes} bytes: {data!r}")
        return data

    def unpack(self, data: str) -> Press | None:
        """The press `data` stands for, or None for anything malformed."""
        if len(data.encode()) > self.max_bytes:
            return None
        prefix, sep, rest = data.partition(SEP)
        codec = self._by_prefix.get(prefix)
        if codec is None:
            retired = self._retired.get(prefix)
            if retired is None or not sep:
                return None
            try:
                return retired(rest)
            except (ValueError, IndexError):
                return None
        if not codec.fields:
            return codec.cls() if not sep else None
        if not sep:
            return None
        parts = rest.split(SEP, len(codec.fields) - 1)
        if len(parts) != len(codec.fields):
            return None
        try:
            values = {f.name: f.decode(part) for f, part in zip(codec.fields, parts, strict=True)}
        except ValueError:
            return None
        return codec.cls(**values)

    def _take(self, prefix: str, what: str) -> None:
        if not prefix or SEP in prefix:
            raise PressError(f"a press prefix is non-empty and without {SEP!r}: {prefix!r}")
        if prefix in self._by_prefix or prefix in self._retired:
            owner = self._by_prefix.get(prefix)
            taken = owner.cls.__qualname__ if owner else "a retired format"
            raise PressError(f"press prefix {prefix!r} for {what} is taken by {taken}")


def _fields_of(cls: type) -> tuple[_Field, ...]:
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen:
        raise PressError(f"{cls.__qualname__}: a press is a frozen dataclass")
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    out = []
    for i, field in enumerate(fields):
        last = i == len(fields) - 1
        try:
            encode, decode, is_str = _converters(hints[field.name])
        except PressError as error:
            raise PressError(f"{cls.__qualname__}.{field.name}: {error}") from None
        out.append(_Field(field.name, encode, decode, tail=last and is_str))
    return tuple(out)


Converters = tuple[Callable[[Any], str], Callable[[str], Any], bool]


def _converters(hint: Any) -> Converters:
    """encode, decode, and whether the wire form is free text (may hold SEP)."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1 or len(args) != 2:
            raise PressError(f"only `X | None` unions are supported, not {hint!r}")
        return _optional(*_converters(inner[0]))
    if typing.get_origin(hint) is Literal:
        return _literal(args)
    if hint is bool:  # before int: bool is an int
        return _encode_bool, _decode_bool, False
    if hint is int:
        return _encode_int, _decode_int, False
    if hint is str:
        return _encode_str, _decode_str, True
    if isinstance(hint, type) and issubclass(hint, (StrEnum, IntEnum)):
        return _enum(hint)
    raise PressError(f"unsupported field type {hint!r}")


def _encode_int(value: int) -> str:
    if type(value) is not int:
        raise TypeError(f"an int, not {value!r}")
    return str(value)


def _decode_int(part: str) -> int:
    if not _INT.fullmatch(part):
        raise ValueError(part)
    return int(part)


def _encode_str(value: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"a non-empty str, not {value!r}")
    return value


def _decode_str(part: str) -> str:
    if not part:
        raise ValueError("empty")
    return part


def _encode_bool(value: bool) -> str:
    if not isinstance(value, bool):
        raise TypeError(f"a bool, not {value!r}")
    return "1" if value else "0"


def _decode_bool(part: str) -> bool:
    if part not in ("0", "1"):
        raise ValueError(part)
    return part == "1"


def _wire_forms(values: tuple[Any, ...]) -> dict[str, Any]:
    forms = {str(v.value if isinstance(v, Enum) else v): v for v in values}
    if len(forms) != len(values) or any(not f or SEP in f for f in forms):
        raise PressError(f"choices must be distinct, non-empty and without {SEP!r}: {values!r}")
    return forms


def _choices(forms: dict[str, Any]) -> Converters:
    by_value = {value: form for form, value in forms.items()}

    def encode(value: Any) -> str:
        form = by_value.get(value)
        if form is None:
            raise ValueError(f"not one of {tuple(forms)}: {value!r}")
        return form

    def decode(part: str) -> Any:
        if part not in forms:
            raise ValueError(part)
        return forms[part]

    return encode, decode, False


def _literal(args: tuple[Any, ...]) -> Converters:
    if not args or any(type(a) not in (str, int) for a in args):
        raise PressError(f"a Literal of strs or ints, not {args!r}")
    return _choices(_wire_forms(args))


def _enum(enum: type[StrEnum] | type[IntEnum]) -> Converters:
    return _choices(_wire_forms(tuple(enum)))


def _optional(
    encode: Callable[[Any], str], decode: Callable[[str], Any], is_str: bool
) -> Converters:
    def encode_optional(value: Any) -> str:
        return "" if value is None else encode(value)

    def decode_optional(part: str) -> Any:
        return None if part == "" else decode(part)

    return encode_optional, decode_optional, is_str


PRESSES = Presses()
press = PRESSES.declare
pack = PRESSES.pack
unpack = PRESSES.unpack
