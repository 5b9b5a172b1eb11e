# civic-bot — 统计（/stats）。这里的每个键也必须出现在 locales/en/stats.ftl 中。

stats-usage = 用法：/stats [站点编号] [时段]。时段：today、week、month、年月如 2026-11、年份如 2026；默认本月。例如 /stats 11 2026-11
stats-own-sites = 您负责的站点
refused-stats-no-site = 没有编号为 { $id } 的站点。
refused-stats-outside = 站点 { $id } 不在您负责的范围内。

## 时段（date-pattern-* 是 Babel 的 LDML 日期格式）
date-pattern-stats-day = yyyy年M月d日
date-pattern-stats-month = yyyy年M月
date-pattern-stats-year = yyyy年
date-pattern-stats-axis-day = M/d
date-pattern-stats-axis-month = M月
stats-period-week = { $from }至{ $to }

## 说明文字（照片下方）
stats-caption =
    📊 { $scope } · { $period }
    订单 { $placed }：完成 { $finished }，取消 { $cancelled }
    接单中位时长 { $accept }，完成中位时长 { $done }
    平均评分 { $rating }（{ $ratings } 条），投诉 { $complaints }
    志愿服务时长 { $hours } 小时
stats-trend-caption = 📈 { $scope } · { $period } 趋势

## 图表
stats-chart-title = { $scope } · { $period }
stats-chart-statuses = 订单状态
stats-chart-categories = 按服务类别
stats-chart-figures = 关键数字
stats-chart-below = 下级站点排名（已完成订单）
stats-chart-no-below = 没有下级站点
stats-chart-empty = 暂无数据
stats-chart-trend-day = 每日趋势
stats-chart-trend-month = 每月趋势
stats-series-placed = 下单
stats-series-finished = 完成
stats-figure-placed = 订单
stats-figure-finished = 已完成
stats-figure-accept = 接单中位时长
stats-figure-done = 完成中位时长
stats-figure-rating = 平均评分
stats-figure-complaints = 投诉（1–2 星）
stats-figure-hours = 志愿服务时长

## 数字
stats-none = —
stats-minutes = { NUMBER($n, maximumFractionDigits: 0) } 分钟
stats-hours = { NUMBER($n, maximumFractionDigits: 1) } 小时
stats-days = { NUMBER($n, maximumFractionDigits: 1) } 天
stats-rating = { NUMBER($rating, minimumFractionDigits: 1, maximumFractionDigits: 1) } ★
stats-number = { NUMBER($n, maximumFractionDigits: 1) }

## 按钮
stats-button-today = 今天
stats-button-week = 本周
stats-button-month = 本月
stats-button-year = 今年
stats-button-previous = ‹ { $period }
stats-button-up = ⬆ { $site }
stats-button-site = 🔎 { $site }

## 发送的文件名
stats-file = 统计.png
stats-trend-file = 趋势.png
