"""Every Bot API request checked against the published spec, as Telegram reads it.

Before a method runs, `RequestCheck.request` makes sure the method exists in the
spec, no parameter is unknown to it, none it requires is missing, and each value
has one of its types. Values come as Telegram takes them: native in a JSON body,
text in a query string, a urlencoded form or a multipart form (so ``"25"`` is an
Integer, ``"true"`` a Boolean, and an object or array may come JSON-serialized,
as ``reply_markup`` does from python-telegram-bot); an empty value counts as
given but is not checked, as Telegram takes it as absent. Files are the
multipart parts, named by an InputFile parameter or by an ``attach://`` reference.

A request that departs from the spec is answered 400 with a description in
Telegram's wording where Telegram has one (``Bad Request: chat_id is empty``,
``Bad Request: can't parse inline keyboard button: Field "text" must be of type
String``); Telegram silently ignores unknown parameters and fields, the sandbox
refuses them (``... is not in Bot API 10.1``) so a misspelt one fails a test
instead of doing nothing. `RequestCheck.result` checks what the sandbox answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .spec import Check, FieldSpec, MethodSpec, Problem, Spec, TypeRef, load_spec
from .validation import ApiError

# Telegram's own words for a missing parameter; the rest are 'parameter "x" is required'.
_MISSING = {
    "chat_id": "chat_id is empty",
    "text": "message text is empty",
    "message_id": "message identifier is not specified",
}
# Telegram's names of the objects it failed to parse; others go by their type name.
_CONTEXT = {"InlineKeyboardButton": "inline keyboard button", "KeyboardButton": "keyboard button"}
_JSON_PARAM = {"reply_markup": "reply keyboard markup"}
_MARKUPS = tuple(
    TypeRef(name)
    for name in ("InlineKeyboardMarkup", "ReplyKeyboardMarkup", "ReplyKeyboardRemove", "ForceReply")
)
_ATTACH = re.compile(r"attach://([A-Za-z0-9_.-]+)")
_INTEGER = re.compile(r"[+-]?\d+")
_BOOLEANS = {"true", "false", "1", "0"}


class SpecViolation(ApiError):
    """A 400 for a request the spec does not allow; `where` is the JSON path."""

    def __init__(self, method: str, description: str, where: str = "") -> None:
        super().__init__(400, description)
        self.method = method
        self.where = where

    def record(self) -> dict[str, Any]:
        return {"method": self.method, "description": self.description, "where": self.where}


def telegram_case(message: str) -> str:
    """Telegram lower-cases an error's first letter unless it begins a CONSTANT."""
    if len(message) >= 2 and (message[1] == "_" or message[1].isupper()):
        return message
    return message[:1].lower() + message[1:]


@dataclass(frozen=True, slots=True)
class _Plan:
    """One parameter's checks, worked out once per process."""

    param: FieldSpec
    any_text: bool  # a String: any text will do
    decodes: bool  # an object or an array: may come JSON-serialized
    check: Check
    markup_keys: frozenset[str]  # of a reply_markup: the keys of the markups it takes


class RequestCheck:
    """The checks of one spec (compiled once: `load_spec` caches it)."""

    def __init__(self, spec: Spec | None = None) -> None:
        self.spec = spec or load_spec()
        self._plans: dict[tuple[str, str], _Plan] = {}
        self._markup_keys = self._keys(_MARKUPS)

    def request(self, method: str, values: Mapping[str, Any], files: Mapping[str, Any]) -> None:
        """Raise `SpecViolation` unless the request is one the spec allows."""
        spec = self.spec.method(method)
        if spec is None:
            raise SpecViolation(
                method, f"Bad Request: method {method} is not in {self.spec.version}"
            )
        given = {name: value for name, value in values.items() if value is not None}
        names: list[str] = list(given)
        if files:
            attached = {ref for value in given.values() for ref in _attachments(value)}
            names += [part for part in files if part not in attached]
        for name in names:
            if name not in spec.params:
                raise SpecViolation(
                    spec.name,
                    f'Bad Request: parameter "{name}" is not in {self.spec.version}',
                    name,
                )
        for name in spec.required:
            if name not in given and name not in files:
                raise _missing(spec, spec.params[name])
        for name, value in given.items():
            if value != "":  # Telegram takes an empty value as none; the method says if wrong
                self._param(spec, self._plan(spec, name), value, files)
        for name in files:
            part_of = spec.params.get(name)
            if part_of is not None and not any(ref.name == "InputFile" for ref in part_of.types):
                raise _mismatch(spec, part_of)

    def result(self, method: str, result: object) -> Problem | None:
        """What is wrong with `result` as `method`'s answer (None: nothing)."""
        return self.spec.result_problem(method, result)

    def _plan(self, method: MethodSpec, name: str) -> _Plan:
        plan = self._plans.get((method.name, name))
        if plan is None:
            param = method.params[name]
            plan = self._plans[(method.name, name)] = _Plan(
                param,
                any(ref == TypeRef("String") for ref in param.types),
                any(ref.depth or ref.name in self.spec.types for ref in param.types)
                and param.types != (TypeRef("InputFile"),),
                self.spec.checker(param.types),
                self._keys(param.types) if name == "reply_markup" else frozenset(),
            )
        return plan

    def _keys(self, refs: tuple[TypeRef, ...]) -> frozenset[str]:
        return frozenset(key for ref in refs for key in self.spec.types[ref.name].fields)

    def _param(
        self, method: MethodSpec, plan: _Plan, value: object, files: Mapping[str, Any]
    ) -> None:
        param = plan.param
        if type(value) is str:
            if plan.any_text or any(_text_is(value, ref, files) for ref in param.types):
                return
            if not plan.decodes:
                raise _mismatch(method, param)
            try:
                value = json.loads(value)
            except ValueError:
                label = _JSON_PARAM.get(param.name, param.name)
                raise SpecViolation(
                    method.name, f"Bad Request: can't parse {label} JSON object", param.name
                ) from None
        if plan.markup_keys:
            self._markup_shape(method, value, plan)
        problem = plan.check(value)
        if problem is not None:
            raise _violation(method, param, problem.under(param.name))

    def _markup_shape(self, method: MethodSpec, value: object, plan: _Plan) -> None:
        """Telegram's own errors for a reply markup that is not one at all, or not one
        this method takes (an edit takes an inline keyboard only)."""
        if not isinstance(value, dict):
            raise SpecViolation(method.name, "Bad Request: object expected as reply markup", "")
        if self._markup_keys.isdisjoint(value):
            raise SpecViolation(
                method.name,
                "Bad Request: can't parse reply keyboard markup JSON object",
                plan.param.name,
            )
        if plan.markup_keys.isdisjoint(value):
            raise SpecViolation(
                method.name, "Bad Request: inline keyboard expected", plan.param.name
            )


def _missing(method: MethodSpec, param: FieldSpec) -> SpecViolation:
    missing = _MISSING.get(param.name, f'parameter "{param.name}" is required')
    if any(ref.name == "InputFile" for ref in param.types):
        missing = f"there is no {param.name.replace('_', ' ')} in the request"
    return SpecViolation(method.name, f"Bad Request: {missing}", param.name)


def _attachments(value: object) -> list[str]:
    """The parts `value` names by attach://, in its text or in a native object (JSON)."""
    if isinstance(value, list | dict):
        value = json.dumps(value)
    return _ATTACH.findall(value) if isinstance(value, str) else []


def _text_is(text: str, ref: TypeRef, files: Mapping[str, Any]) -> bool:
    """Whether a text value (form, query string) is one of this type."""
    if ref.depth:
        return False
    match ref.name:
        case "String":
            return True
        case "Integer":
            return _INTEGER.fullmatch(text) is not None
        case "Float":
            try:
                float(text)
            except ValueError:
                return False
            return True
        case "Boolean" | "True":
            return text.lower() in (_BOOLEANS if ref.name == "Boolean" else {"true", "1"})
        case "InputFile":
            found = _ATTACH.fullmatch(text)
            return found is not None and found.group(1) in files
    return False


def _mismatch(method: MethodSpec, param: FieldSpec) -> SpecViolation:
    # Telegram's words for a value it cannot read as the parameter's type (25.0 for an
    # Integer, say); the path of the record says which types the spec allows.
    names = " or ".join(str(ref) for ref in param.types)
    return SpecViolation(
        method.name, f"Bad Request: invalid {param.name} specified", f"{param.name}: {names}"
    )


def _violation(method: MethodSpec, param: FieldSpec, problem: Problem) -> SpecViolation:
    if problem.within is None:
        if problem.path == param.name:
            return _mismatch(method, param)
        detail = f'parameter "{param.name}" at {problem.path} {problem.detail}'
    elif problem.detail.endswith("must be an Array of Arrays"):
        # Telegram: 'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        of = f" of the {problem.within}" if problem.within == "InlineKeyboardMarkup" else ""
        detail = problem.detail.replace('" must', f'"{of} must')
    else:
        context = _CONTEXT.get(problem.within, problem.within)
        detail = f"Can't parse {context}: {problem.detail}"
    return SpecViolation(method.name, f"Bad Request: {telegram_case(detail)}", problem.path)
