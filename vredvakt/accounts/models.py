from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    HOME_CARE = "home_care", _("Home-care unit")
    ALARM_GROUP = "alarm_group", _("Alarm group")
    NIGHT_PATROL = "night_patrol", _("Night patrol")
    MANAGEMENT = "management", _("Management")


class Provider(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External provider")


class Unit(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    provider = models.CharField(
        _("provider"), max_length=10, choices=Provider.choices, default=Provider.INTERNAL
    )
    # Group contact points (R12 mails "all unit managers"; a unit may have a shared mailbox).
    email = models.EmailField(_("group email"), blank=True)
    phone = models.CharField(_("group phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="unit_kind_valid"),
            models.CheckConstraint(
                condition=Q(provider__in=Provider.values), name="unit_provider_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CARE_WORKER = "care_worker", _("Care worker")
    COORDINATOR = "coordinator", _("Coordinator")
    ALARM_GROUP = "alarm_group", _("Alarm group")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    OPERATIONS_MANAGER = "operations_manager", _("Operations manager")
    NEEDS_ASSESSOR = "needs_assessor", _("Needs assessor")
    NIGHT_PATROL = "night_patrol", _("Night patrol")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["unit__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ContactDetails(models.Model):
    """How a person is reached outside Vredvakt (email comes from the user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact"
    )
    phone = models.CharField(_("mobile phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self) -> str:
        return f"{self.user}: {self.phone}"


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class UndeletableQuerySet(models.QuerySet["ApiToken"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("API tokens are revoked, never deleted."))


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once.

    Rows are never deleted: a revoked token stays, with who revoked it and when,
    so the audit trail can always name the token a request came with.
    """

    # PROTECT: a user with tokens is deactivated, not deleted, and keeps their token rows.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    scope = models.CharField(
        _("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ
    )
    # Empty: all of the owner's units. Either way never more than the owner has now.
    units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("units"))
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["user_id", "name", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            # A revoked token keeps its name, so the name can be used again.
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_active_name_unique",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=TokenScope.values), name="api_token_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("API tokens are revoked, never deleted."))


class RateCount(models.Model):
    """Requests counted per client key and minute, for the rate limits (ratelimit.py).

    A row of our own instead of Django's cache: one atomic upsert per request
    works the same across web processes on PostgreSQL and SQLite, with no
    cache server (docs/decisions.md).
    """

    key = models.CharField(_("key"), max_length=200)
    window_start = models.BigIntegerField(_("window start (unix seconds)"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate count")
        verbose_name_plural = _("rate counts")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_count_unique"),
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_count_window_idx")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.count}"
