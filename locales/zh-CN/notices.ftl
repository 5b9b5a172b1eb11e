# Delivery under faults: lost conversations, brief outages, flooding.
flow-lost = 抱歉，您刚才的对话记录丢失了，请从菜单重新开始。
flow-lost-menu = 请从下面的菜单重新开始：
delivery-unavailable = 服务暂时繁忙，您的消息已收到，恢复后会马上处理，请不要重复发送。
delivery-slow-down = 您发送得太快了，请稍等几秒再发。

# A button pressed outside the private chat with the bot (a group, a channel).
button-private-only = 请在与我的私聊中使用按钮。
