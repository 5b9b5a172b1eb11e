# civic-bot — 统计与导出中的活动和志愿服务时长（来自积分账本）。这里的每个键也必须出现在 locales/en/activity_stats.ftl 中。

## /stats 说明文字后附加的行
stats-ledger-line = 其中订单 { $order } 小时，活动 { $activity } 小时，调整 { $adjust } 小时；获得积分 { $points }
stats-activities-line = 活动 { $held } 场：签到 { $checked }，临时参加 { $walkins }，缺席 { $noshows }；受益群众 { $beneficiaries } 人
stats-beneficiaries-line = 受益群众：{ $parts }
stats-beneficiary-part = { $name } { $count }
stats-beneficiary-separator = ，

## /stats 一年的趋势图说明下附加的行：每月举办（已结项）的活动，只列有活动的月份
stats-trend-held-line = 每月举办活动：{ $months }
stats-trend-held-month = { $month } { $held } 场
stats-trend-held-separator = ，

## /stats 按下级站点的活动与时长（第三条消息）
stats-sites-title = 🗂 { $scope } · { $period } 各站点活动与时长
stats-site-line = { $site }：活动 { $held } 场，签到 { $checked }，临时 { $walkins }，缺席 { $noshows }，受益 { $beneficiaries } 人；时长 { $hours } 小时（活动 { $activity }）

## 受益群众类别
beneficiary-elderly = 老年人
beneficiary-children = 儿童
beneficiary-others = 其他

## /export 的活动表
export-sheet-activities = 活动
export-activity-col-id = 活动编号
export-activity-col-title = 活动名称
export-activity-col-site = 站点
export-activity-col-category = 类别
export-activity-col-team = 队伍
export-activity-col-start = 开始时间
export-activity-col-end = 结束时间
export-activity-col-status = 状态
export-activity-col-volunteer-quota = 志愿者名额
export-activity-col-resident-quota = 群众名额
export-activity-col-volunteers-signed = 已报名志愿者
export-activity-col-residents-signed = 已报名群众
export-activity-col-checked-in = 签到
export-activity-col-walk-ins = 临时参加
export-activity-col-no-shows = 缺席
export-activity-col-attended = 实到人数
export-activity-col-beneficiaries = 受益群众合计
export-activity-col-hours = 记入服务时长（小时）
export-activity-beneficiaries = 受益：{ $category }
activity-status-published = 已发布
activity-status-closed = 已结项
activity-status-cancelled = 已取消

## /export 的志愿者表
export-sheet-volunteers = 志愿者
export-volunteer-col-id = 志愿者编号
export-volunteer-col-site-id = 站点编号
export-volunteer-col-site = 站点
export-volunteer-col-team = 队伍
export-volunteer-col-order-hours = 订单时长（小时）
export-volunteer-col-activity-hours = 活动时长（小时）
export-volunteer-col-adjust-hours = 调整时长（小时）
export-volunteer-col-hours = 本期时长（小时）
export-volunteer-col-points = 本期积分
export-volunteer-col-all-hours = 累计时长（小时）
export-volunteer-col-balance = 积分余额
