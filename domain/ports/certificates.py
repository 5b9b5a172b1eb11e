"""Port of volunteer service certificates: requests, decisions, and the service facts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from domain.certificate_models import Certificate, CertStatus, ServiceFacts


class CertificateRepo(Protocol):
    async def add(self, person_id: int, at: datetime) -> Certificate: ...

    async def get(self, cert_id: int) -> Certificate | None: ...

    async def pending_of(self, person_id: int) -> Certificate | None: ...

    async def decide(
        self,
        cert_id: int,
        status: CertStatus,
        by: int,
        at: datetime,
        code: str | None = None,
        minutes: int | None = None,
        record: dict[str, Any] | None = None,
    ) -> bool:
        """pending -> issued or refused (compare-and-set); False if it was not pending."""
        ...

    async def of_person(self, person_id: int) -> list[Certificate]:
        """Every request of theirs, oldest first (for /mydata)."""
        ...

    async def facts(self, person_id: int) -> ServiceFacts | None:
        """The volunteer's service as the database knows it; None for no volunteer."""
        ...
