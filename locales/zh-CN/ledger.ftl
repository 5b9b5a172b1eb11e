## /me：我的志愿服务
me-title = 🏅 我的志愿服务
me-hours = ⏱ 服务时长：今年 { $year } 小时，累计 { $all } 小时
me-stars = ⭐ 星级：{ $stars }（{ $count } 星）
me-next = 再服务 { $hours } 小时即可达到 { $next } 星
me-top = 已达到最高星级，感谢您的坚持！
me-points = 💰 积分余额：{ $points }（发送 /shop 到积分超市兑换）
me-tasks = 最近的任务：
me-task = #{ $id } { $service } · { $hours } 小时 · { $rating } · { $when }
me-unrated = 未评价
me-no-tasks = 还没有完成的任务。

## 星级
level-reached = 🎉 恭喜！您的志愿服务累计已达 { $hours } 小时，成为 { $stars } { $count } 星志愿者！
level-reached-coordinator = 🎉 志愿者 { $name }（{ $id }）累计服务 { $hours } 小时，达到 { $count } 星。

## 协调员调整时长
adjust-usage = 用法：/adjust 志愿者编号 小时数 原因，例如 /adjust 900001 2 带队指导（负数为扣减，例如 -1.5）
adjust-done = 已为 { $name } 调整 { $hours } 小时（{ $points } 积分）。原因：{ $reason }
adjust-told = 协调员为您调整了服务时长 { $hours } 小时（{ $points } 积分）。原因：{ $reason }

## 拒绝
refused-adjust-needs-reason = 请写明调整的原因。
refused-bad-adjust-hours = 小时数不对：请用不为 0、绝对值不超过 { $max } 的数字。
refused-not-enough-hours = 服务时长不够扣减。
refused-not-enough-points = 积分不够：可用 { $have }，需要 { $need }。
refused-no-such-ledger-tx = 没有编号为 { $id } 的积分记录。
refused-already-reversed = 积分记录 { $id } 已经冲正过了。
refused-volunteer-outside-your-sites = 这位志愿者不在您负责的站点范围内。

## 我的星级卡片（/me card）
me-card-caption = 我的志愿服务星级卡片
me-card-title = { $stars } { $count } 星志愿者
me-card-service = 服务时长
me-card-all = 累计
me-card-year = 今年
me-card-hours = { $hours } 小时
me-card-level = 下一星级
me-card-points = 积分
me-card-balance = 余额
me-card-hint = 🖼 发送 /me card 获取星级卡片图片

## 发送的文件名
me-card-file = 我的星级卡片.png
