# civic-bot — 命令菜单（输入 / 时显示的列表）。这里的每个键也必须出现在 locales/en/menus.ftl 中。

menu-cmd-order = 我要点单
menu-cmd-myorders = 我的订单
menu-cmd-join = 申请成为志愿者
menu-cmd-lang = 切换语言
menu-cmd-help = 帮助
menu-cmd-mydata = 查看我的信息
menu-cmd-forgetme = 删除我的信息
menu-cmd-tasks = 我的任务
menu-cmd-available = 暂停或恢复接单
menu-cmd-quiet = 设置免打扰时间
menu-cmd-pending = 待派订单
menu-cmd-broadcast = 群发消息
menu-cmd-volunteers = 志愿者名单
menu-cmd-assign = 派单：/assign 订单号 志愿者
menu-cmd-sites = 站点一览
menu-cmd-audit = 操作记录
