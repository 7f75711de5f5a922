"""Forms of the roster page: a period of the week's pattern, a dated exception."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Role, Unit
from vredvakt.lib.names import person_name
from vredvakt.oncall.models import Weekday

# Who can be on call: managers and coordinators anywhere, and anyone of the unit.
ON_CALL_ROLES = (Role.COORDINATOR, Role.UNIT_MANAGER, Role.OPERATIONS_MANAGER)


def on_call_candidates(unit: Unit) -> QuerySet[User]:
    members = Q(memberships__unit=unit) | Q(memberships__role__in=ON_CALL_ROLES)
    users = get_user_model().objects.filter(members, is_active=True).distinct()
    return users.order_by("first_name", "last_name", "username")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class _RosterForm(forms.Form):
    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonChoice(
            queryset=on_call_candidates(unit), label=_("Who is on call")
        )


class SlotForm(_RosterForm):
    weekday = forms.TypedChoiceField(label=_("From day"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_weekday = forms.TypedChoiceField(label=_("To day"), choices=Weekday.choices, coerce=int)
    ends = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))


class ExceptionForm(_RosterForm):
    # Local Stockholm time (TIME_ZONE): Django makes the input aware.
    starts_at = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return data
