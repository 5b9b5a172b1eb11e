"""The SQL schema as SQLAlchemy Core tables; migration 0001 creates exactly this.

Statuses are plain strings, not database enums, so adding a status never needs
an `ALTER TYPE`. `roles.user_id` and `order_events.actor_id` have no foreign key:
admins are granted from settings before they ever talk to the bot, and the audit
trail must keep its rows whatever happens to a user.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    false,
    literal_column,
    text,
    true,
)

from domain import lifecycle
from domain.stats_models import BUCKETS, STATUSES
from storage.sql.types import UtcDateTime

# The integer columns of `stats_rollups` (below), in order.
ROLLUP_COUNTS: tuple[str, ...] = (
    "placed",
    *(f"n_{status}" for status in STATUSES),
    "rating_sum",
    "rating_count",
    "complaints",
    *(f"a{i}" for i in range(BUCKETS)),
    *(f"d{i}" for i in range(BUCKETS)),
)

# Alembic needs stable constraint names to drop or alter them later, above all in
# SQLite batch mode, which recreates tables by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

_NOW = text("CURRENT_TIMESTAMP")  # valid in SQLite and PostgreSQL alike

sites = Table(
    "sites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("parent_id", Integer, ForeignKey("sites.id"), nullable=True, index=True),
    Column("level", String(16), nullable=False),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(128), nullable=False, server_default=""),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column(
        "id", BigInteger, primary_key=True, autoincrement=False
    ),  # person id: see user_addresses
    Column("first_name", String(128), nullable=False, server_default=""),
    Column("username", String(64), nullable=True),
    Column("locale", String(16), nullable=True),
    Column("home_site_id", Integer, ForeignKey("sites.id"), nullable=True),
    Column("phone", String(32), nullable=True),
    Column("unreachable", Boolean, nullable=False, server_default=false()),
    Column("created_at", UtcDateTime, nullable=False, server_default=_NOW),
    # When the privacy notice was shown; None: not yet (new, or from before 0007, or
    # erased by /forgetme), so it comes before anything else is stored.
    Column("notice_at", UtcDateTime, nullable=True),
)

# Each way to reach a person: a channel ("telegram", later "web") and their address
# on it (for Telegram the user id, as text). One address is one person; a person
# may have several. Personal data: never logged. Migration 0011 gave every user of
# before their Telegram address, so `users.id` is a person id, not a chat id.
user_addresses = Table(
    "user_addresses",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("address", String(128), primary_key=True),
    Column("person_id", BigInteger, ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False, server_default=_NOW),
)

categories = Table(
    "categories",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(128), nullable=False, server_default=""),
    Column("sort", Integer, nullable=False, server_default="0"),
)

services = Table(
    "services",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("category_code", String(32), ForeignKey("categories.code"), nullable=False),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(128), nullable=False, server_default=""),
    Column("retired", Boolean, nullable=False, server_default=false()),
)

teams = Table(
    "teams",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(128), nullable=False, server_default=""),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("category_code", String(32), ForeignKey("categories.code"), nullable=False),
    Index("ix_teams_category_site", "category_code", "site_id"),
)

volunteers = Table(
    "volunteers",
    metadata,
    Column("user_id", BigInteger, ForeignKey("users.id"), primary_key=True, autoincrement=False),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("active", Boolean, nullable=False, server_default=true()),
    # Hours and points are on the ledger (`ledger_balances`); 0024 dropped the columns.
    # A volunteer pausing offers without leaving the team (/available off).
    Column("available", Boolean, nullable=False, server_default=true()),
    # Quiet hours, minutes after local midnight; start > end wraps past midnight.
    Column("quiet_start", SmallInteger, nullable=True),
    Column("quiet_end", SmallInteger, nullable=True),
    # Tallies kept with each transition, so ranking never scans past orders.
    Column("open_tasks", Integer, nullable=False, server_default="0"),
    Column("rating_total", Integer, nullable=False, server_default="0"),
    Column("rating_count", Integer, nullable=False, server_default="0"),
    Column("last_task_at", UtcDateTime, nullable=True),
    # A copy of users.unreachable (kept by `SqlUserRepo.set_unreachable` and
    # `SqlVolunteerRepo.upsert`), so dispatch picks candidates from this table and
    # its partial index alone, and joins users only for the few it returns.
    Column("unreachable", Boolean, nullable=False, server_default=false()),
)
# The volunteers dispatch may offer to, by team: the candidate query's conditions,
# written as it writes them, so PostgreSQL can prove the index applies.
_READY = and_(
    volunteers.c.active.is_(True),
    volunteers.c.available.is_(True),
    volunteers.c.unreachable.is_(False),
)
Index(
    "ix_volunteers_team_ready", volunteers.c.team_id, postgresql_where=_READY, sqlite_where=_READY
)

roles = Table(
    "roles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", BigInteger, nullable=False),
    Column("role", String(16), nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=True),  # None: everywhere
    UniqueConstraint("user_id", "role", "site_id"),
    Index("ix_roles_role_site", "role", "site_id"),
)

orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("resident_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("service_id", Integer, ForeignKey("services.id"), nullable=False),
    Column("category_code", String(32), ForeignKey("categories.code"), nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    # The day wanted, in the county's time zone; `when_by`: any day up to it (this week).
    Column("when_day", Date, nullable=False),
    Column("when_by", Boolean, nullable=False, server_default=false()),
    Column("details", Text, nullable=False, server_default=""),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("phone", String(32), nullable=True),
    Column("status", String(16), nullable=False),
    Column("volunteer_id", BigInteger, ForeignKey("users.id"), nullable=True),
    Column("rating", SmallInteger, nullable=True),
    Column("comment", Text, nullable=True),
    Column("hours", Numeric(6, 2, asdecimal=False), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # 0 none; 1 the point's coordinators; 2 the station's; 3 the center's (督办).
    Column("escalation", SmallInteger, nullable=False, server_default="0"),
    Index("ix_orders_status_site_created", "status", "site_id", "created_at"),
    Index("ix_orders_resident_created", "resident_id", "created_at"),
    Index("ix_orders_volunteer_status", "volunteer_id", "status"),
    # Per-site statistics over a period (a station's last 30 days).
    Index("ix_orders_site_created", "site_id", "created_at"),
)
# /pending reads the oldest waiting orders in order, however long the backlog; the
# statuses are literals in both the index and `SqlOrderRepo.pending`, so PostgreSQL
# can prove the index applies even with a generic plan.
WAITING = orders.c.status.in_(
    [literal_column(f"'{s}'") for s in sorted(map(str, lifecycle.PENDING_STATUSES))]
)
Index(
    "ix_orders_pending_created",
    orders.c.created_at,
    orders.c.id,
    postgresql_where=WAITING,
    sqlite_where=WAITING,
)

order_events = Table(
    "order_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False, index=True),
    Column("actor_id", BigInteger, nullable=True),  # None: the system (sweeper, dispatcher)
    Column("from_status", String(16), nullable=True),
    Column("to_status", String(16), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("at", UtcDateTime, nullable=False),
)

offers = Table(
    "offers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("volunteer_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("ring", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("message_id", BigInteger, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("order_id", "volunteer_id"),
    Index("ix_offers_volunteer_status", "volunteer_id", "status"),
)

# Timers that must survive restarts (offer expiry, escalation, reminders). A
# sweeper claims due rows; the partial index keeps "what is due" cheap however
# many fired rows pile up.
deadlines = Table(
    "deadlines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("ref_id", BigInteger, nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("claimed_by", String(64), nullable=True),
    Column("claimed_at", UtcDateTime, nullable=True),
    Column("fired_at", UtcDateTime, nullable=True),
    Index("ix_deadlines_kind_ref", "kind", "ref_id"),
)
Index(
    "ix_deadlines_due_open",
    deadlines.c.due_at,
    postgresql_where=deadlines.c.fired_at.is_(None),
    sqlite_where=deadlines.c.fired_at.is_(None),
)

# Volunteer applications: pending until a coordinator over the site approves or
# rejects (with a reason). `/join <team code>` files one for that team (`team_id` set
# from the start, at the team's site); `/join` alone leaves the team to the approver.
# Kept afterwards as a record.
applications = Table(
    "applications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=True),
    Column("status", String(16), nullable=False),  # pending | approved | rejected
    Column("created_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decided_by", BigInteger, nullable=True),  # no FK: like order_events.actor_id
    Column("reason_code", String(32), nullable=True),  # a rejection's common reason, or
    Column("reason", String(200), nullable=True),  # the one the coordinator typed
    Index("ix_applications_status_site", "status", "site_id"),
)
Index(
    "ix_applications_one_pending",
    applications.c.user_id,
    unique=True,
    postgresql_where=applications.c.status == "pending",
    sqlite_where=applications.c.status == "pending",
)

# The Approve / Reject message each coordinator was sent about an application, so
# the others' copies can be edited to show the decision once one of them decides.
application_notices = Table(
    "application_notices",
    metadata,
    Column("application_id", Integer, ForeignKey("applications.id"), primary_key=True),
    Column("user_id", BigInteger, primary_key=True),  # the coordinator (their private chat)
    Column("message_id", BigInteger, nullable=False),
)

# Invite tokens already used: the primary key makes a token work once, even when
# two people redeem it at the same moment (the second insert finds the row).
invite_uses = Table(
    "invite_uses",
    metadata,
    Column("token_id", String(32), primary_key=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("used_at", UtcDateTime, nullable=False),
)

# The audit trail of coordinators' actions (`domain.audit`): appended in the acting
# transaction, never changed. Ids and codes only; no foreign keys, like
# order_events.actor_id, so a row outlives whatever it names. `site_id` None:
# county-wide (the catalogue, admin grants).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    Column("actor_id", BigInteger, nullable=False),
    Column("action", String(32), nullable=False),
    Column("site_id", Integer, nullable=True),
    Column("subject", String(64), nullable=False),
    Column("details", JSON, nullable=False),
    # /audit reads a subtree newest first: by site, then id descending.
    Index("ix_audit_log_site_id", "site_id", "id"),
)

# The ledger (`domain.ledger`): accounts, transactions of balanced entries, and the
# balance of each account kept in the same transaction. Entries and transactions
# are append-only: migration 0014 adds triggers refusing UPDATE and DELETE on them.
# `owner_id` is a person, household or site id by `kind`; 0 for the county's own.
ledger_accounts = Table(
    "ledger_accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("owner_id", BigInteger, nullable=False),
    UniqueConstraint("kind", "owner_id"),
)

ledger_transactions = Table(
    "ledger_transactions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("ref", String(64), nullable=True),
    Column("actor_id", BigInteger, nullable=True),
    Column("reason", Text, nullable=True),
    # A correction names what it undoes; unique, so nothing is undone twice.
    Column(
        "reverses_id", Integer, ForeignKey("ledger_transactions.id"), nullable=True, unique=True
    ),
    Index("ix_ledger_transactions_ref", "ref"),  # an order's or activity's hours (0024)
    # The honour list: a month's transactions of some kinds, never the whole history.
    Index("ix_ledger_transactions_kind_at", "kind", "at"),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("transaction_id", Integer, ForeignKey("ledger_transactions.id"), nullable=False),
    Column("account_id", Integer, ForeignKey("ledger_accounts.id"), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("at", UtcDateTime, nullable=False),  # the transaction's, for per-period sums
    Index("ix_ledger_entries_account_at", "account_id", "at"),
    Index("ix_ledger_entries_transaction", "transaction_id"),
    Index("ix_ledger_entries_at", "at"),  # the honour list: a month over every account
)

# Reasons erased under PIPL (`/forgetme`): the one update `ledger_transactions`
# allows (migration 0025) sets `reason` to NULL; this row says it was erased.
ledger_reason_erasures = Table(
    "ledger_reason_erasures",
    metadata,
    Column(
        "transaction_id",
        Integer,
        ForeignKey("ledger_transactions.id"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("erased_at", UtcDateTime, nullable=False),
)

# The running balance per account, moved by every post in its own transaction; the
# check that an account may not go negative is in that UPDATE's WHERE.
ledger_balances = Table(
    "ledger_balances",
    metadata,
    Column("account_id", Integer, ForeignKey("ledger_accounts.id"), primary_key=True),
    Column("balance", BigInteger, nullable=False),
)

# The county's recognition rules from the seed (`recognition:`), one JSON value a key.
ledger_rules = Table(
    "ledger_rules",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", JSON, nullable=False),
)

# The points shop (`domain.shop`): rewards per pickup site, and the pickup codes.
shop_rewards = Table(
    "shop_rewards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False, index=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(128), nullable=False, server_default=""),
    Column("points", Integer, nullable=False),
    Column("stock", Integer, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
    CheckConstraint("stock >= 0", name="stock_not_negative"),
)

shop_pickups = Table(
    "shop_pickups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("reward_id", Integer, ForeignKey("shop_rewards.id"), nullable=False),
    Column("person_id", BigInteger, nullable=False),
    Column("points", Integer, nullable=False),
    Column("status", String(8), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Column("used_by", BigInteger, nullable=True),
    # Set when asked for from a household's balance (the hand-over debits the household).
    Column("household_id", Integer, ForeignKey("households.id"), nullable=True),
    Index("ix_shop_pickups_person_status", "person_id", "status"),
    Index("ix_shop_pickups_household_status", "household_id", "status"),
)

# Household civility points (`domain.households`): households at a point, their
# members, the graders appointed at a point, the county's per-act rules (the seed's
# `recognition: household_rules`), and every award or deduction; its points are a
# ledger transaction (`ledger_tx_id`), so nothing here holds a balance.
households = Table(
    "households",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("head_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("status", String(8), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("decided_by", BigInteger, nullable=True),
    Column("decided_at", UtcDateTime, nullable=True),
    Index("ix_households_site_id", "site_id", "status"),
    Index("ix_households_head_id", "head_id"),
)

household_members = Table(
    "household_members",
    metadata,
    Column("person_id", BigInteger, ForeignKey("users.id"), primary_key=True, autoincrement=False),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
    Index("ix_household_members_household", "household_id"),
)

household_graders = Table(
    "household_graders",
    metadata,
    Column("site_id", Integer, ForeignKey("sites.id"), primary_key=True, autoincrement=False),
    Column("person_id", BigInteger, ForeignKey("users.id"), primary_key=True, autoincrement=False),
    Column("appointed_by", BigInteger, nullable=False),
    Column("appointed_at", UtcDateTime, nullable=False),
)

household_rules = Table(
    "household_rules",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(128), nullable=False, server_default=""),
    Column("points", Integer, nullable=False),  # > 0 an award, < 0 a deduction
    Column("sort", Integer, nullable=False, server_default="0"),
)

household_awards = Table(
    "household_awards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("household_id", Integer, ForeignKey("households.id"), nullable=False),
    Column("rule_code", String(32), nullable=False),
    Column("points", Integer, nullable=False),  # as moved on the ledger, signed
    Column("note", Text, nullable=False, server_default=""),
    Column("photo_file_id", String(256), nullable=True),
    Column("actor_id", BigInteger, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("ledger_tx_id", Integer, ForeignKey("ledger_transactions.id"), nullable=True),
    Index("ix_household_awards_household", "household_id", "id"),
)

# Volunteer service certificates (`domain.certificates`): asked, then issued (with the
# record as issued and its verification code) or refused by a coordinator.
certificates = Table(
    "certificates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("status", String(8), nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("decided_by", BigInteger, nullable=True),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("code", String(32), nullable=True, unique=True),
    Column("minutes", Integer, nullable=True),
    Column("record", JSON, nullable=True),
    Index("ix_certificates_person", "person_id", "status"),
)

# The update inbox without Redis (`storage.inbox_sql`): updates received and not yet
# handled ("pending", with their payload), and the ids handled lately ("done", the
# payload dropped) so a redelivery is refused. One row per (bot, chat, update): the
# primary key is both the dedupe and the chat's queue in update_id order. Every inbox
# table is per channel (Telegram, ...), as the Redis keys are.
inbox_updates = Table(
    "inbox_updates",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("bot_id", BigInteger, primary_key=True, autoincrement=False),
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("state", String(8), nullable=False),  # "pending" or "done"
    Column("payload", Text, nullable=False),  # holds personal data: never logged
    Column("done_at", Float, nullable=True),  # epoch seconds, for the dedupe TTL
    # The janitor's `chats`: the chats of one bot with pending updates.
    Index("ix_inbox_updates_bot_state_chat", "channel", "bot_id", "state", "chat_id"),
)

# Whose turn a chat is: one row while a turn holds it, until `expires_at` (epoch s).
inbox_leases = Table(
    "inbox_leases",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("bot_id", BigInteger, primary_key=True, autoincrement=False),
    Column("chat_id", BigInteger, primary_key=True, autoincrement=False),
    Column("holder", String(64), nullable=False),
    Column("expires_at", Float, nullable=False),
)

# Updates the transport could not parse, kept to look at for a while (bounded).
inbox_unreadable = Table(
    "inbox_unreadable",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("bot_id", BigInteger, primary_key=True, autoincrement=False),
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("raw", Text, nullable=False),  # holds personal data: never logged
    Column("error", Text, nullable=False),
    Column("expires_at", Float, nullable=False),
)

# Updates set aside instead of handled, with why, until someone removes them.
inbox_aside = Table(
    "inbox_aside",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("bot_id", BigInteger, primary_key=True, autoincrement=False),
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("payload", Text, nullable=False),
)

# Each order's visit (migration 0013): when its volunteer said they will arrive,
# the safety code word said at the door, when they set out, and whether the
# resident said it happened. One row per order, for the volunteer who has it now.
visits = Table(
    "visits",
    metadata,
    Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True, autoincrement=False),
    Column("volunteer_id", BigInteger, nullable=False),
    Column("code_word", String(16), nullable=False),
    Column("arrive_at", UtcDateTime, nullable=True),
    Column("arrive_part", String(16), nullable=True),  # morning | afternoon; None: a typed time
    Column("on_way_at", UtcDateTime, nullable=True),
    Column("happened", Boolean, nullable=True),
    Column("answered_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
)

# Notes for whoever next serves the same person ("电梯坏了"), keyed by that person
# (today the order's resident). Personal data: erased with the person.
visit_notes = Table(
    "visit_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", BigInteger, nullable=False),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("author_id", BigInteger, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # Whom the visit was for (`domain.visits.served_keys`, migration 0021): "p:<id>",
    # "t:<phone>" or "n:<orderer>:<name>"; `person_id` is whose data the note is.
    Column("served", String(96), nullable=True),
    Index("ix_visit_notes_person_id_created_at", "person_id", "created_at"),
    Index("ix_visit_notes_served_created_at", "served", "created_at"),
)

# Activities (`domain.activities`, migration 0017). The fill counters live on the
# activity's row: a sign-up is `UPDATE … SET residents_signed = residents_signed + 1
# WHERE residents_signed < resident_quota`, so a quota holds under any race (the
# row lock on PostgreSQL, the one writer on SQLite). Offered places count as taken.
activities = Table(
    "activities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title_zh", String(128), nullable=False),
    Column("title_en", String(128), nullable=False, server_default=""),
    Column("category_code", String(32), ForeignKey("categories.code"), nullable=False),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("lat", Float, nullable=True),  # the venue's pin; None: the site's coordinates
    Column("lon", Float, nullable=True),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("volunteer_quota", Integer, nullable=False),
    Column("resident_quota", Integer, nullable=False),
    Column("volunteers_signed", Integer, nullable=False, server_default="0"),
    Column("residents_signed", Integer, nullable=False, server_default="0"),
    Column("waitlist_seq", Integer, nullable=False, server_default="0"),
    Column("visibility", String(8), nullable=False),  # subtree | team
    Column("poster_file_id", String(256), nullable=True),
    Column("status", String(16), nullable=False),  # published | cancelled | closed
    Column("created_by", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("beneficiaries", JSON, nullable=True),  # after the event: {category: count}
    Column("report_text", Text, nullable=True),  # 结项
    Column("report_photos", JSON, nullable=True),  # file ids
    Index("ix_activities_site_starts", "site_id", "starts_at"),
)

# One row per person and activity: signed, waitlisted, offered (a freed place,
# until `offered_until`) or cancelled; the wait-list is in `position` order.
activity_signups = Table(
    "activity_signups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("activity_id", Integer, ForeignKey("activities.id"), nullable=False),
    Column("person_id", BigInteger, ForeignKey("users.id"), nullable=False, index=True),
    Column("role", String(16), nullable=False),  # volunteer | resident
    Column("status", String(16), nullable=False),
    Column("position", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("offered_until", UtcDateTime, nullable=True),
    UniqueConstraint("activity_id", "person_id"),
    Index("ix_activity_signups_queue", "activity_id", "role", "status", "position"),
)

# `/follow`: new activities at a site reach its followers.
activity_follows = Table(
    "activity_follows",
    metadata,
    Column("person_id", BigInteger, ForeignKey("users.id"), primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), primary_key=True, index=True),
    Column("created_at", UtcDateTime, nullable=False),
)

# One check-in per person per activity (the primary key decides a double scan).
# `person_id` has no foreign key: a walk-in checked in by a volunteer may be no user.
activity_checkins = Table(
    "activity_checkins",
    metadata,
    Column("activity_id", Integer, ForeignKey("activities.id"), primary_key=True),
    Column("person_id", BigInteger, primary_key=True, autoincrement=False),
    Column("how", String(16), nullable=False),  # qr | location | staff
    Column("by_id", BigInteger, nullable=True),  # who checked them in, when not themselves
    Column("at", UtcDateTime, nullable=False),
)
# Complaints (`domain.complaints`): one per visit, i.e. per (order, volunteer); the
# one that reopened the order has `reopened_at`, and an order reopens once.
complaints = Table(
    "complaints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("resident_id", BigInteger, nullable=False),
    Column("volunteer_id", BigInteger, nullable=True),  # no FK: like order_events.actor_id
    Column("cause", String(16), nullable=False),  # rating | comment
    Column("filed_at", UtcDateTime, nullable=False),
    Column("reopened_at", UtcDateTime, nullable=True),
    UniqueConstraint("order_id", "volunteer_id"),
)

# A site's public phone (the seed's `site_phones`), offered to a resident whose
# order nobody took. A site's, not a person's.
site_phones = Table(
    "site_phones",
    metadata,
    Column("site_id", Integer, ForeignKey("sites.id"), primary_key=True, autoincrement=False),
    Column("phone", String(32), nullable=False),
)

# The new-order notice each coordinator was sent, edited as the order moves.
order_notices = Table(
    "order_notices",
    metadata,
    Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("message_id", BigInteger, nullable=False),
)

# The relayed chat of an accepted order (`domain.relay`): every message the bot passed
# between the resident and the volunteer, as it was passed (phone numbers and
# usernames already masked), so a coordinator can read the thread from `/order n`.
# `delivered_id` is the message's id in the recipient's chat: a reply to it names
# the thread. Personal data: never logged.
relay_messages = Table(
    "relay_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("sender_id", BigInteger, nullable=False),
    Column("recipient_id", BigInteger, nullable=False),
    Column("kind", String(16), nullable=False),  # text, photo, voice, location
    Column("text", Text, nullable=False, server_default=""),
    Column("file_id", String(256), nullable=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("at", UtcDateTime, nullable=False),
    Column("delivered_id", BigInteger, nullable=True),
    Index("ix_relay_messages_order_id", "order_id", "id"),
    Index("ix_relay_messages_recipient_id", "recipient_id", "delivered_id"),
)

# Which thread a person is writing in (the order's "Message the volunteer" button,
# or the one open thread they wrote to): plain messages outside a conversation go
# there, across restarts.
relay_focus = Table(
    "relay_focus",
    metadata,
    Column("person_id", BigInteger, primary_key=True, autoincrement=False),
    Column("order_id", Integer, ForeignKey("orders.id"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

# Check-in at the door (`domain.checkin`): one per order, when and how the volunteer
# arrived; `claimed_hours` the hours they reported when the check-in capped them,
# `approved_by` the coordinator who then credited those hours in full.
checkins = Table(
    "checkins",
    metadata,
    Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True, autoincrement=False),
    Column("volunteer_id", BigInteger, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("how", String(16), nullable=False),  # location or qr
    Column("distance_m", Float, nullable=True),
    Column("claimed_hours", Float, nullable=True),
    Column("approved_by", BigInteger, nullable=True),
)

# The check-in QR tokens already used: a token works once (`domain.checkin_tokens`).
checkin_token_uses = Table(
    "checkin_token_uses",
    metadata,
    Column("token_id", String(32), primary_key=True),
    Column("order_id", Integer, nullable=False),
    Column("used_at", UtcDateTime, nullable=False),
)
# Where, when in the day and for whom an order is (`domain.order_details`); one row
# per order placed since migration 0012. The pin's coordinates are orders.lat/lon.
# Personal data (address, beneficiary): never logged; blanked by /forgetme.
order_details = Table(
    "order_details",
    metadata,
    Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True, autoincrement=False),
    Column("visit", String(8), nullable=True),  # home (上门) | station (到站)
    Column("address", Text, nullable=False, server_default=""),
    Column("pinned", Boolean, nullable=False, server_default=false()),
    Column("day_part", String(16), nullable=True),  # morning | afternoon | evening
    Column("at_time", String(5), nullable=True),  # HH:MM, county time
    Column("beneficiary_name", String(64), nullable=True),
    Column("beneficiary_relation", String(32), nullable=True),
    Column("beneficiary_phone", String(32), nullable=True),
    Column("beneficiary_id", BigInteger, nullable=True),  # the person with that phone
    Column("entered_by", BigInteger, nullable=True),  # the coordinator who took it by phone
)
# A beneficiary's phone finds their person (`OrderDetailsRepo.person_with_phone`).
Index("ix_users_phone", users.c.phone)
# Broadcasts (`domain.broadcasts`): a coordinator's message to an audience, and one
# row per recipient, claimed by one sender and sent once. `buttons` is the inline
# keyboard as data (rows of [label, data]); `progress_at` is when the progress
# message was last edited, taken by compare-and-set so workers do not all edit it.
broadcasts = Table(
    "broadcasts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("author_id", BigInteger, nullable=False),
    Column("audience", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("buttons", JSON, nullable=False),
    Column("photo_file_id", String(256), nullable=True),  # sent with the text as caption
    Column("status", String(16), nullable=False),
    Column("total", Integer, nullable=False),
    Column("progress_message", BigInteger, nullable=True),
    Column("progress_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_broadcasts_status", "status", "id"),
)

broadcast_recipients = Table(
    "broadcast_recipients",
    metadata,
    Column("broadcast_id", Integer, ForeignKey("broadcasts.id"), primary_key=True),
    Column("person_id", BigInteger, primary_key=True, autoincrement=False),
    Column("status", String(16), nullable=False),
    Column("claimed_by", String(64), nullable=True),
    Column("claimed_at", UtcDateTime, nullable=True),
    Column("done_at", UtcDateTime, nullable=True),
    Index("ix_broadcast_recipients_status", "broadcast_id", "status", "person_id"),
)

# The command menu (`domain.menus`) each person was last given in their chat, as
# "<role>:<locale>:<version>", so start-up sets only the menus that changed.
command_menus = Table(
    "command_menus",
    metadata,
    Column("person_id", BigInteger, primary_key=True, autoincrement=False),
    Column("menu", String(64), nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
)

# Statistics: one row per site, county day (of the order's creation) and category,
# kept by `storage.sql.repos.stats` in the transaction of each order transition, so
# `/stats` sums a period's rows and never scans orders. `n_<status>` counts the
# orders now in that status; `a<i>` / `d<i>` are duration histograms (created ->
# accepted, created -> done) over `domain.stats_models.BUCKET_EDGES_MINUTES`.
stats_rollups = Table(
    "stats_rollups",
    metadata,
    Column("site_id", Integer, primary_key=True, autoincrement=False),
    Column("day", Date, primary_key=True),
    Column("category_code", String(32), primary_key=True),
    *(Column(name, Integer, nullable=False, server_default="0") for name in ROLLUP_COUNTS),
    # Hours are the ledger's (`ledger_rollups`); 0024 dropped the column kept here.
    Index("ix_stats_rollups_day", "day"),
)

# Hours and points by site, county day, category and source (`order`, `activity`,
# `adjust`), fed by `SqlLedgerRepo.post` in the transaction of every post that moves
# hours, and recomputed from the entries by `storage.sql.repos.ledger_rollups`.
ledger_rollups = Table(
    "ledger_rollups",
    metadata,
    Column("site_id", Integer, primary_key=True, autoincrement=False),
    Column("day", Date, primary_key=True),
    Column("category_code", String(32), primary_key=True),
    Column("source", String(16), primary_key=True),
    Column("minutes", BigInteger, nullable=False, server_default="0"),
    Column("points", BigInteger, nullable=False, server_default="0"),
    Index("ix_ledger_rollups_day", "day"),
)

# The same two roll-ups by county month (`month`: its first day), kept beside the
# daily rows by the same writes, so /stats over whole months (a month, a year) sums
# one row per site, month and category instead of one per day: a county's month is
# about 1,400 rows instead of 23,000.
stats_rollups_monthly = Table(
    "stats_rollups_monthly",
    metadata,
    Column("site_id", Integer, primary_key=True, autoincrement=False),
    Column("month", Date, primary_key=True),
    Column("category_code", String(32), primary_key=True),
    *(Column(name, Integer, nullable=False, server_default="0") for name in ROLLUP_COUNTS),
    Index("ix_stats_rollups_monthly_month", "month"),
)

ledger_rollups_monthly = Table(
    "ledger_rollups_monthly",
    metadata,
    Column("site_id", Integer, primary_key=True, autoincrement=False),
    Column("month", Date, primary_key=True),
    Column("category_code", String(32), primary_key=True),
    Column("source", String(16), primary_key=True),
    Column("minutes", BigInteger, nullable=False, server_default="0"),
    Column("points", BigInteger, nullable=False, server_default="0"),
    Index("ix_ledger_rollups_monthly_month", "month"),
)

# Points by account, county month and transaction kind, for the honour list
# (`storage.sql.repos.honour_points`): fed by every post in its own transaction, so
# a county month reads one row an account instead of every entry of the month.
ledger_month_points = Table(
    "ledger_month_points",
    metadata,
    Column("account_id", Integer, ForeignKey("ledger_accounts.id"), primary_key=True),
    Column("month", Date, primary_key=True),  # its first day, county time
    Column("kind", String(16), primary_key=True),  # the transaction's
    Column("points", BigInteger, nullable=False, server_default="0"),
    Index("ix_ledger_month_points_month", "month", "kind"),
)

# How each coordinator hears of new orders (`domain.digests`): `every` order (no row
# means this), a `digest` at `hour` (county time), or only `escalations`;
# `last_sent_at` is where the next digest starts.
digest_choices = Table(
    "digest_choices",
    metadata,
    Column("user_id", BigInteger, ForeignKey("users.id"), primary_key=True, autoincrement=False),
    Column("mode", String(16), nullable=False),
    Column("hour", SmallInteger, nullable=True),
    Column("last_sent_at", UtcDateTime, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Voice notes of an order (`domain.voice`): what the resident said instead of typing,
# as Telegram file ids, in the order they were said (`seq`), with the step they
# answered ("details", "address", "menu" for an order started by a voice message).
order_voice_notes = Table(
    "order_voice_notes",
    metadata,
    Column("order_id", Integer, ForeignKey("orders.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("step", String(32), nullable=False),
    Column("file_id", String(255), nullable=False),
)

# The wish wall (心愿墙, `domain.wishes`): a resident's request that is not on the menu,
# at their point. A coordinator over the point approves it (category, team, and
# `mode`: turned into `order_id`, or posted for the team to claim: `claimed_by`) or
# rejects it with `reason`. Claiming is a compare-and-set on `status`.
wishes = Table(
    "wishes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("resident_id", BigInteger, nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("voice_file_id", String(255), nullable=True),
    Column("status", String(16), nullable=False),
    Column("category_code", String(32), nullable=True),
    Column("team_id", Integer, nullable=True),
    Column("mode", String(8), nullable=True),
    Column("reason", Text, nullable=True),
    Column("decided_by", BigInteger, nullable=True),
    Column("claimed_by", BigInteger, nullable=True),
    Column("order_id", Integer, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # The service the wish is an order of once claimed (or placed), chosen at approval.
    Column("service_id", Integer, nullable=True),
    Index("ix_wishes_status_site", "status", "site_id"),
    Index("ix_wishes_resident", "resident_id"),
)

# Every copy of a wish sent with buttons (`kind`: "decide", a coordinator's Approve /
# Reject; "claim", a volunteer's Claim), edited once it is decided or claimed.
wish_notices = Table(
    "wish_notices",
    metadata,
    Column("wish_id", Integer, ForeignKey("wishes.id"), primary_key=True),
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("message_id", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(8), nullable=False),
)
