# civic-bot: dispatch by buttons, the candidates of a waiting order (zh-CN).

candidates-title = 订单 #{ $id } 推荐的志愿者（按派单顺序），点一下就派给他：
candidates-line = { $n }. { $name } · { $team } · { $distance } · 进行中 { $tasks } 单 · 评分 { $rating } · { $reach }
candidates-km = { $km } 公里
candidates-unrated = 暂无
candidates-reachable = 可联系
candidates-unreachable = 联系不上
candidates-button = 👤 { $n }. 派给 { $name }
candidates-none = 订单 #{ $id } 现在没有合适的志愿者可派（都在休息、已拒绝或联系不上）。
candidates-assign = 👤 派单 #{ $id }
candidates-cancel = ✖️ 取消 #{ $id }
candidates-cancel-ask = 确定要取消订单 #{ $id } 吗？居民会收到通知。
candidates-cancel-yes = ✖️ 确定取消
candidates-cancel-no = ↩️ 不取消
candidates-cancel-kept = 好的，订单 #{ $id } 没有取消。
candidates-cancel-reason = 协调员已从待派列表中撤下
