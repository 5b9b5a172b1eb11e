# civic-bot — a volunteer checks in at the door. Every key must also exist in locales/zh-CN/checkin.ftl.

## Volunteers: check in with a location
checkin-button = 📍 Check in at the door
checkin-share = 📍 Send my location
checkin-ask = 📍 Order #{ $id }: at the resident's door, press the button below to send your location (within { $radius } m), or scan the check-in QR code the resident shows.
checkin-done = ✅ Checked in for order #{ $id } ({ $at }).
checkin-resident-told = 🚪 The volunteer checked in at your door (order #{ $id }, { $at }).
refused-checkin-too-far = You are about { $distance } m from the place; check-in works within { $radius } m. Send your location again at the door, or scan the resident's check-in QR code.
refused-checkin-no-place = This order has no place to check against: scan the resident's check-in QR code instead.
refused-checkin-already = Order #{ $id } is checked in already.

## Residents: show the check-in QR code
checkin-qr-button = 🔳 Check-in QR code
checkin-qr = 🔳 The check-in QR code of order #{ $id }: let the volunteer scan it at your door. It works once, until { $until }; press the button again for a new one.
refused-checkin-token-invalid = This check-in QR code is not valid.
refused-checkin-token-expired = This check-in QR code has expired: ask the resident for a new one.
refused-checkin-token-used = This check-in QR code was used already: ask the resident for a new one.

## Hours follow the check-in
checkin-capped = Order #{ $id }: you reported { $reported } h; { $credited } h are credited, check-in to done. A coordinator may approve more.
checkin-capped-coord = Order #{ $id }: the volunteer reported { $reported } h; { $credited } h were credited, check-in to done. If that is right, send /approvehours { $id } to credit { $reported } h.
checkin-approve-usage = Usage: /approvehours order-number, e.g. /approvehours 12
checkin-approved = ✅ Order #{ $id } now counts { $hours } h ({ $added } h added).
checkin-approved-volunteer = ✅ A coordinator approved { $hours } h for order #{ $id } ({ $added } h added).
refused-checkin-nothing-to-approve = Order #{ $id } has no hours waiting for approval.
refused-checkin-approved-already = The hours of order #{ $id } were approved already.

## The coordinators' order card (/order number)
checkin-card-location = 📍 Checked in: { $at } (location, { $distance } m from the place)
checkin-card-qr = 📍 Checked in: { $at } (QR code)
checkin-card-claimed = ⏱ The volunteer reported { $reported } h, capped by the check-in; /approvehours { $id } to approve
checkin-card-approved = ⏱ The { $reported } h the volunteer reported were approved

## Names of the files sent
checkin-file = checkin.png
