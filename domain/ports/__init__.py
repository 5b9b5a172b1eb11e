"""Ports: what the domain needs from the outside world, as typing Protocols.

`storage/` implements them (SQL repositories, memory and Redis state stores);
the domain and the layers above only ever see these shapes. One module per
owner; import from the owner:

- `domain.ports.clock`: `Clock`.
- `domain.ports.database`: `Tx` (one transaction's repositories) and `Database`.
- `domain.ports.places`: `SiteRepo` (with the per-site tallies), `CatalogueRepo`, `TeamRepo`.
- `domain.ports.people`: `UserView`, `UserRepo`, `VolunteerRepo` (with the
  roster), `RoleRepo` (grant, revoke, grants, coordinators, admins).
- `domain.ports.orders`: `OrderRepo`, `OfferRepo`, `DeadlineRepo`.
- `domain.ports.applications`: `ApplicationRepo` (with the notices), `InviteRepo`.
- `domain.ports.audit`: `AuditRepo` (append-only).
- `domain.ports.privacy`: `PrivacyRepo` (a person's data, and erasure).
- `domain.ports.state`: `StateKey`, `ConversationState`, `StateStore`.
- `domain.ports.inbox`: `StoredUpdate`, `NewUpdate`, `Unreadable`, `AsideUpdate`, `UpdateInbox`.
- `domain.ports.flood`: `FloodGate`.

The names are re-exported here only so that code written against the single
`domain/ports.py` still imports while it is merged; nothing in this repository
imports from here, and the re-exports can be dropped once no branch does.
"""

from domain.ports.applications import ApplicationRepo, InviteRepo
from domain.ports.audit import AuditRepo
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.ports.flood import FloodGate
from domain.ports.inbox import AsideUpdate, NewUpdate, StoredUpdate, Unreadable, UpdateInbox
from domain.ports.orders import DeadlineRepo, OfferRepo, OrderRepo
from domain.ports.people import RoleRepo, UserRepo, UserView, VolunteerRepo
from domain.ports.places import CatalogueRepo, SiteRepo, TeamRepo
from domain.ports.privacy import PrivacyRepo
from domain.ports.state import ConversationState, StateKey, StateStore

__all__ = [
    "ApplicationRepo",
    "AsideUpdate",
    "AuditRepo",
    "CatalogueRepo",
    "Clock",
    "ConversationState",
    "Database",
    "DeadlineRepo",
    "FloodGate",
    "InviteRepo",
    "NewUpdate",
    "OfferRepo",
    "OrderRepo",
    "PrivacyRepo",
    "RoleRepo",
    "SiteRepo",
    "StateKey",
    "StateStore",
    "StoredUpdate",
    "TeamRepo",
    "Tx",
    "Unreadable",
    "UpdateInbox",
    "UserRepo",
    "UserView",
    "VolunteerRepo",
]
