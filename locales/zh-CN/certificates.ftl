## 志愿服务证明
certificates-asked = 📝 已申请志愿服务证明，协调员确认后会把证明（PDF）发给您。
certificates-ask-coordinator = 📜 志愿服务证明申请 #{ $id }：{ $name }（用户 { $user }）。请核对服务记录后出具。
certificates-issue = ✅ 出具
certificates-refuse = ❌ 不予出具
certificates-issued-done = ✅ 已出具证明 #{ $id }。
certificates-refused-done = 已拒绝证明申请 #{ $id }。
certificates-told-issued = 📜 您的志愿服务证明已出具，验证码 { $code }。任何人都可以发送 /verify { $code } 核验。
certificates-told-refused = 很抱歉，您的志愿服务证明申请未获出具。如有疑问请联系协调员。
certificates-verify-usage = 用法：/verify 验证码，例如 /verify ABCD-EFGH-JKLM-NPQR
certificates-genuine = ✅ 证明真实有效：{ $name }，志愿服务 { $hours } 小时，{ $day } 出具（验证码 { $code }）。
certificates-title = 志愿服务证明
certificates-personal = 一、个人信息
certificates-name = 姓名
certificates-team = 所在队伍
certificates-service = 二、志愿服务信息
certificates-total = 服务时长
certificates-hours = { $hours } 小时
certificates-period = 服务期间
certificates-tasks = 完成服务次数
certificates-category = 类别：{ $name }
certificates-training = 三、培训信息
certificates-awards = 四、表彰奖励
certificates-stars = 星级
certificates-stars-n = { $stars } 星志愿者
certificates-evaluation = 五、服务评价
certificates-rating = 群众评分（5 分制）
certificates-issuer = 出具单位：{ $center }
certificates-issued = 出具日期：{ $day }
certificates-code = 验证码：{ $code }
refused-certificates-volunteers-only = 志愿服务证明只为注册志愿者出具。
refused-certificates-no-hours = 您还没有志愿服务时长记录。
refused-certificates-pending = 您已有一份申请在等待确认。
refused-certificates-nobody-to-confirm = 您的站点暂时没有协调员可以确认，请联系实践中心。
refused-certificates-no-such = 没有这份证明申请。
refused-certificates-not-your-own = 不能为自己出具证明。
refused-certificates-decided = 这份申请已经处理过了。
refused-certificates-not-genuine = ❌ 没有查到这个验证码对应的证明，请核对后再试。

## /mydata
mydata-section-certificates = 志愿服务证明：
mydata-certificate = #{ $id } { $at } 申请，状态 { $status }，时长 { $hours } 小时

## 发送的文件名
certificates-file = 服务证明-{ $id }.pdf
