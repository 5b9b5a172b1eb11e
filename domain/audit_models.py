"""The audit trail's records: an action's code and one appended entry.

Apart from `domain/audit.py` (which reads and writes the trail through the
ports) so that `domain/ports/audit.py` can name them without importing back
the module that imports the ports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# A details flag: the typed `reason` was erased with the person it was by or about
# (/forgetme); the entry keeps who did what, when, and shows a marker for the words.
REASON_ERASED = "reason_erased"

# What `details` may hold: JSON scalars only, so every backend stores them alike.
AuditValue = str | int | float | bool | None


class AuditAction(StrEnum):
    ASSIGN = "assign"
    REASSIGN = "reassign"
    CANCEL = "cancel"
    PROMOTE = "promote"
    DEMOTE = "demote"
    APPROVE = "approve"
    REJECT = "reject"
    SERVICE_ADD = "service-add"
    SERVICE_RENAME = "service-rename"
    SERVICE_RETIRE = "service-retire"
    ADJUST = "adjust"  # a volunteer's hours added or taken back (/adjust), with the reason
    # Activities: the subject is the activity id, the site its site.
    ACTIVITY_PUBLISH = "activity-publish"  # quotas, visibility, how many told
    ACTIVITY_EDIT = "activity-edit"  # which parts (`fields`), and their new ids / codes
    ACTIVITY_MOVE = "activity-move"  # the new start and end (ISO instants)
    ACTIVITY_CANCEL = "activity-cancel"  # how many signed up were told
    ACTIVITY_ATTENDANCE = "activity-attendance"  # one person (`user`) marked present or not
    ACTIVITY_BENEFICIARIES = "activity-beneficiaries"  # counts by kind, at 结项
    ACTIVITY_HOURS = "activity-hours"  # how many volunteers credited, minutes each
    ACTIVITY_REPORT = "activity-report"  # the 结项 report: photos, whether words (not them)
    # A coordinator's /broadcast, when sent: its audience code and size, never its words.
    BROADCAST = "broadcast"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int
    action: AuditAction
    site_id: int | None  # None: county-wide
    subject: str  # an order, user, application, activity or broadcast id, or a service code
    details: Mapping[str, AuditValue] = field(default_factory=dict)
