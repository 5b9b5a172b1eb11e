## 退出、移出、更换户主、注销
household-members-leave = 🚪 退出本户
household-members-remove = 移出 { $name }
household-members-make-head = 设 { $name } 为户主
household-members-dissolve = 注销本户
household-members-sure = ✅ 确定
household-members-ask-leave = 确定要退出这一户吗？本户的积分和记录会保留在本户。
household-members-ask-remove = 确定要把 { $name } 移出本户吗？
household-members-ask-head = 确定把户主交给 { $name } 吗？之后您仍是家庭成员。
household-members-ask-dissolve = 确定要注销本户吗？本户的积分记录会保留，但不能再加分或兑换。
household-members-left = 您已退出 { $head } 家。
household-members-removed = 已把 { $name } 移出本户。
household-members-head-made = ✅ 户主已改为 { $name }。
household-members-dissolved = 本户已注销。需要时可以发送 /household 重新登记。
household-members-told-left = { $name } 已退出您家。
household-members-told-removed = 户主 { $head } 已把您移出他们家。
household-members-told-head = 🏡 { $old } 把户主交给了您，您现在是户主。发送 /household 查看。
household-members-told-new-head = 🏡 您家的户主已由 { $old } 改为 { $name }。
household-members-coordinator-head = 🏡 农户 #{ $id } 的户主已由 { $old } 改为 { $name }。
household-members-coordinator-dissolved = 🏡 农户 #{ $id }（{ $name } 家）已注销，账户余 { $points } 分（记录保留）。

## 拒绝
refused-households-not-in-one = 您不在任何一户中。
refused-households-head-only = 只有户主可以这样做。
refused-households-head-cannot-leave = 户主不能直接退出：请先把户主交给另一位成员，或在只剩您一人时注销本户。
refused-households-not-a-member = 用户 { $user } 不是本户成员。
refused-households-not-alone = 本户还有其他成员，不能注销：请先移出他们或把户主交给他们。
