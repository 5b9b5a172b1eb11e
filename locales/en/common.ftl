# civic-bot — English (second language). Every key here must also be in locales/zh-CN/common.ftl.

language-name = English

## Common
start-greeting = Hello, { $name }! This is the New Era Civilization Practice volunteer service.
    When you need a hand, tap "Order a service" and a volunteer will come.
start-home-site = Your home site is now { $site }.
use-menu = Please choose with the buttons below.
unknown-command = There is no such command. Send /help to see what you can do.
button-unknown = This button no longer works.
error-generic = Sorry, something went wrong. Please try again in a moment; nothing you entered was lost.
whoami = Your user id is { $id }
cancel-nothing = There is nothing to cancel.
lang-choose = Choose a language:
lang-set = Language set to English.

menu-order = 🛎 Order a service
menu-myorders = 📋 My orders
menu-tasks = 🙋 My tasks
menu-pending = 📥 Pending orders
menu-lang = 🌐 Language
menu-help = ❓ Help

help-resident = As a resident you can:
    /order order a volunteer service
    /myorders see and cancel your orders
    /lang change the language
    /cancel stop what you are doing
    /whoami see your user id
    /mydata get everything we keep about you
    /forgetme erase your personal data
    /household your household's civility points (or register it)
    /honour this month's honour list
    /verify code check a service certificate
help-join = Want to volunteer? Send /join to apply, or /join with your team's code to apply to that team, e.g. /join HAIR-DQ. Once a coordinator approves, you get orders.
help-volunteer = As a volunteer you can:
    /tasks see your tasks and mark them done
    /me your hours, star level, points and last tasks
    /shop spend your points in the points shop
    /certificate ask for a service certificate (PDF)
    New orders reach you with Accept / Decline buttons.
help-coordinator = As a coordinator you can:
    /pending see orders waiting for a volunteer
    /assign order volunteer-id assign directly, e.g. /assign 12 900001
    /notify choose how new orders reach you: each one, a daily digest, or only escalations
    /adjust volunteer-id hours reason add or take back a volunteer's hours
    /reward keep the points shop's rewards at your sites
    /redeem code hand a reward over at your site
    /award, /deduct award or deduct a household's civility points
    /grader add user-id site-id appoint a grader at a point

## Conversations
nav-back = ⬅ Back
nav-cancel = ✖ Cancel
nav-skip = Skip
request-location = 📍 Share my location
request-contact = 📱 Share my phone number
flow-cancelled = Cancelled.
flow-expired = This conversation has expired. Please start again.
flow-stale-button = That button belongs to an earlier step; please use the latest message.
flow-noted = Got it ✓
flow-hint-buttons = Please choose with the buttons below.
flow-hint-text = Please type some text, or tap Skip.
flow-hint-too-long = That is too long; please keep it under { $max } characters.
flow-hint-date = I could not read that date. Tap a button, or type a date such as 12-03 or 2026-12-03.
flow-hint-date-range = Please pick a date within { $days } days from today.
flow-hint-phone = Tap "Share my phone number", type a phone number, or tap Skip.

## Ordering
order-cancelled = Order cancelled. You can order again at any time.
order-ask-category = What kind of service do you need?
order-ask-service = Which service?
order-ask-details = Anything the volunteer should know? (e.g. limited mobility, what to bring)
    Type it, or tap Skip.
order-ask-where = Where should the service take place?
    Tap "📍 Share my location", or choose from the list.
order-where-home = 🏠 { $site }
order-where-list = 📋 Choose from the list
order-hint-where = Please share your location, or choose a place with the buttons.
order-ask-station = Choose the town:
order-ask-point = Choose the village or community:
order-ask-when = When would suit you? You can also type a date, e.g. 12-03.
when-today = Today
when-tomorrow = Tomorrow
when-week = This week
order-ask-phone = Please leave a phone number so the volunteer can reach you.
    Tap "📱 Share my phone number", type it, or tap Skip.
order-phone-saved = Use { $phone }
order-summary = Please confirm your order:
    Service: { $service }
    Details: { $details }
    Place: { $place }
    When: { $when }
    { $whom }
    { $visit }
    Phone: { $phone }
order-confirm = ✅ Confirm
order-change = ✏️ Change
order-ask-change = What would you like to change?
order-change-category = Service
order-change-details = Details
order-change-where = Place
order-change-when = Time
order-change-phone = Phone
order-placed = Order #{ $id } placed. We are finding a volunteer and will tell you who is coming.
order-cancelled-by-you = Order #{ $id } is cancelled.

status-new = waiting
status-offered = offered to volunteers
status-accepted = accepted
status-done = done
status-rated = rated
status-cancelled = cancelled

myorders-empty = You have no orders yet. Send /order to order a service.
myorders-title = Your orders, newest first:
myorders-line = #{ $id } { $service } · { $place } · { $when } · { $status }
myorders-cancel = Cancel order #{ $id }

resident-accepted = Good news! Volunteer { $volunteer } accepted your order #{ $id } ({ $service }) and plans to come to { $place } { $when }.
    { $visit }

## Rating
rate-ask = Order #{ $id } ({ $service }) is done. How was the service?
rate-thanks = Thank you for rating order #{ $id }: { $stars }
rate-ask-comment = Anything you would like to add? Type it, or tap Skip.
rate-comment-cancelled = All right, your rating is saved.
rate-comment-thanks = Thank you, your comment is recorded.
rate-done = Your rating is saved. Thank you!

## Volunteers
join-usage = Add your team code after /join, e.g. /join HAIR-DQ
join-welcome = Welcome to { $team }! We will tell you as soon as a fitting order comes in.
offer-new = New order #{ $id }: { $service }
    Place: { $place }
    When: { $when }
    Accept to see the details and the resident's phone.
offer-accept = ✅ Accept
offer-decline = Decline
offer-declined = You declined order #{ $id }.
offer-taken = Order #{ $id } was taken by another volunteer. Thank you!
offer-withdrawn = Order #{ $id } was cancelled; no need to go.
offer-won = You accepted order #{ $id }: { $service }
    Place: { $place }
    When: { $when }
    Details: { $details }{ $phone_line }
    When it is done, tap Done below (or in /tasks).
task-assigned = A coordinator assigned you order #{ $id }: { $service }
    Place: { $place }
    When: { $when }
    Details: { $details }{ $phone_line }
    When it is done, tap Done below (or in /tasks).
task-cancelled = The resident cancelled order #{ $id }; no need to go.
tasks-empty = You have no open tasks.
tasks-title = Your tasks:
tasks-line = #{ $id } { $service } · { $place } · { $when }{ $phone_part } · details { $details }
tasks-done = ✅ Done #{ $id }
hours-choose = How many hours did order #{ $id } take?
hours-other = Other
hours-ask = Type the number of hours, e.g. 1.5
hours-hint = Please type a number of hours between 0 and { $max }, e.g. 1.5
hours-cancelled = Cancelled; the task is not marked done yet.
hours-recorded = Order #{ $id }: { $hours } h recorded.
task-done = Order #{ $id } is done: { $hours } h recorded, { $points } points earned. Thank you!

## Coordinators
coord-new-order = New order #{ $id }: { $service }
    Place: { $place }
    When: { $when }
    Status: { $status }
pending-empty = Nothing is waiting.
pending-title = Waiting orders ({ $count }), oldest first:
pending-line = #{ $id } { $service } · { $place } · { $when } · { $status }
assign-usage = Usage: /assign order volunteer-id, e.g. /assign 12 900001
assign-done = Order #{ $id } assigned to { $volunteer }.

## Refusals
refused-service-gone = That service is no longer offered; please choose another.
refused-site-gone = That place no longer exists; please choose again.
refused-not-offered = This order was not offered to you.
refused-offer-closed = This order no longer needs you.
refused-offer-taken = Another volunteer already took this order.
refused-not-a-volunteer = User { $user } is not a volunteer.
refused-order-not-pending = Order #{ $id } is no longer waiting for a volunteer.
refused-bad-hours = That duration does not look right; use a number between 0 and 24 hours.
refused-not-your-task = This is not your task.
refused-bad-rating = Please give 1 to 5 stars.
refused-not-your-order = This is not your order.
refused-already-rated = This order is already rated.
refused-order-not-open = Order #{ $id } is closed.
refused-no-such-order = There is no order #{ $id }.
refused-not-a-coordinator = Only coordinators can do that.
refused-outside-your-sites = This order is outside your sites.
refused-no-such-site = There is no such site.
refused-no-such-team = There is no team with code { $code }; please check it.
refused-already-assigned = Order #{ $id } is already with that volunteer.
