# /qr: 站点门口的二维码海报
poster-usage = 用法：/qr 打印您的站点海报，/qr 站点编号 打印某个站点，/qr all 打印下属每个站点（ZIP 压缩包）。
poster-banner = 扫码点单 · Scan to order
poster-action = 用手机扫码，打开 Telegram 即可预约志愿服务。
poster-caption = { $site }（编号 { $id }）的海报：A5，300 dpi，可直接打印。
poster-making = 正在制作 { $count } 张海报……
poster-zip-caption = { $count } 张站点海报（A5，300 dpi）。
poster-no-font = 暂时无法制作海报：服务器缺少中文字体。请联系管理员。

## 发送的文件名
poster-file = 海报-{ $id }.png
posters-file = 海报.zip
