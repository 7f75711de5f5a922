"""Who is on call (beredskap) for a unit: a weekly pattern and dated exceptions (#12).

Times of the pattern are Stockholm wall-clock times, so "Fri 17:00" stays 17:00
across the change to and from summer time. An exception names a person for a
range of moments and replaces the pattern within it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OnCallSlot(models.Model):
    """One weekly period, e.g. Friday 17:00 to Monday 07:00: `person` is on call for `unit`.

    The period ends at the first `end_weekday` `ends` after it starts; the same
    weekday and an end not after the start means a whole week.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="on_call_slots")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="on_call_slots"
    )
    weekday = models.PositiveSmallIntegerField(_("from day"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    end_weekday = models.PositiveSmallIntegerField(_("to day"), choices=Weekday.choices)
    ends = models.TimeField(_("to"))

    class Meta:
        ordering = ["unit__name", "weekday", "starts"]
        verbose_name = _("on-call period of the week")
        verbose_name_plural = _("on-call periods of the week")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "weekday", "starts"], name="oncall_slot_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6, end_weekday__lte=6), name="oncall_slot_weekday_valid"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.unit} {self.get_weekday_display()} {self.starts:%H:%M}"
            f"–{self.get_end_weekday_display()} {self.ends:%H:%M}: {self.person}"
        )


class OnCallException(models.Model):
    """A person on call for `unit` from `starts_at` until `ends_at`, instead of the pattern."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="on_call_exceptions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="on_call_exceptions"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["unit__name", "starts_at"]
        verbose_name = _("on-call exception")
        verbose_name_plural = _("on-call exceptions")
        indexes = [models.Index(fields=["unit", "ends_at"], name="oncall_exception_unit_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="oncall_exception_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%Y-%m-%d %H:%M}"


class RosterGapFlag(models.Model):
    """A unit's out-of-hours period with nobody on call, told to its unit managers once."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    flagged_at = models.DateTimeField(_("flagged at"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("gap in the on-call roster")
        verbose_name_plural = _("gaps in the on-call roster")
        constraints = [
            models.UniqueConstraint(fields=["unit", "starts_at"], name="oncall_gap_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.starts_at:%Y-%m-%d %H:%M}"


class RosterCheck(models.Model):
    """One row per hour the roster's gaps were looked at: the worker looks once an hour."""

    hour = models.CharField(_("hour"), max_length=20, unique=True)  # "2026-11-24T10", local
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("check of the on-call roster")
        verbose_name_plural = _("checks of the on-call roster")

    def __str__(self) -> str:
        return self.hour
