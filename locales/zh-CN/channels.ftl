# Where a person is reached (`/mydata`): one line per address.
mydata-address = 联系渠道{ $channel ->
    [telegram] Telegram
   *[other] { $channel }
}：{ $value }
