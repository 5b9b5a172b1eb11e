## 积分超市
shop-title = 🛒 积分超市 · 您的积分：{ $points }
shop-empty = 积分超市暂时没有可兑换的物品。
shop-choose = 点按下面的按钮兑换：
shop-item = #{ $id } { $name } · { $points } 积分 · 剩 { $stock } 件 · 在 { $site } 领取
shop-item-button = 🎁 { $name }（{ $points } 积分）
shop-open-codes = 待领取：
shop-open-code = { $code } · { $name } · { $until } 前在 { $site } 领取
shop-reserved = ✅ 已预订“{ $name }”（{ $points } 积分）。
    领取码：{ $code }
    请在 { $until } 前到 { $site } 出示领取码或下面的二维码，工作人员核销时扣除积分。
shop-qr-caption = 领取码 { $code }

## 核销
redeem-usage = 用法：/redeem 领取码，例如 /redeem ABCD-EFGH
redeem-done = ✅ 已核销 { $code }：“{ $name }”交给 { $person }。库存剩 { $stock } 件。
redeem-told = 🎁 您已领取“{ $name }”，扣除 { $points } 积分，余额 { $balance }。

## 协调员管理物品
reward-usage = 用法：
    /reward 查看我所辖站点的物品
    /reward add 站点编号 积分 库存 中文名 / English name，例如 /reward add 11 50 10 洗衣液 / Detergent
    /reward stock 物品编号 库存，例如 /reward stock 3 20
    /reward off 物品编号（下架）
reward-title = 🛒 我所辖站点的积分超市物品：
reward-empty = 您所辖的站点还没有物品。用 /reward add 上架。
reward-added = 已上架 #{ $id } { $name }：{ $points } 积分，库存 { $stock } 件，在 { $site } 领取。
reward-stocked = #{ $id } { $name } 的库存改为 { $stock } 件。
reward-withdrawn = #{ $id } { $name } 已下架。

## 拒绝
refused-shop-volunteers-only = 积分超市目前只对志愿者开放。
refused-shop-no-reward = 没有编号为 { $id } 的物品，或已下架。
refused-shop-out-of-stock = “{ $name }”已经兑完了。
refused-shop-bad-code = 领取码不对，请核对后再试。
refused-shop-code-used = 这个领取码已经用过了。
refused-shop-code-expired = 这个领取码已过期。
refused-shop-not-your-site = 这件物品不在您的站点领取。
refused-shop-bad-name = 请写上物品的中文名。
refused-shop-bad-points = 积分要在 1 到 { $max } 之间。
refused-shop-bad-stock = 库存要在 0 到 { $max } 之间。
refused-shop-outside-your-sites = 这个站点不在您负责的范围内。

## 发送的文件名
shop-qr-file = 取货码-{ $code }.png
