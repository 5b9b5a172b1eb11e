# /qr: a site's door poster with its QR code
poster-usage = Usage: /qr for your site's poster, /qr site-id for one site, /qr all for every site below you (a ZIP).
poster-banner = 扫码点单 · Scan to order
poster-action = Scan with your phone to book a volunteer service in Telegram.
poster-caption = The poster of { $site } (id { $id }): A5 at 300 dpi, ready to print.
poster-making = Making { $count } posters…
poster-zip-caption = { $count } site posters (A5, 300 dpi).
poster-no-font = Posters cannot be made right now: the server lacks the Chinese font. Please tell the administrator.

## Names of the files sent
poster-file = poster-{ $id }.png
posters-file = posters.zip
