# civic-bot volunteers' and dispatch messages (en); every key is also in the other language.

coord-escalated = Escalation: order #{ $id } ({ $service }, { $place }, { $when }) still has no volunteer and is now with the { $level ->
        [point] practice station
        [station] practice institute
       *[center] practice center
    }. Assign one with /assign { $id } volunteer-id.
rate-remind = A reminder: order #{ $id } ({ $service }) was done a day ago. How was it?
release-usage = Usage: /release order reason, e.g. /release 12 something came up
release-done = Order #{ $id } is handed back; we will find someone else. Thank you for telling us.
resident-released = Volunteer { $volunteer } cannot come after all. We are finding someone else for order #{ $id } ({ $service }) and will tell you who.
available-on = You will receive offers again.
available-off = Offers are paused. Send /available on to resume.
available-usage = Usage: /available on or /available off (now: { $state ->
        [on] receiving offers
       *[off] paused
    })
quiet-set = Quiet hours set: { $start } to { $end }. No offers reach you then.
quiet-off = Quiet hours removed.
quiet-usage = Usage: /quiet 22:00-07:00 to set quiet hours, /quiet off to remove them.
help-volunteer-more = /release order reason: hand a task back
    /available on|off: receive or pause offers
    /quiet 22:00-07:00: quiet hours
