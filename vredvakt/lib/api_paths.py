"""Which requests are the API's: they answer in JSON and keep to their schema."""

from django.http import HttpRequest

# Where config/urls.py mounts the API and the signed telemetry (both under api/v1/).
API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)
