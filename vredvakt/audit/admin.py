"""The audit log in the admin (read only), and the mixin that audits the admin itself.

`AuditedAdmin` goes first in the bases of every admin class that shows or
edits personal data: a change list records a read of each row it shows
(with the search), a change page a read of its object, and saving or
deleting records the old and new values, all with via="admin".
"""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import BaseModelForm
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from vredvakt.audit.models import AuditCheckpoint, AuditEntry
from vredvakt.audit.services import audit_record, audit_record_many

VIA = "admin"
# Passwords (the user forms' password1/password2 hold them in clear), stored
# hashes and secrets never reach the log: only that they changed.
MASKED_WORDS = ("password", "secret", "token")
MASK = "***"


def _masked(name: str) -> bool:
    return any(word in name for word in MASKED_WORDS)


def _action(model: type[Model], verb: str) -> str:
    return f"{model._meta.model_name}.{verb}"


def form_changes(form: BaseModelForm[Any], *, adding: bool) -> dict[str, tuple[Any, Any]]:
    """{field: (old, new)} of what the admin form changed; old is None for a new row."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name in form.changed_data:
        if _masked(name):
            changes[name] = (MASK, MASK)
            continue
        old = None if adding else form.initial.get(name)
        changes[name] = (old, form.cleaned_data.get(name))
    return changes


def _old_values(obj: Model) -> dict[str, tuple[Any, Any]]:
    """What a deleted row held, field by field."""
    values: dict[str, tuple[Any, Any]] = {}
    for field in obj._meta.concrete_fields:
        name = field.attname
        values[name] = (MASK if _masked(field.name) else getattr(obj, name), None)
    return values


class AuditedAdmin(admin.ModelAdmin[Any]):
    # False where save_model already goes through an audited service (locks).
    audit_changes = True

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = [obj.pk for obj in changelist.result_list]
            detail = {"admin": "list", "search": request.GET.get("q", "")}
            audit_record_many(
                actor=request.user,
                action=_action(self.model, "read"),
                model=self.model,
                targets=((pk, detail) for pk in shown),
                via=VIA,
                now=timezone.now(),
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        context = getattr(response, "context_data", None) or {}
        obj = context.get("original")
        if request.method == "GET" and obj is not None:
            audit_record(
                actor=request.user,
                action=_action(self.model, "read"),
                obj=obj,
                via=VIA,
                detail={"admin": "change"},
                now=timezone.now(),
            )
        return response

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if self.audit_changes:
            self._record_form(request, form, adding=not change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if self.audit_changes:
            self._record_formset(request, formset)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_delete(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._record_delete(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _record_form(self, request: HttpRequest, form: BaseModelForm[Any], *, adding: bool) -> None:
        changes = form_changes(form, adding=adding)
        if not changes and not adding:
            return
        audit_record(
            actor=request.user,
            action=_action(type(form.instance), "create" if adding else "update"),
            obj=form.instance,
            via=VIA,
            detail={"fields": list(changes)},
            changes=changes,
            now=timezone.now(),
        )

    def _record_formset(self, request: HttpRequest, formset: BaseFormSet[Any]) -> None:
        deleted = list(getattr(formset, "deleted_objects", []))
        added = list(getattr(formset, "new_objects", []))
        for inline_form in formset.forms:
            if inline_form.instance in deleted or not inline_form.has_changed():
                continue
            self._record_form(request, inline_form, adding=inline_form.instance in added)
        self._record_delete(request, deleted)

    def _record_delete(self, request: HttpRequest, objects: list[Model]) -> None:
        for obj in objects:
            audit_record(
                actor=request.user,
                action=_action(type(obj), "delete"),
                obj=obj,
                via=VIA,
                detail={"was": str(obj)},
                changes=_old_values(obj),
                now=timezone.now(),
            )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "actor", "action", "object_type", "object_id", "via", "ip"]
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


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(admin.ModelAdmin[AuditCheckpoint]):
    list_display = ["at", "cutoff", "seq", "removed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AuditCheckpoint | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AuditCheckpoint | None = None
    ) -> bool:
        return False
