from django.contrib import admin

from vredvakt.accounts.models import ContactDetails, Membership, Unit


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
