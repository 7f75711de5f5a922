from datetime import time

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vredvakt.routine.parameters import InvalidParameters
from vredvakt.routine_versions.models import RoutineVersion


@admin.register(RoutineVersion)
class RoutineVersionAdmin(admin.ModelAdmin[RoutineVersion]):
    list_display = [
        "code",
        "title",
        "decided_by",
        "decided_on",
        "valid_from",
        "valid_until",
        "owner",
        "working_hours",
        "key_loan_minimum",
    ]
    search_fields = ["code", "title", "owner"]

    @admin.display(description=_("working hours"))
    def working_hours(self, version: RoutineVersion) -> str:
        """#12: who works when, edited with the other parameters (coordinator_day_starts, …)."""
        try:
            params = version.params
        except InvalidParameters:
            return "–"
        return gettext("coordinators %(coordinators)s · alarm group %(alarm_group)s") % {
            "coordinators": _span(params.coordinator_day_starts, params.coordinator_day_ends),
            "alarm_group": _span(params.working_day_starts, params.alarm_group_day_ends),
        }

    @admin.display(description=_("shortest key loan"))
    def key_loan_minimum(self, version: RoutineVersion) -> str:
        """#13, R5: a key taken near a shift's end follows the next shift (key_loan_min_minutes)."""
        try:
            params = version.params
        except InvalidParameters:
            return "–"
        return gettext("%(minutes)s min") % {"minutes": params.key_loan_min_minutes}


def _span(starts: time, ends: time) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}"
