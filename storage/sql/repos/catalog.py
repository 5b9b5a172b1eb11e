"""The catalogue: categories and the services residents order under them."""

from __future__ import annotations

from sqlalchemy import select

from domain.models import Catalogue, Category, LocalName, Service
from domain.reference import CATALOGUE
from storage.sql.repos.base import SqlRepo
from storage.sql.repos.rows import to_category, to_service
from storage.sql.tables import categories, services


class SqlCatalogueRepo(SqlRepo):
    async def load(self) -> Catalogue:
        cats = await self._s.execute(
            select(categories).order_by(categories.c.sort, categories.c.code)
        )
        servs = await self._s.execute(select(services).order_by(services.c.id))
        return Catalogue(
            categories=[to_category(r) for r in cats],
            services=[to_service(r) for r in servs],
        )

    async def upsert_category(self, code: str, name: LocalName, sort: int) -> Category:
        values = {"name_zh": name.zh, "name_en": name.en, "sort": sort}
        stmt = self._insert(categories).values(code=code, **values)
        stmt = stmt.on_conflict_do_update(index_elements=[categories.c.code], set_=values)
        self._mark(CATALOGUE)
        row = (await self._s.execute(stmt.returning(*categories.c))).one()
        return to_category(row)

    async def upsert_service(
        self, code: str, category_code: str, name: LocalName, retired: bool = False
    ) -> Service:
        # Conflict on `code` updates in place, so the id (kept in orders) never changes.
        values = {
            "category_code": category_code,
            "name_zh": name.zh,
            "name_en": name.en,
            "retired": retired,
        }
        stmt = self._insert(services).values(code=code, **values)
        stmt = stmt.on_conflict_do_update(index_elements=[services.c.code], set_=values)
        self._mark(CATALOGUE)
        row = (await self._s.execute(stmt.returning(*services.c))).one()
        return to_service(row)
