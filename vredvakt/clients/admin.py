from django.contrib import admin

from vredvakt.audit.admin import AuditedAdmin
from vredvakt.clients.models import CareDecision, Client


class CareDecisionInline(admin.TabularInline[CareDecision, Client]):
    model = CareDecision
    extra = 0


@admin.register(Client)
class ClientAdmin(AuditedAdmin):
    list_display = ["reference", "last_name", "first_name", "street_address", "unit"]
    list_filter = ["unit"]
    search_fields = ["reference", "first_name", "last_name", "street_address"]
    inlines = [CareDecisionInline]


@admin.register(CareDecision)
class CareDecisionAdmin(AuditedAdmin):
    list_display = ["reference", "client", "valid_from", "valid_until", "assessor"]
    list_filter = ["client__unit"]
    search_fields = ["reference", "client__last_name"]
    date_hierarchy = "valid_until"
    autocomplete_fields = ["client", "assessor"]
