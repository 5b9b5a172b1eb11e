# civic-bot — 一次性邀请链接（/invite）。每个键在 locales/en/invites.ftl 中也必须存在。

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
