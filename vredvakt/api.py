"""The HTTP API under /api/v1/: one router per app, one OpenAPI schema."""

from ninja import NinjaAPI

api = NinjaAPI(title="Vredvakt API", version="1", urls_namespace="api")
