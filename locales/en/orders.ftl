# civic-bot — an order's dates, phone, history and deep links. Every key is also in locales/zh-CN/orders.ftl.

## Dates (date-pattern-* are Babel LDML date patterns: MMM month, d day, EEE weekday)
date-pattern-day = EEE d MMM
date-pattern-by = EEE d MMM
# An event in an order's history: day and time, in county time.
date-pattern-history = d MMM HH:mm
when-on = { $date }
when-by = by { $date }

## The order's phone
order-ask-save-phone = The number { $phone } is for this order only.
    Save it as your own number too, to use it next time?
order-save-phone-yes = Save as my number
order-save-phone-no = This order only

## Deep links
refused-unknown-home-site = We could not find the site in this link; it may have changed. No matter: when you order, you can pick the place from the list.
refused-center-not-home = This link leads to the county center, which cannot be your home site. No matter: when you order, you can pick your village or community from the list.

## Order details
order-card-hours = Hours of service: { $hours }
order-card-rating = Rating: { $stars } ({ $rating } of 5)
order-card-comment = Resident's comment: { $comment }

## Notes in an order's history
note-wave = offers, wave { $round }
note-wave-timed-out = nobody accepted this wave in time
note-no-volunteers = no volunteers left to offer it to
note-escalated = escalated to the { $level ->
        [point] village point
        [station] town station
       *[center] county center
    }
note-declined = declined
note-assigned = assigned by a coordinator
note-reassigned = reassigned from volunteer { $previous }
note-released = the volunteer gave it back
note-released-reason = the volunteer gave it back: { $reason }
note-cancelled-by-resident = cancelled by the resident
note-cancelled-by-coordinator = cancelled by a coordinator
note-cancelled-reason = cancelled by a coordinator: { $reason }
note-text = { $text }
