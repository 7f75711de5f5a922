from django.contrib import admin
from django.http import HttpRequest

from vredvakt.deviations.models import DeviationReport


@admin.register(DeviationReport)
class DeviationReportAdmin(admin.ModelAdmin[DeviationReport]):
    list_display = ("pk", "state", "case", "outage", "unit", "owner", "reference", "created_at")
    list_filter = ("state",)

    # Read only: a report changes through its services (R14), never by hand here.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: DeviationReport | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: DeviationReport | None = None
    ) -> bool:
        return False
