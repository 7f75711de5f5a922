from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vredvakt.imports.kinds import KINDS

# Far above 50,000 rows of any kind, small enough to read into memory at once.
MAX_UPLOAD_MB = 20


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file contain?"),
        choices=[(name, kind.label) for name, kind in KINDS.items()],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("CSV file"))
    check_only = forms.BooleanField(label=_("Only check the file, save nothing"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "UTF-8 text (in Excel: “CSV UTF-8”), values separated by comma or semicolon, "
            "the column names on the first line. At most %(size)s MB."
        ) % {"size": MAX_UPLOAD_MB}

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)s MB. Split it into smaller files.")
                % {"size": MAX_UPLOAD_MB}
            )
        return upload
