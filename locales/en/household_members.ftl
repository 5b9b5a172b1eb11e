## Leaving, removing, handing over, dissolving
household-members-leave = 🚪 Leave this household
household-members-remove = Remove { $name }
household-members-make-head = Make { $name } the head
household-members-dissolve = Dissolve this household
household-members-sure = ✅ Yes
household-members-ask-leave = Leave this household? Its points and history stay with the household.
household-members-ask-remove = Remove { $name } from your household?
household-members-ask-head = Hand the headship over to { $name }? You stay a member.
household-members-ask-dissolve = Dissolve your household? Its history is kept, but it cannot earn or spend points any more.
household-members-left = You have left { $head }'s household.
household-members-removed = { $name } is no longer in your household.
household-members-head-made = ✅ { $name } is now the head of household.
household-members-dissolved = Your household is dissolved. Send /household to register again when you need to.
household-members-told-left = { $name } has left your household.
household-members-told-removed = { $head }, the head of household, removed you from their household.
household-members-told-head = 🏡 { $old } handed the headship over to you: you are now the head of household. Send /household to see it.
household-members-told-new-head = 🏡 The head of your household is now { $name } (was { $old }).
household-members-coordinator-head = 🏡 Household #{ $id }: the head is now { $name } (was { $old }).
household-members-coordinator-dissolved = 🏡 Household #{ $id } ({ $name }) is dissolved, { $points } points left on its account (history kept).

## Refusals
refused-households-not-in-one = You are not in a household.
refused-households-head-only = Only the head of household can do that.
refused-households-head-cannot-leave = The head cannot just leave: hand the headship over to another member first, or dissolve the household when you are its only member.
refused-households-not-a-member = User { $user } is not in your household.
refused-households-not-alone = Your household still has other members: remove them or hand the headship over first.
