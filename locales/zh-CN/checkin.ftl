# civic-bot — 志愿者到门口签到。每个键在 locales/en/checkin.ftl 中也必须存在。

## 志愿者：发送位置签到
checkin-button = 📍 到门口签到
checkin-share = 📍 发送我的位置
checkin-ask = 📍 订单 #{ $id }：到了居民门口，请点下面的按钮发送位置（需在 { $radius } 米以内），或扫描居民出示的签到二维码。
checkin-done = ✅ 订单 #{ $id } 已签到（{ $at }）。
checkin-resident-told = 🚪 志愿者已到门口签到（订单 #{ $id }，{ $at }）。
refused-checkin-too-far = 您离服务地点约 { $distance } 米，需在 { $radius } 米以内才能签到。请到门口再发送位置，或扫描居民的签到二维码。
refused-checkin-no-place = 这个订单没有可核对的地点，请扫描居民出示的签到二维码签到。
refused-checkin-already = 订单 #{ $id } 已经签到过了。

## 居民：出示签到二维码
checkin-qr-button = 🔳 签到二维码
checkin-qr = 🔳 订单 #{ $id } 的签到二维码：志愿者到门口时请让他扫一扫。只能用一次，{ $until } 前有效；过期可以再点按钮生成新的。
refused-checkin-token-invalid = 这个签到二维码无效。
refused-checkin-token-expired = 这个签到二维码已过期，请居民重新生成一个。
refused-checkin-token-used = 这个签到二维码已经用过了，请居民重新生成一个。

## 服务时长按签到时间计算
checkin-capped = 订单 #{ $id }：您报了 { $reported } 小时，按签到到完成的时间记 { $credited } 小时。如有需要，协调员可以批准更多。
checkin-capped-coord = 订单 #{ $id }：志愿者报了 { $reported } 小时，按签到到完成的时间记了 { $credited } 小时。如属实，发送 /approvehours { $id } 批准 { $reported } 小时。
checkin-approve-usage = 用法：/approvehours 订单编号，例如 /approvehours 12
checkin-approved = ✅ 订单 #{ $id } 已批准为 { $hours } 小时（补记 { $added } 小时）。
checkin-approved-volunteer = ✅ 协调员批准了订单 #{ $id } 的 { $hours } 小时（补记 { $added } 小时）。
refused-checkin-nothing-to-approve = 订单 #{ $id } 没有需要批准的时长。
refused-checkin-approved-already = 订单 #{ $id } 的时长已经批准过了。

## 协调员的订单卡片（/order 编号）
checkin-card-location = 📍 签到：{ $at }（位置，距服务地点 { $distance } 米）
checkin-card-qr = 📍 签到：{ $at }（扫码）
checkin-card-claimed = ⏱ 志愿者报了 { $reported } 小时，已按签到时间封顶；/approvehours { $id } 可批准
checkin-card-approved = ⏱ 志愿者报的 { $reported } 小时已获批准

## 发送的文件名
checkin-file = 签到码.png
