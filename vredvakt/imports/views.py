from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from vredvakt.accounts.access import AnyUser, is_administrator
from vredvakt.imports.forms import MAX_UPLOAD_MB, UploadForm
from vredvakt.imports.kinds import KINDS
from vredvakt.imports.reading import ImportFileError
from vredvakt.imports.services import ImportResult, csv_import

# A page listing 50,000 bad rows helps nobody; the first ones show what is wrong.
ERRORS_SHOWN = 500


@login_required
@require_GET
def upload(request: HttpRequest) -> HttpResponse:
    _check_administrator(request.user)
    return _page(request, UploadForm())


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    _check_administrator(request.user)
    form = UploadForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = csv_import(
                kind=KINDS[form.cleaned_data["kind"]],
                data=upload.read(),
                file_name=upload.name or "",
                actor=request.user,
                via="web",
                dry_run=form.cleaned_data["check_only"],
                now=timezone.now(),
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
    rejected = bool(form.errors or (result and result.errors))
    return _page(request, form, result, status=400 if rejected else 200)


def _check_administrator(user: AnyUser) -> None:
    if not is_administrator(user):
        raise PermissionDenied


def _page(
    request: HttpRequest, form: UploadForm, result: ImportResult | None = None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "result": result,
        "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
        "kinds": KINDS.values(),
        "max_upload_mb": MAX_UPLOAD_MB,
    }
    return render(request, "imports/upload.html", context, status=status)
