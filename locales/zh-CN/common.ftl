# civic-bot — 简体中文（第一语言）。每个键在 locales/en/common.ftl 中也必须存在。

language-name = 中文

## 通用
start-greeting = { $name }，您好！这里是新时代文明实践志愿服务。
    需要帮忙时，点“我要点单”，志愿者会尽快上门。
start-home-site = 已记住您所在的站点：{ $site }。
use-menu = 请点下面的按钮选择要办的事。
unknown-command = 没有这个命令。发送 /help 查看能做什么。
button-unknown = 这个按钮已失效。
error-generic = 抱歉，出了点问题，请稍后再试。您的信息没有丢失。
whoami = 您的用户编号是：{ $id }
cancel-nothing = 当前没有进行中的操作。
lang-choose = 请选择语言：
lang-set = 已切换为中文。

menu-order = 🛎 我要点单
menu-myorders = 📋 我的订单
menu-tasks = 🙋 我的任务
menu-pending = 📥 待派订单
menu-lang = 🌐 语言
menu-help = ❓ 帮助

help-resident = 居民可以：
    /order 点单（预约志愿服务）
    /myorders 查看和取消我的订单
    /lang 切换语言
    /cancel 取消当前操作
    /whoami 查看我的用户编号
    /mydata 获取我们保存的关于您的全部信息
    /forgetme 删除您的个人信息
    /household 我家的乡风文明积分（或登记）
    /honour 本月光荣榜
    /verify 验证码 核验志愿服务证明
help-join = 想当志愿者？发送 /join 申请；知道队伍编码的，发送 /join 队伍编码申请加入该队，例如 /join HAIR-DQ。协调员审核通过后即可接单。
help-volunteer = 志愿者可以：
    /tasks 查看我的任务并标记完成
    /me 我的服务时长、星级、积分和最近的任务
    /shop 到积分超市用积分兑换
    /certificate 申请志愿服务证明（PDF）
    有新订单时会收到“接单 / 不接”的按钮。
help-coordinator = 协调员可以：
    /pending 查看待派订单
    /assign 订单号 志愿者编号 直接派单，例如 /assign 12 900001
    /notify 选择新订单怎么通知您：每单、每日摘要或只要督办
    /adjust 志愿者编号 小时数 原因 调整志愿者的服务时长
    /reward 管理所辖站点积分超市的物品
    /redeem 领取码 在本站点核销兑换的物品
    /award、/deduct 给农户加分、扣分（乡风文明积分）
    /grader add 用户编号 站点编号 任命实践站评分员

## 对话
nav-back = ⬅ 上一步
nav-cancel = ✖ 取消
nav-skip = 跳过
request-location = 📍 发送我的位置
request-contact = 📱 发送我的手机号
flow-cancelled = 已取消。
flow-expired = 这次对话已超时，请重新开始。
flow-stale-button = 这个按钮属于之前的步骤，请用最新的消息。
flow-noted = 好的 ✓
flow-hint-buttons = 请点下面的按钮选择。
flow-hint-text = 请输入文字，或点“跳过”。
flow-hint-too-long = 内容太长了，请控制在 { $max } 个字以内。
flow-hint-date = 没看懂这个日期。请点按钮，或输入日期，例如 12月3日、下周三、3天后 或 2026-12-03。
flow-hint-date-range = 请选择今天起 { $days } 天以内的日期。
flow-hint-phone = 请点“发送我的手机号”，或输入电话号码，或点“跳过”。

## 点单
order-cancelled = 已取消点单。需要时可以随时重新点单。
order-ask-category = 您需要哪一类服务？
order-ask-service = 请选择具体服务：
order-ask-details = 还有什么要说明的吗？（比如：老人行动不便、需要带什么）
    可以直接输入，或点“跳过”。
order-ask-where = 在哪里提供服务？
    点“📍 发送我的位置”，或从列表中选择。
order-where-home = 🏠 { $site }
order-where-list = 📋 从列表选择
order-hint-where = 请发送位置，或点下面的按钮选择地点。
order-ask-station = 请选择镇（街道）：
order-ask-point = 请选择村（社区）：
order-ask-when = 希望什么时候？也可以输入，例如 12月3日、下周三、3天后、明天上午。
when-today = 今天
when-tomorrow = 明天
when-week = 本周内
order-ask-phone = 请留下联系电话，方便志愿者联系您。
    可点“📱 发送我的手机号”、直接输入，或点“跳过”。
order-phone-saved = 用 { $phone }
order-summary = 请确认您的订单：
    服务：{ $service }
    说明：{ $details }
    地点：{ $place }
    时间：{ $when }
    { $whom }
    { $visit }
    电话：{ $phone }
order-confirm = ✅ 确认
order-change = ✏️ 修改
order-ask-change = 要修改哪一项？
order-change-category = 服务
order-change-details = 说明
order-change-where = 地点
order-change-when = 时间
order-change-phone = 电话
order-placed = 已提交订单 #{ $id }。我们正在为您安排志愿者，安排好后会通知您。
order-cancelled-by-you = 订单 #{ $id } 已取消。

status-new = 待派单
status-offered = 派单中
status-accepted = 已接单
status-done = 已完成
status-rated = 已评价
status-cancelled = 已取消

myorders-empty = 您还没有订单。发送 /order 点单。
myorders-title = 我的订单（最新在前）：
myorders-line = #{ $id } { $service } · { $place } · { $when } · { $status }
myorders-cancel = 取消订单 #{ $id }

resident-accepted = 好消息！志愿者 { $volunteer } 接下了您的订单 #{ $id }（{ $service }），计划{ $when }到 { $place }。
    { $visit }

## 评价
rate-ask = 订单 #{ $id }（{ $service }）已完成。请为这次服务打分：
rate-thanks = 谢谢您的评价：订单 #{ $id } { $stars }
rate-ask-comment = 还有什么想说的吗？可以直接输入，或点“跳过”。
rate-comment-cancelled = 好的，评价已保存。
rate-comment-thanks = 谢谢，您的意见已记录。
rate-done = 评价已保存，谢谢！

## 志愿者
join-usage = 请在 /join 后面加上队伍编码，例如：/join HAIR-DQ
join-welcome = 欢迎加入“{ $team }”！有合适的订单时会第一时间通知您。
offer-new = 新订单 #{ $id }：{ $service }
    地点：{ $place }
    时间：{ $when }
    接单后可看到说明和居民电话。
offer-accept = ✅ 接单
offer-decline = 不接
offer-declined = 您没有接订单 #{ $id }。
offer-taken = 订单 #{ $id } 已被其他志愿者接下，谢谢您！
offer-withdrawn = 订单 #{ $id } 已取消，不需要再去了。
offer-won = 您已接下订单 #{ $id }：{ $service }
    地点：{ $place }
    时间：{ $when }
    说明：{ $details }{ $phone_line }
    完成后请点下面的“完成”（或在 /tasks 里点）。
task-assigned = 协调员给您派了订单 #{ $id }：{ $service }
    地点：{ $place }
    时间：{ $when }
    说明：{ $details }{ $phone_line }
    完成后请点下面的“完成”（或在 /tasks 里点）。
task-cancelled = 居民取消了订单 #{ $id }，不需要再去了。
tasks-empty = 您现在没有进行中的任务。
tasks-title = 我的任务：
tasks-line = #{ $id } { $service } · { $place } · { $when }{ $phone_part } · 说明 { $details }
tasks-done = ✅ 完成 #{ $id }
hours-choose = 订单 #{ $id } 用了多长时间（小时）？
hours-other = 其他时长
hours-ask = 请输入用了几个小时，例如 1.5
hours-hint = 请输入 0 到 { $max } 之间的小时数，例如 1.5
hours-cancelled = 已取消，任务还没有标记完成。
hours-recorded = 订单 #{ $id }：已记录 { $hours } 小时。
task-done = 订单 #{ $id } 已完成，记录 { $hours } 小时，获得 { $points } 积分。谢谢您的付出！

## 协调员
coord-new-order = 新订单 #{ $id }：{ $service }
    地点：{ $place }
    时间：{ $when }
    状态：{ $status }
pending-empty = 目前没有待派订单。
pending-title = 待派订单（{ $count } 个，最早在前）：
pending-line = #{ $id } { $service } · { $place } · { $when } · { $status }
assign-usage = 用法：/assign 订单号 志愿者编号，例如 /assign 12 900001
assign-done = 订单 #{ $id } 已派给 { $volunteer }。

## 拒绝的原因
refused-service-gone = 这项服务已下线，请选择其他服务。
refused-site-gone = 这个地点已不存在，请重新选择。
refused-not-offered = 这个订单没有派给您。
refused-offer-closed = 这个订单已经不需要您处理了。
refused-offer-taken = 订单已被其他志愿者接下。
refused-not-a-volunteer = 用户 { $user } 不是志愿者。
refused-order-not-pending = 订单 #{ $id } 已不在待派状态。
refused-bad-hours = 时长不对，请输入 0 到 24 小时之间的数字。
refused-not-your-task = 这不是您的任务。
refused-bad-rating = 请打 1 到 5 星。
refused-not-your-order = 这不是您的订单。
refused-already-rated = 这个订单已经评价过了。
refused-order-not-open = 订单 #{ $id } 已结束，不能再操作。
refused-no-such-order = 没有订单 #{ $id }。
refused-not-a-coordinator = 只有协调员可以这样做。
refused-outside-your-sites = 这个订单不在您负责的站点范围内。
refused-no-such-site = 没有这个站点。
refused-no-such-team = 没有编码为 { $code } 的队伍，请核对后再试。
refused-already-assigned = 订单 #{ $id } 已经派给这位志愿者了。
