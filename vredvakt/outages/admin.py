from django.contrib import admin

from vredvakt.outages.models import BatteryTask, MajorOutage, OutageEntry


class OutageEntryInline(admin.TabularInline[OutageEntry, MajorOutage]):
    model = OutageEntry
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "text")
    readonly_fields = fields


@admin.register(MajorOutage)
class MajorOutageAdmin(admin.ModelAdmin[MajorOutage]):
    """Read only: an outage changes through its page and its services (R11-R15)."""

    list_display = ("pk", "opened_at", "status", "source", "cause", "restored_at")
    list_filter = ("status", "source", "cause")
    inlines = [OutageEntryInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(BatteryTask)
class BatteryTaskAdmin(admin.ModelAdmin[BatteryTask]):
    list_display = ("lock", "opened_at", "battery_at_open", "closed_at", "closed_by")
    list_filter = ("closed_at",)
    readonly_fields = (
        "lock",
        "opened_at",
        "battery_at_open",
        "critical_case",
        "closed_at",
        "closed_by",
    )

    def has_add_permission(self, request: object) -> bool:
        return False
