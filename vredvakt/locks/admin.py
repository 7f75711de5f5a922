from django.contrib import admin

from vredvakt.locks.models import Lock


@admin.register(Lock)
class LockAdmin(admin.ModelAdmin[Lock]):
    list_display = ["vendor_lock_id", "vendor", "model", "client", "area", "gateway"]
    list_filter = ["vendor", "area"]
    search_fields = ["vendor_lock_id", "client__last_name", "gateway"]
    autocomplete_fields = ["client"]
