"""Admin: the outbox with its attempts, failures to fix, previews, delivery records."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vredvakt.notifications.contacts import contact_problems
from vredvakt.notifications.kinds import KINDS
from vredvakt.notifications.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Message,
    NotificationPreferences,
)
from vredvakt.notifications.record import delivery_record
from vredvakt.notifications.rendering import render
from vredvakt.notifications.samples import SAMPLES


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AttemptInline(ReadOnly, admin.TabularInline[DeliveryAttempt, Delivery]):
    model = DeliveryAttempt
    extra = 0
    fields = ["started_at", "finished_at", "outcome", "error", "worker_id"]
    readonly_fields = ["started_at", "finished_at", "outcome", "error", "worker_id"]


class DeliveryInline(ReadOnly, admin.TabularInline[Delivery, Message]):
    model = Delivery
    extra = 0
    fields = ["channel", "address", "status", "attempts", "delivered_at", "last_error"]
    readonly_fields = ["channel", "address", "status", "attempts", "delivered_at", "last_error"]
    show_change_link = True


class FailedFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("failed", _("Failed: bad address or gave up"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "failed":
            return queryset.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP])
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly, admin.ModelAdmin[Delivery]):
    list_display = ["message", "channel", "address", "status", "attempts", "created_at"]
    list_display += ["delivered_at", "last_error"]
    list_filter = [FailedFilter, "status", "channel"]
    search_fields = ["address", "key", "message__subject_id"]
    date_hierarchy = "created_at"
    list_select_related = ["message__recipient", "message__recipient_unit"]
    inlines = [AttemptInline]


@admin.register(Message)
class MessageAdmin(ReadOnly, admin.ModelAdmin[Message]):
    list_display = ["title", "kind", "recipient", "recipient_unit", "created_at", "read_at"]
    list_display += ["escalated_at"]
    list_filter = ["kind", "escalated_at"]
    search_fields = ["title", "subject_id", "recipient__username"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient", "recipient_unit"]
    inlines = [DeliveryInline]
    readonly_fields = ["record_link"]

    @admin.display(description=_("Delivery record"))
    def record_link(self, message: Message) -> str:
        if not message.subject_type:
            return "–"
        url = reverse("admin:notifications_record", args=[message.subject_type, message.subject_id])
        return format_html('<a href="{}">{} {}</a>', url, message.subject_type, message.subject_id)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "previews/",
                self.admin_site.admin_view(self.previews),
                name="notifications_previews",
            ),
            path(
                "record/<str:subject_type>/<str:subject_id>/",
                self.admin_site.admin_view(self.record),
                name="notifications_record",
            ),
        ]
        return own + super().get_urls()

    def previews(self, request: HttpRequest) -> HttpResponse:
        """Every template, rendered with sample data, in each language and channel."""
        languages = ["sv", "en"]
        previews = [
            {
                "kind": KINDS[code],
                "versions": [
                    (lang, render(code, sample, language=lang, personal_channels=frozenset()))
                    for lang in languages
                ],
            }
            for code, sample in SAMPLES.items()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Message templates"),
            "previews": previews,
            "problems": contact_problems(),
        }
        return TemplateResponse(request, "notifications/admin/previews.html", context)

    def record(self, request: HttpRequest, subject_type: str, subject_id: str) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Delivery record"),
            "subject": f"{subject_type} {subject_id}",
            "rows": delivery_record((subject_type, subject_id)),
        }
        return TemplateResponse(request, "notifications/admin/record.html", context)


@admin.register(NotificationPreferences)
class NotificationPreferencesAdmin(admin.ModelAdmin[NotificationPreferences]):
    list_display = ["user", "language"]
    search_fields = ["user__username"]
