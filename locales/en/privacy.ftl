# civic-bot — personal data (China's PIPL): the notice at first contact, /mydata, /forgetme, phone number checks. Every key here must also be in locales/zh-CN/privacy.ftl.

privacy-notice = 🔒 About your personal data: to arrange services and reach you, we keep your name, phone number, service address and location. Only the volunteer who takes your request and the coordinators in charge see them, for nothing else.
    Send /mydata to get everything we keep, or /forgetme to erase it.

flow-hint-phone-invalid = That number does not look right. A mobile number has 11 digits, e.g. 13812345678; a landline needs its area code, e.g. 0571-88888888.

## /mydata
mydata-filename = my-data-{ $id }.txt
mydata-caption = Everything we keep about you.
mydata-none = (none)
mydata-yes = yes
mydata-no = no
mydata-title = My data · user id { $id } · exported { $at }
mydata-section-profile = [Profile]
mydata-name = Name: { $value }
mydata-username = Telegram username: { $value }
mydata-language = Language: { $value }
mydata-home = Home site: { $value }
mydata-phone = Phone: { $value }
mydata-notice = Shown the personal data notice: { $value }
mydata-section-roles = [Roles]
mydata-role-coordinator = Coordinator: { $site }
mydata-role-admin = Admin
mydata-volunteer = Volunteer · team { $team } · { $hours } hours · { $points } points · in the team: { $active } · taking orders: { $available }
mydata-quiet = Quiet hours: { $start }–{ $end }
mydata-section-orders = [Services I ordered]
mydata-order = Order #{ $id } { $service } · { $place } · { $when } · { $status }
mydata-order-details =   Details: { $value }
mydata-order-phone =   Phone: { $value }
mydata-order-location =   Location: { $lat }, { $lon }
mydata-order-rating =   Rating: { $stars } { $comment }
mydata-event =   { $at } → { $status } { $note }
mydata-section-tasks = [Orders I served]
mydata-task = Order #{ $id } { $service } · { $place } · { $when } · { $status } · { $hours } hours
mydata-section-offers = [Orders offered to me]
mydata-offer = Order #{ $id }: { $status }
mydata-offer-open = waiting for my answer
mydata-offer-declined = declined
mydata-offer-won = taken by me
mydata-offer-taken = taken by someone else
mydata-offer-withdrawn = withdrawn
mydata-section-applications = [Volunteer applications]
mydata-application = Application #{ $id } { $site } · { $status } · { $at }
mydata-application-pending = pending
mydata-application-approved = approved
mydata-application-rejected = not approved

## /forgetme
forgetme-ask = Erase your personal data?
    This erases your name, phone number and home site, and the phone, details, location and comment of your orders.
    Open orders are cancelled; tasks you hold go back to dispatch. The orders stay, anonymous, for statistics only.
forgetme-yes = 🗑 Erase
forgetme-no = Keep
forgetme-kept = Fine, nothing was erased.
forgetme-done = Your personal data is erased. { $cancelled } orders cancelled, { $released } tasks given back.
    If you write again, we keep only what we need to answer you, and tell you first.
forgetme-offer-closed = Order #{ $id }: you no longer receive offers.
resident-volunteer-left = The volunteer who took order #{ $id } cannot come. We are finding another volunteer.
refused-no-such-user = We have nothing about you yet. Please send /start first.

# Where a person is reached (`/mydata`): one line per address.
mydata-address = Reached on { $channel ->
    [telegram] Telegram
   *[other] { $channel }
} as: { $value }

# What a typed reason says once /forgetme erased it with the person it was by or about.
audit-reason-erased = (erased with personal data)
note-reason-erased = { $was ->
    [released-reason] the volunteer gave it back
    [cancelled-reason] cancelled by a coordinator
   *[other] a note
} (reason erased with personal data)

# When each thing in /mydata happened, in county time (Babel LDML pattern).
date-pattern-mydata = d MMM yyyy HH:mm

## The resident's phone: only to the volunteer who has the order, and only when given
task-phone-line = Resident's phone: { $phone }
task-phone-part = phone { $phone }
