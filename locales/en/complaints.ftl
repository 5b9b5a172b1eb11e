# civic-bot complaints, reopening, delayed orders and the coordinators' order notice (en).

# The rating buttons: the stars and what they mean.
rate-button-1 = ★ Very unhappy
rate-button-2 = ★★ Unhappy
rate-button-3 = ★★★ All right
rate-button-4 = ★★★★ Happy
rate-button-5 = ★★★★★ Very happy

complaint-mark = ⚠️ This is a complaint
complaint-already = We already have your complaint about order #{ $id }.
complaint-filed = We are sorry the visit let you down. Order #{ $id } is now with the station's coordinators. If you like, another volunteer can come instead:
complaint-filed-no-reopen = We are sorry the visit let you down. Order #{ $id } is now with the station's coordinators; they will contact you.
complaint-reopen = 🔁 Ask another volunteer
complaint-reopened = Order #{ $id } is offered again, never to the same volunteer. We will tell you who comes.
complaint-alert-rating = ⚠️ Complaint: order #{ $id } was rated only { $stars }.
complaint-alert-comment = ⚠️ Complaint: the resident marked their comment on order #{ $id } as a complaint.
complaint-coord-reopened = Order #{ $id } ({ $service }, { $place }) is offered again at the resident's request after a complaint, without the volunteer who served it.

unclaimed-resident = We are sorry: nobody has taken your order #{ $id } ({ $service }, { $when }) yet. We keep looking.
unclaimed-phone = You can also call { $site }: { $phone }
unclaimed-keep = ⏳ Keep waiting
unclaimed-cancel = ✖️ Cancel the order
unclaimed-kept = All right: we keep looking for a volunteer for order #{ $id } and have asked the volunteers nearby again.
    You will hear as soon as someone takes it, and by { $at } at the latest how it stands.
refused-unclaimed-kept-already = You already chose to keep waiting: we keep looking for a volunteer for order #{ $id } and will tell you as soon as someone takes it.
unclaimed-digest-title = Orders nobody has taken: { $count }
unclaimed-digest-line = #{ $id } { $service }, { $place }, { $when }

# The coordinators' new-order notice: its status, edited as the order moves.
notice-offered = offered to { $count ->
        [one] one volunteer
       *[other] { $count } volunteers
    }, waiting for one to accept
notice-escalated = nobody took it, escalated to the { $level ->
        [point] practice station
        [station] practice institute
       *[center] practice center
    }
notice-taken = taken by { $volunteer }
notice-released = handed back, offered again
notice-cancelled = cancelled
notice-done = done ({ $hours } h)
notice-rated = rated { $stars }
notice-redone = complaint, offered again
notice-unclaimed = nobody took it; the resident was told

note-complaint = the resident complained ({ $cause ->
        [rating] a low rating
       *[comment] their comment
    })
note-redone = offered again after a complaint, never to { $barred }
note-delayed = nobody took it; the resident was told
note-kept-waiting = the resident chose to keep waiting

refused-complaint-not-rated = Order #{ $id } is not rated yet: nothing to complain about or redo.
refused-complaint-none = Order #{ $id } has no complaint.
refused-complaint-reopened-once = Order #{ $id } was already offered again once.
