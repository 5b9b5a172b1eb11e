# civic-bot — 协调员修改已发布的活动（活动管理台的“✏️ 修改”）。每个键在 locales/en/activity_desk.ftl 中也必须存在。

## 修改什么
activity-edit-time = 时间
activity-edit-team = 类别和队伍
activity-edit-poster = 海报
activity-edit-ask-poster = 发送一张新的海报图片，或点“跳过”去掉海报：
activity-edit-visibility = 可见范围

## 给协调员的确认（接在“已修改”之后）
activity-edit-told = 已通知 { $count } 位报名的人。
activity-edit-quiet = 这次修改不影响报名的人，没有另行通知。
activity-edit-outside = { $count } 位已报名（或候补）的人不在新的可见范围内：他们的名额保留，不会被取消。如需调整，请与他们联系。

## 给报名的人
activity-venue-changed = 📍 活动地点有变：{ $title }
    新的地点：{ $place }
    🕒 { $when }

## 拒绝
refused-activity-site-not-team = 这个站点不在该队伍的范围内，请选择队伍所在站点或它下属的站点。
