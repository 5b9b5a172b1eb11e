# civic-bot — activities and volunteer hours (from the ledger) in statistics and exports. Every key here must also be in locales/zh-CN/activity_stats.ftl.

## Lines added under the /stats caption
stats-ledger-line = Of which orders { $order } h, activities { $activity } h, adjustments { $adjust } h; points earned: { $points }
stats-activities-line = Activities held: { $held }; checked in { $checked }, walk-ins { $walkins }, no-shows { $noshows }; beneficiaries: { $beneficiaries }
stats-beneficiaries-line = Beneficiaries: { $parts }
stats-beneficiary-part = { $name } { $count }
stats-beneficiary-separator = ,{" "}

## Under a year's trend caption: the activities held (closed) each month, months with any only
stats-trend-held-line = Activities held by month: { $months }
stats-trend-held-month = { $month }: { $held }
stats-trend-held-separator = ,{" "}

## /stats: activities and hours by the sites below (a third message)
stats-sites-title = 🗂 { $scope } · { $period }: activities and hours by site
stats-site-line = { $site }: { $held } activities, { $checked } checked in, { $walkins } walk-ins, { $noshows } no-shows, { $beneficiaries } beneficiaries; { $hours } h (activities { $activity })

## Beneficiary categories
beneficiary-elderly = Elderly
beneficiary-children = Children
beneficiary-others = Others

## /export: the activities sheet
export-sheet-activities = Activities
export-activity-col-id = Activity
export-activity-col-title = Title
export-activity-col-site = Site
export-activity-col-category = Category
export-activity-col-team = Team
export-activity-col-start = Start
export-activity-col-end = End
export-activity-col-status = Status
export-activity-col-volunteer-quota = Volunteer places
export-activity-col-resident-quota = Resident places
export-activity-col-volunteers-signed = Volunteers signed up
export-activity-col-residents-signed = Residents signed up
export-activity-col-checked-in = Checked in
export-activity-col-walk-ins = Walk-ins
export-activity-col-no-shows = No-shows
export-activity-col-attended = Attended
export-activity-col-beneficiaries = Beneficiaries in all
export-activity-col-hours = Hours credited
export-activity-beneficiaries = Beneficiaries: { $category }
activity-status-published = Published
activity-status-closed = Closed
activity-status-cancelled = Cancelled

## /export: the volunteers sheet
export-sheet-volunteers = Volunteers
export-volunteer-col-id = Volunteer
export-volunteer-col-site-id = Site id
export-volunteer-col-site = Site
export-volunteer-col-team = Team
export-volunteer-col-order-hours = Order hours
export-volunteer-col-activity-hours = Activity hours
export-volunteer-col-adjust-hours = Adjusted hours
export-volunteer-col-hours = Hours in the period
export-volunteer-col-points = Points in the period
export-volunteer-col-all-hours = Hours in all
export-volunteer-col-balance = Points balance
