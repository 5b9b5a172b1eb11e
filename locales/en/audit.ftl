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

## Activities and broadcasts
audit-activity-publish = published activity #{ $activity } ({ $title }): { $volunteers } volunteers, { $residents } residents, { $told } told
audit-activity-edit = changed the { $fields } of activity #{ $activity } ({ $title })
audit-activity-move = moved activity #{ $activity } ({ $title }) to { $when }
audit-activity-cancel = called off activity #{ $activity } ({ $title }), { $told } signed up told
audit-activity-attendance = marked { $user } { $present ->
        [yes] present
       *[no] absent
    } at activity #{ $activity } ({ $title })
audit-activity-beneficiaries = entered the beneficiaries of activity #{ $activity } ({ $title }): { $elderly } elderly, { $children } children, { $others } others
audit-activity-hours = credited { $count ->
        [one] 1 volunteer
       *[other] { $count } volunteers
    } { $hours } h each for activity #{ $activity } ({ $title })
audit-activity-report = attached the report of activity #{ $activity } ({ $title }): { $words ->
        [yes] words and{" "}
       *[no] {""}
    }{ $count ->
        [one] 1 photo
       *[other] { $count } photos
    }
audit-activity-field-title = name
audit-activity-field-venue = venue
audit-activity-field-site = site
audit-activity-field-category = category
audit-activity-field-team = team
audit-activity-field-visibility = visibility
audit-activity-field-poster = poster
audit-activity-field-places = places
audit-activity-fields-joiner = {", "}
audit-broadcast = sent broadcast #{ $broadcast } to { $audience }: { $total } people

## When an entry happened, in county time (a Babel LDML pattern: d day, MMM month, yyyy year, HH:mm time)
date-pattern-audit = d MMM yyyy HH:mm
