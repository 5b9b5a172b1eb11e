# civic-bot: how a coordinator hears of new orders (/notify) and the digest (en).

digests-title = 🔔 How should new orders reach you?
digests-current = Now: { $choice }
digests-mode-every = a message for every new order
digests-mode-digest = a digest every day at { $hour }
digests-mode-escalations = only escalations (orders nobody took)
digests-button-every = 📨 Every new order
digests-button-digest = 🗓 Digest at { $hour }
digests-button-escalations = 🚨 Only escalations
digests-picked = ✅ { $label }
digests-saved = Saved
refused-digest-bad-hour = Please pick one of the times on the buttons.

digests-digest-title = 🗓 Orders digest (since { $since })
digests-quiet = Nothing new since then: no new orders, none waiting and no complaints.
digests-new = 🆕 New orders ({ $count }):
digests-waiting = ⏳ Waiting for a volunteer ({ $count }):
digests-escalated = 🚨 Escalated ({ $count }):
digests-order-line = #{ $id } { $service } · { $place } · { $when } · { $status }
digests-complaints = ⚠️ Complaints ({ $count }):
digests-complaint-line = Order #{ $id } · { $cause }
digests-cause-rating = a low rating
digests-cause-comment = a comment the resident marked as a complaint
digests-open = 📄 #{ $id }
