# civic-bot — the chat the bot relays between a resident and the volunteer. Every key must also exist in locales/zh-CN/relay.ftl.

## The button on an order's message
relay-button-volunteer = 💬 Message the volunteer
relay-button-resident = 💬 Message the resident
relay-opened-volunteer = 💬 Order #{ $id }: just send what the volunteer should get: text, a photo, a voice message or a location. They never see your phone number or username.
relay-opened-resident = 💬 Order #{ $id }: just send what the resident should get: text, a photo, a voice message or a location. They never see your phone number or username.

## Relaying
relay-from-volunteer = 💬 Order #{ $id } · volunteer { $name }:
relay-from-resident = 💬 Order #{ $id } · the resident:
relay-location = { $header }
    📍 Location: { $lat }, { $lon }
    { $map }
relay-sent-volunteer = ✅ Passed on to the volunteer (order #{ $id }).
relay-sent-resident = ✅ Passed on to the resident (order #{ $id }).
relay-undelivered-volunteer = The volunteer cannot get messages right now (order #{ $id }). Please try again later, or call the station.
relay-undelivered-resident = The resident cannot get messages right now (order #{ $id }). Please try again later, or call the station.
refused-relay-closed = The conversation about order #{ $id } has closed (the order is done or cancelled).
refused-relay-which = You have several orders under way: { $ids }. Press "💬 Message" on the order's message first, to choose who gets it.

## Coordinators read a thread (/order number, /thread number)
relay-card = 💬 { $count } relayed messages: /thread { $id }
relay-thread-usage = Usage: /thread order-number, e.g. /thread 12
relay-thread-empty = Order #{ $id } has no relayed messages yet.
relay-thread-title = 💬 The conversation about order #{ $id } ({ $count } messages)
relay-thread-line-resident = { $at } resident ({ $who }): { $what }
relay-thread-line-volunteer = { $at } volunteer ({ $who }): { $what }
relay-thread-photo = [photo] { $caption }
relay-thread-voice = [voice] { $caption }
relay-thread-location = [location] { $lat }, { $lon } { $map }
