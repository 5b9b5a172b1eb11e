# A button pressed outside the private chat with the bot (a group, a channel).
button-private-only = Please use the buttons in your private chat with me.
