from django.contrib import admin
from django.http import HttpRequest

from vredvakt.accounts.models import ApiToken, ContactDetails, Membership, Unit


class MembershipInline(admin.TabularInline[Membership, Unit]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "code", "kind", "provider", "email", "phone"]
    list_filter = ["kind", "provider"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(ContactDetails)
class ContactDetailsAdmin(admin.ModelAdmin[ContactDetails]):
    list_display = ["user", "phone"]
    search_fields = ["user__username", "phone"]
    autocomplete_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are created and revoked with `vredvakt api-token`; the admin only lists them."""

    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    exclude = ["token_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
