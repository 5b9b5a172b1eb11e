## 农户用乡风文明积分兑换
household-shop-button = 🛒 用本户积分兑换
household-shop-title = 🛒 积分超市 · 本户积分：{ $points }
household-shop-reserved = ✅ 已用本户积分预订“{ $name }”（{ $points } 积分）。
    领取码：{ $code }
    请在 { $until } 前到 { $site } 出示领取码或下面的二维码，工作人员核销时从本户积分中扣除。
household-shop-told = 🎁 您家已领取“{ $name }”，扣除 { $points } 分乡风文明积分，现有 { $balance } 分。

## 拒绝
refused-shop-no-household = 您还没有已确认登记的农户。发送 /household 登记。
refused-shop-household-head-only = 本县规定只有户主可以用本户积分兑换。
