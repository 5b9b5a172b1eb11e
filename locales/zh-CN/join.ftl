# civic-bot — 审核加入：按队伍编码申请、拒绝原因、一次性邀请链接。每个键在 locales/en/join.ftl 中也必须存在。

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

## 邀请链接
invite-usage = 用法：/invite 队伍编码，例如 /invite HAIR-DQ
invite-link = 加入“{ $team }”的邀请链接（只能使用一次，{ $until } 前有效）：
    { $link }
    请只发给您认识并核实过的人。
invite-welcome = 欢迎加入“{ $team }”！有合适的订单时会第一时间通知您。
refused-team-not-yours = 这个队伍不在您负责的站点范围内。
refused-invite-invalid = 这个邀请链接无效。如需加入，请向协调员要一个新的链接，或发送 /join 申请。
refused-invite-expired = 这个邀请链接已过期。请向协调员要一个新的链接，或发送 /join 申请。
refused-invite-used = 这个邀请链接已经被使用过了。请向协调员要一个新的链接，或发送 /join 申请。
refused-applicant-volunteer = 申请人已经通过邀请链接成为志愿者了，这份申请可以拒绝。
