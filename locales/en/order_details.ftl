# civic-bot — an order's visit (at home or at the station), address, time of day, who it is for, orders taken by phone. Every key must also exist in locales/zh-CN/order_details.ftl.

## At home or at the station
order-ask-visit = Should the volunteer come to your home, or will you come to the station?
order-visit-home = 🏠 At home
order-visit-station = 🏢 At the station
order-ask-address = Type the house (e.g. Building 3, Unit 2, 301), or send a location with the button below. Tap "Skip" if not needed.
order-hint-address = Type the house, send a location, or tap "Skip".

## Part of the day
order-ask-day-part = Which part of the day suits you? You can also type a time, e.g. "3pm" as "15:30".
order-part-morning = Morning
order-part-afternoon = Afternoon
order-part-evening = Evening
order-hint-time = That time was not understood. Tap morning, afternoon or evening, or type e.g. "15:30".

## For whom
order-ask-whom = Who is this service for?
order-whom-me = 🙋 For me
order-whom-other = 👵 For a family member or neighbour
order-ask-beneficiary-name = Type their name (e.g. Wang Xiuying).
order-ask-beneficiary-relation = How are they related to you? Tap a button, or type it.
order-hint-relation = Tap a button, or type the relation (e.g. uncle).
whom-relation-parent = Parent
whom-relation-spouse = Spouse
whom-relation-relative = Relative
whom-relation-neighbour = Neighbour
order-ask-beneficiary-phone = Type their mobile number; the volunteer will call them. Tap "Skip" if you do not know it.
order-change-visit = Home / station
order-change-whom = For whom
order-change-beneficiary-name = Resident
order-for-me = For: you
order-for-other = For: { $name } ({ $relation }), phone { $phone }
order-for-other-no-phone = For: { $name } ({ $relation })
refused-order-for-whom = An order taken by phone needs the resident's name.

## In the resident's words: who, when, where
visit-line = { $who }: { $day }, { $part }, { $where }
visit-line-plain = { $who }: { $day }, { $where }
visit-who-volunteer = A volunteer
visit-day-today = today ({ $date })
visit-day-tomorrow = tomorrow ({ $date })
visit-day-after = the day after tomorrow ({ $date })
visit-day-on = { $date }
visit-at-time = { $time }
visit-home = at your home
visit-home-address = at your home, address: { $address }
visit-home-pinned = at your home, at the location you sent
visit-station = at the station: { $place }
visit-place = at { $place }
visit-for = For: { $name } ({ $relation }), phone { $phone }

## Telling the person it is for
beneficiary-told = Hello! { $orderer } ordered a service for you: order #{ $id } ({ $service }).
    { $visit }
    Questions? Ask { $orderer }.

beneficiary-accepted = A volunteer accepted the order placed for you, #{ $id } ({ $service }):
    { $visit }
## Taken by phone (coordinators)
order-for-usage = Usage: /order for — order for a resident who phoned (coordinators only).
order-for-start = Taken by phone: choose as the resident tells you; at the end, their name, relation and phone.
order-placed-for = Order #{ $id } placed for { $name }. You will be told when it is accepted{ $told ->
        [yes] , and so will the resident
       *[no] {""}
    }.
order-card-entered-by = Taken by phone: coordinator { $coordinator }
order-card-visit = Visit: { $visit }

## /mydata
mydata-order-visit =   Visit: { $value }

## The house, for the volunteer (the reminder, /tasks)
visit-task-address = Address: { $address }
visit-task-pin = Location: { $lat }, { $lon } (sent by the resident)
