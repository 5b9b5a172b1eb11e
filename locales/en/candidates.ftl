# civic-bot: dispatch by buttons, the candidates of a waiting order (en).

candidates-title = Suggested volunteers for order #{ $id } (in dispatch order); one tap assigns:
candidates-line = { $n }. { $name } · { $team } · { $distance } · { $tasks } open tasks · rating { $rating } · { $reach }
candidates-km = { $km } km
candidates-unrated = none yet
candidates-reachable = reachable
candidates-unreachable = unreachable
candidates-button = 👤 { $n }. Assign to { $name }
candidates-none = Nobody can be given order #{ $id } right now (resting, declined or unreachable).
candidates-assign = 👤 Assign #{ $id }
candidates-cancel = ✖️ Cancel #{ $id }
candidates-cancel-ask = Cancel order #{ $id }? The resident will be told.
candidates-cancel-yes = ✖️ Yes, cancel it
candidates-cancel-no = ↩️ Keep it
candidates-cancel-kept = Fine, order #{ $id } stays.
candidates-cancel-reason = taken off the waiting list by a coordinator
