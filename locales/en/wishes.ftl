# civic-bot — the wish wall: requests that are not on the menu. Every key must also be in locales/zh-CN/wishes.ftl.

## Residents
wish-ask-what = 🌟 Wish wall: what do you need help with? Things not on the menu are welcome. Type it, or just send a voice message.
wish-hint-what = Please type your wish, or send a voice message.
wish-ask-where = Where are you?
wish-cancelled = Cancelled; no wish was sent.
wish-filed = 🌟 Wish #{ $id } sent. You will hear back once a coordinator has looked at it.
wish-told-rejected = Sorry, wish #{ $id } cannot be arranged for now. Reason: { $reason }
wish-told-ordered = 🌟 Wish #{ $id } was approved as order #{ $order }; we are finding you a volunteer.
wish-told-posted = 🌟 Wish #{ $id } was approved and posted to a volunteer team; you will hear as soon as someone takes it.
wish-told-claimed = 🌟 Wish #{ $id } was taken by volunteer { $name }; it is now order #{ $order }. Press “💬 Message the volunteer” on the message below to reach them.

## Coordinators
wish-new = 🌟 New wish
    { $card }
wish-card = Wish #{ $id } · { $place } · { $status }
    { $text }
wish-said = (said by voice: listen to the voice note below)
wish-voice-caption = 🎙 Voice of wish #{ $id }
wish-status-open = waiting for review
wish-status-rejected = rejected
wish-status-ordered = turned into an order
wish-status-posted = waiting to be claimed
wish-status-claimed = claimed
wish-approve = ✅ Approve
wish-reject = ❌ Reject
wish-ask-category = Wish #{ $id }: which category does it belong to?
wish-ask-team = Which team should take it?
wish-ask-how = How should it be arranged?
wish-how-order = 📋 As an order (offered to volunteers)
wish-how-post = 📌 Post it for the team's volunteers to claim
wish-ask-service = Which service is it?
wish-ask-reason = Wish #{ $id }: why is it rejected? (The resident is told.)
wish-hint-reason = Please type the reason.
wish-decide-cancelled = Cancelled; the wish is still waiting for review.
wish-no-teams = There is no volunteer team near wish #{ $id }, so it cannot be approved. You may reject it with a reason.
wish-approved-order = ✅ Wish #{ $id } is now order #{ $order }.
wish-approved-post = ✅ Wish #{ $id } was posted to { $team } ({ $count } volunteers).
wish-rejected = Wish #{ $id } was rejected; the resident has been told.
wish-claimed-coord = Wish #{ $id } was claimed by volunteer { $name }; it is now order #{ $order }.

## Volunteers
wish-offer = 📌 A new wish on the wall, free to claim
    { $card }
wish-claim = 🙋 I'll take it
wish-claimed-you = ✅ You took wish #{ $wish }; it is now your order #{ $id }: { $service }
    Place: { $place }
    When: { $when }
    Details: { $details }
    Use the buttons below to write to the resident and to check in at the door, and press Done when it is done.
wish-claimed-already = Wish #{ $id } was already claimed by another volunteer.

## /wishes
wishes-title = 🌟 Wish wall: { $count } open wishes
wishes-empty = There are no open wishes on the wall right now.

## Refusals
refused-wish-outside = This wish is not at one of your sites.
refused-wish-empty = Please type or say your wish.
refused-wish-too-long = That wish is too long; please make it shorter.
refused-wish-unknown = There is no such wish.
refused-wish-decided = Someone has already dealt with this wish.
refused-wish-team-unknown = That team does not serve this category; please choose again.
refused-wish-not-your-team = This wish is for another team.
refused-wish-claimed = This wish was already claimed by another volunteer.
refused-wish-wall-staff = The wish wall is for coordinators and volunteers. To make a wish, use /wish.

## Command menus
menu-cmd-wish = Wish wall: make a wish
menu-cmd-wishes = Wish wall

## /help
help-wishes = Wish wall: for something not on the menu, send /wish and type it or say it in a voice message; a coordinator will get back to you.
    You can also speak while ordering: send a voice message at the details or house-number step, or send one on the main menu to start an order.
    Volunteers and coordinators: /wishes shows the wall.

## The coordinators' copies of a wish: once decided, they say so and lose the buttons
wish-notice-rejected = ❌ Rejected by { $who }. Reason: { $reason }
wish-notice-ordered = ✅ Approved by { $who } for { $team }, as an order offered to volunteers.
wish-notice-posted = ✅ Approved by { $who } and posted to { $team } to claim.
wish-notice-order = 📋 Order #{ $order }
wish-notice-claimed = 🙋 Claimed by volunteer { $volunteer }: now order #{ $order }.

## Order history
note-wish-claimed = a volunteer claimed wish #{ $wish }

## /mydata
mydata-section-wishes = [Wishes on the wish wall]
mydata-wish = Wish #{ $id } · { $at } · { $status }: { $text }; voice file: { $voice }; order: { $order }

## The resident erased their data, and with it the wish
wish-notice-withdrawn = ↩️ The resident withdrew this wish (they erased their data).
wish-withdrawn = Wish #{ $id } was withdrawn by the resident.
