"""Locales are checked: key parity, every key used in code exists, no user-facing
literal in code, and every message formats in both languages."""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

from conversations.flows.orders import CHANGEABLE, ORDER, WHEN_CHOICES
from conversations.model import FlowContext, Text
from domain import notes
from domain.models import REJECT_REASONS, OrderStatus
from domain.when import When
from handlers.kit import render
from locales import LOCALES
from tests.translator import shared_translator
from tests.unit.fakes import PROFILE, FakeReference

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("bot", "handlers", "conversations", "domain")
TR = shared_translator()
CJK = re.compile("[\u4e00-\u9fff]")

# bot/demo.py scripts a Chinese-speaking resident: its literals are what the user
# types, not what the bot says, so it is left out of the "no CJK literal" check.
# The visit's code words and typed-time tokens, and the words residents type for days
# and times (明天, 下周三, 下午), are data read or drawn, not words the bot says.
CJK_EXEMPT_FILES = {"bot/demo.py", "domain/visit_words.py", "domain/spoken_dates.py"}
# Input tokens the parsers strip from what residents type ("12月3日", "2小时"):
# read from the user, never shown to them. Each one is pinned here by file and value.
CJK_INPUT_TOKENS = {
    ("conversations/parsers.py", "年"),
    ("conversations/parsers.py", "月"),
    ("conversations/parsers.py", "日"),
    ("conversations/parsers.py", "号"),
    ("conversations/flows/hours.py", "hH小时 "),
    ("conversations/flows/activities.py", "人名位"),
    (
        "conversations/flows/activities.py",
        r"^(?P<day>.*?)[\sT]*(?P<h>\d{1,2})(?:[:：点时](?P<m>\d{2})?分?)$",
    ),
    ("handlers/honour.py", r"^(?:(\d{4})\s*[-/年.]\s*)?(\d{1,2})\s*月?$"),
}


def _sources(dirs: tuple[str, ...] = CODE_DIRS) -> Iterator[tuple[str, ast.Module]]:
    for folder in dirs:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            yield rel, ast.parse(path.read_text(encoding="utf-8"), rel)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _called(call: ast.Call) -> tuple[str, str]:
    """(receiver, name) of a call: ("ctx", "reply"), ("", "Text"), ("parsers", "text")."""
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return owner, func.attr
    return "", func.id if isinstance(func, ast.Name) else ""


def _keys_in_call(call: ast.Call) -> Iterator[str | None]:
    owner, name = _called(call)
    first = call.args[0] if call.args else None
    if name in ("reply", "t", "toast", "Text", "Invalid"):
        yield _literal(first)
    elif name == "text" and owner != "parsers":  # parsers.text(field, ...) names a field
        yield _literal(call.args[1] if len(call.args) > 1 else first)
    elif name == "Refused" and (reason := _literal(first)) is not None:
        yield f"refused-{reason}"
    elif name in ("close_offers", "coordinators"):  # notify: keys passed on positionally
        yield from (_literal(a) for a in call.args)
    for keyword in call.keywords:
        if keyword.arg in ("prompt", "cancel_text", "key"):
            yield _literal(keyword.value)


def keys_used_in_code() -> dict[str, str]:
    """key -> where it is used, for every string-literal locale key in code."""
    found: dict[str, str] = {}
    for rel, tree in _sources():
        for node in ast.walk(tree):
            keys: list[str | None] = []
            if isinstance(node, ast.Call):
                keys = list(_keys_in_call(node))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                keys = list(_key_param_defaults(node))
            for key in keys:
                if key is not None:
                    found.setdefault(key, f"{rel}:{getattr(node, 'lineno', '?')}")
    return found


def _key_param_defaults(node: ast.AST) -> Iterator[str | None]:
    """`def f(..., key: str = "coord-new-order")`: the default is a locale key."""
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    with_defaults = positional[len(positional) - len(args.defaults) :]
    for arg, default in zip(with_defaults, args.defaults, strict=True):
        if arg.arg == "key":
            yield _literal(default)


def refusal_reasons() -> set[str]:
    reasons: set[str] = set()
    for _rel, tree in _sources(("domain", "handlers")):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node)[1] == "Refused":
                reason = _literal(node.args[0] if node.args else None)
                if reason is not None:
                    reasons.add(reason)
    return reasons


def test_both_locales_have_the_same_keys() -> None:
    zh, en = TR.keys("zh-CN"), TR.keys("en")
    assert zh - en == set(), "only in zh-CN"
    assert en - zh == set(), "only in en"
    assert len(zh) > 50


def test_key_collector_finds_keys_of_every_kind() -> None:
    used = keys_used_in_code()
    for sample in ("use-menu", "menu-order", "offer-accept", "order-ask-category",
                   "flow-hint-date", "refused-not-a-coordinator", "nav-back",
                   "order-cancelled", "coord-new-order", "offer-withdrawn"):  # fmt: skip
        assert sample in used, sample
    assert "details" not in used and "comment" not in used  # parsers.text fields


def test_every_key_used_in_code_exists_in_both_locales() -> None:
    missing = {key: where for key, where in keys_used_in_code().items() if not TR.has(key)}
    assert missing == {}


EXPANSIONS = [
    *(f"when-{value}" for value in WHEN_CHOICES),
    *(f"status-{status.value}" for status in OrderStatus),
    *(f"order-change-{step}" for step in CHANGEABLE),
    *(f"reject-reason-{code}" for code in REJECT_REASONS),
    *(f"note-{code}" for code in sorted(notes.CODES)),  # the history's event notes
    "request-location",
    "request-contact",
]


@pytest.mark.parametrize("key", EXPANSIONS)
def test_keys_built_with_f_strings_exist(key: str) -> None:
    assert TR.has(key)


async def test_every_choice_the_order_flow_offers_renders_in_both_locales(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each button of each order step reads as words, distinct within its step, in
    each language; and each day a `when` button stands for is put into words."""
    today = date(2026, 1, 5)
    ctx = FlowContext("en", PROFILE, FakeReference(), today)
    data = {"category": "culture", "station": "10"}  # so the later steps have buttons
    offered: dict[str, list[str]] = {}
    for step in ORDER.steps:
        choices = await step.choices(ctx, data) if step.choices else []
        offered[step.name] = [c.value for c in choices]
        for locale in LOCALES:
            labels = [render.label(TR, locale, c) for c in choices]
            for choice, words in zip(choices, labels, strict=True):
                key = choice.label.key if isinstance(choice.label, Text) else None
                assert words and words != key and "{" not in words, (step.name, locale, words)
            assert len(set(labels)) == len(labels), (step.name, locale, labels)
    assert offered["when"] == list(WHEN_CHOICES)
    for value in offered["when"]:
        for locale in LOCALES:
            words = render.when_text(TR, locale, When.relative(value, today))
            assert words and "{" not in words, (value, locale, words)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


@pytest.mark.parametrize("reason", sorted(refusal_reasons()))
def test_every_refusal_has_words(reason: str) -> None:
    assert TR.has(f"refused-{reason}")


def test_refusal_collector_is_not_empty() -> None:
    assert {"not-a-coordinator", "offer-taken", "bad-hours"} <= refusal_reasons()


def _string_literals(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, value) of every string literal but docstrings and other bare-string statements."""
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_chinese_literal_in_code() -> None:
    offenders = [
        f"{rel}:{line}: {value!r}"
        for rel, tree in _sources()
        if rel not in CJK_EXEMPT_FILES
        for line, value in _string_literals(tree)
        if CJK.search(value) and (rel, value) not in CJK_INPUT_TOKENS
    ]
    assert offenders == []


def test_cjk_check_would_see_a_literal() -> None:
    tree = ast.parse('"""文档"""\nx = "你好"\n')
    assert list(_string_literals(tree)) == [(2, "你好")]


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ftl.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _messages(locale: str) -> dict[str, tuple[ftl.Message, set[str]]]:
    out: dict[str, tuple[ftl.Message, set[str]]] = {}
    for path in sorted((ROOT / "locales" / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, ftl.Junk)]
        assert junk == [], f"{path}: unparsable entries"
        for entry in resource.body:
            if isinstance(entry, ftl.Message):
                seen = _Variables()
                seen.visit(entry)
                out[entry.id.name] = (entry, seen.names)
    return out


def _dummy(name: str) -> Any:
    numbers = ("count", "stars", "points", "max", "days", "n", "rating")
    return 3 if name in numbers else f"<{name}>"


def test_each_message_uses_the_same_variables_in_both_languages() -> None:
    zh, en = _messages("zh-CN"), _messages("en")
    differ = {key: (zh[key][1], en[key][1]) for key in zh.keys() & en.keys()
              if zh[key][1] != en[key][1]}  # fmt: skip
    assert differ == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_formats_without_errors(locale: str) -> None:
    bundle = FluentBundle([locale], use_isolating=False)
    for path in sorted((ROOT / "locales" / locale).glob("*.ftl")):
        bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    problems: dict[str, object] = {}
    for key, (_entry, names) in _messages(locale).items():
        message = bundle.get_message(key)
        if message.value is None:
            problems[key] = "no value"
            continue
        words, errors = bundle.format_pattern(message.value, {n: _dummy(n) for n in names})
        if errors or not str(words).strip():
            problems[key] = errors or "empty"
    assert problems == {}
