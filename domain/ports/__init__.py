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
"""
