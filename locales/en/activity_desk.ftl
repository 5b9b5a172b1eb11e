# civic-bot — a coordinator editing a published activity (the desk's "✏️ Edit"). Every key here must also be in locales/zh-CN/activity_desk.ftl.

## What to change
activity-edit-time = Time
activity-edit-team = Category and team
activity-edit-poster = Poster
activity-edit-ask-poster = Send a new poster photo, or Skip to have none:
activity-edit-visibility = Who sees it

## The coordinator's confirmation (after "Changed")
activity-edit-told = { $count ->
    [one] 1 person signed up was told.
   *[other] { $count } people signed up were told.
}
activity-edit-quiet = Nothing in this change affects those signed up: nobody was told.
activity-edit-outside = { $count ->
    [one] 1 person signed up (or waiting) is outside who may see it now: they keep their place; nothing was cancelled. Get in touch with them if that needs changing.
   *[other] { $count } people signed up (or waiting) are outside who may see it now: they keep their places; nothing was cancelled. Get in touch with them if that needs changing.
}

## To those signed up
activity-venue-changed = 📍 A new place for { $title }
    Now at: { $place }
    🕒 { $when }

## Refusals
refused-activity-site-not-team = That site is not the team's: pick the team's own site or one below it.
