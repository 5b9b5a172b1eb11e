# civic-bot — the audit trail of coordinators' actions (/audit). Every key here must also be in locales/zh-CN/audit.ftl.

audit-usage = Usage: /audit or /audit site-id, e.g. /audit 11
audit-title-own = Audit trail of your sites (newest first):
audit-title-site = Audit trail of { $site } (newest first):
audit-empty-own = Nothing has been recorded at your sites yet.
audit-empty-site = Nothing has been recorded at { $site } yet.
audit-more = Older entries
audit-line = { $at } { $who }: { $what } ({ $site })
audit-line-why = { $at } { $who }: { $what } ({ $site }). Reason: { $reason }
audit-person = { $name } ({ $id })
audit-county = whole county
audit-nobody = nobody
audit-role-coordinator = coordinator
audit-assign = assigned order #{ $order } to { $volunteer }
audit-reassign = reassigned order #{ $order } from { $previous } to { $volunteer }
audit-cancel = cancelled order #{ $order }
audit-promote = appointed { $user } as { $role }
audit-demote = removed { $user } as { $role }
audit-approve = approved { $user }'s volunteer application #{ $application } into { $team }
audit-reject = rejected { $user }'s volunteer application #{ $application }
audit-service-add = added service { $code } ({ $name }) under "{ $category }"
audit-service-rename = renamed service { $code } from "{ $was }" to "{ $name }"
audit-service-retire = retired service { $code } ({ $name })
audit-adjust = adjusted { $volunteer }'s hours by { $hours } h

## When an entry happened, in county time (a Babel LDML pattern: d day, MMM month, yyyy year, HH:mm time)
date-pattern-audit = d MMM yyyy HH:mm
