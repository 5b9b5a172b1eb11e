## 光荣榜
honour-usage = 用法：/honour [站点编号] [月份]，例如 /honour、/honour 11、/honour 11 2026-11、/honour 11月
honour-title = 🏅 { $year }年{ $month }月 光荣榜
honour-county = 全县
honour-households = 文明家庭（乡风文明积分）
honour-volunteers = 优秀志愿者（志愿积分）
honour-line = { $rank }. { $name } · { $points }
honour-points = { $points } 分
honour-empty = 本月暂无
refused-honour-bad-month = 月份不对，例如 2026-11 或 11月。

## 发送的文件名
honour-file = 光荣榜-{ $year }-{ $month }.png
