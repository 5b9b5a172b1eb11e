# civic-bot — 个人信息（《个人信息保护法》）：首次使用时的说明、/mydata、/forgetme、电话号码校验。每个键也必须在 locales/en/privacy.ftl 里。

privacy-notice = 🔒 关于您的个人信息：为了安排志愿服务、方便联系您，我们会保存您的名字、电话、服务地址和位置。这些信息只给接单的志愿者和负责的协调员看，不做别的用途。
    发送 /mydata 可以获取我们保存的全部信息，发送 /forgetme 可以删除。

flow-hint-phone-invalid = 这个号码不对。手机号是 11 位数字，例如 13812345678；固定电话要带区号，例如 0571-88888888。

## /mydata
mydata-filename = 我的数据-{ $id }.txt
mydata-caption = 这是我们保存的关于您的全部信息。
mydata-none = （无）
mydata-yes = 是
mydata-no = 否
mydata-title = 我的数据 · 用户编号 { $id } · 导出时间 { $at }
mydata-section-profile = 【个人资料】
mydata-name = 名字：{ $value }
mydata-username = Telegram 用户名：{ $value }
mydata-language = 语言：{ $value }
mydata-home = 所在站点：{ $value }
mydata-phone = 电话：{ $value }
mydata-notice = 看到个人信息说明的时间：{ $value }
mydata-section-roles = 【身份】
mydata-role-coordinator = 协调员：{ $site }
mydata-role-admin = 管理员
mydata-volunteer = 志愿者 · 队伍编号 { $team } · 服务 { $hours } 小时 · 积分 { $points } · 在队：{ $active } · 接单：{ $available }
mydata-quiet = 免打扰时段：{ $start }–{ $end }
mydata-section-orders = 【我点的服务】
mydata-order = 订单 #{ $id } { $service } · { $place } · { $when } · { $status }
mydata-order-details = 　说明：{ $value }
mydata-order-phone = 　电话：{ $value }
mydata-order-location = 　位置：{ $lat }, { $lon }
mydata-order-rating = 　评价：{ $stars } { $comment }
mydata-event = 　{ $at } → { $status } { $note }
mydata-section-tasks = 【我服务过的订单】
mydata-task = 订单 #{ $id } { $service } · { $place } · { $when } · { $status } · { $hours } 小时
mydata-section-offers = 【派给我的订单】
mydata-offer = 订单 #{ $id }：{ $status }
mydata-offer-open = 等待答复
mydata-offer-declined = 没有接
mydata-offer-won = 我接下了
mydata-offer-taken = 别人接下了
mydata-offer-withdrawn = 已撤回
mydata-section-applications = 【志愿者申请】
mydata-application = 申请 #{ $id } { $site } · { $status } · { $at }
mydata-application-pending = 待审核
mydata-application-approved = 已通过
mydata-application-rejected = 未通过

## /forgetme
forgetme-ask = 确定要删除您的个人信息吗？
    会删除：您的名字、电话、所在站点，以及订单里的电话、说明、位置和留言。
    还没完成的订单会被取消；您手上的任务会交回重新派单。订单记录会匿名保留，只用于统计。
forgetme-yes = 🗑 确定删除
forgetme-no = 不删除
forgetme-kept = 好的，什么都没有删除。
forgetme-done = 已删除您的个人信息。取消了 { $cancelled } 个订单，交回了 { $released } 个任务。
    您再发消息时，我们只会记下回复您所需的信息，并先告诉您。
forgetme-offer-closed = 订单 #{ $id }：您已不再接收派单。
resident-volunteer-left = 原来接单的志愿者不能来了，订单 #{ $id } 正在重新安排志愿者。
refused-no-such-user = 没有找到您的资料，请先发送 /start。

# Where a person is reached (`/mydata`): one line per address.
mydata-address = 联系渠道{ $channel ->
    [telegram] Telegram
   *[other] { $channel }
}：{ $value }

# 个人信息删除（/forgetme）后，原先输入的理由显示为：
audit-reason-erased = （已随个人信息删除）
note-reason-erased = { $was ->
    [released-reason] 志愿者交回任务
    [cancelled-reason] 协调员取消
   *[other] 备注
}（理由已随个人信息删除）

# When each thing in /mydata happened, in county time (Babel LDML pattern).
date-pattern-mydata = yyyy年M月d日 HH:mm

## 居民电话：只给接单的志愿者，而且只在居民留了电话时（docs/architecture.md，隐私）
task-phone-line = 居民电话：{ $phone }
task-phone-part = 电话 { $phone }
