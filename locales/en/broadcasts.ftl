# civic-bot — broadcasts (/broadcast). Every key here must also be in locales/zh-CN/broadcasts.ftl.

broadcast-ask-audience = Who should it go to?
broadcast-audience-subtree = 👥 All volunteers of my sites
broadcast-audience-team = 🚩 One volunteer team
broadcast-audience-residents = 🏠 Residents who ordered at my sites lately
broadcast-ask-team = Pick the team (or type the code of one not shown):
broadcast-team-hint = Please pick a team with a button, or type its code.
broadcast-ask-days = Residents who ordered within how many days? (a button, or a number from 1 to 365)
broadcast-days-n = { $days } days
broadcast-days-hint = Please press a button, or type a number of days from 1 to { $max }.
broadcast-ask-text = Type the message to broadcast:
broadcast-cancelled = Broadcast cancelled.

broadcast-to-subtree = all volunteers of my sites
broadcast-to-team = the volunteers of the team picked
broadcast-to-residents = residents who ordered in the last { $days } days
broadcast-preview =
    📣 Broadcast preview
    To: { $audience } ({ $total } people)

    { $text }
broadcast-send = ✅ Send
broadcast-cancel = ✖️ Cancel
broadcast-started = Sending
broadcast-stopped = Broadcast stopped

broadcast-progress-sending = 📣 Broadcast #{ $id } sending: { $handled } / { $total } sent, { $unreachable } unreachable
broadcast-progress-done = ✅ Broadcast #{ $id } done: { $sent } / { $total } delivered, { $unreachable } unreachable, { $failed } failed
broadcast-progress-cancelled = ✖️ Broadcast #{ $id } cancelled: { $sent } / { $total } delivered, { $unreachable } unreachable
broadcast-progress-draft = 📣 Broadcast #{ $id } (not sent, { $total } people)

refused-broadcast-nobody = Nobody in that audience can be sent to.
refused-broadcast-text-length = The message must not be empty nor longer than { $max } characters.
refused-broadcast-team-not-yours = That team is not at your sites.
refused-broadcast-bad-audience = Please choose the audience again.
refused-broadcast-not-yours = That is not your broadcast.
refused-broadcast-not-draft = That broadcast was already sent or cancelled.
refused-broadcast-over = That broadcast is already over.
