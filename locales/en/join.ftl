# civic-bot — vetted joining: applying by team code, rejection reasons, one-time invite links. Every key here must also be in locales/zh-CN/join.ftl.

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

## Invite links
invite-usage = Usage: /invite team-code, e.g. /invite HAIR-DQ
invite-link = An invite link to { $team } (works once, until { $until }):
    { $link }
    Send it only to someone you know and have checked.
invite-welcome = Welcome to { $team }! We will tell you as soon as a fitting order comes in.
refused-team-not-yours = That team is outside your sites.
refused-invite-invalid = This invite link is not valid. To join, ask a coordinator for a new link, or send /join to apply.
refused-invite-expired = This invite link has expired. Ask a coordinator for a new one, or send /join to apply.
refused-invite-used = This invite link has already been used. Ask a coordinator for a new one, or send /join to apply.
refused-applicant-volunteer = The applicant has already joined through an invite link; you may reject this application.
