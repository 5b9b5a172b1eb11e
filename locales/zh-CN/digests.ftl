# civic-bot: how a coordinator hears of new orders (/notify) and the digest (zh-CN).

digests-title = 🔔 新订单怎么通知您？
digests-current = 现在：{ $choice }
digests-mode-every = 每个新订单都通知
digests-mode-digest = 每天 { $hour } 发一份摘要
digests-mode-escalations = 只通知督办（无人接单上报）
digests-button-every = 📨 每个新订单
digests-button-digest = 🗓 每天 { $hour } 摘要
digests-button-escalations = 🚨 只要督办
digests-picked = ✅ { $label }
digests-saved = 已保存
refused-digest-bad-hour = 请从按钮里选一个时间。

digests-digest-title = 🗓 订单摘要（{ $since } 以来）
digests-quiet = 这段时间没有新订单，也没有待派的订单和投诉。
digests-new = 🆕 新来的订单（{ $count } 个）：
digests-waiting = ⏳ 等待派单（{ $count } 个）：
digests-escalated = 🚨 已督办（{ $count } 个）：
digests-order-line = #{ $id } { $service } · { $place } · { $when } · { $status }
digests-complaints = ⚠️ 投诉（{ $count } 个）：
digests-complaint-line = 订单 #{ $id } · { $cause }
digests-cause-rating = 低分评价
digests-cause-comment = 居民标为投诉的意见
digests-open = 📄 #{ $id }
