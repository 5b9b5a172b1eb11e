# civic-bot complaints, reopening, delayed orders and the coordinators' order notice (zh-CN).

# The rating buttons: the stars and what they mean.
rate-button-1 = ★ 很不满意
rate-button-2 = ★★ 不满意
rate-button-3 = ★★★ 一般
rate-button-4 = ★★★★ 满意
rate-button-5 = ★★★★★ 非常满意

complaint-mark = ⚠️ 这是投诉
complaint-already = 订单 #{ $id } 的投诉已经收到了。
complaint-filed = 很抱歉这次服务让您不满意。我们已把订单 #{ $id } 交给实践站的负责人处理。需要的话，可以请另一位志愿者重新上门：
complaint-filed-no-reopen = 很抱歉这次服务让您不满意。我们已把订单 #{ $id } 交给实践站的负责人处理，他们会联系您。
complaint-reopen = 🔁 请另一位志愿者重新服务
complaint-reopened = 好的，订单 #{ $id } 已重新派单，这次不会再派给同一位志愿者。找到志愿者后会通知您。
complaint-alert-rating = ⚠️ 投诉：订单 #{ $id } 只得到 { $stars }。
complaint-alert-comment = ⚠️ 投诉：居民把订单 #{ $id } 的意见标为投诉。
complaint-coord-reopened = 订单 #{ $id }（{ $service }，{ $place }）因投诉由居民申请重新派单，原志愿者不再派单。

unclaimed-resident = 很抱歉，您的订单 #{ $id }（{ $service }，{ $when }）暂时还没有志愿者接单，我们还在继续寻找。
unclaimed-phone = 您也可以直接打电话给{ $site }：{ $phone }
unclaimed-keep = ⏳ 继续等待
unclaimed-cancel = ✖️ 取消订单
unclaimed-kept = 好的，我们继续为订单 #{ $id } 寻找志愿者：已重新请附近的志愿者接单。
    有人接单会马上通知您；最晚 { $at } 会再告诉您进展。
refused-unclaimed-kept-already = 您已经选择了继续等待，我们正在继续为订单 #{ $id } 寻找志愿者，有人接单会马上通知您。
unclaimed-digest-title = 今日无人接单的订单：{ $count } 个
unclaimed-digest-line = #{ $id } { $service }，{ $place }，{ $when }

# The coordinators' new-order notice: its status, edited as the order moves.
notice-offered = 已通知 { $count } 位志愿者，等待接单
notice-escalated = 无人接单，已上报{ $level ->
        [point] 实践站
        [station] 实践所
       *[center] 实践中心
    }
notice-taken = { $volunteer } 已接单
notice-released = 志愿者交回，重新派单
notice-cancelled = 已取消
notice-done = 已完成（{ $hours } 小时）
notice-rated = 已评价 { $stars }
notice-redone = 居民投诉，重新派单
notice-unclaimed = 无人接单，已告知居民

note-complaint = 居民投诉（{ $cause ->
        [rating] 评分低
       *[comment] 意见
    }）
note-redone = 投诉后重新派单，不再派给 { $barred }
note-delayed = 无人接单，已告知居民
note-kept-waiting = 居民选择继续等待

refused-complaint-not-rated = 订单 #{ $id } 还没有评价，不能投诉或重新派单。
refused-complaint-none = 订单 #{ $id } 没有投诉。
refused-complaint-reopened-once = 订单 #{ $id } 已经重新派过一次单了。
