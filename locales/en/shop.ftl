## The points shop
shop-title = 🛒 Points shop · your points: { $points }
shop-empty = The points shop has nothing to offer right now.
shop-choose = Tap a button below to redeem:
shop-item = #{ $id } { $name } · { $points } points · { $stock } left · pick up at { $site }
shop-item-button = 🎁 { $name } ({ $points } points)
shop-open-codes = Waiting to be picked up:
shop-open-code = { $code } · { $name } · at { $site } before { $until }
shop-reserved = ✅ Reserved "{ $name }" ({ $points } points).
    Pickup code: { $code }
    Show the code or the QR code below at { $site } before { $until }; the points are taken when it is handed over.
shop-qr-caption = Pickup code { $code }

## Handing over
redeem-usage = Usage: /redeem code, e.g. /redeem ABCD-EFGH
redeem-done = ✅ { $code } redeemed: "{ $name }" handed to { $person }. { $stock } left in stock.
redeem-told = 🎁 You picked up "{ $name }": { $points } points taken, { $balance } left.

## Coordinators' rewards
reward-usage = Usage:
    /reward the rewards at my sites
    /reward add site-id points stock 中文名 / English name, e.g. /reward add 11 50 10 洗衣液 / Detergent
    /reward stock reward-id stock, e.g. /reward stock 3 20
    /reward off reward-id (withdraw it)
reward-title = 🛒 Points shop rewards at my sites:
reward-empty = Your sites have no rewards yet. Add one with /reward add.
reward-added = Added #{ $id } { $name }: { $points } points, { $stock } in stock, picked up at { $site }.
reward-stocked = #{ $id } { $name } now has { $stock } in stock.
reward-withdrawn = #{ $id } { $name } is withdrawn.

## Refusals
refused-shop-volunteers-only = The points shop is open to volunteers for now.
refused-shop-no-reward = There is no reward { $id }, or it was withdrawn.
refused-shop-out-of-stock = "{ $name }" is out of stock.
refused-shop-bad-code = That pickup code is not right; please check it and try again.
refused-shop-code-used = That pickup code has been used already.
refused-shop-code-expired = That pickup code has expired.
refused-shop-not-your-site = That reward is not picked up at your sites.
refused-shop-bad-name = Please give the reward a Chinese name.
refused-shop-bad-points = Points must be between 1 and { $max }.
refused-shop-bad-stock = Stock must be between 0 and { $max }.
refused-shop-outside-your-sites = That site is not one of yours.

## Names of the files sent
shop-qr-file = { $code }.png
