"""Every page and API operation the product serves, read from the code, not written down.

Pages come from walking the URL configuration (includes too); API operations from
the OpenAPI schema. The access matrix (docs/access.toml) must name each of them.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from vredvakt.api import api

# Namespaces the matrix does not list, and why.
SKIPPED_NAMESPACES = {
    # Django's admin site: staff only (is_staff), outside the routine's roles; its own
    # permission system guards it, and the audit of it is another part of #14.
    "admin",
}
# ninja's own URL names in the api namespace that are no operation of the schema.
API_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}


@dataclass(frozen=True)
class Page:
    name: str  # namespaced URL name, e.g. "cases:detail"
    route: str  # e.g. "cases/<id:pk>/"


def pages() -> list[Page]:
    """Every named URL except the API's operations (the schema lists those) and the admin.

    Static files and the debug toolbar are not routed in this project's URLconf;
    were they added, they would appear here and fail until listed or skipped.
    """
    found = {p.name: p for p in _walk(get_resolver().url_patterns, "", "")}
    return sorted(
        (p for p in found.values() if not p.name.startswith("api:") or p.name in API_PAGES),
        key=lambda p: p.name,
    )


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, ns: str) -> Iterator[Page]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            # An unnamed pattern cannot be reversed or listed: fail on it by its route.
            yield Page(
                name=f"{ns}{pattern.name or '<unnamed ' + str(pattern.pattern) + '>'}",
                route=prefix + str(pattern.pattern),
            )


def operations() -> list[str]:
    """Every API operation as "METHOD /api/v1/path/{param}", from the OpenAPI schema."""
    schema = api.get_openapi_schema()
    return sorted(
        f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops
    )
