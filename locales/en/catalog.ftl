# civic-bot — the service catalogue (/catalog). Every key here must also be in locales/zh-CN/catalog.ftl.

## Catalogue
catalog-usage = Usage:
    /catalog see the catalogue
    /catalog add category-code service-code 中文名 | English name
    /catalog rename service-code 中文名 | English name
    /catalog retire service-code
catalog-title = Service catalogue (code · name):
catalog-category = [{ $name }] { $code }
catalog-line = { $code } · { $name }
catalog-line-retired = { $code } · { $name } (retired)
catalog-added = Service { $code } added: { $name }.
catalog-renamed = Service { $code } is now called: { $name }.
catalog-retired = Service { $code } ({ $name }) is retired. Old orders keep it; residents no longer see it when ordering.
