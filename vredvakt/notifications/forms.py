from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vredvakt.notifications.kinds import KINDS, OUTBOUND
from vredvakt.notifications.models import Channel


def field_name(kind: str) -> str:
    return f"kind_{kind}"


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of messages"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(channel, Channel(channel).label) for channel in OUTBOUND]
        for kind in KINDS.values():
            self.fields[field_name(kind.code)] = forms.MultipleChoiceField(
                label=kind.label, choices=choices, required=False
            )

    def channels(self) -> dict[str, list[str]]:
        return {code: self.cleaned_data[field_name(code)] for code in KINDS}
