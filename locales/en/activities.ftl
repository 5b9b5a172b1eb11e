# civic-bot — activities: publishing (quotas, who sees it, a poster), signing up and the wait-list, reminders, check-in, closing. Every key here must also be in locales/zh-CN/activities.ftl.

## Dates (Babel's LDML patterns)
date-pattern-activity = EEE d MMM, HH:mm
date-pattern-activity-end = HH:mm

## Publishing: /activity new
activity-usage = Usage: /activity new to publish an activity; /activity <number> to see and manage one.
activity-ask-title = A new activity. Its name in Chinese, e.g. 爱心义剪进社区
activity-ask-title-en = Its name in English (or Skip):
activity-ask-category = Which category?
activity-ask-team = Which team runs it?
activity-ask-site = At which site?
activity-ask-venue = Where exactly? Send a location 📍, or use the site's address.
activity-venue-site = 🏠 Use the site's address
activity-ask-start = When does it start? Type a date and time, e.g. 12/5 14:00
activity-ask-length = How long? Or type when it ends, e.g. 16:30
activity-length-hours = { $hours } h
activity-ask-volunteers = How many volunteers does it need? (pick or type; 0: none)
activity-ask-residents = How many places for residents? (pick or type; 0: none)
activity-ask-visibility = Who may see it?
activity-visibility-subtree = 🌳 Everyone at this site and the sites below
activity-visibility-team = 👥 Only this team's volunteers
activity-ask-poster = Send a poster picture, or Skip.
activity-preview = Please check the activity:
    📌 { $title }
    🏷 { $category } · { $team }
    📍 { $place }{ $pin ->
        [yes] {" "}(pinned)
       *[no] {""}
    }
    🕒 { $when }
    🙋 { $volunteers } volunteers · { $residents } residents
    👀 { $visibility ->
        [team] this team only
       *[subtree] this site and below
    }{ $poster ->
        [yes] {" "}· 🖼 with a poster
       *[no] {""}
    }
activity-publish = ✅ Publish
activity-change = ✏️ Change
activity-ask-change = What do you want to change?
activity-change-title = Name
activity-change-category = Category and team
activity-change-site = Site and venue
activity-change-start = Time
activity-change-volunteers = Places
activity-change-visibility = Who sees it
activity-change-poster = Poster
activity-cancelled = Cancelled: nothing was published.
activity-hint-venue = Send a location, or press "Use the site's address".
activity-hint-start = I could not read that time. Type it like 12/5 14:00
activity-hint-end = Pick a length, or type an end time after the start, e.g. 16:30.
activity-hint-quota = Type a number from 0 to { $max }.
activity-hint-nobody = Volunteers and residents cannot both be 0.
activity-hint-poster = Send a picture as the poster, or press Skip.
activity-published = Published activity #{ $id }: { $title }
    🕒 { $when }
    📍 { $place }
activity-announced = Telling { $count } people (sent one by one, shortly).

## Announcements and signing up
activity-announce = 📣 New activity: { $title }
    🏷 { $category }
    🕒 { $when }
    📍 { $place }
    🙋 volunteers { $volunteers }/{ $volunteer_quota } · residents { $residents }/{ $resident_quota }
activity-sign = ✅ Sign me up
activity-waitlist = ⏳ Full: join the wait-list
activity-sign-volunteer = 🙋 Sign up to help
activity-waitlist-volunteer = ⏳ Helpers full: join the wait-list
activity-signed = ✅ You are signed up: { $title }
    🕒 { $when }
    📍 { $place }
    You will be reminded the day before and an hour before.
activity-waitlisted = ⏳ It is full, so you are on the wait-list for { $title }. You will hear first when a place frees up.
activity-leave = ✖ Cancel my place
activity-left = Your place at { $title } is cancelled.
activity-here = 📍 Check in here
activity-offered = 🎉 A place came free: { $title } ({ $when }, { $place }).
    Please confirm by { $until }, or it goes to the next on the wait-list.
activity-offer-take = ✅ I'll come
activity-offer-pass = ✖ I can't
activity-offer-lapsed = You did not confirm in time: the place at { $title } went to the next on the wait-list.
activity-remind-tomorrow = ⏰ { $day ->
        [today] Today
        [tomorrow] Tomorrow
       *[other] Coming up
    }: { $title }
    🕒 { $when }
    📍 { $place }
activity-remind-soon = ⏰ Starts in an hour: { $title }
    📍 { $place }
activity-moved = 📅 New time for { $title }
    Now: { $when }
    📍 { $place }
activity-called-off = ❌ Called off: { $title } ({ $when }). Sorry for the trouble.

## The list: /activities
activity-list-title = Coming up:
activity-mine-title = Coming up at your sites:
activity-none = Nothing coming up. Send /follow to follow a site and hear of new activities there.
activity-line = #{ $id } { $title }
    🕒 { $when }
    📍 { $place }
    🙋 volunteers { $volunteers }/{ $volunteer_quota } · residents { $residents }/{ $resident_quota }
activity-line-mine = #{ $id } { $title }
    🕒 { $when }
    📍 { $place }
    🙋 volunteers { $volunteers }/{ $volunteer_quota } · residents { $residents }/{ $resident_quota }
    Me: { $role ->
        [volunteer] volunteer
       *[resident] resident
    } · { $status ->
        [signed] signed up
        [offered] a place to confirm
       *[waitlisted] number { $position } on the wait-list
    }

## Following a site: /follow
follow-usage = Usage: /follow to pick a site to follow; /follow <site number>; /unfollow <site number>.
follow-pick-station = Follow activities in which town?
follow-pick-point = Pick a village or community, or follow the whole town:
follow-whole = All of { $site }
follow-done = You follow { $site }: new activities there will reach you.
follow-already = You already follow { $site }.
follow-gone = You no longer follow it.
follow-not = You do not follow that site.

## A coordinator's desk for one activity
activity-desk-code = 🔳 Check-in code
activity-desk-list = 📋 Attendance
activity-desk-move = 📅 Postpone
activity-desk-off = ❌ Call off
activity-desk-close = 🏁 Close
activity-code = Check-in code: { $title }
    Attendees scan it to check in. It changes every minute, so a photo of it sent on does not work.
activity-code-link = Who cannot scan may open this link to check in (good for a minute): { $link }
activity-code-again = 🔄 New code
activity-attendance = Attendance: { $title }
    ✅ { $present } checked in · ⬜ { $absent } not here · { $walk_ins } walk-ins
    Press a name to correct it.
activity-walk-in = walk-in
activity-role-volunteer = volunteer
activity-role-resident = resident
activity-off-ask = Call this activity off? Everyone signed up will be told.
activity-off-sure = ❌ Yes, call it off
activity-off-done = Called off: { $title }. Everyone signed up was told.
activity-move-cancelled = Not postponed: the time stays.
activity-move-done = Moved: { $title }
    Now: { $when }
    Everyone signed up was told.

## Closing (结项)
activity-ask-elderly = Closing: how many elderly people did it serve? (a number, or Skip)
activity-ask-children = How many children? (a number, or Skip)
activity-ask-others = How many other people benefited? (a number, or Skip)
activity-ask-report = A few words on how it went (or Skip):
activity-ask-photos = Send photos of it ({ $count } so far), then press Done.
activity-photos-done = ✅ Done
activity-hint-count = Type a number, e.g. 12.
activity-hint-photos = Send a photo, or press Done.
activity-close-cancelled = Closing cancelled: come back to it later.
activity-closed = Closed: { $title }
    { $beneficiaries } people benefited; { $credited } volunteers were credited { $hours } h each.

## Checking in
activity-ask-here = Send your location 📍 to check in.
activity-hint-here = Press the button below to send your location.
activity-checkin-cancelled = Check-in cancelled.
activity-checked-in = ✅ Checked in: { $title }
activity-checked-in-already = You were already checked in: { $title }
activity-checked-for = ✅ Checked in { $person }: { $title }
activity-checkin-usage = Usage: /checkin <activity number> <resident number> (for a resident without a phone)

## Refusals
refused-activity-already-signed = You are already signed up (or on the wait-list).
refused-activity-bad-number = That number does not fit: 0 or a whole number, please.
refused-activity-bad-times = The end must come after the start, at most 24 hours later.
refused-activity-bad-title = Please give the activity a name.
refused-activity-code-stale = That check-in code is out of date: scan the one at the venue now.
refused-activity-in-past = That start is already past: pick a later time.
refused-activity-no-venue = This activity has no map position: check in with the code at the venue.
refused-activity-not-found = There is no activity #{ $id }.
refused-activity-not-now = Check-in is open from { $minutes } minutes before the start to { $minutes } minutes after the end.
refused-activity-not-open = That activity was called off or is closed.
refused-activity-not-signed = You are not signed up for that activity.
refused-activity-not-started = It has not started yet, so it cannot be closed.
refused-activity-offer-gone = That place is no longer yours to take.
refused-activity-over = That activity is over.
refused-activity-team-only = That activity is for its team's volunteers only.
refused-activity-too-far = You are too far from the venue: check in once you are there, or scan the code.
refused-activity-no-volunteers = This activity takes no volunteer sign-ups.
refused-activity-no-residents = This activity takes no resident sign-ups.
refused-activity-volunteers-only = Only volunteers can sign up to help. Send /join to become one.
refused-activity-outside = That site is outside the sites you coordinate.
refused-activity-not-staff = Only this activity's volunteers or its coordinators can do that.
refused-activity-no-teams = Your sites have no teams yet, so there is nothing to publish for.

## Help (the activities part of /help)
help-activities = Activities:
    /activities what is coming up: sign up, or join the wait-list
    /follow follow a site to hear of new activities there
help-activities-coordinator = Running activities:
    /activity new publish one (places, who sees it, a poster)
    /activity <number> check-in code, attendance, postpone, call off, close
    /checkin <activity> <resident number> check in a resident without a phone

## Editing an activity
activity-desk-edit = ✏️ Edit
activity-ask-edit = What do you want to change?
activity-edit-title = Name
activity-edit-venue = Site and venue
activity-edit-places = Places
activity-edit-cancelled = Nothing changed.
activity-edit-done = Changed: { $title }
    🕒 { $when }
    📍 { $place }
    🙋 volunteers { $volunteers }/{ $volunteer_quota } · residents { $residents }/{ $resident_quota }
activity-edited = ✏️ An update on { $title }
    🕒 { $when }
    📍 { $place }
refused-activity-quota-below-signed = There cannot be fewer places than people already signed up.
activity-edit-ask-title = The new name, in Chinese:

## Activities near me
activity-near = 📍 Activities near me
activity-ask-near = Send your location 📍 to see the activities coming up near you.
activity-hint-near = Press the button below to send your location.
activity-near-cancelled = No longer looking for activities near you.
activity-near-title = The { $count } nearest activities:
activity-near-none = Nothing coming up near you. Send /follow to follow a site and hear of new activities there.
activity-near-line = #{ $id } { $title } ({ $distance } away)
    🕒 { $when }
    📍 { $place }
    🙋 volunteers { $volunteers }/{ $volunteer_quota } · residents { $residents }/{ $resident_quota }

## Names of the files sent
activity-code-file = check-in.png
