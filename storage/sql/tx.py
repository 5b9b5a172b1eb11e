"""`SqlTx`: the repositories of one transaction, all sharing one connection."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

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
from storage.sql.repos.activities import SqlActivityRepo
from storage.sql.repos.applications import SqlApplicationRepo, SqlInviteRepo
from storage.sql.repos.audit import SqlAuditRepo
from storage.sql.repos.base import DEFAULT_TIMEZONE
from storage.sql.repos.broadcasts import SqlBroadcastRepo
from storage.sql.repos.catalog import SqlCatalogueRepo
from storage.sql.repos.certificates import SqlCertificateRepo
from storage.sql.repos.checkin import SqlCheckinRepo
from storage.sql.repos.complaints import SqlComplaintRepo
from storage.sql.repos.deadlines import SqlDeadlineRepo
from storage.sql.repos.digests import SqlDigestRepo
from storage.sql.repos.exports import SqlExportRepo
from storage.sql.repos.honour import SqlHonourRepo
from storage.sql.repos.households import SqlHouseholdRepo
from storage.sql.repos.ledger import SqlLedgerRepo
from storage.sql.repos.menus import SqlMenuRepo
from storage.sql.repos.offers import SqlOfferRepo
from storage.sql.repos.order_details import SqlOrderDetailsRepo
from storage.sql.repos.orders import SqlOrderRepo
from storage.sql.repos.privacy import SqlPrivacyRepo
from storage.sql.repos.relay import SqlRelayRepo
from storage.sql.repos.roles import SqlRoleRepo
from storage.sql.repos.shop import SqlShopRepo
from storage.sql.repos.sites import SqlSiteRepo
from storage.sql.repos.stats import SqlStatsRepo
from storage.sql.repos.teams import SqlTeamRepo
from storage.sql.repos.users import SqlUserRepo
from storage.sql.repos.visits import SqlVisitRepo
from storage.sql.repos.voice import SqlVoiceRepo
from storage.sql.repos.volunteers import SqlVolunteerRepo
from storage.sql.repos.wishes import SqlWishRepo


class SqlTx:
    """Implements the `Tx` port; `session` (a connection) serves storage-internal extensions.

    Attributes are typed as the ports (which declare them mutable, hence invariant),
    so mypy checks each repository against its protocol right here.
    """

    def __init__(
        self, session: AsyncConnection, dialect: str, timezone: str = DEFAULT_TIMEZONE
    ) -> None:
        self.session = session
        # Cached reference data this transaction wrote (`domain.reference` names).
        self.changed: set[str] = set()
        self.users: UserRepo = SqlUserRepo(session, dialect)
        self.sites: SiteRepo = SqlSiteRepo(session, dialect, self.changed)
        self.catalogue: CatalogueRepo = SqlCatalogueRepo(session, dialect, self.changed)
        self.teams: TeamRepo = SqlTeamRepo(session, dialect)
        self.volunteers: VolunteerRepo = SqlVolunteerRepo(session, dialect)
        self.roles: RoleRepo = SqlRoleRepo(session, dialect)
        rollups = SqlStatsRepo(session, dialect, timezone)  # days of the county's clock
        self.stats: StatsRepo = rollups
        self.orders: OrderRepo = SqlOrderRepo(session, dialect, rollups)
        self.offers: OfferRepo = SqlOfferRepo(session, dialect)
        self.deadlines: DeadlineRepo = SqlDeadlineRepo(session, dialect)
        self.applications: ApplicationRepo = SqlApplicationRepo(session, dialect)
        self.invites: InviteRepo = SqlInviteRepo(session, dialect)
        self.privacy: PrivacyRepo = SqlPrivacyRepo(session, dialect)
        self.audit: AuditRepo = SqlAuditRepo(session, dialect)
        self.visits: VisitRepo = SqlVisitRepo(session, dialect)
        self.activities: ActivityRepo = SqlActivityRepo(session, dialect)
        self.complaints: ComplaintRepo = SqlComplaintRepo(session, dialect)
        self.relay: RelayRepo = SqlRelayRepo(session, dialect)
        self.checkins: CheckinRepo = SqlCheckinRepo(session, dialect)
        self.digests: DigestRepo = SqlDigestRepo(session, dialect)
        self.ledger: LedgerRepo = SqlLedgerRepo(session, dialect, timezone)
        self.shop: ShopRepo = SqlShopRepo(session, dialect)
        self.order_details: OrderDetailsRepo = SqlOrderDetailsRepo(session, dialect)
        self.broadcasts: BroadcastRepo = SqlBroadcastRepo(session, dialect)
        self.menus: MenuRepo = SqlMenuRepo(session, dialect)
        self.voice: VoiceRepo = SqlVoiceRepo(session, dialect)
        self.wishes: WishRepo = SqlWishRepo(session, dialect)
        self.exports: ExportRepo = SqlExportRepo(session, dialect)
        self.households: HouseholdRepo = SqlHouseholdRepo(session, dialect)
        self.honour: HonourRepo = SqlHonourRepo(session, dialect, timezone)
        self.certificates: CertificateRepo = SqlCertificateRepo(session, dialect)
