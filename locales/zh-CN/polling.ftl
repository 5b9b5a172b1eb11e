# A button pressed outside the private chat with the bot (a group, a channel).
button-private-only = 请在与我的私聊中使用按钮。
