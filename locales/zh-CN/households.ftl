## 乡风文明积分：农户登记
households-usage = 用法：
    /household —— 查看我家的积分，或选择实践站登记
    /household 站点编号 —— 在该实践站登记我家
    /household add 用户编号 —— 户主添加家庭成员
households-none = 您家还没有登记乡风文明积分。请选择您所在的实践站：
households-asked = 📝 已提交登记申请（{ $site }），协调员确认后会通知您。
households-pending = ⏳ 您家在 { $site } 的登记申请正在等待协调员确认。
households-mine = 🏡 { $head } 家 · { $site }
    乡风文明积分：{ $points }
households-members = 家庭成员：{ $names }
households-recent = 最近记录：
households-recent-line = · { $act }：{ $points } 分（{ $note }）
households-member-added = ✅ 已把 { $name } 加入您家。
households-ask-coordinator = 🏡 农户登记申请 #{ $id }：{ $name }（用户 { $user }）申请在 { $site } 登记乡风文明积分。
households-confirm = ✅ 确认
households-refuse = ❌ 不予登记
households-confirmed = ✅ 已确认 #{ $id } { $name } 家的登记。
households-refused = 已拒绝 #{ $id } { $name } 家的登记。
households-told-confirmed = 🎉 您家的乡风文明积分登记（#{ $id }）已确认。发送 /household 查看。
households-told-refused = 很抱歉，您家的登记申请（#{ $id }）未获确认。如有疑问请联系实践站。

## 评分员
households-grader-usage = 用法：/grader add 用户编号 站点编号，或 /grader off 用户编号 站点编号
households-graders = 评分员：
households-grader-line = · { $name }（{ $user }）· { $site }
households-no-graders = 您所辖的实践站还没有评分员。
households-grader-added = ✅ 已任命 { $name } 为 { $site } 的评分员。
households-grader-removed = 已取消 { $name } 在 { $site } 的评分员资格。
households-grader-told = 您已被任命为 { $site } 的乡风文明积分评分员。发送 /award 加分，/deduct 扣分。

## 加分与扣分
households-ask-household = 给哪一户？
households-ask-rule = 因为哪一项？
households-ask-note = 可以发一张照片（可附说明）或写几句说明，也可以跳过。
households-ask-reason = 请写明扣分原因（也可以发照片并附说明）。农户会看到这条原因。
households-hint-pick = 请点按上面的按钮选择。
households-hint-note = 请发照片或文字，或点“跳过”。
households-hint-reason = 扣分必须写明原因。
households-cancelled = 已取消，没有加分或扣分。
households-no-rules = 本县还没有设置这类积分项目。
households-awarded = ✅ 已为 { $name } 家加 { $points } 分（{ $act }），现有 { $balance } 分。
households-deducted = 已从 { $name } 家扣 { $points } 分（{ $act }），现有 { $balance } 分。
households-told-awarded = 🌟 您家因“{ $act }”获得 { $points } 分乡风文明积分！说明：{ $note }。现有 { $balance } 分。
households-told-deducted = ⚠️ 您家因“{ $act }”被扣 { $points } 分。原因：{ $note }。现有 { $balance } 分。

refused-households-not-a-point = 请选择一个实践站（村或社区）。
refused-households-already = 您已经在一户登记中了。发送 /household 查看。
refused-households-not-your-point = 这一户不在您负责的实践站。
refused-households-point-not-yours = 这个实践站不在您负责的范围内。
refused-households-decided = 这份登记申请已经处理过了。
refused-households-not-head = 只有户主可以添加家庭成员。
refused-households-not-confirmed = 这一户的登记还没有确认。
refused-households-no-such-person = 没有编号为 { $user } 的用户（对方需要先给机器人发过消息）。
refused-households-member-elsewhere = 用户 { $user } 已经是另一户的成员。
refused-households-not-a-grader = 用户 { $user } 不是这个站点的评分员。
refused-households-not-a-grader-here = 只有协调员或实践站的评分员可以加分、扣分。
refused-households-none-to-award = 您负责的实践站还没有已确认的农户。
refused-households-no-such = 没有编号为 { $id } 的农户。
refused-households-no-such-rule = 没有这个积分项目。
refused-households-deduction-needs-reason = 扣分必须写明原因。

## /mydata
mydata-section-household = 乡风文明积分（农户）：
mydata-household = 农户 #{ $id }，户主 { $head }，{ $site }，状态 { $status }
mydata-household-award = { $at } { $act }：{ $points } 分（{ $note }）
