"""Deadline kinds: what each kind of deadline does when it falls due, and what it returns.

A deadline row names its kind, dotted by the module that owns it (`order.wave`,
later `report.sla`, `activity.remind`). That module registers each of its kinds
here with a handler and the type of outcome the handler returns; `domain.sweep`
fires due rows through this registry, and the sweeper tells people by outcome
type. A kind is registered once: two handlers for one name would make which one
runs an accident of import order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from domain.models import Deadline
from domain.ports.database import Tx

OutcomeT = TypeVar("OutcomeT")
# Runs inside the sweep's transaction; None: nothing to do any more (the order was
# taken meanwhile, say), so nobody is told anything.
Handler = Callable[[Tx, Deadline], Awaitable[OutcomeT | None]]
NAME_MAX = 32  # the width of `deadlines.kind`


class DuplicateKind(ValueError):
    """A second registration of one deadline kind."""


@dataclass(frozen=True, slots=True)
class DeadlineKind(Generic[OutcomeT]):
    name: str
    outcome: type[OutcomeT]
    handler: Handler[OutcomeT]


class DeadlineKinds:
    """The registry: one handler per kind name, each with its outcome type."""

    def __init__(self) -> None:
        self._kinds: dict[str, DeadlineKind[Any]] = {}

    def register(self, name: str, outcome: type[OutcomeT], handler: Handler[OutcomeT]) -> None:
        if name in self._kinds:
            raise DuplicateKind(name)
        if not name or len(name) > NAME_MAX:
            raise ValueError(f"a deadline kind is 1 to {NAME_MAX} characters: {name!r}")
        self._kinds[name] = DeadlineKind(name, outcome, handler)

    def get(self, name: str) -> DeadlineKind[Any] | None:
        return self._kinds.get(name)

    def outcomes(self) -> set[type]:
        """Every outcome type a handler may return, so the sweeper can check at start
        that it knows whom to tell about each."""
        return {kind.outcome for kind in self._kinds.values()}

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[DeadlineKind[Any]]:
        return iter(self._kinds.values())
