"""Activities (活动): a coordinator publishes one with quotas; volunteers and residents
sign up or join the wait-list; a freed place is offered down the wait-list with a
time limit; reminders come the day before and the hour before; attendees check in
at the venue; afterwards the attendance, the beneficiaries and a 结项 report are
recorded and the volunteers' hours credited.

Every quota is held by the storage's conditional UPDATE of the activity's counters
(`ActivityRepo.sign_up`), never by a read here. Each method is one transaction and
returns an outcome naming who must be told what; words are the handlers'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.activity_checkins import (
    CHECK_IN_WINDOW,
    VENUE_RADIUS_KM,
    CheckIns,
    manageable,
    venue_of,
)
from domain.activity_models import (
    ACTIVE,
    HOLDS_PLACE,
    OFFER_KIND,
    REMIND_KIND,
    Activity,
    ActivityDraft,
    ActivityStatus,
    Signup,
    SignupRole,
    SignupStatus,
    Visibility,
)
from domain.audit import record_action
from domain.audit_models import AuditAction
from domain.deadlines import DeadlineKinds
from domain.errors import Refused
from domain.geo import haversine_km
from domain.models import Deadline, LocalName, Team
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority

OFFER_TTL = timedelta(hours=2)  # how long a freed place waits for the one offered it
OFFER_MIN = timedelta(minutes=10)
REMIND_BEFORE = (timedelta(days=1), timedelta(hours=1))
MAX_QUOTA = 10_000
MAX_HOURS = 24.0
LISTED = 20
NEARBY = 10  # activities listed by distance from a shared location
NEARBY_SCAN = 500  # the soonest upcoming activities looked at for them


@dataclass(frozen=True, slots=True)
class Published:
    activity: Activity
    volunteers: list[int]  # of the team, or of every team in the site's subtree
    followers: list[int]  # residents following the site (not for a team-only one)

    @property
    def audience(self) -> list[int]:
        return sorted({*self.volunteers, *self.followers})


@dataclass(frozen=True, slots=True)
class SignedUp:
    activity: Activity
    signup: Signup


@dataclass(frozen=True, slots=True)
class PlaceOffered:
    """A freed place offered to the first on the wait-list, until `signup.offered_until`."""

    activity: Activity
    signup: Signup


@dataclass(frozen=True, slots=True)
class Left:
    activity: Activity
    signup: Signup
    offered: PlaceOffered | None = None  # whom the freed place went to


@dataclass(frozen=True, slots=True)
class OfferLapsed:
    """An offer ran out unconfirmed (the `activity.offer` deadline): the place passes on."""

    activity: Activity
    signup: Signup
    offered: PlaceOffered | None = None


@dataclass(frozen=True, slots=True)
class Reminded:
    activity: Activity
    people: list[int]
    soon: bool  # the hour-before reminder (else the day-before one)


@dataclass(frozen=True, slots=True)
class Changed:
    activity: Activity
    people: list[int]  # everyone signed up, wait-listed or offered a place
    what: str  # "moved" | "cancelled"


# What an edit may change; `Edited.fields` names those that it did.
TITLE, VENUE, SITE, CATEGORY, TEAM, VISIBILITY, PLACES, POSTER = (
    "title",
    "venue",
    "site",
    "category",
    "team",
    "visibility",
    "places",
    "poster",
)
# The changes that matter to someone signed up (they are told): what it is called and
# where it is. The time is `move`'s. Places, category, team, visibility and the
# poster change nothing for one who holds a place: they are not told (places added
# are offered). A new poster shows with the next reminder, move or change of place.
TOLD_OF = frozenset({TITLE, VENUE, SITE})


@dataclass(frozen=True, slots=True)
class Edited:
    activity: Activity
    people: list[int]  # everyone signed up, wait-listed or offered a place
    offered: list[PlaceOffered] = field(default_factory=list)  # places added, offered on
    fields: frozenset[str] = frozenset()  # what changed (TITLE, VENUE, SITE, ...)
    # Signed up (or waiting) but outside who may see it now (a team-only activity, not
    # of its team): they keep their places; the coordinator is told how many.
    outside: list[int] = field(default_factory=list)

    @property
    def told(self) -> list[int]:
        """Who hears of the edit: everyone signed up when its name or place changed
        (those just offered a place hear that instead)."""
        if not self.fields & TOLD_OF:
            return []
        offered = {offer.signup.person_id for offer in self.offered}
        return [p for p in self.people if p not in offered]


class Activities:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        authority: Authority,
        check_key: bytes,
        *,
        offer_ttl: timedelta = OFFER_TTL,
        venue_radius_km: float = VENUE_RADIUS_KM,
        check_in_window: timedelta = CHECK_IN_WINDOW,
    ) -> None:
        self._db = db
        self._clock = clock
        self._authority = authority
        self._offer_ttl = offer_ttl  # the `ACTIVITY_OFFER_TIME` setting
        # After the event starts: check-in, attendance, closing (`domain.activity_checkins`).
        self.checkins = CheckIns(
            db, clock, authority, check_key, venue_radius_km=venue_radius_km, window=check_in_window
        )

    # --- coordinators --------------------------------------------------------

    async def teams_for(self, coordinator_id: int) -> list[Team]:
        """The teams a coordinator may publish for: those at the sites they coordinate."""
        async with self._db.transaction() as tx:
            sites = await self._authority.sites_of(tx, coordinator_id)
            if sites is None:
                sites = [s.id for s in (await self._authority.reference.sites(tx)).all()]
            return await tx.teams.teams_at(sites)

    async def publish(self, draft: ActivityDraft) -> Published:
        _check_draft(draft)
        now = self._clock.now()
        if draft.starts_at <= now:
            raise Refused("activity-in-past")
        async with self._db.transaction() as tx:
            await self._authority.require_over(
                tx, draft.created_by, draft.site_id, "activity-outside"
            )
            if draft.team_id is not None and await tx.teams.get(draft.team_id) is None:
                raise Refused("no-such-team", code=str(draft.team_id))
            if draft.visibility is Visibility.TEAM and draft.team_id is not None:
                team_ids = [draft.team_id]
            else:
                subtree = (await self._authority.reference.sites(tx)).subtree_ids(draft.site_id)
                team_ids = [t.id for t in await tx.teams.teams_at(subtree)]
            activity = await tx.activities.create(draft, now)
            volunteers = set(await tx.activities.audience(team_ids))
            followers = set()
            if draft.visibility is Visibility.SUBTREE:
                followers = set(await tx.activities.followers([draft.site_id])) - volunteers
            await _schedule_reminders(tx, activity, now)
            published = Published(
                activity,
                sorted(volunteers - {draft.created_by}),
                sorted(followers - {draft.created_by}),
            )
            await record_action(
                tx,
                now,
                AuditAction.ACTIVITY_PUBLISH,
                draft.created_by,
                activity.site_id,
                activity.id,
                volunteers=activity.volunteer_quota,
                residents=activity.resident_quota,
                visibility=str(activity.visibility),
                told=len(published.audience),
            )
            return published

    async def manage(self, coordinator_id: int, activity_id: int) -> Activity:
        """The activity, if this coordinator acts on its site; else Refused."""
        async with self._db.transaction() as tx:
            return await self._over(tx, coordinator_id, activity_id)

    async def editing(self, coordinator_id: int, activity_id: int) -> tuple[Activity, list[Team]]:
        """What the edit flow offers: the activity (if this coordinator acts on it) and
        the teams they may hand it to, its own team first even when it is not theirs."""
        async with self._db.transaction() as tx:
            activity = await self._over(tx, coordinator_id, activity_id)
            if activity.status is not ActivityStatus.PUBLISHED:
                raise Refused("activity-not-open")
        teams = await self.teams_for(coordinator_id)
        if activity.team_id is not None and all(t.id != activity.team_id for t in teams):
            async with self._db.read() as tx:
                own = await tx.teams.get(activity.team_id)
            teams = ([own] if own is not None else []) + teams
        return activity, teams

    async def may_manage(self, coordinator_id: int, activity_id: int) -> bool:
        try:
            await self.manage(coordinator_id, activity_id)
        except Refused:
            return False
        return True

    async def mine(self, coordinator_id: int) -> list[Activity]:
        """Upcoming activities at the sites this coordinator acts on."""
        async with self._db.transaction() as tx:
            sites = await self._authority.sites_of(tx, coordinator_id)
            return await tx.activities.upcoming(sites, self._clock.now(), LISTED)

    async def move(
        self, coordinator_id: int, activity_id: int, starts_at: datetime, ends_at: datetime
    ) -> Changed:
        """Postpone (or bring forward): everyone signed up is told; reminders move too."""
        now = self._clock.now()
        if starts_at <= now:
            raise Refused("activity-in-past")
        if not timedelta(0) < ends_at - starts_at <= timedelta(hours=MAX_HOURS):
            raise Refused("activity-bad-times")
        async with self._db.transaction() as tx:
            await self._over(tx, coordinator_id, activity_id)
            moved = await tx.activities.move(activity_id, starts_at, ends_at, now)
            if moved is None:
                raise Refused("activity-not-open")
            await tx.deadlines.cancel(REMIND_KIND, activity_id, now)
            await _schedule_reminders(tx, moved, now)
            await record_action(
                tx,
                now,
                AuditAction.ACTIVITY_MOVE,
                coordinator_id,
                moved.site_id,
                activity_id,
                starts=moved.starts_at.isoformat(),
                ends=moved.ends_at.isoformat(),
            )
            return Changed(moved, await _everyone(tx, activity_id), "moved")

    async def edit(
        self,
        coordinator_id: int,
        activity_id: int,
        title: LocalName | None = None,
        venue: tuple[float | None, float | None] | None = None,
        quotas: tuple[int, int] | None = None,
        *,
        category_code: str | None = None,
        team_id: int | None = None,
        site_id: int | None = None,
        visibility: Visibility | None = None,
        poster: str | None = None,
    ) -> Edited:
        """Rename; move the site and its venue; change the category, the team or who
        may see it; change or take away the poster (`poster` "": none); or change
        the places: never below those who hold one. Places
        added go down the wait-list as offers, as freed ones do. Nobody signed up
        loses a place to an edit: those outside a narrower visibility keep theirs."""
        now = self._clock.now()
        if title is not None and not title.zh.strip():
            raise Refused("activity-bad-title")
        if quotas is not None and not all(0 <= q <= MAX_QUOTA for q in quotas):
            raise Refused("activity-bad-number")
        async with self._db.transaction() as tx:
            await self._over(tx, coordinator_id, activity_id)
            edited = await tx.activities.get(activity_id, lock=True)
            if edited is None or edited.status is not ActivityStatus.PUBLISHED:
                raise Refused("activity-not-open")
            if quotas is not None and (
                quotas[0] < edited.volunteers_signed or quotas[1] < edited.residents_signed
            ):
                raise Refused("activity-quota-below-signed")
            await self._check_placing(tx, coordinator_id, edited, team_id, site_id, visibility)
            changed = await tx.activities.edit(
                activity_id,
                now,
                title,
                venue,
                quotas,
                category_code=category_code,
                team_id=team_id,
                site_id=site_id,
                visibility=visibility,
                poster=poster,
            )
            if changed is None:
                raise Refused("activity-not-open")
            offered: list[PlaceOffered] = []
            for role in SignupRole:
                offered += await self._fill(tx, activity_id, role, now)
            fresh = await tx.activities.get(activity_id)
            assert fresh is not None
            fields = _changed_fields(edited, fresh, title, venue, quotas)
            await record_action(
                tx,
                now,
                AuditAction.ACTIVITY_EDIT,
                coordinator_id,
                fresh.site_id,
                activity_id,
                **_edit_details(fresh, fields),
            )
            everyone = await _everyone(tx, activity_id)
            outside: list[int] = []
            if fresh.visibility is Visibility.TEAM and fields & {TEAM, VISIBILITY}:
                team = set(await tx.activities.audience([fresh.team_id] if fresh.team_id else []))
                outside = [p for p in everyone if p not in team]
            return Edited(fresh, everyone, offered, frozenset(fields), outside)

    async def _check_placing(
        self,
        tx: Tx,
        coordinator_id: int,
        activity: Activity,
        team_id: int | None,
        site_id: int | None,
        visibility: Visibility | None,
    ) -> None:
        """A new team of the coordinator's sites, a new site of theirs within the
        team's own subtree, and a team-only visibility only with a team."""
        team = activity.team_id if team_id is None else team_id
        site = activity.site_id if site_id is None else site_id
        if team_id is not None:
            found = await tx.teams.get(team_id)
            if found is None:
                raise Refused("no-such-team", code=str(team_id))
            await self._authority.require_over(
                tx, coordinator_id, found.site_id, "activity-outside"
            )
        if site_id is not None:
            if await tx.sites.get(site_id) is None:
                raise Refused("no-such-site")
            await self._authority.require_over(tx, coordinator_id, site_id, "activity-outside")
        if (team_id is not None or site_id is not None) and team is not None:
            found = await tx.teams.get(team)
            tree = await self._authority.reference.sites(tx)
            if found is not None and site not in tree.subtree_ids(found.site_id):
                raise Refused("activity-site-not-team")
        if (visibility or activity.visibility) is Visibility.TEAM and team is None:
            raise Refused("activity-team-only")

    async def _fill(
        self, tx: Tx, activity_id: int, role: SignupRole, now: datetime
    ) -> list[PlaceOffered]:
        """Offer the places left to the wait-list, first come first."""
        offered: list[PlaceOffered] = []
        while (waiting := await tx.activities.first_waitlisted(activity_id, role)) is not None:
            if not await tx.activities.take_place(activity_id, role):
                break
            activity = await tx.activities.get(activity_id)
            assert activity is not None
            offer = await self._offer(tx, activity, waiting, now)
            if offer is None:
                await tx.activities.release_place(activity_id, role)
                break
            offered.append(offer)
        return offered

    async def cancel_activity(self, coordinator_id: int, activity_id: int) -> Changed:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            await self._over(tx, coordinator_id, activity_id)
            cancelled = await tx.activities.set_status(
                activity_id, [ActivityStatus.PUBLISHED], ActivityStatus.CANCELLED, now
            )
            if cancelled is None:
                raise Refused("activity-not-open")
            await tx.deadlines.cancel(REMIND_KIND, activity_id, now)
            everyone = await _everyone(tx, activity_id)
            await record_action(
                tx,
                now,
                AuditAction.ACTIVITY_CANCEL,
                coordinator_id,
                cancelled.site_id,
                activity_id,
                told=len(everyone),
            )
            return Changed(cancelled, everyone, "cancelled")

    # --- residents and volunteers -----------------------------------------------

    async def visible_to(self, person_id: int) -> list[tuple[Activity, Signup | None]]:
        """What is coming at my home site, the sites I follow and (for a volunteer) my
        team's site, with an activity of a site above them shown when its whole
        subtree may see it; each with my sign-up, if any."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            profile = await tx.users.get(person_id)
            volunteer = await tx.volunteers.get(person_id)
            mine = set(await tx.activities.follows(person_id))
            if profile is not None and profile.home_site_id is not None:
                mine.add(profile.home_site_id)
            if volunteer is not None:
                mine.add(volunteer.site_id)
            tree = await self._authority.reference.sites(tx)
            above = {a.id for s in mine for a in tree.ancestors(s)}
            found = await tx.activities.upcoming(above, now, LISTED * 2) if above else []
            signed = await tx.activities.mine(person_id, now)
        signups = {a.id for a, _s in signed}
        team = volunteer.team_id if volunteer is not None and volunteer.active else None
        # Mine (wherever they are), then what I may see; soonest first.
        shown: list[tuple[Activity, Signup | None]] = [(a, s) for a, s in signed]
        shown += [(a, None) for a in found if a.id not in signups and _may_see(a, team)]
        return sorted(shown, key=lambda pair: (pair[0].starts_at, pair[0].id))[:LISTED]

    async def near(self, person_id: int, lat: float, lon: float) -> list[tuple[Activity, float]]:
        """Upcoming activities anyone may see (and my team's own), nearest first, each
        with its distance in km from (lat, lon): the venue, else its site's place."""
        now = self._clock.now()
        async with self._db.read() as tx:
            volunteer = await tx.volunteers.get(person_id)
            found = await tx.activities.upcoming(None, now, NEARBY_SCAN)
            tree = await self._authority.reference.sites(tx)
        team = volunteer.team_id if volunteer is not None and volunteer.active else None
        near: list[tuple[Activity, float]] = []
        for activity in found:
            if not _may_see(activity, team):
                continue
            venue = venue_of(activity, tree.get(activity.site_id))
            if venue is not None:
                near.append((activity, haversine_km(lat, lon, *venue)))
        near.sort(key=lambda pair: (pair[1], pair[0].starts_at, pair[0].id))
        return near[:NEARBY]

    async def get(self, activity_id: int) -> Activity | None:
        async with self._db.read() as tx:
            return await tx.activities.get(activity_id)

    async def follow(self, person_id: int, site_id: int) -> bool:
        async with self._db.transaction() as tx:
            if await tx.sites.get(site_id) is None:
                raise Refused("no-such-site")
            return await tx.activities.follow(person_id, site_id, self._clock.now())

    async def unfollow(self, person_id: int, site_id: int) -> bool:
        async with self._db.transaction() as tx:
            return await tx.activities.unfollow(person_id, site_id)

    async def follows(self, person_id: int) -> list[int]:
        async with self._db.read() as tx:
            return await tx.activities.follows(person_id)

    async def sign_up(self, activity_id: int, person_id: int, role: SignupRole) -> SignedUp:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            activity = await tx.activities.get(activity_id)
            if activity is None or activity.status is not ActivityStatus.PUBLISHED:
                raise Refused("activity-not-open")
            if now >= activity.ends_at:
                raise Refused("activity-over")
            if activity.quota(role) <= 0:
                raise Refused(f"activity-no-{role.value}s")
            volunteer = await tx.volunteers.get(person_id)
            if role is SignupRole.VOLUNTEER and (volunteer is None or not volunteer.active):
                raise Refused("activity-volunteers-only")
            if activity.visibility is Visibility.TEAM and (
                volunteer is None or volunteer.team_id != activity.team_id
            ):
                raise Refused("activity-team-only")
            try:
                signup = await tx.activities.sign_up(activity_id, person_id, role, now)
            except LookupError:  # called off or closed since it was read
                raise Refused("activity-not-open") from None
            if signup is None:
                raise Refused("activity-already-signed")
            fresh = await tx.activities.get(activity_id)
            assert fresh is not None
            return SignedUp(fresh, signup)

    async def leave(self, activity_id: int, person_id: int) -> Left:
        """Cancel my sign-up (or wait-list spot, or an offered place): a place I held
        goes to the first on the wait-list, with a time limit to confirm."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            activity = await tx.activities.get(activity_id, lock=True)
            signup = await tx.activities.signup(activity_id, person_id)
            if activity is None or signup is None or signup.status not in ACTIVE:
                raise Refused("activity-not-signed")
            left = await tx.activities.set_signup(signup.id, ACTIVE, SignupStatus.CANCELLED)
            if left is None:
                raise Refused("activity-not-signed")
            offered = None
            if signup.status in HOLDS_PLACE:
                if signup.status is SignupStatus.OFFERED:
                    await tx.deadlines.cancel(OFFER_KIND, signup.id, now)
                offered = await self._pass_on(tx, activity, signup.role, now)
            fresh = await tx.activities.get(activity_id)
            assert fresh is not None
            return Left(fresh, left, offered)

    async def confirm(self, signup_id: int, person_id: int) -> SignedUp:
        """Take the place I was offered, before the offer runs out."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            signup = await tx.activities.signup_by_id(signup_id)
            if signup is None or signup.person_id != person_id:
                raise Refused("activity-offer-gone")
            if signup.offered_until is not None and now >= signup.offered_until:
                raise Refused("activity-offer-gone")  # run out; the sweep passes it on
            taken = await tx.activities.set_signup(
                signup_id, [SignupStatus.OFFERED], SignupStatus.SIGNED
            )
            if taken is None:
                raise Refused("activity-offer-gone")
            await tx.deadlines.cancel(OFFER_KIND, signup_id, now)
            activity = await tx.activities.get(signup.activity_id)
            assert activity is not None
            return SignedUp(activity, taken)

    async def decline(self, signup_id: int, person_id: int) -> Left:
        """Give up a place I was offered (or any sign-up of mine, by its id)."""
        async with self._db.read() as tx:
            signup = await tx.activities.signup_by_id(signup_id)
        if signup is None or signup.person_id != person_id:
            raise Refused("activity-offer-gone")
        return await self.leave(signup.activity_id, person_id)

    async def _pass_on(
        self, tx: Tx, activity: Activity, role: SignupRole, now: datetime
    ) -> PlaceOffered | None:
        """A held place is free: offer it to the first waiting (the counter still
        counts it), or give it back to the counter when nobody waits."""
        waiting = await tx.activities.first_waitlisted(activity.id, role)
        if waiting is not None:
            offer = await self._offer(tx, activity, waiting, now)
            if offer is not None:
                return offer
        await tx.activities.release_place(activity.id, role)
        return None

    async def _offer(
        self, tx: Tx, activity: Activity, waiting: Signup, now: datetime
    ) -> PlaceOffered | None:
        """A place (already counted) offered to one on the wait-list, until a deadline;
        None once the activity has started or is no longer open."""
        if activity.status is not ActivityStatus.PUBLISHED or now >= activity.starts_at:
            return None
        until = max(min(now + self._offer_ttl, activity.starts_at), now + OFFER_MIN)
        offered = await tx.activities.set_signup(
            waiting.id, [SignupStatus.WAITLISTED], SignupStatus.OFFERED, until
        )
        if offered is None:
            return None
        await tx.deadlines.schedule(OFFER_KIND, offered.id, until)
        return PlaceOffered(activity, offered)

    # --- deadlines --------------------------------------------------------------

    def register(self, kinds: DeadlineKinds) -> None:
        kinds.register(OFFER_KIND, OfferLapsed, self._offer_lapsed)
        kinds.register(REMIND_KIND, Reminded, _remind)

    async def _offer_lapsed(self, tx: Tx, deadline: Deadline) -> OfferLapsed | None:
        signup = await tx.activities.signup_by_id(deadline.ref_id)
        if signup is None or signup.status is not SignupStatus.OFFERED:
            return None  # confirmed or cancelled meanwhile
        activity = await tx.activities.get(signup.activity_id, lock=True)
        lapsed = await tx.activities.set_signup(
            signup.id, [SignupStatus.OFFERED], SignupStatus.CANCELLED
        )
        if activity is None or lapsed is None:
            return None
        offered = await self._pass_on(tx, activity, signup.role, self._clock.now())
        if activity.status is not ActivityStatus.PUBLISHED:
            return None  # called off or closed meanwhile: they were told that already
        return OfferLapsed(activity, lapsed, offered)

    async def _over(self, tx: Tx, coordinator_id: int, activity_id: int) -> Activity:
        return await manageable(self._authority, tx, coordinator_id, activity_id)


def _check_draft(draft: ActivityDraft) -> None:
    if not draft.title.zh.strip():
        raise Refused("activity-bad-title")
    if not timedelta(0) < draft.ends_at - draft.starts_at <= timedelta(hours=MAX_HOURS):
        raise Refused("activity-bad-times")
    for quota in (draft.volunteer_quota, draft.resident_quota):
        if not 0 <= quota <= MAX_QUOTA:
            raise Refused("activity-bad-number")
    if draft.volunteer_quota + draft.resident_quota == 0:
        raise Refused("activity-bad-number")
    if draft.visibility is Visibility.TEAM and draft.team_id is None:
        raise Refused("activity-team-only")


def _changed_fields(
    was: Activity,
    now: Activity,
    title: LocalName | None,
    venue: tuple[float | None, float | None] | None,
    quotas: tuple[int, int] | None,
) -> set[str]:
    """What an edit changed, comparing the activity before and after."""
    fields = set()
    if title is not None and title != was.title:
        fields.add(TITLE)
    if venue is not None and (now.lat, now.lon) != (was.lat, was.lon):
        fields.add(VENUE)
    if now.site_id != was.site_id:
        fields.add(SITE)
    if now.category_code != was.category_code:
        fields.add(CATEGORY)
    if now.team_id != was.team_id:
        fields.add(TEAM)
    if now.visibility is not was.visibility:
        fields.add(VISIBILITY)
    if quotas is not None and quotas != (was.volunteer_quota, was.resident_quota):
        fields.add(PLACES)
    if now.poster_file_id != was.poster_file_id:
        fields.add(POSTER)
    return fields


def _edit_details(activity: Activity, fields: set[str]) -> dict[str, str | int | None]:
    """The audit entry's details of an edit: which parts, and the new ids and codes
    (never the words: the title is the activity's, read when the trail is shown)."""
    details: dict[str, str | int | None] = {"fields": ",".join(sorted(fields))}
    if SITE in fields:
        details["site"] = activity.site_id
    if CATEGORY in fields:
        details["category"] = activity.category_code
    if TEAM in fields:
        details["team"] = activity.team_id
    if VISIBILITY in fields:
        details["visibility"] = str(activity.visibility)
    if PLACES in fields:
        details |= {"volunteers": activity.volunteer_quota, "residents": activity.resident_quota}
    if POSTER in fields:
        details["poster"] = activity.poster_file_id is not None  # whether one, not its id
    return details


def _may_see(activity: Activity, team_id: int | None) -> bool:
    if activity.visibility is Visibility.TEAM:
        return team_id is not None and team_id == activity.team_id
    return True  # at one of my sites or above them (the query's sites), subtree-wide


async def _schedule_reminders(tx: Tx, activity: Activity, now: datetime) -> None:
    due = [activity.starts_at - before for before in REMIND_BEFORE]
    await tx.deadlines.schedule_many((REMIND_KIND, activity.id, at) for at in due if at > now)


async def _remind(tx: Tx, deadline: Deadline) -> Reminded | None:
    activity = await tx.activities.get(deadline.ref_id)
    if activity is None or activity.status is not ActivityStatus.PUBLISHED:
        return None
    people = [s.person_id for s in await tx.activities.signups(activity.id, [SignupStatus.SIGNED])]
    if not people:
        return None
    soon = activity.starts_at - deadline.due_at <= timedelta(hours=2)
    return Reminded(activity, people, soon)


async def _everyone(tx: Tx, activity_id: int) -> list[int]:
    return [s.person_id for s in await tx.activities.signups(activity_id, ACTIVE)]
