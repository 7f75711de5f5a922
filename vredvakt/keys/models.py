from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit
from vredvakt.clients.models import Client
from vredvakt.routine_versions.in_force import key_kind_at


class StorageKind(models.TextChoices):
    UNIT_CABINET = "unit_cabinet", _("Unit key cabinet")
    SERVICE_HOUSE = "service_house", _("Service house")


class KeyStorage(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StorageKind.choices)
    # A unit cabinet belongs to its unit; the service house serves everyone at night (R2).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="key_storages"
    )
    address = models.CharField(_("address"), max_length=160, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("key storage place")
        verbose_name_plural = _("key storage places")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="unit_cabinet", unit__isnull=False) | Q(kind="service_house"),
                name="key_storage_cabinet_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class KeyKind(models.TextChoices):
    UNIT_KEY = "unit_key", _("Unit-cabinet key")
    NIGHT_KEY = "night_key", _("Night/alarm key")


class KeyedCase(Protocol):
    """What picking a case's key needs of it (a cases.FaultCase): keys imports no cases."""

    @property
    def client_id(self) -> int: ...


class KeyQuerySet(models.QuerySet["Key"]):
    def for_case(self, case: KeyedCase, *, now: datetime) -> "KeyQuerySet":
        """The keys to fetch for a case at `now`, first by code: its client's, of the kind
        the shift of the moment uses (R1 by day the unit key, R2 by night the night/alarm
        key), whatever shift the case opened in (#12)."""
        return self.for_clients([case.client_id], key_kind_at(now))

    def for_clients(self, client_ids: list[int], kind: str = "") -> "KeyQuerySet":
        """The clients' keys (of `kind` only, if given) by code, with where each is kept."""
        keys = self.filter(client_id__in=client_ids).select_related("storage").order_by("code")
        return keys.filter(kind=kind) if kind else keys


class Key(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=KeyKind.choices)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="keys"
    )
    storage = models.ForeignKey(
        KeyStorage, on_delete=models.PROTECT, null=True, blank=True, related_name="keys"
    )
    hook = models.CharField(_("hook or label"), max_length=40, blank=True)

    objects = KeyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("key")
        verbose_name_plural = _("keys")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=KeyKind.values), name="key_kind_valid"),
            # Two keys cannot hang on the same hook of one place.
            models.UniqueConstraint(
                fields=["storage", "hook"],
                condition=~Q(hook=""),
                name="key_hook_unique_per_storage",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class KeyLoan(models.Model):
    """A spare key signed out (R5): who took it, why, until when, and how it came back.

    The holder changes on a hand-over; every change is a KeyLoanEvent, so the
    loan's whole story stays readable after the key is back.
    """

    key = models.ForeignKey(Key, on_delete=models.PROTECT, related_name="loans")
    # Usually a fault case (R1, R2); a loan without one says why in `reason`.
    case = models.ForeignKey(
        "cases.FaultCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_loans",
    )
    reason = models.CharField(_("why"), max_length=200, blank=True)
    signed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_out_at = models.DateTimeField(_("signed out"))
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="held_key_loans"
    )
    due_back_at = models.DateTimeField(_("due back"))
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_to = models.ForeignKey(
        KeyStorage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-signed_out_at", "-id"]
        verbose_name = _("key loan")
        verbose_name_plural = _("key loans")
        constraints = [
            # A key cannot be out twice.
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(returned_at__isnull=True),
                name="key_loan_one_open_per_key",
            ),
            models.CheckConstraint(
                condition=Q(
                    returned_at__isnull=True, returned_by__isnull=True, returned_to__isnull=True
                )
                | Q(
                    returned_at__isnull=False, returned_by__isnull=False, returned_to__isnull=False
                ),
                name="key_loan_return_complete",
            ),
            models.CheckConstraint(
                condition=Q(due_back_at__gt=F("signed_out_at")),
                name="key_loan_due_after_sign_out",
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("signed_out_at")),
                name="key_loan_returned_after_sign_out",
            ),
        ]
        indexes = [
            models.Index(
                fields=["holder"],
                condition=Q(returned_at__isnull=True),
                name="key_loan_open_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.signed_out_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class LoanEventKind(models.TextChoices):
    SIGNED_OUT = "signed_out", _("Signed out")
    HANDED_OVER = "handed_over", _("Handed over")
    RETURNED = "returned", _("Returned")


class KeyLoanEvent(models.Model):
    """One step of a loan's story, appended and never changed (R5, R6).

    A hand-over names both sides: `from_user` gave the key, `to_user` received it.
    A return names the holder in `from_user`, so a return by someone else shows.
    """

    loan = models.ForeignKey(KeyLoan, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=LoanEventKind.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.ForeignKey(
        KeyStorage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The form's idempotency token (UX.md): a retried submit joins the first one.
    token = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("key loan event")
        verbose_name_plural = _("key loan events")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LoanEventKind.values), name="key_loan_event_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["token"], condition=~Q(token=""), name="key_loan_event_token_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
