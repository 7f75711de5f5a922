from django.contrib import admin

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
    ]
    search_fields = ["code", "title", "owner"]
