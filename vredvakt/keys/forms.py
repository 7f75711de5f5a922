"""Forms of the key pages: each carries the idempotency token of UX.md."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vredvakt.keys.models import Key, KeyStorage
from vredvakt.lib.names import person_name


class TokenForm(forms.Form):
    token = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    next = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)


class PlaceChoice(forms.ModelChoiceField):
    def __init__(self, key: Key, **kwargs: Any) -> None:
        self.key = key
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        if obj.pk == self.key.storage_id:
            if self.key.hook:
                return str(_("%(place)s, hook %(hook)s (its own place)")) % {
                    "place": obj,
                    "hook": self.key.hook,
                }
            return str(_("%(place)s (its own place)")) % {"place": obj}
        return str(obj)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class ReturnForm(TokenForm):
    def __init__(self, *args: Any, key: Key, places: QuerySet[KeyStorage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"] = PlaceChoice(
            key,
            queryset=places,
            widget=forms.RadioSelect,
            empty_label=None,
            label=_("Where did you put the key?"),
            initial=key.storage_id,
        )


class HandOverForm(TokenForm):
    def __init__(self, *args: Any, colleagues: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"] = PersonChoice(
            queryset=colleagues,
            widget=forms.RadioSelect,
            empty_label=None,
            label=_("Who takes over the key?"),
        )


class SignOutForm(TokenForm):
    # The key and the case are looked up through their access helpers (404 out of scope).
    key = forms.IntegerField(min_value=1, max_value=2**62)
    case = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    reason = forms.CharField(
        max_length=200,
        required=False,
        label=_("Why do you take the key?"),
        help_text=_("Needed when the key is not for a fault case."),
    )
