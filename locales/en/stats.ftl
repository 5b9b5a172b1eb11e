# civic-bot — statistics (/stats). Every key here must also be in locales/zh-CN/stats.ftl.

stats-usage = Usage: /stats [site id] [period]. Periods: today, week, month, a month like 2026-11, a year like 2026; this month by default. E.g. /stats 11 2026-11
stats-own-sites = Your sites
refused-stats-no-site = There is no site { $id }.
refused-stats-outside = Site { $id } is outside your sites.

## Periods (date-pattern-* are Babel LDML date patterns)
date-pattern-stats-day = d MMM yyyy
date-pattern-stats-month = LLLL yyyy
date-pattern-stats-year = yyyy
date-pattern-stats-axis-day = d MMM
date-pattern-stats-axis-month = MMM
stats-period-week = { $from } to { $to }

## Captions (under the photos)
stats-caption =
    📊 { $scope } · { $period }
    Orders: { $placed } ({ $finished } done, { $cancelled } cancelled)
    Median time to accept { $accept }, to done { $done }
    Average rating { $rating } (ratings: { $ratings }); complaints: { $complaints }
    Volunteer hours: { $hours }
stats-trend-caption = 📈 { $scope } · { $period }: the trend

## Charts
stats-chart-title = { $scope } · { $period }
stats-chart-statuses = Orders by status
stats-chart-categories = By category
stats-chart-figures = Key figures
stats-chart-below = Sites below, by orders done
stats-chart-no-below = No sites below
stats-chart-empty = Nothing yet
stats-chart-trend-day = By day
stats-chart-trend-month = By month
stats-series-placed = Placed
stats-series-finished = Done
stats-figure-placed = Orders
stats-figure-finished = Done
stats-figure-accept = Median time to accept
stats-figure-done = Median time to done
stats-figure-rating = Average rating
stats-figure-complaints = Complaints (1–2 ★)
stats-figure-hours = Volunteer hours

## Numbers
stats-none = —
stats-minutes = { NUMBER($n, maximumFractionDigits: 0) } min
stats-hours = { NUMBER($n, maximumFractionDigits: 1) } h
stats-days = { NUMBER($n, maximumFractionDigits: 1) } days
stats-rating = { NUMBER($rating, minimumFractionDigits: 1, maximumFractionDigits: 1) } ★
stats-number = { NUMBER($n, maximumFractionDigits: 1) }

## Buttons
stats-button-today = Today
stats-button-week = This week
stats-button-month = This month
stats-button-year = This year
stats-button-previous = ‹ { $period }
stats-button-up = ⬆ { $site }
stats-button-site = 🔎 { $site }

## Names of the files sent
stats-file = stats.png
stats-trend-file = trend.png
