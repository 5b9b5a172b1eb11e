# civic-bot — 审核加入：按队伍编码或站点申请、审批、拒绝原因。每个键在 locales/en/applications.ftl 中也必须存在。

## 按队伍编码申请
join-team-applied = 已提交加入“{ $team }”（{ $site }）的申请。协调员审核通过后会通知您。
application-new-team = 新的志愿者申请 #{ $id }：{ $name }（编号 { $user }）
    申请加入：{ $team }
    站点：{ $site }

## 其他协调员看到的处理结果
application-closed-approved = 申请 #{ $id }（{ $name }）已由 { $by } 批准，加入“{ $team }”。
application-closed-rejected = 申请 #{ $id }（{ $name }）已由 { $by } 拒绝。原因：{ $reason }

## 拒绝原因
reject-reason-ask = 拒绝申请 #{ $id }：请选择原因，或直接输入原因。
reject-reason-hint = 请点选一个原因，或输入一句话说明原因。
reject-cancelled = 已取消，申请仍在等待审核。
reject-reason-unknown = 无法核实申请人身份
reject-reason-outside = 申请人不在本站点服务范围
reject-reason-full = 队伍人员已满
reject-reason-none = 未说明
application-rejected-because = 申请 #{ $id } 已拒绝。原因：{ $reason }
join-rejected-because = 很抱歉，您在 { $site } 的志愿者申请没有通过。原因：{ $reason }
    如有疑问，请联系当地实践站。
refused-bad-reason = 请选择或输入拒绝的原因。

## 志愿者申请
join-ask-station = 想当志愿者？请选择您所在的镇（街道）。
    知道队伍编码的，也可以发送 /join 队伍编码申请加入该队，例如 /join HAIR-DQ
join-ask-point = 请选择您所在的村（社区）：
join-applied = 已提交申请：{ $site }。协调员审核后会通知您。
join-approved = 恭喜！您的志愿者申请已通过，已加入“{ $team }”。有合适的订单时会通知您。
join-rejected = 很抱歉，您在 { $site } 的志愿者申请没有通过。如有疑问，请联系当地实践站。
application-new = 新的志愿者申请 #{ $id }：{ $name }（编号 { $user }）
    站点：{ $site }
application-approve = ✅ 批准 #{ $id }
application-reject = ✖ 拒绝 #{ $id }
application-pick-team = 申请 #{ $id }（{ $name }）：请选择加入哪个队伍：
application-approved = 申请 #{ $id } 已批准：{ $name } 加入“{ $team }”。
application-rejected = 申请 #{ $id } 已拒绝。
applications-title = 待审核的志愿者申请（{ $count } 个）：
application-line = #{ $id } { $name }（{ $user }）· { $site }
