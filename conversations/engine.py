"""One engine runs every flow: ask, read the answer, move on, under compare-and-set.

State lives in the state store as {flow, step, version, updated_at, data}. Each
step that moves the conversation writes version+1 only if the stored version is
still the one it read, so two taps at once cannot both advance a step, and a
button from an earlier prompt (it carries its version) is refused.

A conversation that ends (finished, cancelled, expired) leaves a tombstone: no
flow, the next version. Buttons drawn before it are then "stale", while a flow
button that finds nothing stored at all means the state was lost (Redis flushed
or restarted, or the key outlived its grace), and the user is told so. A flow's
end is claimed with the tombstone before its result is stored; when storing it
fails, `reopen` puts the last step back so its buttons work again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from conversations.model import (
    BACK,
    CANCEL,
    CHANGE,
    END,
    HISTORY,
    RESUME,
    SKIP,
    Answer,
    Asked,
    Choice,
    Data,
    Finished,
    Flow,
    FlowContext,
    Invalid,
    Outcome,
    Prompt,
    Revisit,
    Step,
    Stopped,
    Text,
)
from domain.ports.clock import Clock
from domain.ports.state import ConversationState, StateKey, StateStore

# Navigation buttons every step has; on a reply keyboard they arrive as text.
NAV = (
    Choice(SKIP, Text("nav-skip")),
    Choice(BACK, Text("nav-back")),
    Choice(CANCEL, Text("nav-cancel")),
)

# Turns a choice into the words on its button, in the user's language.
Labeler = Callable[[str, Choice], str]


class Engine:
    def __init__(
        self,
        store: StateStore,
        flows: Iterable[Flow],
        clock: Clock,
        ttl: float,
        label: Labeler,
    ) -> None:
        self._store = store
        self._flows = {flow.name: flow for flow in flows}
        self._clock = clock
        self._ttl = ttl
        self._label = label

    def flow(self, name: str) -> Flow:
        return self._flows[name]

    async def start(
        self, key: StateKey, ctx: FlowContext, flow_name: str, data: Data | None = None
    ) -> Asked | Stopped:
        """Begin a flow, replacing whatever conversation the user was in."""
        flow = self._flows[flow_name]
        state = ConversationState(flow.name, flow.first.name, 0, 0.0, dict(data or {}))
        current = await self._store.get(key)
        version = (current.version if current else 0) + 1
        return await self._ask(key, ctx, flow, flow.first, state, version, None)

    async def resume(self, key: StateKey, ctx: FlowContext) -> Asked | None:
        """The current question again (e.g. in a new language), if a flow is active."""
        state = await self._store.get(key)
        if state is None or _ended(state):
            return None
        step = self._flows[state.flow].step(state.step)
        return Asked(await self._prompt(ctx, step, state.data, state.version))

    async def cancel(self, key: StateKey) -> Stopped:
        state = await self._store.get(key)
        if state is None or _ended(state):
            return Stopped("none")
        if not await self._end(key, state):
            return Stopped("busy")
        return Stopped("cancelled", Text(self._flows[state.flow].cancel_text))

    async def reopen(self, key: StateKey, finished: Finished) -> bool:
        """Undo a flow's end whose result could not be stored: the last step is back,
        with the version its buttons carry. False when something else moved on."""
        if finished.restore is None:
            return False
        before = finished.restore
        return await self._store.put(key, before, before.version + 1)

    async def feed(self, key: StateKey, ctx: FlowContext, answer: Answer) -> Outcome:
        state = await self._store.get(key)
        if state is None:
            return self._nothing_stored(ctx, answer)
        stopped = await self._not_current(key, state, answer)
        if stopped is not None:
            return stopped
        flow = self._flows[state.flow]
        step = flow.step(state.step)
        if step.request and answer.kind == "text":
            answer = await self._reply_button(ctx, step, state, answer)
        if answer.kind == "choice" and answer.value == CANCEL:
            if not await self._end(key, state):
                return Stopped("busy")
            return Stopped("cancelled", Text(flow.cancel_text))
        if answer.kind == "choice" and answer.value == BACK:
            return await self._back(key, ctx, flow, state)
        try:
            await self._check_choice(ctx, step, state.data, answer)
            changes = await step.parse(ctx, state.data, answer)
        except Invalid as bad:
            return await self._reask(ctx, step, state, bad.hint)
        data = {**state.data, **changes}
        if isinstance(step.next, Revisit):  # the choice names the step to answer again
            data |= {RESUME: step.next.then, CHANGE: answer.value}
        target = self._target(step, data)
        if target == END:
            # Claimed now, so a second tap cannot finish it too; `reopen` if the
            # result cannot be stored.
            if not await self._end(key, state):
                return Stopped("busy")
            return Finished(flow.name, _public(data), answer.value, restore=state)
        data[HISTORY] = [*state.data.get(HISTORY, []), step.name]
        if target == data.get(RESUME):
            data.pop(RESUME)
        ack = Text("flow-noted") if step.request else None
        return await self._ask(
            key, ctx, flow, flow.step(target), state, state.version + 1, data, ack
        )

    # --- internals ---------------------------------------------------------

    def _nothing_stored(self, ctx: FlowContext, answer: Answer) -> Stopped:
        """No state, not even a tombstone: "lost" when the answer can only come from a
        flow's prompt (a versioned button, a location or contact, a reply keyboard's
        Skip / Back / Cancel), else the user simply is in no conversation."""
        if answer.kind in ("location", "contact") or answer.version is not None:
            return Stopped("lost", Text("flow-lost"))
        if answer.kind == "text" and self.match_label(ctx.locale, list(NAV), answer.text):
            return Stopped("lost", Text("flow-lost"))
        return Stopped("none")

    async def _not_current(
        self, key: StateKey, state: ConversationState, answer: Answer
    ) -> Stopped | None:
        """Why `answer` cannot move this conversation: it ended, it expired, or the
        button is from an earlier prompt; None when it can."""
        if _ended(state):
            return Stopped("stale" if answer.version is not None else "none")
        if self._clock.now().timestamp() - state.updated_at > self._ttl:
            await self._end(key, state)
            return Stopped("expired", Text("flow-expired"))
        if answer.kind == "choice" and answer.version != state.version:
            return Stopped("stale", Text("flow-stale-button"))
        return None

    async def _end(self, key: StateKey, state: ConversationState) -> bool:
        """Replace the conversation by its tombstone, compare-and-set."""
        tombstone = ConversationState("", "", state.version + 1, self._clock.now().timestamp())
        return await self._store.put(key, tombstone, state.version)

    async def _reply_button(
        self, ctx: FlowContext, step: Step, state: ConversationState, answer: Answer
    ) -> Answer:
        """On a reply keyboard a button press arrives as its label's text."""
        choices = await step.choices(ctx, state.data) if step.choices else []
        value = self.match_label(ctx.locale, [*choices, *NAV], answer.text)
        if value is None:
            return answer
        return Answer("choice", value=value, version=state.version)

    def _target(self, step: Step, data: Data) -> str:
        resume = data.get(RESUME)
        if resume and step.can_resume(data) and step.name != resume:
            return str(resume)
        return step.target(data)

    async def _check_choice(self, ctx: FlowContext, step: Step, data: Data, answer: Answer) -> None:
        """A pressed button must be one this step offers; a typed answer on a
        reply-keyboard step may be one of its labels."""
        if answer.kind != "choice":
            return
        if answer.value == SKIP:
            if not step.skip:
                raise Invalid("flow-hint-buttons")
            return
        choices = await step.choices(ctx, data) if step.choices else []
        if answer.value not in {c.value for c in choices}:
            raise Invalid("flow-hint-buttons")

    async def _back(
        self, key: StateKey, ctx: FlowContext, flow: Flow, state: ConversationState
    ) -> Outcome:
        history = list(state.data.get(HISTORY, []))
        if not history:
            return await self._reask(ctx, flow.step(state.step), state, None)
        previous = history.pop()
        data = {**state.data, HISTORY: history}
        return await self._ask(key, ctx, flow, flow.step(previous), state, state.version + 1, data)

    async def _reask(
        self, ctx: FlowContext, step: Step, state: ConversationState, hint: Text | None
    ) -> Asked:
        # Same step, same version: buttons already on screen stay valid.
        prompt = await self._prompt(ctx, step, state.data, state.version)
        return Asked(prompt, hint=hint)

    async def _ask(
        self,
        key: StateKey,
        ctx: FlowContext,
        flow: Flow,
        step: Step,
        state: ConversationState,
        version: int,
        data: Data | None,
        ack: Text | None = None,
    ) -> Asked | Stopped:
        data = state.data if data is None else data
        new = ConversationState(flow.name, step.name, version, self._clock.now().timestamp(), data)
        expected = None if state.version == 0 else state.version
        if not await self._store.put(key, new, expected):
            return Stopped("busy")
        return Asked(await self._prompt(ctx, step, data, version), ack=ack)

    async def _prompt(self, ctx: FlowContext, step: Step, data: Data, version: int) -> Prompt:
        args = await step.prompt_args(ctx, data) if step.prompt_args else {}
        choices = await step.choices(ctx, data) if step.choices else []
        return Prompt(
            Text(step.prompt, args),
            choices,
            version,
            columns=step.columns,
            back=bool(data.get(HISTORY)),
            skip=step.skip,
            request=step.request,
        )

    def match_label(self, locale: str, choices: list[Choice], text: str) -> str | None:
        """The value of the choice whose button reads `text`, for reply keyboards."""
        wanted = text.strip()
        for choice in choices:
            if self._label(locale, choice) == wanted:
                return choice.value
        return None


def _ended(state: ConversationState) -> bool:
    return not state.flow


def _public(data: Data) -> Data:
    return {k: v for k, v in data.items() if not k.startswith("_")}
