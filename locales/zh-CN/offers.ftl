## 派单与指派
refused-offer-yours = 订单 #{ $id } 已经是您的任务了，请看 /tasks。
refused-volunteer-inactive = 志愿者 { $user } 目前已停用，不能派单。
refused-volunteer-wrong-category = 志愿者 { $user } 所在的队伍不提供订单 #{ $id } 这类服务。
refused-volunteer-unreachable = 联系不上志愿者 { $user }：还没有打开过本机器人，或已把它屏蔽。请志愿者先给机器人发一条消息。

# 订单记录：派单没有送达，本轮改为派给其他志愿者。
note-refilled = 有 { $unreached } 位志愿者联系不上，已重新派单

# 协调员改派后，原志愿者接单消息改为：
offer-reassigned-away = 订单 #{ $id }：协调员已改派给其他志愿者，这单不再由您负责。
