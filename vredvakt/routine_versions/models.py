from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from vredvakt.routine.parameters import InvalidParameters, RoutineParameters, latest_valid_until


def default_parameters() -> dict[str, object]:
    return RoutineParameters().to_json()


# Which version is in force when several have started: the latest start, then the
# latest decision. The ORM and the SQL of its own (in_force.IN_FORCE_PARAMETERS_SQL) use it.
IN_FORCE_ORDER = ("-valid_from", "-decided_on")


class RoutineVersionQuerySet(models.QuerySet["RoutineVersion"]):
    def in_force(self, day: date) -> "RoutineVersion | None":
        """The newest version that has started by `day` (it may have expired: R16 warns)."""
        return self.filter(valid_from__lte=day).order_by(*IN_FORCE_ORDER).first()


class RoutineVersion(models.Model):
    """R16: the routine's parameters, with who decided them, when, and for how long."""

    code = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    decided_by = models.CharField(_("decided by"), max_length=120)
    decided_on = models.DateField(_("decided on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    owner = models.CharField(_("owner"), max_length=120)
    owner_email = models.EmailField(_("owner's email"), blank=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    parameters = models.JSONField(_("parameters"), default=default_parameters)

    objects = RoutineVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("routine version")
        verbose_name_plural = _("routine versions")
        constraints = [
            # The exact 5-year limit is checked by the service (leap days);
            # the database still refuses a period that ends before it starts.
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("decided_on")), name="routine_valid_after_decision"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="routine_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def params(self) -> RoutineParameters:
        return RoutineParameters.from_json(self.parameters)

    def is_expired(self, day: date) -> bool:
        return self.valid_until < day

    def clean(self) -> None:
        """R16: valid at most 5 years from the decision; parameters the routine understands.

        The API's service and the admin form both go through here.
        """
        errors: dict[str, StrOrPromise] = {}
        if self.decided_on and self.valid_until:
            if self.valid_until <= self.decided_on:
                errors["valid_until"] = _("The routine must be valid after the day it was decided.")
            elif self.valid_until > latest_valid_until(self.decided_on):
                errors["valid_until"] = _(
                    "A routine is valid at most 5 years: until %(date)s at the latest."
                ) % {"date": latest_valid_until(self.decided_on).isoformat()}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors.setdefault("valid_until", _("The routine cannot end before it starts."))
        if not isinstance(self.parameters, dict):
            errors["parameters"] = _("The parameters must be a JSON object.")
        else:
            try:
                RoutineParameters.from_json(self.parameters)
            except InvalidParameters as problem:
                message = _("The parameters are not valid: %(problem)s")
                errors["parameters"] = message % {"problem": problem}
        if errors:
            raise ValidationError(errors)
