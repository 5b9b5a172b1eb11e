# civic-bot — 语音点单：订单的语音留言。每个键在 locales/en/voice.ftl 中也必须存在。

voice-note-caption = 🎙 订单 #{ $id } 的语音留言（{ $n }/{ $total }）
voice-card = 🎙 语音留言：{ $count } 条（发送 /order { $id } 时播放）
voice-order-started = 🎙 收到您的语音。请再点几个按钮：选服务和地点，语音会一起交给志愿者。

## /mydata
mydata-section-voice-notes = 【点单时说的语音】
mydata-voice-note = 订单 #{ $id } 第 { $n } 段语音，文件：{ $file }
