"""The HTTP API under /api/v1/: one router per app, one OpenAPI schema."""

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from vredvakt.accounts.api import router as accounts_router
from vredvakt.accounts.apitools import install_error_handlers
from vredvakt.accounts.auth import SessionAuth, TokenAuth
from vredvakt.cases.api import router as cases_router
from vredvakt.clients.api import router as clients_router
from vredvakt.deviations.api import router as deviations_router
from vredvakt.keys.api import router as keys_router
from vredvakt.keys.loans_api import router as key_loans_router
from vredvakt.lib.unavailable import database_error_response
from vredvakt.locks.api import router as locks_router
from vredvakt.outages.api import router as outages_router
from vredvakt.routine_versions.api import router as routine_versions_router

# The token is tried first: a script with a token needs no CSRF dance.
api = NinjaAPI(
    title="Vredvakt API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
)

for router in (
    accounts_router,
    clients_router,
    locks_router,
    keys_router,
    key_loans_router,
    routine_versions_router,
    cases_router,
    outages_router,
    deviations_router,
):
    api.add_router("", router)

install_error_handlers(api)


# Ninja catches exceptions before the middleware does: the same 503 as the pages',
# even with DEBUG (a conflict: try again now; the database down: once per outage).
@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    return database_error_response(request, exc)
