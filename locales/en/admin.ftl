# civic-bot — roles and powers (coordinators' and admins' commands). Every key here must also be in locales/zh-CN/admin.ftl.

help-coordinator-more = Coordinators can also:
    /order order-number see an order and its whole history
    /order for order for a resident who phoned
    /reassign order volunteer-id give an order to another volunteer
    /cancel order reason cancel an order
    /volunteers [site-id] the volunteers of a site
    /sites the sites with their numbers
    /promote user-id coordinator site-id appoint a coordinator
    /invite team-code a one-time link that joins that team
    /demote user-id [site-id] remove someone's role
    /catalog the service catalogue (add, rename, retire)
    /audit [site-id] the audit trail of coordinators' actions
    /broadcast a message to my volunteers, one team, or residents who ordered lately
    /export [csv] [site-id] [from] [to] the orders as Excel, with a summary sheet
    /qr [site-id|all] a site's door poster with its QR code (A5, print-ready)

## Orders
order-card = Order #{ $id }: { $service }
    Place: { $place }
    When: { $when }
    Details: { $details }
    Phone: { $phone }
    Status: { $status }
    Resident: { $resident }
    Volunteer: { $volunteer }
order-history-title = History:
order-history-line = { $at } { $from } → { $to } · { $who }
order-history-line-note = { $at } { $from } → { $to } · { $who } ({ $note })
order-history-system = system
order-nobody = none yet
order-usage = Usage: /order order-number, e.g. /order 12
reassign-usage = Usage: /reassign order volunteer-id, e.g. /reassign 12 900002
reassign-done = Order #{ $id } reassigned to { $volunteer }.
task-reassigned-away = A coordinator gave order #{ $id } to another volunteer; no need to go.
resident-reassigned = Your order #{ $id } ({ $service }) is now with volunteer { $volunteer }, who plans to come to { $place } { $when }.
cancel-order-usage = Usage: /cancel order reason, e.g. /cancel 12 no longer needed
cancel-order-done = Order #{ $id } cancelled; the resident and the volunteer are told.
resident-order-cancelled = Sorry, a coordinator cancelled your order #{ $id } ({ $service }). Reason: { $reason }
task-cancelled-by-coordinator = A coordinator cancelled order #{ $id }; no need to go. Reason: { $reason }

## Volunteers and sites
volunteers-usage = Usage: /volunteers or /volunteers site-id, e.g. /volunteers 11
volunteers-choose = Choose a site:
volunteers-title = Volunteers of { $site } ({ $total }):
volunteers-empty = { $site } has no volunteers yet.
volunteers-more = … and { $count } more.
volunteers-below = Sites below:
volunteer-line = { $name } ({ $id }) · { $team } · open { $open } · rating { $rating } · { $hours } h · { $state }
volunteer-rating = { $average }★ ({ $count })
volunteer-rating-none = none yet
volunteer-state-available = available
volunteer-state-paused = paused
volunteer-state-quiet = available, quiet { $start }–{ $end }
volunteer-state-inactive = inactive
sites-title = Sites (id · name · volunteers · open orders):
sites-line = { $indent }{ $id } · { $name } · { $volunteers } volunteers · { $orders } open

## Appointments
promote-usage = Usage:
    /promote user-id coordinator site-id, e.g. /promote 900005 coordinator 11
    /promote user-id admin (admins only)
    Anyone can see their user id with /whoami.
demote-usage = Usage: /demote user-id [site-id], e.g. /demote 900005
promote-done-coordinator = { $name } ({ $user }) is now a coordinator of { $site }.
promote-done-admin = { $name } ({ $user }) is now an admin.
promoted-you-coordinator = You are now a coordinator of { $site }. Send /help to see what you can do.
promoted-you-admin = You are now an admin. Send /help to see what you can do.
demote-done = Removed from { $name } ({ $user }):
    { $roles }
demoted-you = These roles of yours were removed:
    { $roles }
role-coordinator-at = coordinator of { $site }
role-admin = admin

## Refusals
refused-not-an-admin = Only admins can do that.
refused-not-county = Only the county center's coordinators and admins can change the catalogue.
refused-site-not-yours = That site is not one you can manage.
refused-application-not-yours = That application is outside your sites.
refused-already-a-volunteer = You are already a volunteer. To change team, please ask your coordinator.
refused-application-pending = You have already applied; please wait for a coordinator to review it.
refused-application-decided = That application has already been decided.
refused-no-such-application = There is no such application.
refused-no-teams-here = There is no team at your sites to join yet; please ask a coordinator above you.
refused-team-not-offered = That team cannot be used here; please choose again.
refused-unknown-user = User { $user } has not used the bot yet; ask them to send /start to the bot first.
refused-admin-from-settings = User { $user } is an admin by the system settings and cannot be demoted here.
refused-nothing-to-demote = User { $user } has no role you could remove.
refused-no-such-category = There is no category with code { $code }.
refused-no-such-service = There is no service with code { $code }.
refused-service-exists = The code { $code } is already used; please choose another.
refused-bad-service-code = The service code { $code } is not valid: use lower-case letters, digits and "-".
refused-bad-service-name = Give a Chinese name (up to { $max } characters); the English name may be empty.
