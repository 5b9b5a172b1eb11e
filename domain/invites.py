"""One-time invites: a coordinator vouches for someone, who then joins a team directly.

`/invite <team code>` gives a coordinator over the team's site a signed token
(`domain.invite_tokens`); `/start inv_<token>` redeems it. A token is refused when
it is forged, expired, already used, or its issuer no longer coordinates the
team's site. Using it and joining the team are one transaction, and the used-token
row is a unique insert, so of two people racing on one token exactly one joins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain import invite_tokens
from domain.errors import Refused
from domain.models import Team
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority

DEFAULT_TTL = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Invite:
    token: str  # what goes after `inv_`
    team: Team
    expires_at_text: str  # ISO date, for the coordinator


class Invites:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        authority: Authority,
        key: bytes,
        ttl: timedelta = DEFAULT_TTL,
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._key = key
        self._ttl = ttl

    async def issue(self, coordinator_id: int, team_code: str) -> Invite:
        code = team_code.strip().upper()
        async with self._db.transaction() as tx:
            team = await tx.teams.by_code(code)
            if team is None:
                raise Refused("no-such-team", code=team_code.strip())
            await self._authority.require_over(tx, coordinator_id, team.site_id, "team-not-yours")
        token = invite_tokens.new_token(team.id, coordinator_id, self._clock.now() + self._ttl)
        return Invite(
            invite_tokens.encode(token, self._key), team, token.expires_at.date().isoformat()
        )

    async def redeem(self, user_id: int, text: str) -> Team:
        """Join the invite's team; Refused `invite-invalid`, `invite-expired`,
        `invite-used` or `already-a-volunteer` otherwise (the token then stays unused,
        except when it was used)."""
        token = invite_tokens.decode(text, self._key)
        if token is None:
            raise Refused("invite-invalid")
        now = self._clock.now()
        if token.expired(now):
            raise Refused("invite-expired")
        async with self._db.transaction() as tx:
            team = await tx.teams.get(token.team_id)
            if team is None or not await self._still_vouched(tx, token.issuer_id, team):
                raise Refused("invite-invalid")
            if await tx.volunteers.get(user_id) is not None:
                raise Refused("already-a-volunteer")
            if not await tx.invites.use(token.token_id, team.id, user_id, now):
                raise Refused("invite-used")
            await tx.volunteers.upsert(user_id, team.id)
            return team

    async def _still_vouched(self, tx: Tx, issuer_id: int, team: Team) -> bool:
        # An invite is the issuer's word: it lapses when they lose the site.
        try:
            await self._authority.require_over(tx, issuer_id, team.site_id)
        except Refused:
            return False
        return True
