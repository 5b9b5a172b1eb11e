# civic-bot — 心愿墙：菜单上没有的需求。每个键在 locales/en/wishes.ftl 中也必须存在。

## 居民
wish-ask-what = 🌟 心愿墙：您需要什么帮助？菜单上没有的也可以。请打字，或直接发一段语音。
wish-hint-what = 请打字写下您的心愿，或发一段语音。
wish-ask-where = 您在哪里？
wish-cancelled = 已取消，心愿没有提交。
wish-filed = 🌟 心愿 #{ $id } 已提交。站点协调员看过后会告诉您。
wish-told-rejected = 很抱歉，心愿 #{ $id } 暂时没法安排。原因：{ $reason }
wish-told-ordered = 🌟 心愿 #{ $id } 已通过，转为订单 #{ $order }，正在为您找志愿者。
wish-told-posted = 🌟 心愿 #{ $id } 已通过，已发给志愿者队伍，有人认领会马上告诉您。
wish-told-claimed = 🌟 心愿 #{ $id } 已由志愿者 { $name } 认领，转为订单 #{ $order }。可以在下面的消息里点“💬 联系志愿者”和志愿者说话。

## 协调员
wish-new = 🌟 新心愿
    { $card }
wish-card = 心愿 #{ $id } · { $place } · { $status }
    { $text }
wish-said = （语音，请听下面的语音留言）
wish-voice-caption = 🎙 心愿 #{ $id } 的语音
wish-status-open = 待审核
wish-status-rejected = 未通过
wish-status-ordered = 已转为订单
wish-status-posted = 待认领
wish-status-claimed = 已认领
wish-approve = ✅ 通过
wish-reject = ❌ 不通过
wish-ask-category = 心愿 #{ $id }：属于哪一类服务？
wish-ask-team = 交给哪支队伍？
wish-ask-how = 怎么安排？
wish-how-order = 📋 转为订单（派单给志愿者）
wish-how-post = 📌 发到心愿墙，由队伍志愿者认领
wish-ask-service = 按哪项服务安排？
wish-ask-reason = 心愿 #{ $id }：请写下不通过的原因（会告诉居民）。
wish-hint-reason = 请打字写下原因。
wish-decide-cancelled = 已取消，心愿还在待审核。
wish-no-teams = 心愿 #{ $id } 附近没有志愿者队伍，无法通过。可以选择不通过并说明原因。
wish-approved-order = ✅ 心愿 #{ $id } 已转为订单 #{ $order }。
wish-approved-post = ✅ 心愿 #{ $id } 已发给 { $team }（{ $count } 位志愿者）。
wish-rejected = 心愿 #{ $id } 已标记为不通过，已告诉居民。
wish-claimed-coord = 心愿 #{ $id } 已由志愿者 { $name } 认领，转为订单 #{ $order }。

## 志愿者
wish-offer = 📌 心愿墙有新心愿，可以认领
    { $card }
wish-claim = 🙋 我来认领
wish-claimed-you = ✅ 您认领了心愿 #{ $wish }，已转为您的订单 #{ $id }：{ $service }
    地点：{ $place }
    时间：{ $when }
    说明：{ $details }
    可以用下面的按钮给居民留言、到门口签到，做完后点完成。
wish-claimed-already = 心愿 #{ $id } 已被其他志愿者认领。

## /wishes
wishes-title = 🌟 心愿墙：{ $count } 个进行中的心愿
wishes-empty = 心愿墙上现在没有进行中的心愿。

## 拒绝的原因
refused-wish-outside = 这个心愿不在您负责的站点范围内。
refused-wish-empty = 请写下或说出您的心愿。
refused-wish-too-long = 心愿太长了，请简短一些。
refused-wish-unknown = 没有这个心愿。
refused-wish-decided = 这个心愿已经有人处理过了。
refused-wish-team-unknown = 这支队伍不做这一类服务，请重新选择。
refused-wish-not-your-team = 这个心愿是给别的队伍的。
refused-wish-claimed = 这个心愿已被其他志愿者认领。
refused-wish-wall-staff = 心愿墙只对协调员和志愿者开放。提出心愿请用 /wish。

## 命令菜单
menu-cmd-wish = 心愿墙：提一个心愿
menu-cmd-wishes = 心愿墙

## /help
help-wishes = 心愿墙：菜单上没有的需求，发送 /wish 打字或发语音说出来，协调员看过后会告诉您。
    点单时也可以直接发语音：在“要说明”或门牌那一步发语音，或在主菜单直接发一段语音开始点单。
    志愿者和协调员发送 /wishes 查看心愿墙。

## 协调员的心愿消息：有人处理后改成结果，按钮去掉
wish-notice-rejected = ❌ { $who } 已标记为不通过。原因：{ $reason }
wish-notice-ordered = ✅ { $who } 已通过，交给 { $team }，转为订单派单。
wish-notice-posted = ✅ { $who } 已通过，发给 { $team } 认领。
wish-notice-order = 📋 订单 #{ $order }
wish-notice-claimed = 🙋 志愿者 { $volunteer } 已认领，转为订单 #{ $order }。

## 订单记录
note-wish-claimed = 志愿者认领了心愿 #{ $wish }

## /mydata
mydata-section-wishes = 【心愿墙上的心愿】
mydata-wish = 心愿 #{ $id } · { $at } · { $status }：{ $text }；语音文件：{ $voice }；订单：{ $order }

## 居民删除了个人信息，心愿随之撤回
wish-notice-withdrawn = ↩️ 居民已撤回这个心愿（删除了个人信息）。
wish-withdrawn = 心愿 #{ $id } 已被居民撤回。
