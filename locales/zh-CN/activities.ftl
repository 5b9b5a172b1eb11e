# civic-bot — 活动：发布（名额、可见范围、海报）、报名与候补、提醒、签到、结项。每个键在 locales/en/activities.ftl 中也必须存在。

## 日期（Babel 的 LDML 格式）
date-pattern-activity = M月d日（EEE）HH:mm
date-pattern-activity-end = HH:mm

## 发布：/activity new
activity-usage = 用法：/activity new 发布新活动；/activity 活动编号 查看并管理一个活动。
activity-ask-title = 发布新活动。请输入活动名称（中文），例如：爱心义剪进社区
activity-ask-title-en = 英文名称（可跳过）：
activity-ask-category = 请选择活动类别：
activity-ask-team = 由哪个队伍组织？
activity-ask-site = 在哪个站点举办？
activity-ask-venue = 活动地点：请发送定位 📍，或使用站点地址。
activity-venue-site = 🏠 使用站点地址
activity-ask-start = 开始时间？请输入日期和时间，例如：12月5日 14:00
activity-ask-length = 活动多长时间？也可以直接输入结束时间，例如：16:30
activity-length-hours = { $hours } 小时
activity-ask-volunteers = 需要多少名志愿者？（选择或输入数字，0 表示不需要）
activity-ask-residents = 可报名的居民名额？（选择或输入数字，0 表示不接受居民报名）
activity-ask-visibility = 谁可以看到这个活动？
activity-visibility-subtree = 🌳 本站点及下属站点的所有人
activity-visibility-team = 👥 只有本队伍的志愿者
activity-ask-poster = 可以发送一张海报图片，或跳过。
activity-preview = 请确认活动信息：
    📌 { $title }
    🏷 { $category } · { $team }
    📍 { $place }{ $pin ->
        [yes] （定位）
       *[no] {""}
    }
    🕒 { $when }
    🙋 志愿者 { $volunteers } 名 · 居民 { $residents } 名
    👀 { $visibility ->
        [team] 只有本队伍
       *[subtree] 本站点及下属站点
    }{ $poster ->
        [yes] {" "}· 🖼 有海报
       *[no] {""}
    }
activity-publish = ✅ 发布
activity-change = ✏️ 修改
activity-ask-change = 要修改哪一项？
activity-change-title = 名称
activity-change-category = 类别和队伍
activity-change-site = 站点和地点
activity-change-start = 时间
activity-change-volunteers = 名额
activity-change-visibility = 可见范围
activity-change-poster = 海报
activity-cancelled = 已取消，活动没有发布。
activity-hint-venue = 请发送定位，或点“使用站点地址”。
activity-hint-start = 没看懂这个时间。请这样输入：12月5日 14:00
activity-hint-end = 请选择时长，或输入晚于开始时间的结束时间，例如 16:30。
activity-hint-quota = 请输入 0 到 { $max } 之间的数字。
activity-hint-nobody = 志愿者和居民名额不能都是 0。
activity-hint-poster = 请发送一张图片作为海报，或点“跳过”。
activity-published = 已发布活动 #{ $id }：{ $title }
    🕒 { $when }
    📍 { $place }
activity-announced = 正在通知 { $count } 人（逐条发送，稍后送达）。

## 通知与报名
activity-announce = 📣 新活动：{ $title }
    🏷 { $category }
    🕒 { $when }
    📍 { $place }
    🙋 志愿者 { $volunteers }/{ $volunteer_quota } · 居民 { $residents }/{ $resident_quota }
activity-sign = ✅ 我要报名
activity-waitlist = ⏳ 名额已满，加入候补
activity-sign-volunteer = 🙋 报名当志愿者
activity-waitlist-volunteer = ⏳ 志愿者已满，加入候补
activity-signed = ✅ 报名成功：{ $title }
    🕒 { $when }
    📍 { $place }
    活动前一天和前一小时会提醒您。
activity-waitlisted = ⏳ 名额已满，您已加入候补：{ $title }。有人取消时会第一时间通知您。
activity-leave = ✖ 取消报名
activity-left = 已取消报名：{ $title }。
activity-here = 📍 现场签到
activity-offered = 🎉 有空出的名额：{ $title }（{ $when }，{ $place }）。
    请在 { $until } 前确认，否则名额会让给下一位。
activity-offer-take = ✅ 确认参加
activity-offer-pass = ✖ 不去了
activity-offer-lapsed = 您没有及时确认，“{ $title }”的名额已让给下一位候补。
activity-remind-tomorrow = ⏰ { $day ->
        [today] 今天有活动
        [tomorrow] 明天有活动
       *[other] 活动提醒
    }：{ $title }
    🕒 { $when }
    📍 { $place }
activity-remind-soon = ⏰ 一小时后开始：{ $title }
    📍 { $place }
activity-moved = 📅 活动时间有变：{ $title }
    新的时间：{ $when }
    📍 { $place }
activity-called-off = ❌ 活动已取消：{ $title }（{ $when }）。给您带来不便，敬请谅解。

## 活动列表：/activities
activity-list-title = 近期活动：
activity-mine-title = 您负责的近期活动：
activity-none = 近期没有活动。发送 /follow 关注一个站点，有新活动时会通知您。
activity-line = #{ $id } { $title }
    🕒 { $when }
    📍 { $place }
    🙋 志愿者 { $volunteers }/{ $volunteer_quota } · 居民 { $residents }/{ $resident_quota }
activity-line-mine = #{ $id } { $title }
    🕒 { $when }
    📍 { $place }
    🙋 志愿者 { $volunteers }/{ $volunteer_quota } · 居民 { $residents }/{ $resident_quota }
    我的报名：{ $role ->
        [volunteer] 志愿者
       *[resident] 居民
    } · { $status ->
        [signed] 已报名
        [offered] 有名额待确认
       *[waitlisted] 候补第 { $position } 位
    }

## 关注站点：/follow
follow-usage = 用法：/follow 选择要关注的站点；/follow 站点编号；/unfollow 站点编号 取消关注。
follow-pick-station = 关注哪个镇（街道）的活动？
follow-pick-point = 选择要关注的村（社区），或关注整个镇：
follow-whole = 整个 { $site }
follow-done = 已关注 { $site }，有新活动时会通知您。
follow-already = 您已经关注了 { $site }。
follow-gone = 已取消关注。
follow-not = 您没有关注这个站点。

## 协调员管理一个活动
activity-desk-code = 🔳 签到码
activity-desk-list = 📋 签到名单
activity-desk-move = 📅 改期
activity-desk-off = ❌ 取消活动
activity-desk-close = 🏁 结项
activity-code = 签到码：{ $title }
    请参加者扫码签到。签到码每分钟更新，转发照片无效。
activity-code-link = 扫不了码的，可以打开这个链接签到（一分钟内有效）：{ $link }
activity-code-again = 🔄 刷新签到码
activity-attendance = 签到名单：{ $title }
    ✅ 已签到 { $present } · ⬜ 未到 { $absent } · 现场加入 { $walk_ins }
    点名字可以更正。
activity-walk-in = 现场加入
activity-role-volunteer = 志愿者
activity-role-resident = 居民
activity-off-ask = 确定要取消这个活动吗？所有报名的人都会收到通知。
activity-off-sure = ❌ 确定取消
activity-off-done = 已取消活动：{ $title }。已通知所有报名的人。
activity-move-cancelled = 已取消改期，时间不变。
activity-move-done = 已改期：{ $title }
    新的时间：{ $when }
    已通知所有报名的人。

## 结项
activity-ask-elderly = 结项：这次服务了多少位老人？（输入数字，可跳过）
activity-ask-children = 多少名儿童？（输入数字，可跳过）
activity-ask-others = 其他受益群众多少人？（输入数字，可跳过）
activity-ask-report = 写几句活动总结（可跳过）：
activity-ask-photos = 可以发送活动照片（已收到 { $count } 张），发完点“完成”。
activity-photos-done = ✅ 完成
activity-hint-count = 请输入一个数字，例如 12。
activity-hint-photos = 请发送照片，或点“完成”。
activity-close-cancelled = 已取消结项，可以稍后再来。
activity-closed = 已结项：{ $title }
    受益群众 { $beneficiaries } 人；{ $credited } 名志愿者各记服务时长 { $hours } 小时。

## 签到
activity-ask-here = 请发送您现在的位置 📍 签到。
activity-hint-here = 请点下方按钮发送位置。
activity-checkin-cancelled = 已取消签到。
activity-checked-in = ✅ 签到成功：{ $title }
activity-checked-in-already = 已经签到过了：{ $title }
activity-checked-for = ✅ 已为 { $person } 签到：{ $title }
activity-checkin-usage = 用法：/checkin 活动编号 居民编号（为没有手机的居民签到）

## 拒绝
refused-activity-already-signed = 您已经报名（或在候补中）了。
refused-activity-bad-number = 人数不对，请输入 0 或正整数。
refused-activity-bad-times = 结束时间要晚于开始时间，且不超过 24 小时。
refused-activity-bad-title = 请输入活动名称。
refused-activity-code-stale = 签到码已过期，请扫描现场最新的签到码。
refused-activity-in-past = 开始时间已经过去了，请选一个以后的时间。
refused-activity-no-venue = 这个活动没有地点坐标，请扫描签到码签到。
refused-activity-not-found = 没有编号为 { $id } 的活动。
refused-activity-not-now = 现在不在签到时间内（活动开始前 { $minutes } 分钟到结束后 { $minutes } 分钟）。
refused-activity-not-open = 这个活动已经取消或结项了。
refused-activity-not-signed = 您没有报名这个活动。
refused-activity-not-started = 活动还没开始，不能结项。
refused-activity-offer-gone = 这个名额已经不在了。
refused-activity-over = 这个活动已经结束了。
refused-activity-team-only = 这个活动只对本队伍的志愿者开放。
refused-activity-too-far = 您离活动地点太远了，请到现场后再签到，或扫描签到码。
refused-activity-no-volunteers = 这个活动不需要志愿者报名。
refused-activity-no-residents = 这个活动不接受居民报名。
refused-activity-volunteers-only = 只有志愿者可以报名当志愿者。发送 /join 申请成为志愿者。
refused-activity-outside = 这个站点不在您负责的范围内。
refused-activity-not-staff = 只有这个活动的志愿者或负责的协调员可以这样做。
refused-activity-no-teams = 您负责的站点还没有队伍，无法发布活动。

## 帮助（/help 里的活动部分）
help-activities = 活动：
    /activities 近期活动，报名或加入候补
    /follow 关注一个站点，有新活动时通知您
help-activities-coordinator = 活动管理：
    /activity new 发布活动（名额、可见范围、海报）
    /activity 活动编号 签到码、签到名单、改期、取消、结项
    /checkin 活动编号 居民编号 为没有手机的居民签到

## 修改活动
activity-desk-edit = ✏️ 修改
activity-ask-edit = 要修改什么？
activity-edit-title = 名称
activity-edit-venue = 站点和地点
activity-edit-places = 名额
activity-edit-cancelled = 已取消修改，活动不变。
activity-edit-done = 已修改：{ $title }
    🕒 { $when }
    📍 { $place }
    🙋 志愿者 { $volunteers }/{ $volunteer_quota } · 居民 { $residents }/{ $resident_quota }
activity-edited = ✏️ 活动信息有更新：{ $title }
    🕒 { $when }
    📍 { $place }
refused-activity-quota-below-signed = 名额不能少于已经报名的人数。
activity-edit-ask-title = 请输入新的活动名称（中文）：

## 附近的活动
activity-near = 📍 附近的活动
activity-ask-near = 请发送您现在的位置 📍，为您列出附近即将开始的活动。
activity-hint-near = 请点下方按钮发送位置。
activity-near-cancelled = 已取消查找附近的活动。
activity-near-title = 离您最近的 { $count } 个活动：
activity-near-none = 附近暂时没有即将开始的活动。发送 /follow 关注一个站点，有新活动时会通知您。
activity-near-line = #{ $id } { $title }（距您 { $distance }）
    🕒 { $when }
    📍 { $place }
    🙋 志愿者 { $volunteers }/{ $volunteer_quota } · 居民 { $residents }/{ $resident_quota }

## 发送的文件名
activity-code-file = 活动签到码.png
