# civic-bot — command menus (the list shown on typing /). Every key here must also be in locales/zh-CN/menus.ftl.

menu-cmd-order = Order a service
menu-cmd-myorders = My orders
menu-cmd-join = Apply to volunteer
menu-cmd-lang = Change language
menu-cmd-help = Help
menu-cmd-mydata = See my data
menu-cmd-forgetme = Erase my data
menu-cmd-tasks = My tasks
menu-cmd-available = Pause or resume offers
menu-cmd-quiet = Set quiet hours
menu-cmd-pending = Orders waiting
menu-cmd-broadcast = Broadcast a message
menu-cmd-volunteers = Volunteers
menu-cmd-assign = Assign: /assign order volunteer
menu-cmd-sites = Sites
menu-cmd-audit = Audit trail
