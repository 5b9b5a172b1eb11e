# civic-bot — 服务目录（/catalog）。每个键在 locales/en/catalog.ftl 中也必须存在。

## 服务目录
catalog-usage = 用法：
    /catalog 查看服务目录
    /catalog add 类别编码 服务编码 中文名 | English name
    /catalog rename 服务编码 中文名 | English name
    /catalog retire 服务编码
catalog-title = 服务目录（编码 · 名称）：
catalog-category = 【{ $name }】{ $code }
catalog-line = { $code } · { $name }
catalog-line-retired = { $code } · { $name }（已下线）
catalog-added = 已添加服务 { $code }：{ $name }。
catalog-renamed = 服务 { $code } 已改名为：{ $name }。
catalog-retired = 服务 { $code }（{ $name }）已下线。旧订单不受影响，居民点单时不再看到它。
