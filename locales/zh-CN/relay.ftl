# civic-bot — 居民和志愿者通过机器人转达的对话。每个键在 locales/en/relay.ftl 中也必须存在。

## 订单消息上的按钮
relay-button-volunteer = 💬 联系志愿者
relay-button-resident = 💬 联系居民
relay-opened-volunteer = 💬 订单 #{ $id }：请直接发送要转给志愿者的话，文字、照片、语音或位置都可以。志愿者看不到您的电话和用户名。
relay-opened-resident = 💬 订单 #{ $id }：请直接发送要转给居民的话，文字、照片、语音或位置都可以。居民看不到您的电话和用户名。

## 转达
relay-from-volunteer = 💬 订单 #{ $id } · 志愿者 { $name }：
relay-from-resident = 💬 订单 #{ $id } · 居民：
relay-location = { $header }
    📍 位置：{ $lat }, { $lon }
    { $map }
relay-sent-volunteer = ✅ 已转给志愿者（订单 #{ $id }）。
relay-sent-resident = ✅ 已转给居民（订单 #{ $id }）。
relay-undelivered-volunteer = 志愿者暂时收不到消息（订单 #{ $id }）。请稍后再试，或联系站点。
relay-undelivered-resident = 居民暂时收不到消息（订单 #{ $id }）。请稍后再试，或联系站点。
refused-relay-closed = 订单 #{ $id } 的对话已经结束（订单已完成或已取消）。
refused-relay-which = 您有几个进行中的订单：{ $ids }。请先点订单消息上的“💬 联系”按钮，选好发给谁。

## 协调员查看对话（/order 编号、/thread 编号）
relay-card = 💬 对话记录 { $count } 条：/thread { $id }
relay-thread-usage = 用法：/thread 订单编号，例如 /thread 12
relay-thread-empty = 订单 #{ $id } 还没有对话记录。
relay-thread-title = 💬 订单 #{ $id } 的对话（{ $count } 条）
relay-thread-line-resident = { $at } 居民（{ $who }）：{ $what }
relay-thread-line-volunteer = { $at } 志愿者（{ $who }）：{ $what }
relay-thread-photo = [照片] { $caption }
relay-thread-voice = [语音] { $caption }
relay-thread-location = [位置] { $lat }, { $lon } { $map }
