# Delivery under faults: lost conversations, brief outages, flooding.
flow-lost = Sorry, your conversation was lost. Please start again from the menu.
flow-lost-menu = Please start again from the menu below:
delivery-unavailable = The service is briefly unavailable. Your message was received and will be handled as soon as it is back; no need to send it again.
delivery-slow-down = You are sending messages too fast. Please wait a few seconds.

# A button pressed outside the private chat with the bot (a group, a channel).
button-private-only = Please use the buttons in your private chat with me.
