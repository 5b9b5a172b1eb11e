## Household civility points: registering
households-usage = Usage:
    /household — my household's points, or pick a point to register at
    /household SITE — register my household at that point
    /household add USER — the head adds a member
households-none = Your household is not registered for civility points yet. Pick your point:
households-asked = 📝 Asked to register at { $site }; you will be told once a coordinator confirms.
households-pending = ⏳ Your household's registration at { $site } is waiting for a coordinator.
households-mine = 🏡 { $head }'s household · { $site }
    Civility points: { $points }
households-members = Members: { $names }
households-recent = Latest:
households-recent-line = · { $act }: { $points } points ({ $note })
households-member-added = ✅ { $name } added to your household.
households-ask-coordinator = 🏡 Household registration #{ $id }: { $name } (user { $user }) asks to register at { $site }.
households-confirm = ✅ Confirm
households-refuse = ❌ Refuse
households-confirmed = ✅ { $name }'s household (#{ $id }) confirmed.
households-refused = { $name }'s household (#{ $id }) refused.
households-told-confirmed = 🎉 Your household's registration (#{ $id }) is confirmed. Send /household to see it.
households-told-refused = Sorry, your household's registration (#{ $id }) was not confirmed. Ask your point if unsure.

## Graders
households-grader-usage = Usage: /grader add USER SITE, or /grader off USER SITE
households-graders = Graders:
households-grader-line = · { $name } ({ $user }) · { $site }
households-no-graders = No graders at your points yet.
households-grader-added = ✅ { $name } is now a grader at { $site }.
households-grader-removed = { $name } is no longer a grader at { $site }.
households-grader-told = You are now a civility-points grader at { $site }. Send /award to award points, /deduct to deduct.

## Awards and deductions
households-ask-household = Which household?
households-ask-rule = For what?
households-ask-note = Send a photo (with a caption if you like) or a few words, or skip.
households-ask-reason = Write the reason for the deduction (or send a photo with it as caption). The household will see it.
households-hint-pick = Please pick one of the buttons above.
households-hint-note = Send a photo or words, or press Skip.
households-hint-reason = A deduction needs a reason.
households-cancelled = Cancelled; nothing was awarded or deducted.
households-no-rules = The county has no such acts set up yet.
households-awarded = ✅ { $points } points to { $name }'s household ({ $act }); they have { $balance } now.
households-deducted = { $points } points deducted from { $name }'s household ({ $act }); they have { $balance } now.
households-told-awarded = 🌟 Your household earned { $points } civility points for "{ $act }"! Note: { $note }. You have { $balance } now.
households-told-deducted = ⚠️ { $points } points were deducted from your household for "{ $act }". Reason: { $note }. You have { $balance } now.

refused-households-not-a-point = Please pick a point (a village or community).
refused-households-already = You are already in a household. Send /household to see it.
refused-households-not-your-point = That household is not at one of your points.
refused-households-point-not-yours = That point is not one of your sites.
refused-households-decided = That registration was already decided.
refused-households-not-head = Only the head of the household can add members.
refused-households-not-confirmed = That household is not confirmed yet.
refused-households-no-such-person = No user { $user } (they need to have written to the bot first).
refused-households-member-elsewhere = User { $user } already belongs to another household.
refused-households-not-a-grader = User { $user } is not a grader at that point.
refused-households-not-a-grader-here = Only coordinators and a point's graders can award or deduct points.
refused-households-none-to-award = No confirmed households at your points yet.
refused-households-no-such = No household #{ $id }.
refused-households-no-such-rule = No such act.
refused-households-deduction-needs-reason = A deduction needs a reason.

## /mydata
mydata-section-household = Household civility points:
mydata-household = Household #{ $id }, head { $head }, { $site }, status { $status }
mydata-household-award = { $at } { $act }: { $points } points ({ $note })
