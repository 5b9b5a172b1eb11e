## The visit: arrival time, the reminder, the safety code word, did it happen, notes for the next volunteer

visit-eta-ask = Order #{ $id }: { $service }
    Place: { $place }
    Code word: "{ $word }" (say it at the door)
    When will you arrive?
visit-eta-0morning = This morning
visit-eta-0afternoon = This afternoon
visit-eta-1morning = Tomorrow morning
visit-eta-1afternoon = Tomorrow afternoon
visit-eta-typed = ⌨️ Type a time
visit-eta-set = Fine: you arrive { $arrival } (order #{ $id }); the resident has been told.
    Press "🚶 On my way" when you set out. Code word: "{ $word }"
visit-eta-resident = Volunteer { $volunteer } will come { $arrival } (order #{ $id }, { $service }).
    They will say the code word "{ $word }": check it before you open the door.
visit-arrival-part = { $day ->
        [today] today ({ $date })
        [tomorrow] tomorrow ({ $date })
        [after] the day after tomorrow ({ $date })
       *[other] { $date }
    } in the { $part ->
        [morning] morning
       *[afternoon] afternoon
    }
visit-arrival-time = { $day ->
        [today] today ({ $date })
        [tomorrow] tomorrow ({ $date })
        [after] the day after tomorrow ({ $date })
       *[other] { $date }
    } at { $time }
visit-arrival-none = at a time not set yet
visit-notes-title = Notes from earlier volunteers:
visit-notes-line = • { $text }
visit-time-ask = When will you arrive? For example: 15:30, 3pm, tomorrow 9:30
visit-time-hint = I could not read that time. Type it like: 15:30, 3pm, tomorrow 9:30
visit-time-cancelled = Fine, no arrival time set.
visit-remind = ⏰ Order #{ $id } ({ $service }): you arrive { $arrival }.
    Place: { $place }
    Press "🚶 On my way" when you set out. Code word: "{ $word }"
visit-onway-button = 🚶 On my way
visit-onway-done = The resident knows you are on your way (order #{ $id }). Say the code word "{ $word }" at the door.
visit-onway-resident = Volunteer { $volunteer } is on the way (order #{ $id }, { $service }).
    Before you open the door, ask for the code word: "{ $word }". If it is wrong, do not open.
visit-happened-ask = Volunteer { $volunteer } says order #{ $id } ({ $service }) is done.
    Did the visit happen?
visit-happened-yes = ✅ Yes, they came
visit-happened-no = ❌ No, nobody came
visit-happened-thanks = Thank you for confirming (order #{ $id }).
visit-missed-resident = Sorry! Order #{ $id } is being offered again, and the coordinators will look into it.
visit-missed-volunteer = The resident says the visit for order #{ $id } ({ $service }) did not happen. The order is offered again and its hours are withdrawn; the coordinators will look into it.
coord-visit-missed = ⚠️ Order #{ $id } ({ $service }, { $place }): the resident says volunteer { $volunteer } never came. It is offered again. Please look into it.
visit-note-ask = Leave a note for the next volunteer who visits? For example: the lift is broken, there is a dog. Press "Skip" if not.
visit-note-saved = Note saved: the next volunteer who visits will see it.
visit-note-skipped = Fine, thank you!
visit-note-cancelled = Fine, no note left.
note-visit-missed = The resident said the visit did not happen; offered again
refused-visit-time-past = That time has passed: please give a later one.
refused-visit-time-far = Please pick a time within the next three days.
refused-visit-not-open = Order #{ $id } is no longer in progress.
refused-visit-not-done = Order #{ $id } is not done yet.
refused-visit-answered = Order #{ $id } was answered already.
mydata-section-visit-notes = [Notes volunteers left for the next visit]
mydata-visit-note = Order #{ $id } · { $at }: { $text }
visit-happened-remind = A reminder: volunteer { $volunteer } says order #{ $id } ({ $service }) is done.
    Did the visit happen?
visit-eta-change = 🕘 Change the time
refused-visit-on-way-already = The resident already knows you are on your way (order #{ $id }).

## /order n's visit lines, and the coordinators' new-order notice
visit-card-arrival = 🕘 Arriving: { $arrival }
visit-card-on-way = 🚶 Volunteer set out: { $at }
visit-card-word = 🔑 Code word: “{ $word }”
visit-card-happened = { $happened ->
        [yes] ✅ The resident confirmed the volunteer came
       *[no] ❌ The resident said the volunteer did not come
    }
notice-on-way = { $volunteer } is on the way
notice-missed = the resident said { $volunteer } did not come; offered again
