from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit


class Client(models.Model):
    # The municipality's own reference; CSV imports match on it.
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    street_address = models.CharField(_("street address"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=80)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="clients")
    contact_notes = models.TextField(_("contact notes"), blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [models.Index(fields=["unit", "last_name"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"


class CareDecisionQuerySet(models.QuerySet["CareDecision"]):
    def valid_on(self, day: date) -> "CareDecisionQuerySet":
        return self.filter(valid_from__lte=day, valid_until__gte=day)


class CareDecision(models.Model):
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_decisions")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessed_decisions",
        verbose_name=_("needs assessor"),
    )

    objects = CareDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["client", "-valid_until"]
        verbose_name = _("care decision")
        verbose_name_plural = _("care decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="care_decision_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.valid_from} – {self.valid_until})"
