# civic-bot — voice orders: an order's voice notes. Every key must also be in locales/zh-CN/voice.ftl.

voice-note-caption = 🎙 Voice note for order #{ $id } ({ $n }/{ $total })
voice-card = 🎙 Voice notes: { $count } (played with /order { $id })
voice-order-started = 🎙 Got your voice message. A few buttons now: pick the service and the place, and the voice goes with the order to the volunteer.

## /mydata
mydata-section-voice-notes = [Voice notes said while ordering]
mydata-voice-note = Order #{ $id }, voice note { $n }, file: { $file }
