from django.contrib import admin

from vredvakt.oncall.models import OnCallException, OnCallSlot, RosterGapFlag


@admin.register(OnCallSlot)
class OnCallSlotAdmin(admin.ModelAdmin[OnCallSlot]):
    list_display = ["unit", "weekday", "starts", "end_weekday", "ends", "person"]
    list_filter = ["unit", "weekday"]
    search_fields = ["unit__name", "person__username", "person__first_name", "person__last_name"]


@admin.register(OnCallException)
class OnCallExceptionAdmin(admin.ModelAdmin[OnCallException]):
    list_display = ["unit", "starts_at", "ends_at", "person", "note"]
    list_filter = ["unit"]
    date_hierarchy = "starts_at"
    search_fields = ["unit__name", "person__username", "note"]


@admin.register(RosterGapFlag)
class RosterGapFlagAdmin(admin.ModelAdmin[RosterGapFlag]):
    list_display = ["unit", "starts_at", "ends_at", "flagged_at"]
    list_filter = ["unit"]
