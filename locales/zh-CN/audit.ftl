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

## 活动和群发
audit-activity-publish = 发布了活动 #{ $activity }（{ $title }），志愿者 { $volunteers } 名、居民 { $residents } 名，通知 { $told } 人
audit-activity-edit = 修改了活动 #{ $activity }（{ $title }）的{ $fields }
audit-activity-move = 把活动 #{ $activity }（{ $title }）改期到 { $when }
audit-activity-cancel = 取消了活动 #{ $activity }（{ $title }），通知报名的 { $told } 人
audit-activity-attendance = 把 { $user } 在活动 #{ $activity }（{ $title }）的签到改为{ $present ->
        [yes] 已到
       *[no] 未到
    }
audit-activity-beneficiaries = 登记了活动 #{ $activity }（{ $title }）的受益群众：老人 { $elderly }、儿童 { $children }、其他 { $others }
audit-activity-hours = 为活动 #{ $activity }（{ $title }）的 { $count } 名志愿者各记服务时长 { $hours } 小时
audit-activity-report = 为活动 #{ $activity }（{ $title }）附上结项总结：{ $words ->
        [yes] 文字、
       *[no] {""}
    }{ $count } 张照片
audit-activity-field-title = 名称
audit-activity-field-venue = 地点
audit-activity-field-site = 站点
audit-activity-field-category = 类别
audit-activity-field-team = 队伍
audit-activity-field-visibility = 可见范围
audit-activity-field-poster = 海报
audit-activity-field-places = 名额
audit-activity-fields-joiner = 、
audit-broadcast = 群发 #{ $broadcast } 给{ $audience }，共 { $total } 人

## 操作时间，县里的时间（Babel 的 LDML 格式：yyyy 年，M 月，d 日，HH:mm 时分）
date-pattern-audit = yyyy年M月d日 HH:mm
