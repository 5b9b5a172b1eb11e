# civic-bot volunteers' and dispatch messages (zh-CN); every key is also in the other language.

coord-escalated = 督办：订单 #{ $id }（{ $service }，{ $place }，{ $when }）还没有志愿者接单，已提交到{ $level ->
        [point] 实践站
        [station] 实践所
       *[center] 实践中心
    }。请用 /assign { $id } 志愿者编号 直接派单。
rate-remind = 提醒：订单 #{ $id }（{ $service }）已经完成一天了，请为这次服务打个分：
release-usage = 用法：/release 订单号 原因，例如 /release 12 临时有事
release-done = 订单 #{ $id } 已交回，我们会另找志愿者。谢谢您告诉我们。
resident-released = 志愿者 { $volunteer } 临时不能来了，我们正在为订单 #{ $id }（{ $service }）另找志愿者，找到后会通知您。
available-on = 已开启接单，有合适的订单会通知您。
available-off = 已暂停接单。需要时发送 /available on 重新开启。
available-usage = 用法：/available on 或 /available off（现在：{ $state ->
        [on] 接单中
       *[off] 已暂停
    }）
quiet-set = 已设置免打扰时段：{ $start } 到 { $end }，这段时间不会给您派单。
quiet-off = 已取消免打扰时段。
quiet-usage = 用法：/quiet 22:00-07:00 设置免打扰时段，/quiet off 取消。
help-volunteer-more = /release 订单号 原因 —— 交回任务
    /available on|off —— 开启或暂停接单
    /quiet 22:00-07:00 —— 免打扰时段
