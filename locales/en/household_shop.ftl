## A household spends its civility points
household-shop-button = 🛒 Spend the household's points
household-shop-title = 🛒 Points shop · your household's points: { $points }
household-shop-reserved = ✅ Reserved "{ $name }" ({ $points } points) with your household's points.
    Pickup code: { $code }
    Show the code or the QR code below at { $site } before { $until }; the points are taken from the household when it is handed over.
household-shop-told = 🎁 Your household picked up "{ $name }": { $points } civility points taken, { $balance } left.

## Refusals
refused-shop-no-household = You have no confirmed household yet. Send /household to register.
refused-shop-household-head-only = In this county only the head of household may spend its points.
