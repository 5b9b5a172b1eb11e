## 上门：预计到达、出发提醒、安全暗号、是否上门、给下一位志愿者的提醒

visit-eta-ask = 订单 #{ $id }：{ $service }
    地点：{ $place }
    上门暗号：「{ $word }」（到门口时说给居民听）
    您预计什么时候到？
visit-eta-0morning = 今天上午
visit-eta-0afternoon = 今天下午
visit-eta-1morning = 明天上午
visit-eta-1afternoon = 明天下午
visit-eta-typed = ⌨️ 输入时间
visit-eta-set = 好的，您预计 { $arrival } 到达（订单 #{ $id }），已告诉居民。
    出发时请按“🚶 出发了”。上门暗号：「{ $word }」
visit-eta-resident = 志愿者{ $volunteer }预计 { $arrival } 上门（订单 #{ $id }，{ $service }）。
    来人会说暗号「{ $word }」，请核对后再开门。
visit-arrival-part = { $day ->
        [today] 今天 { $date }
        [tomorrow] 明天 { $date }
        [after] 后天 { $date }
       *[other] { $date }
    }{ $part ->
        [morning] 上午
       *[afternoon] 下午
    }
visit-arrival-time = { $day ->
        [today] 今天 { $date }
        [tomorrow] 明天 { $date }
        [after] 后天 { $date }
       *[other] { $date }
    } { $time }
visit-arrival-none = 时间未定
visit-notes-title = 之前上门的志愿者留言：
visit-notes-line = • { $text }
visit-time-ask = 请输入预计到达时间，例如：15:30、下午3点、明天9点半
visit-time-hint = 没看懂这个时间。请这样输入：15:30、下午3点、明天9点半
visit-time-cancelled = 好的，没有设到达时间。
visit-remind = ⏰ 订单 #{ $id }（{ $service }）：您预计 { $arrival } 到达。
    地点：{ $place }
    出发时请按“🚶 出发了”。上门暗号：「{ $word }」
visit-onway-button = 🚶 出发了
visit-onway-done = 已告诉居民您出发了（订单 #{ $id }）。到门口请说暗号「{ $word }」。
visit-onway-resident = 志愿者{ $volunteer }出发了，正在赶来（订单 #{ $id }，{ $service }）。
    开门前请让来人说出暗号：「{ $word }」。暗号不对，请不要开门。
visit-happened-ask = 志愿者{ $volunteer }说订单 #{ $id }（{ $service }）已完成。
    志愿者上门服务了吗？
visit-happened-yes = ✅ 是的，来过了
visit-happened-no = ❌ 没有来
visit-happened-thanks = 谢谢确认（订单 #{ $id }）。
visit-missed-resident = 抱歉！订单 #{ $id } 已重新派单，协调员也会了解情况。
visit-missed-volunteer = 居民说订单 #{ $id }（{ $service }）没有上门服务。订单已重新派单，这次的时长已撤回；协调员会了解情况。
coord-visit-missed = ⚠️ 订单 #{ $id }（{ $service }，{ $place }）：居民说志愿者{ $volunteer }没有上门，订单已重新派单。请了解情况。
visit-note-ask = 给下一位上门的志愿者留个提醒吗？例如：电梯坏了、家里有狗。没有就点“跳过”。
visit-note-saved = 提醒已记下，下一位上门的志愿者会看到。
visit-note-skipped = 好的，谢谢！
visit-note-cancelled = 好的，没有留提醒。
note-visit-missed = 居民说没有上门服务，重新派单
refused-visit-time-past = 这个时间已经过了，请输入之后的时间。
refused-visit-time-far = 请选择三天之内的时间。
refused-visit-not-open = 订单 #{ $id } 已不在进行中。
refused-visit-not-done = 订单 #{ $id } 还没有完成。
refused-visit-answered = 订单 #{ $id } 已经回答过了。
mydata-section-visit-notes = 【志愿者给下一位上门者的提醒】
mydata-visit-note = 订单 #{ $id } · { $at }：{ $text }
visit-happened-remind = 提醒：志愿者{ $volunteer }说订单 #{ $id }（{ $service }）已完成。
    志愿者上门服务了吗？
visit-eta-change = 🕘 改时间
refused-visit-on-way-already = 已经告诉过居民您出发了（订单 #{ $id }）。

## /order n 的上门情况，和协调员的新订单通知
visit-card-arrival = 🕘 预计到达：{ $arrival }
visit-card-on-way = 🚶 志愿者出发：{ $at }
visit-card-word = 🔑 上门暗号：「{ $word }」
visit-card-happened = { $happened ->
        [yes] ✅ 居民确认志愿者来过了
       *[no] ❌ 居民说志愿者没有来
    }
notice-on-way = { $volunteer } 已出发，正在上门
notice-missed = 居民说志愿者{ $volunteer }没有来，重新派单
