# civic-bot — vetted joining: applying by team code or by site, deciding, rejection reasons. Every key here must also be in locales/zh-CN/applications.ftl.

## Applying by team code
join-team-applied = Your application to join { $team } ({ $site }) is in. A coordinator will review it and tell you.
application-new-team = New volunteer application #{ $id }: { $name } (id { $user })
    Team asked for: { $team }
    Site: { $site }

## What the other coordinators see once it is decided
application-closed-approved = Application #{ $id } ({ $name }) was approved by { $by }: joins { $team }.
application-closed-rejected = Application #{ $id } ({ $name }) was rejected by { $by }. Reason: { $reason }

## Rejection reasons
reject-reason-ask = Rejecting application #{ $id }: choose a reason, or type one.
reject-reason-hint = Please press one of the reasons, or type a short one.
reject-cancelled = Cancelled; the application is still waiting for a decision.
reject-reason-unknown = The applicant could not be verified
reject-reason-outside = The applicant is outside this site's area
reject-reason-full = The team is full
reject-reason-none = not given
application-rejected-because = Application #{ $id } rejected. Reason: { $reason }
join-rejected-because = Sorry, your application to volunteer at { $site } was not approved. Reason: { $reason }
    Your local practice station can tell you more.
refused-bad-reason = Please choose or type a reason for rejecting.

## Volunteer applications
join-ask-station = Want to volunteer? Choose your town.
    If you know your team's code, you can also apply to it with /join and the code, e.g. /join HAIR-DQ
join-ask-point = Choose your village or community:
join-applied = Your application for { $site } is in. A coordinator will review it and tell you.
join-approved = Congratulations! Your application is approved and you are now in { $team }. We will tell you when a fitting order comes in.
join-rejected = Sorry, your application to volunteer at { $site } was not approved. Your local practice station can tell you more.
application-new = New volunteer application #{ $id }: { $name } (id { $user })
    Site: { $site }
application-approve = ✅ Approve #{ $id }
application-reject = ✖ Reject #{ $id }
application-pick-team = Application #{ $id } ({ $name }): which team should they join?
application-approved = Application #{ $id } approved: { $name } joins { $team }.
application-rejected = Application #{ $id } rejected.
applications-title = Volunteer applications waiting ({ $count }):
application-line = #{ $id } { $name } ({ $user }) · { $site }
