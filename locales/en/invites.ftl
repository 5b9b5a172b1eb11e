# civic-bot — one-time invite links (/invite). Every key here must also be in locales/zh-CN/invites.ftl.

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
