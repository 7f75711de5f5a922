"""The client's data as one JSON file, for a data subject's request (GDPR art. 15)."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from vredvakt.retention.client_export import client_export, get_client_to_export


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_to_export(request.user, pk)
    now = timezone.now()
    data = client_export(client=client, actor=request.user, via="web", now=now)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"client-{client.pk}-{now:%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
