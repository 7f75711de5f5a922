from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from vredvakt.audit.admin import AuditedAdmin
from vredvakt.locks.integrations import (
    integration_finish_rotation,
    integration_revoke,
    integration_rotate_secret,
    masked,
    new_secret,
)
from vredvakt.locks.models import Integration, Lock, LockEvent
from vredvakt.locks.services import LOCK_FIELDS, lock_create, lock_update
from vredvakt.locks.state_sql import STATE_FIELDS

TELEMETRY_FIELDS = list(STATE_FIELDS)


@admin.register(Lock)
class LockAdmin(AuditedAdmin):
    list_display = ["vendor_lock_id", "vendor", "model", "client", "area", "status", "battery"]
    list_filter = ["vendor", "status", "area"]
    search_fields = ["vendor_lock_id", "client__last_name", "gateway"]
    autocomplete_fields = ["client"]
    # Telemetry owns these (R17): editing them by hand would fight the next event.
    readonly_fields = TELEMETRY_FIELDS
    # save_model goes through lock_create/lock_update, which audit the change.
    audit_changes = False

    def save_model(
        self, request: HttpRequest, obj: Lock, form: ModelForm[Lock], change: bool
    ) -> None:
        # Through the services, as the API and the import do: audited, and a new
        # heartbeat interval moves the running deadline (R17).
        now = timezone.now()
        if change:
            changes = {
                name: getattr(obj, name) for name in form.changed_data if name in LOCK_FIELDS
            }
            fresh = Lock.objects.get(pk=obj.pk)
            lock_update(actor=request.user, lock=fresh, changes=changes, via="admin", now=now)
            obj.overdue_at = fresh.overdue_at
            return
        values = {name: getattr(obj, name) for name in LOCK_FIELDS}
        created = lock_create(actor=request.user, **values, via="admin", now=now)
        obj.pk = created.pk
        obj._state.adding = False


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin[Integration]):
    list_display = [
        "name",
        "vendor",
        "active",
        "masked_secret",
        "secret_rotated_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["active", "vendor", "revoked_at"]
    fields = [
        "name",
        "vendor",
        "active",
        "masked_secret",
        "created_at",
        "secret_rotated_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    readonly_fields = [
        "masked_secret",
        "created_at",
        "secret_rotated_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    actions = ["rotate_secret", "finish_rotation", "revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Revoked, not deleted: the row names the sender of the events it stored.
        return False

    @admin.action(description=_("Revoke (its secrets stop working for good)"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Integration]) -> None:
        revoked = 0
        for integration in queryset.filter(revoked_at__isnull=True):
            integration_revoke(
                integration=integration, now=timezone.now(), actor=request.user, via="admin"
            )
            revoked += 1
        message = ngettext("%(n)d integration revoked.", "%(n)d integrations revoked.", revoked) % {
            "n": revoked
        }
        self.message_user(request, message, messages.SUCCESS)

    @admin.display(description=_("secret"))
    def masked_secret(self, obj: Integration) -> str:
        return masked(obj.secret)

    def save_model(
        self, request: HttpRequest, obj: Integration, form: ModelForm[Integration], change: bool
    ) -> None:
        if not change:
            obj.secret = new_secret()
            obj.created_at = timezone.now()
        super().save_model(request, obj, form, change)
        if not change:
            self._show_once(request, obj)

    @admin.action(description=_("Rotate the secret (the old one works until finished)"))
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[Integration]) -> None:
        for integration in queryset:
            integration_rotate_secret(
                integration=integration, now=timezone.now(), actor=request.user, via="admin"
            )
            self._show_once(request, integration)

    @admin.action(description=_("Finish the rotation (the old secret stops working)"))
    def finish_rotation(self, request: HttpRequest, queryset: QuerySet[Integration]) -> None:
        for integration in queryset:
            integration_finish_rotation(
                integration=integration, now=timezone.now(), actor=request.user, via="admin"
            )
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Rotation finished for %(n)d integration.",
                "Rotation finished for %(n)d integrations.",
                count,
            )
            % {"n": count},
        )

    def _show_once(self, request: HttpRequest, integration: Integration) -> None:
        message = gettext("Secret for %(name)s, shown only now: %(secret)s")
        values = {"name": integration.name, "secret": integration.secret}
        self.message_user(request, message % values, messages.WARNING)


@admin.register(LockEvent)
class LockEventAdmin(admin.ModelAdmin[LockEvent]):
    """Telemetry as received: for looking up, never for editing."""

    list_display = ["at", "vendor_lock_id", "type", "battery", "integration", "received_at"]
    list_filter = ["type", "integration"]
    search_fields = ["=vendor_lock_id", "=event_id"]
    list_select_related = ["integration"]
    # Millions of rows: no full count on every page.
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
