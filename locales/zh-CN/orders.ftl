# civic-bot — 订单的日期、电话、记录和深链接。每个键在 locales/en/orders.ftl 中也必须存在。

## 日期（date-pattern-* 是 Babel 的 LDML 日期格式：M 月，d 日，EEE 星期）
date-pattern-day = M月d日（EEE）
date-pattern-by = M月d日
# An event in an order's history: day and time, in county time.
date-pattern-history = M月d日 HH:mm
when-on = { $date }
when-by = 本周内（{ $date }前）

## 订单电话
order-ask-save-phone = 这个号码 { $phone } 只用于这次订单。
    要不要也把它存为您自己的号码，下次点单直接使用？
order-save-phone-yes = 存为我的号码
order-save-phone-no = 只用于这次订单

## 深链接
refused-unknown-home-site = 这个链接里的站点没有找到，可能已经调整过了。没关系，点单时可以从列表中选择地点。
refused-center-not-home = 这个链接指向县级实践中心，不能作为您所在的站点。没关系，点单时可以从列表中选择您的村（社区）。

## 订单详情
order-card-hours = 服务时长：{ $hours } 小时
order-card-rating = 评价：{ $stars }（{ $rating } 星）
order-card-comment = 居民意见：{ $comment }

## 订单记录的说明
note-wave = 第 { $round } 轮派单
note-wave-timed-out = 本轮无人接单，已超时
note-no-volunteers = 没有可以派单的志愿者了
note-escalated = 已提交到{ $level ->
        [point] 实践站
        [station] 实践所
       *[center] 实践中心
    }督办
note-declined = 不接
note-assigned = 协调员派单
note-reassigned = 改派，原志愿者 { $previous }
note-released = 志愿者交回任务
note-released-reason = 志愿者交回任务：{ $reason }
note-cancelled-by-resident = 居民取消
note-cancelled-by-coordinator = 协调员取消
note-cancelled-reason = 协调员取消：{ $reason }
note-text = { $text }
