from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vredvakt.accounts.models import ApiToken, ContactDetails, Membership, Unit
from vredvakt.accounts.services import api_token_revoke
from vredvakt.audit.admin import AuditedAdmin
from vredvakt.audit.services import audit_record


class MembershipInline(admin.TabularInline[Membership, Unit]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "provider", "email", "phone"]
    list_filter = ["kind", "provider"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(ContactDetails)
class ContactDetailsAdmin(AuditedAdmin):
    list_display = ["user", "phone"]
    search_fields = ["user__username", "phone"]
    autocomplete_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are created with `vredvakt api-token` or on the user's token page.

    The admin lists them and revokes them; nobody deletes one (the row is the
    record of what the token could do and who revoked it).
    """

    list_display = [
        "name",
        "user",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["name", "user__username"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        now = timezone.now()
        revoked = 0
        for api_token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(actor=request.user, api_token=api_token, via="admin", now=now)
            revoked += 1
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
        self.message_user(request, message % {"count": revoked}, messages.SUCCESS)


# Users are personal data: Django's own user admin, audited.
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            # That it happened and who did it; never the password.
            audit_record(
                actor=request.user,
                action="user.password_change",
                obj=user,
                via="admin",
                now=timezone.now(),
            )
        return response
