"""The period and unit the statistics are for."""

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit
from vredvakt.routine.clock import at_local_time, to_local

DEFAULT_DAYS = 30
LONGEST_DAYS = 366


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The period must start before it ends."))
        if start and end and (end - start).days + 1 > LONGEST_DAYS:
            raise forms.ValidationError(_("Choose a period of at most 366 days."))
        return data


def default_period(now: datetime) -> dict[str, str]:
    """The last 30 days, today included (Stockholm calendar days)."""
    today = to_local(now).date()
    return {
        "start": (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat(),
        "end": today.isoformat(),
    }


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """From midnight at the start of `start` to midnight after `end`, Stockholm time."""
    return at_local_time(start, datetime.min.time()), at_local_time(
        end + timedelta(days=1), datetime.min.time()
    )
