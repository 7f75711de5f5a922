from django.contrib import admin
from django.http import HttpRequest

from vredvakt.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "actor", "action", "object_type", "object_id", "via"]
    list_filter = ["action", "via", "object_type"]
    search_fields = ["object_id", "actor__username"]
    date_hierarchy = "at"

    # Append-only: the admin can read the record, never change it.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
