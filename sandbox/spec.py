"""The Telegram Bot API as published, compiled once, and JSON checked against it.

`api.min.json` (Bot API 10.1, from PaulSonOfLars/telegram-bot-api-spec, MIT) is
vendored under ``sandbox/specs/telegram-bot-api/`` with its licence, so the
sandbox works from an installed wheel too; a test keeps it equal to the
repository's ``../shared/specs`` copy. `load_spec` reads and compiles it once per
process.

`Spec.problem` checks a decoded JSON value (a nested parameter, or anything the
sandbox returns) against a type of the spec: required fields present, no field
the spec does not name, types matching, recursively through arrays, objects and
unions (``subtypes``, told apart by their constant ``type`` field). A problem
reads as Telegram's JSON errors do (``Field "text" must be of type String``,
``Can't find field "text"``) and names the object it was found in. The checks
of whole requests, with Telegram's leniency for form-encoded values, are in
`sandbox.spec_check`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VENDORED = Path(__file__).resolve().parent / "specs" / "telegram-bot-api" / "api.min.json"

# JSON types by the names td's JSON errors use.
_JSON_NAMES = {
    "Integer": "Number",
    "Float": "Number",
    "String": "String",
    "Boolean": "Boolean",
    "True": "Boolean",
}
_ALWAYS = re.compile(r"(?:must be|always) [“\"]?([a-z_]+)[”\"]?")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


PRIMITIVES: dict[str, Callable[[object], bool]] = {
    "Integer": _is_int,
    "Float": _is_number,
    "String": lambda value: isinstance(value, str),
    "Boolean": lambda value: isinstance(value, bool),
    "True": lambda value: value is True,
}


@dataclass(frozen=True, slots=True)
class TypeRef:
    """``Array of Array of KeyboardButton`` is TypeRef("KeyboardButton", depth=2)."""

    name: str
    depth: int = 0

    @classmethod
    def parse(cls, text: str) -> TypeRef:
        depth = 0
        while text.startswith("Array of "):
            text, depth = text.removeprefix("Array of "), depth + 1
        return cls(text, depth)

    def item(self) -> TypeRef:
        return TypeRef(self.name, self.depth - 1)

    def __str__(self) -> str:
        return "Array of " * self.depth + self.name


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    types: tuple[TypeRef, ...]
    required: bool


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """An object type; a union has `subtypes` and no fields of its own."""

    name: str
    fields: Mapping[str, FieldSpec]
    subtypes: tuple[TypeRef, ...] = ()
    # A subtype's constant first field, e.g. ("type", "default") of BotCommandScopeDefault.
    constant: tuple[str, str] | None = None
    required: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    params: Mapping[str, FieldSpec]
    returns: tuple[TypeRef, ...]
    required: tuple[str, ...] = ()


def _required(fields: Mapping[str, FieldSpec]) -> tuple[str, ...]:
    return tuple(name for name, field in fields.items() if field.required)


@dataclass(frozen=True, slots=True)
class Problem:
    """Where a value departs from the spec: `detail` in Telegram's words, the object
    type it was found in (`within`, None at the top), and the JSON path."""

    detail: str
    within: str | None
    path: str

    def describe(self) -> str:
        return f"{self.path}: {self.detail}" if self.path else self.detail

    def under(self, prefix: str) -> Problem:
        """The same problem, seen from the value that holds this one at `prefix`."""
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return Problem(self.detail, self.within, path)


def _field(raw: Mapping[str, Any]) -> FieldSpec:
    types = tuple(TypeRef.parse(text) for text in raw["types"])
    return FieldSpec(raw["name"], types, bool(raw["required"]))


def _constant(raw: Mapping[str, Any]) -> tuple[str, str] | None:
    fields = raw.get("fields") or []
    if not raw.get("subtype_of") or not fields or fields[0]["types"] != ["String"]:
        return None
    found = _ALWAYS.search(fields[0]["description"])
    return (fields[0]["name"], found.group(1)) if found else None


class Spec:
    """The compiled spec: methods by lower-cased name (Telegram ignores case), types."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.version: str = raw["version"]
        self.types: dict[str, TypeSpec] = {}
        for name, body in raw["types"].items():
            fields = {f["name"]: _field(f) for f in body.get("fields") or []}
            subtypes = tuple(TypeRef.parse(text) for text in body.get("subtypes") or [])
            self.types[name] = TypeSpec(name, fields, subtypes, _constant(body), _required(fields))
        self.methods: dict[str, MethodSpec] = {}
        for name, body in raw["methods"].items():
            params = {f["name"]: _field(f) for f in body.get("fields") or []}
            returns = tuple(TypeRef.parse(text) for text in body["returns"])
            self.methods[name.lower()] = MethodSpec(name, params, returns, _required(params))
        self._compiled: dict[TypeRef, Check] = {}
        self._compiled_any: dict[tuple[TypeRef, ...], Check] = {}

    def method(self, name: str) -> MethodSpec | None:
        return self.methods.get(name.lower())

    # checks of decoded JSON ---------------------------------------------------
    # Each type is compiled on first use into a closure, kept for the process, so a
    # check walks the value and nothing else; paths are built only on failure.

    def checker(self, types: tuple[TypeRef, ...]) -> Check:
        """The compiled check of `types`: a value -> None, or its problem."""
        return self._any(types)

    def problem(self, value: object, types: tuple[TypeRef, ...], path: str = "") -> Problem | None:
        """None if `value` is one of `types`, else the problem that tells most."""
        found = self._any(types)(value)
        return found.under(path) if found is not None and path else found

    def result_problem(self, method: str, result: object) -> Problem | None:
        spec = self.method(method)
        return None if spec is None else self.problem(result, spec.returns, "result")

    def _any(self, refs: tuple[TypeRef, ...]) -> Check:
        found = self._compiled_any.get(refs)
        if found is None:
            found = self._compiled_any[refs] = self._build_any(refs)
        return found

    def _one(self, ref: TypeRef) -> Check:
        found = self._compiled.get(ref)
        if found is None:
            found = self._compiled[ref] = self._build(ref)
        return found

    def _build_any(self, refs: tuple[TypeRef, ...]) -> Check:
        if len(refs) == 1:
            return self._one(refs[0])
        if len({ref.depth for ref in refs}) == 1 and refs[0].depth:
            # sendMediaGroup's "Array of InputMediaPhoto, Array of InputMediaVideo, ...":
            # one array whose items may be of any of them (photos and videos mix).
            return self._array(tuple(ref.item() for ref in refs))
        objects = [ref for ref in refs if ref.depth == 0 and ref.name in self.types]
        pick = self._picker(objects)
        names = " or ".join(dict.fromkeys(_json_name(ref) for ref in refs))
        checks: list[Check] = []  # compiled on first use: types refer to each other

        def any_of(value: object) -> Problem | None:
            if not checks:
                checks.extend(self._one(ref) for ref in (*refs, *objects))
            if objects and type(value) is dict:
                return checks[len(refs) + pick(value)](value)
            for check in checks[: len(refs)]:
                if check(value) is None:
                    return None
            return Problem(f"must be of type {names}", None, "")

        return any_of

    def _build(self, ref: TypeRef) -> Check:
        if ref.depth:
            return self._array((ref.item(),))
        primitive = PRIMITIVES.get(ref.name)
        if primitive is not None:
            return _primitive(ref, primitive)
        spec = self.types.get(ref.name)
        if spec is None:  # InputFile: only a request's file parts are files
            problem = Problem(f"must be of type {ref.name}", None, "")
            return lambda value: problem
        if spec.subtypes:
            return self._union(spec)
        check = self._object(spec)
        if ref.name == "KeyboardButton":  # Telegram takes a bare string as a text button
            return lambda value: None if type(value) is str else check(value)
        return check

    def _array(self, items: tuple[TypeRef, ...]) -> Check:
        of_arrays = items[0].depth > 0

        compiled: list[Check] = []

        def array(value: object) -> Problem | None:
            if type(value) is not list:
                return Problem("must be of type Array", None, "")
            if not compiled:
                compiled.append(self._any(items))
            check = compiled[0]
            for index, element in enumerate(value):
                if of_arrays and type(element) is not list:
                    return Problem("must be an Array of Arrays", None, "")
                found = check(element)
                if found is not None:
                    return found.under(f"[{index}]")
            return None

        return array

    def _object(self, spec: TypeSpec) -> Check:
        checks: dict[str, Check] = {}  # filled on first use: types refer to each other
        unknown = f"is not in {self.version}"

        def obj(value: object) -> Problem | None:
            if type(value) is not dict:
                return Problem("must be of type Object", None, "")
            for name in spec.required:
                if name not in value:
                    return Problem(f'Can\'t find field "{name}"', spec.name, "")
            if not checks:
                checks.update({n: self._any(f.types) for n, f in spec.fields.items()})
            for name, given in value.items():
                check = checks.get(name)
                if check is None:
                    return Problem(f'Field "{name}" {unknown}', spec.name, "")
                found = check(given)
                if found is not None:
                    if found.within is None:  # a plain value: say which field of this object
                        return Problem(f'Field "{name}" {found.detail}', spec.name, "").under(
                            name + found.path
                        )
                    return found.under(name)
            if spec.constant is not None:
                name, constant = spec.constant
                if value.get(name) != constant:
                    return Problem(f'Field "{name}" must be "{constant}"', spec.name, "")
            return None

        return obj

    def _union(self, spec: TypeSpec) -> Check:
        """A union whose members all have a constant field is told apart by it."""
        members = [self.types.get(ref.name) for ref in spec.subtypes]
        constants = [member.constant if member else None for member in members]
        fields = {constant[0] for constant in constants if constant}
        if None in constants or len(fields) != 1:
            return self._any(spec.subtypes)
        [name] = fields
        by_value = {c[1]: ref for c, ref in zip(constants, spec.subtypes, strict=True) if c}
        allowed = ", ".join(f'"{value}"' for value in by_value)

        def union(value: object) -> Problem | None:
            if type(value) is not dict:
                return Problem("must be of type Object", None, "")
            if name not in value:
                return Problem(f'Can\'t find field "{name}"', spec.name, "")
            ref = by_value.get(value[name]) if isinstance(value[name], str) else None
            if ref is None:
                return Problem(f'Field "{name}" must be one of {allowed}', spec.name, "")
            return self._one(ref)(value)

        return union

    def _picker(self, refs: list[TypeRef]) -> Callable[[Mapping[str, Any]], int]:
        """Which of the object types `refs` a value means to be (its index): its
        constant field says so, else the one naming most of its keys, preferring one
        whose required fields are there (the reply markups: inline_keyboard, keyboard,
        remove_keyboard, force_reply)."""
        specs = [self.types[ref.name] for ref in refs]
        keys = [(spec.fields.keys(), frozenset(spec.required)) for spec in specs]
        constants = [(index, spec.constant) for index, spec in enumerate(specs) if spec.constant]

        def pick(value: Mapping[str, Any]) -> int:
            for index, (name, constant) in constants:
                if value.get(name) == constant:
                    return index
            best, best_score = 0, (-1, False)
            for index, (fields, required) in enumerate(keys):
                score = (len(value.keys() & fields), required <= value.keys())
                if score > best_score:
                    best, best_score = index, score
            return best

        return pick


Check = Callable[[object], Problem | None]


def _primitive(ref: TypeRef, accepts: Callable[[object], bool]) -> Check:
    wrong = Problem(f"must be of type {_json_name(ref)}", None, "")
    if ref.name == "String":  # the commonest by far: checked without a call
        return lambda value: None if type(value) is str else wrong
    if ref.name == "Integer":
        not_integral = Problem("must be an Integer", None, "")
        return lambda value: (
            None if type(value) is int else not_integral if type(value) is float else wrong
        )
    return lambda value: None if accepts(value) else wrong


def _json_name(ref: TypeRef) -> str:
    if ref.depth:
        return "Array"
    return _JSON_NAMES.get(ref.name, "Object" if ref.name != "InputFile" else ref.name)


@functools.cache
def load_spec(path: Path = VENDORED) -> Spec:
    """The compiled spec, read once per process and path."""
    return Spec(json.loads(path.read_text(encoding="utf-8")))
