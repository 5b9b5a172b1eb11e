"""Editing the catalogue in chat: add, rename and retire services.

The catalogue is county-wide data, so changing it takes a county-wide role
(an admin, or a coordinator of the center); any coordinator may read it.
Retiring keeps the row, so old orders keep their service; the order flow
already hides retired services.
"""

from __future__ import annotations

import re

from domain.audit import AuditAction, record_action
from domain.errors import Refused
from domain.models import Catalogue, LocalName, Service
from domain.ports.clock import Clock
from domain.ports.database import Database, Tx
from domain.roles import Authority

CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
NAME_MAX = 128  # the column's width


def valid_code(code: str) -> bool:
    return CODE.fullmatch(code) is not None


def check_name(name: LocalName) -> LocalName:
    zh, en = name.zh.strip(), name.en.strip()
    if not zh or len(zh) > NAME_MAX or len(en) > NAME_MAX:
        raise Refused("bad-service-name", max=NAME_MAX)
    return LocalName(zh, en)


class CatalogEditor:
    def __init__(self, db: Database, authority: Authority, clock: Clock) -> None:
        self._db = db
        self._authority = authority
        self._clock = clock  # when the audit trail says the catalogue changed

    async def listing(self, actor_id: int) -> Catalogue:
        async with self._db.transaction() as tx:
            await self._authority.sites_of(tx, actor_id)  # any coordinator may read it
            return await tx.catalogue.load()

    async def add(self, actor_id: int, category: str, code: str, name: LocalName) -> Service:
        async with self._db.transaction() as tx:
            await self._authority.require_county(tx, actor_id)
            catalogue = await tx.catalogue.load()
            if catalogue.category(category) is None:
                raise Refused("no-such-category", code=category)
            if not valid_code(code):
                raise Refused("bad-service-code", code=code)
            if any(s.code == code for s in catalogue.services):
                raise Refused("service-exists", code=code)
            name = check_name(name)
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.SERVICE_ADD,
                actor_id,
                None,
                code,
                category=category,
                zh=name.zh,
                en=name.en,
            )
            return await tx.catalogue.upsert_service(code, category, name)

    async def rename(self, actor_id: int, code: str, name: LocalName) -> Service:
        async with self._db.transaction() as tx:
            await self._authority.require_county(tx, actor_id)
            service = await self._service(tx, code)
            name = check_name(name)
            await record_action(
                tx,
                self._clock.now(),
                AuditAction.SERVICE_RENAME,
                actor_id,
                None,
                code,
                zh=name.zh,
                en=name.en,
                was_zh=service.name.zh,
                was_en=service.name.en,
            )
            return await tx.catalogue.upsert_service(
                code, service.category_code, name, service.retired
            )

    async def retire(self, actor_id: int, code: str) -> Service:
        async with self._db.transaction() as tx:
            await self._authority.require_county(tx, actor_id)
            service = await self._service(tx, code)
            await record_action(
                tx, self._clock.now(), AuditAction.SERVICE_RETIRE, actor_id, None, code
            )
            return await tx.catalogue.upsert_service(
                code, service.category_code, service.name, retired=True
            )

    @staticmethod
    async def _service(tx: Tx, code: str) -> Service:
        catalogue = await tx.catalogue.load()
        service = next((s for s in catalogue.services if s.code == code), None)
        if service is None:
            raise Refused("no-such-service", code=code)
        return service
