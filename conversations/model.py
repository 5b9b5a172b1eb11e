"""The shapes a flow is declared with, and what the engine hands back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from domain.models import Catalogue, Site, UserProfile
from domain.ports.state import ConversationState

END = "_end"
BACK, CANCEL, SKIP = "_back", "_cancel", "_skip"

# The engine's own keys in a flow's data: flows never write them (finishers never
# see them: keys starting "_" are not handed over).
HISTORY = "_history"  # steps answered so far, for Back
RESUME = "_resume"  # after a `Revisit`, the step to come back to
CHANGE = "_change"  # after a `Revisit`, the step chosen to answer again


@dataclass(frozen=True, slots=True)
class Text:
    """A message still to be put into words: a locale key and its arguments."""

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Choice:
    """One button. `label` is either a locale key (`Text`) or words taken from
    data that coordinators edit (a service or site name), already localised."""

    value: str
    label: Text | str


@dataclass(frozen=True, slots=True)
class Answer:
    """What the user gave a step. A photo or voice note carries its file id (the
    largest size of a photo) and its caption. The order's free-text steps and the
    wish take a voice note (`conversations.flows.voice`); every other parser
    refuses them with its usual hint, as it does "other"."""

    kind: Literal["text", "choice", "location", "contact", "photo", "voice", "other"]
    text: str = ""
    value: str = ""
    version: int | None = None  # the prompt version a pressed button belonged to
    location: tuple[float, float] | None = None
    phone: str | None = None
    own_contact: bool = False  # a shared contact that is the sender's own account
    file_id: str | None = None  # photo, voice
    caption: str = ""  # photo, voice


class Invalid(Exception):
    """The answer does not fit the step; `hint` says what would."""

    def __init__(self, hint: str, **args: Any) -> None:
        super().__init__(hint)
        self.hint = Text(hint, args)


class ReferenceData(Protocol):
    """The catalogue and site look-ups flows may make: read-only reference data,
    answered by the process's cached read model (`domain.reference.Reference`)."""

    async def catalogue(self) -> Catalogue: ...

    async def site(self, site_id: int) -> Site | None: ...

    async def children(self, site_id: int | None) -> list[Site]: ...

    async def stations(self) -> list[Site]: ...

    async def nearest_point(self, lat: float, lon: float) -> Site | None: ...


@dataclass(frozen=True, slots=True)
class FlowContext:
    locale: str
    profile: UserProfile
    reference: ReferenceData
    today: date  # in the county's time zone


Data = dict[str, Any]
Choices = Callable[[FlowContext, Data], Awaitable[list[Choice]]]
# A parser turns an answer into changes to the collected data, or raises Invalid.
Parser = Callable[[FlowContext, Data, Answer], Awaitable[Data]]
Next = Callable[[Data], str]
PromptArgs = Callable[[FlowContext, Data], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Revisit:
    """The `next` of a "which part?" step ("change a field and return to the
    summary"): its choices are step names; the one chosen is asked again, and once
    it is answered the flow goes back to `then` (or on, while the steps it leads to
    are not `resumable`). The engine keeps track of it; the flow only declares it."""

    then: str


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    prompt: str  # locale key of the question
    parse: Parser
    next: str | Next | Revisit
    choices: Choices | None = None
    prompt_args: PromptArgs | None = None
    skip: bool = False  # offer a Skip button; the parser sees Answer(kind="choice", value=SKIP)
    request: Literal["location", "contact"] | None = None  # needs a reply keyboard
    columns: int = 2
    # After a "Change" jump, may the flow return to the summary right after this step?
    resumable: bool | Callable[[Data], bool] = True

    def target(self, data: Data) -> str:
        if isinstance(self.next, Revisit):
            return str(data[CHANGE])  # set by the engine from the choice
        return self.next if isinstance(self.next, str) else self.next(data)

    def can_resume(self, data: Data) -> bool:
        return self.resumable if isinstance(self.resumable, bool) else self.resumable(data)


@dataclass(frozen=True, slots=True)
class Flow:
    name: str
    steps: tuple[Step, ...]
    cancel_text: str = "flow-cancelled"

    @property
    def first(self) -> Step:
        return self.steps[0]

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"{self.name} has no step {name}")


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question to show: words, buttons, and the version its buttons carry."""

    text: Text
    choices: list[Choice]
    version: int
    columns: int = 2
    back: bool = True
    skip: bool = False
    request: Literal["location", "contact"] | None = None


# --- what `Engine.feed` returns -----------------------------------------------


@dataclass(frozen=True, slots=True)
class Asked:
    prompt: Prompt
    hint: Text | None = None  # set when the answer did not fit
    ack: Text | None = None  # a reply keyboard was answered: confirm it and take it away


@dataclass(frozen=True, slots=True)
class Finished:
    flow: str
    data: Data
    value: str = ""  # the choice that ended the flow (e.g. "confirm")
    # The state before the end, for `Engine.reopen` when what the flow produced could
    # not be committed: the conversation is only forgotten once that is stored.
    restore: ConversationState | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Stopped:
    """The flow ended without a result: cancelled, expired, or already over; or its
    state is gone ("lost": a flow button or a shared location with nothing stored,
    after a Redis flush or past the TTL's grace)."""

    reason: Literal["cancelled", "expired", "stale", "busy", "none", "lost"]
    text: Text | None = None


Outcome = Asked | Finished | Stopped
