from django.contrib import admin
from django.http import HttpRequest

from vredvakt.audit.admin import AuditedAdmin
from vredvakt.keys.models import Key, KeyLoan, KeyLoanEvent, KeyStorage


@admin.register(KeyStorage)
class KeyStorageAdmin(admin.ModelAdmin[KeyStorage]):
    list_display = ["name", "code", "kind", "unit", "address"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Key)
class KeyAdmin(AuditedAdmin):
    list_display = ["code", "kind", "client", "storage", "hook"]
    list_filter = ["kind", "storage"]
    search_fields = ["code", "client__last_name", "hook"]
    autocomplete_fields = ["client", "storage"]


class KeyLoanEventInline(admin.TabularInline[KeyLoanEvent, KeyLoan]):
    model = KeyLoanEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("kind", "at", "actor", "from_user", "to_user", "place")


@admin.register(KeyLoan)
class KeyLoanAdmin(AuditedAdmin):
    """Read-only: a loan changes only through its services (R5, R6)."""

    list_display = ["key", "holder", "signed_out_at", "due_back_at", "returned_at", "case"]
    list_filter = ["returned_at"]
    search_fields = ["key__code", "holder__username", "holder__first_name"]
    inlines = [KeyLoanEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: KeyLoan | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: KeyLoan | None = None) -> bool:
        return False
