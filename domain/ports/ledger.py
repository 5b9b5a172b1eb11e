"""Port of the ledger: post balanced transactions, read balances and history.

`Tx` (`domain.ports.database`) names it. It has no update and no delete of
entries: a correction is another transaction (`domain.ledger_models.reversal_of`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.ledger_models import Account, LedgerTx, Posting, Rules, TaskLine


class LedgerRepo(Protocol):
    async def post(self, posting: Posting, at: datetime) -> int:
        """Store one balanced transaction and move the balances with it; returns its
        id. Raises `Unbalanced` for entries that do not sum to zero, and
        Refused("not-enough-points") when an account that may not go negative would
        (checked in the UPDATE itself, so concurrent posts never overdraw)."""
        ...

    async def balance(self, account: Account, *, lock: bool = False) -> int:
        """The account's balance (0 for one never used); `lock` holds its row until
        the transaction ends, where the backend can."""
        ...

    async def balances(self, accounts: Sequence[Account]) -> dict[Account, int]: ...

    async def received_since(self, account: Account, since: datetime) -> int:
        """What entered the account (net of what left it) since `since`."""
        ...

    async def get(self, tx_id: int) -> LedgerTx | None: ...

    async def reversed_by(self, tx_id: int) -> int | None:
        """The id of the transaction that reversed `tx_id`, if any."""
        ...

    async def history(self, account: Account, limit: int = 20) -> list[LedgerTx]:
        """The account's transactions, newest first."""
        ...

    async def rules(self) -> Rules:
        """The county's rules (the seed's `recognition:`), or the defaults."""
        ...

    async def set_rules(self, rules: Rules) -> None: ...

    async def recent_tasks(self, volunteer_id: int, limit: int) -> list[TaskLine]:
        """The volunteer's last done or rated orders, newest first."""
        ...

    async def totals(self) -> dict[str, int]:
        """The sum of all entries per unit (zero, always) and their count: for checks."""
        ...
