# civic-bot — 群发（/broadcast）。这里的每个键也必须出现在 locales/en/broadcasts.ftl 中。

broadcast-ask-audience = 要发给谁？
broadcast-audience-subtree = 👥 我负责站点的全部志愿者
broadcast-audience-team = 🚩 某一支志愿服务队
broadcast-audience-residents = 🏠 最近在我负责站点下过单的居民
broadcast-ask-team = 选择服务队（不在按钮里的，请输入服务队编号）：
broadcast-team-hint = 请点按钮选择服务队，或输入服务队编号。
broadcast-ask-days = 最近多少天内下过单的居民？（点按钮，或输入 1 到 365 的天数）
broadcast-days-n = { $days } 天
broadcast-days-hint = 请点按钮，或输入 1 到 { $max } 之间的天数。
broadcast-ask-text = 请输入要群发的内容：
broadcast-cancelled = 已取消群发。

broadcast-to-subtree = 我负责站点的全部志愿者
broadcast-to-team = 所选服务队的志愿者
broadcast-to-residents = 最近 { $days } 天下过单的居民
broadcast-preview =
    📣 群发预览
    发给：{ $audience }（{ $total } 人）

    { $text }
broadcast-send = ✅ 发送
broadcast-cancel = ✖️ 取消
broadcast-started = 开始发送
broadcast-stopped = 已停止群发

broadcast-progress-sending = 📣 群发 #{ $id } 发送中：{ $handled } / { $total } 已发送，{ $unreachable } 人无法送达
broadcast-progress-done = ✅ 群发 #{ $id } 已完成：{ $sent } / { $total } 已送达，{ $unreachable } 人无法送达，{ $failed } 条失败
broadcast-progress-cancelled = ✖️ 群发 #{ $id } 已取消：{ $sent } / { $total } 已送达，{ $unreachable } 人无法送达
broadcast-progress-draft = 📣 群发 #{ $id }（未发送，共 { $total } 人）

refused-broadcast-nobody = 这个范围里没有可以群发的人。
refused-broadcast-text-length = 群发内容不能为空，也不能超过 { $max } 个字。
refused-broadcast-team-not-yours = 这支服务队不在您负责的站点。
refused-broadcast-bad-audience = 请重新选择群发对象。
refused-broadcast-not-yours = 这不是您的群发。
refused-broadcast-not-draft = 这条群发已经发出或取消了。
refused-broadcast-over = 这条群发已经结束了。
