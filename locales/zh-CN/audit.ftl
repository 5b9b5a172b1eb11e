# civic-bot — 协调员操作记录（/audit）。这里的每个键也必须出现在 locales/en/audit.ftl 中。

audit-usage = 用法：/audit 或 /audit 站点编号，例如 /audit 11
audit-title-own = 您负责站点的操作记录（最新的在前）：
audit-title-site = { $site }的操作记录（最新的在前）：
audit-empty-own = 您负责的站点还没有操作记录。
audit-empty-site = { $site }还没有操作记录。
audit-more = 更早的记录
audit-line = { $at } { $who }：{ $what }（{ $site }）
audit-line-why = { $at } { $who }：{ $what }（{ $site }）理由：{ $reason }
audit-person = { $name }（{ $id }）
audit-county = 全县
audit-nobody = 无人
audit-role-coordinator = 协调员
audit-assign = 把订单 #{ $order } 派给 { $volunteer }
audit-reassign = 把订单 #{ $order } 从 { $previous } 改派给 { $volunteer }
audit-cancel = 取消了订单 #{ $order }
audit-promote = 任命 { $user } 为{ $role }
audit-demote = 撤销了 { $user } 的{ $role }角色
audit-approve = 批准了 { $user } 的志愿者申请 #{ $application }，加入 { $team }
audit-reject = 拒绝了 { $user } 的志愿者申请 #{ $application }
audit-service-add = 在“{ $category }”下添加了服务 { $code }（{ $name }）
audit-service-rename = 把服务 { $code } 从“{ $was }”改名为“{ $name }”
audit-service-retire = 下线了服务 { $code }（{ $name }）
audit-adjust = 调整了 { $volunteer } 的服务时长 { $hours } 小时

## 操作时间，县里的时间（Babel 的 LDML 格式：yyyy 年，M 月，d 日，HH:mm 时分）
date-pattern-audit = yyyy年M月d日 HH:mm
