# Where a person is reached (`/mydata`): one line per address.
mydata-address = Reached on { $channel ->
    [telegram] Telegram
   *[other] { $channel }
} as: { $value }
