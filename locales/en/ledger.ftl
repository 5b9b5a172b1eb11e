## /me: my volunteering
me-title = 🏅 My volunteering
me-hours = ⏱ Hours served: { $year } this year, { $all } in all
me-stars = ⭐ Level: { $stars } ({ $count ->
        [one] 1 star
       *[other] { $count } stars
    })
me-next = { $hours } more hours to reach { $next ->
        [one] 1 star
       *[other] { $next } stars
    }
me-top = You have reached the highest level. Thank you for keeping at it!
me-points = 💰 Points: { $points } (send /shop to spend them)
me-tasks = Last tasks:
me-task = #{ $id } { $service } · { $hours } h · { $rating } · { $when }
me-unrated = not rated
me-no-tasks = No finished tasks yet.

## Star levels
level-reached = 🎉 Congratulations! You have served { $hours } hours and are now a { $stars } { $count }-star volunteer!
level-reached-coordinator = 🎉 Volunteer { $name } ({ $id }) has served { $hours } hours and reached { $count ->
        [one] 1 star
       *[other] { $count } stars
    }.

## Coordinators' adjustments
adjust-usage = Usage: /adjust volunteer-id hours reason, e.g. /adjust 900001 2 led the team (negative to take hours back, e.g. -1.5)
adjust-done = Adjusted { $name }'s hours by { $hours } ({ $points } points). Reason: { $reason }
adjust-told = A coordinator adjusted your hours by { $hours } ({ $points } points). Reason: { $reason }

## Refusals
refused-adjust-needs-reason = Please give a reason for the adjustment.
refused-bad-adjust-hours = That number of hours does not look right: use a number other than 0, at most { $max } either way.
refused-not-enough-hours = There are not enough hours to take back.
refused-not-enough-points = Not enough points: { $have } available, { $need } needed.
refused-no-such-ledger-tx = There is no ledger transaction { $id }.
refused-already-reversed = Ledger transaction { $id } has been reversed already.
refused-volunteer-outside-your-sites = That volunteer is not in your sites.

## My star card (/me card)
me-card-caption = My volunteer star card
me-card-title = { $stars } { $count }-star volunteer
me-card-service = Hours served
me-card-all = In all
me-card-year = This year
me-card-hours = { $hours } h
me-card-level = Next level
me-card-points = Points
me-card-balance = Balance
me-card-hint = 🖼 Send /me card for your star card as a picture

## Names of the files sent
me-card-file = me.png
