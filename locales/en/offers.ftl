## Offers and assignment
refused-offer-yours = Order #{ $id } is already your task; see /tasks.
refused-volunteer-inactive = Volunteer { $user } is not active, so the order cannot go to them.
refused-volunteer-wrong-category = Volunteer { $user } is in no team that serves the kind of service order #{ $id } asks for.
refused-volunteer-unreachable = Volunteer { $user } cannot be reached: they have not started this bot yet, or blocked it. Ask them to send it a message first.

# The order's history: offers withdrawn unseen, the wave offered to others instead.
note-refilled = offered again: { $unreached } of the volunteers could not be reached

# The previous volunteer's accepted offer, after /reassign gave the order to someone else.
offer-reassigned-away = Order #{ $id } was reassigned by a coordinator to another volunteer.
