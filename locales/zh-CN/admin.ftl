# civic-bot — 角色与权限（协调员和管理员的命令）。每个键在 locales/en/admin.ftl 中也必须存在。

help-coordinator-more = 协调员还可以：
    /order 订单号 查看订单和全部记录
    /order for 替打电话来的居民点单
    /reassign 订单号 志愿者编号 改派
    /cancel 订单号 原因 取消订单
    /volunteers [站点编号] 志愿者名单
    /sites 站点和人数
    /promote 用户编号 coordinator 站点编号 任命协调员
    /invite 队伍编码 一次性邀请链接（直接加入该队）
    /demote 用户编号 [站点编号] 撤销职务
    /catalog 服务目录（添加、改名、下线）
    /audit [站点编号] 协调员操作记录
    /broadcast 群发消息（给志愿者、某支服务队或最近下过单的居民）
    /export [csv] [站点编号] [开始] [结束] 导出订单（Excel，含汇总表）
    /qr [站点编号|all] 站点门口的二维码海报（A5 可打印）

## 订单
order-card = 订单 #{ $id }：{ $service }
    地点：{ $place }
    时间：{ $when }
    说明：{ $details }
    电话：{ $phone }
    状态：{ $status }
    居民：{ $resident }
    志愿者：{ $volunteer }
order-history-title = 记录：
order-history-line = { $at } { $from } → { $to } · { $who }
order-history-line-note = { $at } { $from } → { $to } · { $who }（{ $note }）
order-history-system = 系统
order-nobody = 暂无
order-usage = 用法：/order 订单号，例如 /order 12
reassign-usage = 用法：/reassign 订单号 志愿者编号，例如 /reassign 12 900002
reassign-done = 订单 #{ $id } 已改派给 { $volunteer }。
task-reassigned-away = 订单 #{ $id } 已由协调员改派给其他志愿者，您不需要再去了。
resident-reassigned = 您的订单 #{ $id }（{ $service }）改由志愿者 { $volunteer } 负责，计划{ $when }到 { $place }。
cancel-order-usage = 用法：/cancel 订单号 原因，例如 /cancel 12 居民已不需要
cancel-order-done = 订单 #{ $id } 已取消，已通知居民和志愿者。
resident-order-cancelled = 很抱歉，您的订单 #{ $id }（{ $service }）已被协调员取消。原因：{ $reason }
task-cancelled-by-coordinator = 协调员取消了订单 #{ $id }，不需要再去了。原因：{ $reason }

## 志愿者名单和站点
volunteers-usage = 用法：/volunteers 或 /volunteers 站点编号，例如 /volunteers 11
volunteers-choose = 请选择站点：
volunteers-title = { $site }的志愿者（共 { $total } 人）：
volunteers-empty = { $site }还没有志愿者。
volunteers-more = ……另外还有 { $count } 人。
volunteers-below = 查看下级站点：
volunteer-line = { $name }（{ $id }）· { $team } · 进行中 { $open } · 评分 { $rating } · { $hours } 小时 · { $state }
volunteer-rating = { $average }★（{ $count } 次）
volunteer-rating-none = 暂无
volunteer-state-available = 可接单
volunteer-state-paused = 暂停接单
volunteer-state-quiet = 可接单，免打扰 { $start }–{ $end }
volunteer-state-inactive = 已停用
sites-title = 站点（编号 · 名称 · 志愿者 · 进行中的订单）：
sites-line = { $indent }{ $id } · { $name } · { $volunteers } 人 · { $orders } 单

## 任免
promote-usage = 用法：
    /promote 用户编号 coordinator 站点编号，例如 /promote 900005 coordinator 11
    /promote 用户编号 admin（仅管理员）
    对方可发送 /whoami 查看自己的用户编号。
demote-usage = 用法：/demote 用户编号 [站点编号]，例如 /demote 900005
promote-done-coordinator = 已任命 { $name }（{ $user }）为 { $site } 的协调员。
promote-done-admin = 已任命 { $name }（{ $user }）为管理员。
promoted-you-coordinator = 您已被任命为 { $site } 的协调员。发送 /help 查看可以做什么。
promoted-you-admin = 您已被任命为管理员。发送 /help 查看可以做什么。
demote-done = 已撤销 { $name }（{ $user }）的职务：
    { $roles }
demoted-you = 您的以下职务已被撤销：
    { $roles }
role-coordinator-at = { $site } 协调员
role-admin = 管理员

## 拒绝的原因
refused-not-an-admin = 只有管理员可以这样做。
refused-not-county = 只有县中心的协调员或管理员可以修改服务目录。
refused-site-not-yours = 这个站点不在您可以管理的范围内。
refused-application-not-yours = 这份申请不在您负责的站点范围内。
refused-already-a-volunteer = 您已经是志愿者了。要换队伍，请联系您的协调员。
refused-application-pending = 您已经提交过申请，请等待协调员审核。
refused-application-decided = 这份申请已经处理过了。
refused-no-such-application = 没有这份申请。
refused-no-teams-here = 您负责的站点里还没有可以加入的队伍，请让上级协调员处理。
refused-team-not-offered = 不能加入这个队伍，请重新选择。
refused-unknown-user = 用户 { $user } 还没有使用过本服务，请让对方先向机器人发送 /start。
refused-admin-from-settings = 用户 { $user } 是在系统设置里指定的管理员，不能在这里撤销。
refused-nothing-to-demote = 用户 { $user } 没有可以撤销的职务。
refused-no-such-category = 没有编码为 { $code } 的类别。
refused-no-such-service = 没有编码为 { $code } 的服务。
refused-service-exists = 编码 { $code } 已被使用，请换一个。
refused-bad-service-code = 服务编码 { $code } 不对：只能用小写字母、数字和“-”。
refused-bad-service-name = 请给出中文名（不超过 { $max } 个字），英文名可以留空。
