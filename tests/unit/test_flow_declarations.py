"""Every flow's declaration holds together: step names, transition targets, locale keys."""

from __future__ import annotations

import logging
from datetime import date
from typing import cast

import pytest

from conversations.engine import NAV
from conversations.flows import ALL_FLOWS
from conversations.flows.activities import EDITABLE as ACTIVITY_EDITABLE
from conversations.flows.orders import CHANGEABLE, ORDER, WHEN_CHOICES
from conversations.model import END, Flow, FlowContext, Revisit, Text
from handlers.kit import render
from handlers.kit.context import Services
from handlers.setup import build_router
from locales import LOCALES
from tests.translator import shared_translator
from tests.unit.fakes import PROFILE, FakeReference

TR = shared_translator()
FLOWS = pytest.mark.parametrize("flow", ALL_FLOWS, ids=lambda f: f.name)
# A profile with a home site and a phone, so every optional button shows up.
CTX = FlowContext("en", PROFILE, FakeReference(), date(2026, 1, 5))


def test_every_flow_has_a_declared_name_and_a_finisher() -> None:
    """A flow nobody finishes would collect answers and drop them; a finisher of an
    undeclared flow is dead code. The router only stores its services here."""
    names = [flow.name for flow in ALL_FLOWS]
    assert all(names) and len(names) == len(set(names)), names
    router = build_router(cast(Services, None))
    assert router.unfinished(ALL_FLOWS) == []
    assert set(router.finishers) == set(names)


@FLOWS
def test_step_names_are_unique(flow: Flow) -> None:
    names = [step.name for step in flow.steps]
    assert len(names) == len(set(names))
    assert END not in names


@FLOWS
def test_string_next_targets_are_steps_or_end(flow: Flow) -> None:
    names = {step.name for step in flow.steps} | {END}
    for step in flow.steps:
        if isinstance(step.next, str):
            assert step.next in names, f"{flow.name}.{step.name} -> {step.next}"


@FLOWS
def test_prompt_and_cancel_keys_exist_in_both_locales(flow: Flow) -> None:
    assert TR.has(flow.cancel_text), flow.cancel_text
    for step in flow.steps:
        assert TR.has(step.prompt), f"{flow.name}.{step.name}: {step.prompt}"


def _formats_cleanly(text: Text, caplog: pytest.LogCaptureFixture) -> None:
    assert TR.has(text.key), text.key
    for locale in LOCALES:
        words = render.words(TR, locale, text)  # as handlers put prompts into words
        assert words and "{" not in words, (locale, text.key, words)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text


@FLOWS
async def test_button_labels_exist_and_format_in_both_locales(
    flow: Flow, caplog: pytest.LogCaptureFixture
) -> None:
    data = {"category": "culture", "station": "10"}
    for step in flow.steps:
        for choice in await step.choices(CTX, data) if step.choices else []:
            if isinstance(choice.label, Text):
                _formats_cleanly(choice.label, caplog)
            else:
                assert choice.label, f"{flow.name}.{step.name}: empty label"


def test_navigation_labels_exist() -> None:
    for choice in NAV:
        assert isinstance(choice.label, Text) and TR.has(choice.label.key)


@FLOWS
async def test_prompt_args_fill_their_prompt(flow: Flow, caplog: pytest.LogCaptureFixture) -> None:
    data = {"service_id": 1, "site_id": 101, "when": "today", "details": "", "phone": ""}
    data["application_id"] = 7  # the reject flow's
    data["wish_id"] = 7  # the wish wall's decisions
    for step in flow.steps:
        args = await step.prompt_args(CTX, data) if step.prompt_args else {}
        _formats_cleanly(Text(step.prompt, args), caplog)


@pytest.mark.parametrize(
    ("where", "expected"), [("location", "visit"), ("home", "visit"), ("list", "station")]
)
def test_order_where_leads_to_an_existing_step(where: str, expected: str) -> None:
    assert ORDER.step("where").target({"where": where}) == expected
    ORDER.step(expected)


@pytest.mark.parametrize(("answer", "expected"), [("confirm", END), ("change", "change")])
def test_order_confirm_leads_to_end_or_change(answer: str, expected: str) -> None:
    assert ORDER.step("confirm").target({"_answer": answer}) == expected


@pytest.mark.parametrize("changed", CHANGEABLE)
def test_order_change_leads_to_the_step_to_change(changed: str) -> None:
    target = ORDER.step("change").target({"_change": changed})
    assert target == changed
    assert ORDER.step(target).name == changed


async def test_order_change_offers_exactly_the_changeable_steps() -> None:
    step = ORDER.step("change")
    assert step.choices is not None
    choices = await step.choices(CTX, {})
    assert tuple(c.value for c in choices) == CHANGEABLE


async def test_order_when_offers_exactly_the_when_choices() -> None:
    step = ORDER.step("when")
    assert step.choices is not None
    choices = await step.choices(CTX, {})
    assert tuple(c.value for c in choices) == WHEN_CHOICES


def test_order_first_step_is_category_and_steps_read_in_order() -> None:
    assert [s.name for s in ORDER.steps] == [
        "category", "service", "details", "where", "station", "point",
        "when", "visit", "address", "day_part", "whom", "beneficiary_name",
        "beneficiary_relation", "beneficiary_phone", "phone", "save_phone", "confirm", "change",
    ]  # fmt: skip


@FLOWS
def test_every_step_is_reachable_from_the_first(flow: Flow) -> None:
    reachable, todo = {flow.first.name}, [flow.first.name]
    names = [s.name for s in flow.steps]
    samples = [{"where": w, "_answer": a, "_change": c, "save_phone": p, "visit": v,
                "whom": m, "part_said": s}
               for w in ("location", "list") for a in ("confirm", "change")
               for c in names for p in (None, False) for v in ("home", "station")
               for m in ("me", "other") for s in (True, False)]  # fmt: skip
    samples += [{"_answer": a, "_change": c, "_done": d, "what": e}
                for a in ("confirm", "publish", "change") for c in names
                for d in (True, False) for e in ACTIVITY_EDITABLE]  # fmt: skip
    samples += [{"_answer": a, "_change": c, "audience": b}
                for a in ("confirm", "change") for c in names
                for b in ("subtree", "team", "residents")]  # fmt: skip
    samples += [{"how": h, "voice_started": v, "where": w, "_change": c}
                for h in ("order", "post") for v in (True, False)
                for w in ("list", "home") for c in names]  # fmt: skip
    while todo:
        step = flow.step(todo.pop())
        for target in {step.target(d) for d in samples} - {END} - reachable:
            reachable.add(target)
            todo.append(target)
    assert reachable == {s.name for s in flow.steps}


@FLOWS
async def test_every_revisit_returns_to_a_step_and_offers_only_steps(flow: Flow) -> None:
    names = {step.name for step in flow.steps}
    for step in flow.steps:
        if isinstance(step.next, Revisit):
            assert step.next.then in names, f"{flow.name}.{step.name} -> {step.next.then}"
            assert step.choices is not None, f"{flow.name}.{step.name} offers nothing to change"
            offered = {c.value for c in await step.choices(CTX, {})}
            assert offered and offered <= names - {step.name, step.next.then}, offered
