## The honour list
honour-usage = Usage: /honour [SITE] [MONTH], e.g. /honour, /honour 11, /honour 11 2026-11, /honour 11月
honour-title = 🏅 Honour list, { $year }-{ $month }
honour-county = The whole county
honour-households = Households (civility points)
honour-volunteers = Volunteers (points)
honour-line = { $rank }. { $name } · { $points }
honour-points = { $points } points
honour-empty = Nobody yet this month
refused-honour-bad-month = That month does not read; e.g. 2026-11 or 11月.

## Names of the files sent
honour-file = honour-{ $year }-{ $month }.png
