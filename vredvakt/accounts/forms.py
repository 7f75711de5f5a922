"""The form on the API token page."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import ApiToken, TokenScope, Unit
from vredvakt.lib.ids import ModelIdsField


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=ApiToken._meta.get_field("name").max_length,
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices, initial=TokenScope.READ)
    units = ModelIdsField(
        label=_("Units (none chosen: all of yours)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(label=_("Days until it expires"), min_value=1)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units_field = self.fields["units"]
        assert isinstance(units_field, ModelIdsField)
        units_field.queryset = Unit.objects.filter(memberships__user=user).distinct()
        days_field = self.fields["days"]
        assert isinstance(days_field, forms.IntegerField)
        # The maximum is read per form, so a changed setting applies without a restart.
        days_field.max_value = settings.API_TOKEN_MAX_DAYS
        days_field.widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS
        days_field.validators.append(MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
        days_field.initial = min(settings.API_TOKEN_DEFAULT_DAYS, settings.API_TOKEN_MAX_DAYS)
