"""The database: one transaction's repositories (`Tx`), and how to open one."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from domain.ports.activities import ActivityRepo
from domain.ports.applications import ApplicationRepo, InviteRepo
from domain.ports.audit import AuditRepo
from domain.ports.broadcasts import BroadcastRepo
from domain.ports.certificates import CertificateRepo
from domain.ports.checkin import CheckinRepo
from domain.ports.complaints import ComplaintRepo
from domain.ports.digests import DigestRepo
from domain.ports.exports import ExportRepo
from domain.ports.honour import HonourRepo
from domain.ports.households import HouseholdRepo
from domain.ports.ledger import LedgerRepo
from domain.ports.menus import MenuRepo
from domain.ports.order_details import OrderDetailsRepo
from domain.ports.orders import DeadlineRepo, OfferRepo, OrderRepo
from domain.ports.people import RoleRepo, UserRepo, VolunteerRepo
from domain.ports.places import CatalogueRepo, SiteRepo, TeamRepo
from domain.ports.privacy import PrivacyRepo
from domain.ports.relay import RelayRepo
from domain.ports.shop import ShopRepo
from domain.ports.stats import StatsRepo
from domain.ports.visits import VisitRepo
from domain.ports.voice import VoiceRepo
from domain.ports.wishes import WishRepo


class Tx(Protocol):
    """One transaction: the repositories share it and commit together."""

    users: UserRepo
    sites: SiteRepo
    catalogue: CatalogueRepo
    teams: TeamRepo
    volunteers: VolunteerRepo
    roles: RoleRepo
    orders: OrderRepo
    offers: OfferRepo
    deadlines: DeadlineRepo
    applications: ApplicationRepo
    invites: InviteRepo
    privacy: PrivacyRepo
    audit: AuditRepo
    visits: VisitRepo
    activities: ActivityRepo
    complaints: ComplaintRepo
    relay: RelayRepo
    checkins: CheckinRepo
    digests: DigestRepo
    ledger: LedgerRepo
    shop: ShopRepo
    order_details: OrderDetailsRepo
    broadcasts: BroadcastRepo
    menus: MenuRepo
    voice: VoiceRepo
    wishes: WishRepo
    stats: StatsRepo
    exports: ExportRepo
    households: HouseholdRepo
    honour: HonourRepo
    certificates: CertificateRepo


class Database(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """Commit on a clean exit, roll back on an exception."""
        ...

    def read(self) -> AbstractAsyncContextManager[Tx]:
        """For a look-up of one statement: no BEGIN / COMMIT where the backend can
        skip them (two round trips each on PostgreSQL). Each statement stands alone,
        so never write through it: writes go in a `transaction()`."""
        ...
