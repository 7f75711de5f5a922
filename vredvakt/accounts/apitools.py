"""What every API router shares: who is asking, input types, paging, errors."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, NoReturn, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator, validate_email
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, ConfigDict, StringConstraints, ValidationInfo, field_validator

from vredvakt.accounts.ratelimit import RateLimited, rate_hit
from vredvakt.audit.services import audit_client_read
from vredvakt.lib.change_sets import is_unique_clash
from vredvakt.lib.client_address import client_ip
from vredvakt.lib.conflicts import in_one_transaction_retried
from vredvakt.lib.refusal import Refused

VIA = "api"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
T = TypeVar("T")


def user_of(request: HttpRequest) -> User:
    user: User = getattr(request, "auth")  # noqa: B009 - set by the auth classes, unknown to mypy
    return user


def rate_check(request: HttpRequest, kind: str, now: datetime) -> None:
    """Count this call against `kind`'s limit per token (or signed-in user) and address."""
    token_id = getattr(request, "_vredvakt_api_token_id", None)
    who = f"token {token_id}" if token_id else f"user {user_of(request).pk}"
    rate_hit(kind=kind, key=f"{who} {client_ip(request)}", now=now)


def today_in_stockholm(now: datetime) -> date:
    return timezone.localtime(now, STOCKHOLM).date()


def forbid(message: str) -> NoReturn:
    raise HttpError(403, message)


def carried_out(work: Callable[[], T]) -> T:
    """One change asked for through the API, made as the pages make theirs.

    One transaction, run again when the database gave it up for another change made
    at the same moment (#16, vredvakt/lib/conflicts.py); a change the routine refuses
    answers its message with its status (409, 400, 404; 422 naming the field).
    """
    try:
        return in_one_transaction_retried(work)
    except Refused as exc:
        if exc.status == 422 and exc.field:
            raise field_error(exc.field, exc.message) from None
        raise HttpError(exc.status, exc.message) from None


def field_error(field: str, message: str) -> ValidationError:
    """A 422 in ninja's own shape, pointing at one field of the request body."""
    return ValidationError(
        [{"loc": ["body", "payload", field], "msg": message, "type": "value_error"}]
    )


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(_("Enter a valid email address.")) from None
    return value


def _text(max_length: int, min_length: int = 1) -> Any:
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


# Required text (not blank after trimming) and optional text ("" allowed), by model max_length.
Text20 = Annotated[str, _text(20)]
Text40 = Annotated[str, _text(40)]
Text60 = Annotated[str, _text(60)]
Text80 = Annotated[str, _text(80)]
Text120 = Annotated[str, _text(120)]
Text200 = Annotated[str, _text(200)]
Text10 = Annotated[str, _text(10)]
Blank30 = Annotated[str, _text(30, 0)]
Blank40 = Annotated[str, _text(40, 0)]
Blank60 = Annotated[str, _text(60, 0)]
Blank80 = Annotated[str, _text(80, 0)]
Blank160 = Annotated[str, _text(160, 0)]
Notes = Annotated[str, _text(5000, 0)]
Slug40 = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[-\w]+$"),
]
Email = Annotated[str, _text(254, 0), AfterValidator(_email)]


# The database's integers are 64-bit: a larger id or offset is a 422 that says so,
# never a query that crashes (SQLite: OverflowError, PostgreSQL: bigint out of range).
INT64_MAX = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """422: what in the request was wrong, field by field."""

    detail: list[FieldErrorOut]


# What an operation may answer besides its result, for the OpenAPI schema; every
# operation documents every status it can give. 401: no valid token or session.
SIGNED_IN_ERRORS: dict[int, type[Schema]] = {401: ErrorOut}
# 429: over a rate limit, with Retry-After (accounts/ratelimit.py).
RATE_LIMITED: dict[int, type[Schema]] = {429: ErrorOut}
# 422: the path, the query or the body does not validate (ninja's shape, or a field's).
INPUT_ERRORS: dict[int, type[Schema]] = {**SIGNED_IN_ERRORS, 422: ValidationErrorOut}
# 404: no such object, or not one the caller may see.
READ_ERRORS: dict[int, type[Schema]] = {**INPUT_ERRORS, 404: ErrorOut}
# Changes: 400 a malformed body or a step the routine does not take from there, 403 seen
# but not the caller's to change, 409 a unique value taken or a state that forbids it.
WRITE_ERRORS: dict[int, type[Schema]] = {
    **READ_ERRORS,
    400: ErrorOut,
    403: ErrorOut,
    409: ErrorOut,
}


_no_null_characters = ProhibitNullCharactersValidator()


def _storable(value: Any) -> Any:
    """Text, however nested, that the database stores: PostgreSQL refuses NUL (a 422 here)."""
    if isinstance(value, str):
        try:
            _no_null_characters(value)
        except DjangoValidationError as error:
            raise ValueError(error.messages[0]) from None
    elif isinstance(value, dict):
        for item in (*value.keys(), *value.values()):
            _storable(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _storable(item)
    return value


class InputSchema(Schema):
    # A misspelt field is an error, not silently ignored.
    model_config = ConfigDict(extra="forbid")

    _storable_text = field_validator("*", mode="before")(_storable)


class FilterIn(FilterSchema):
    """A list's query: as for a body, text the database can compare with."""

    _storable_text = field_validator("*", mode="before")(_storable)


class PatchSchema(InputSchema):
    """Only the fields sent change; null is accepted only where a field may be empty."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*")
    @classmethod
    def _null_only_where_allowed(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise ValueError(_("This field cannot be empty."))
        return value

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=INT64_MAX)


class ClientReadPagination(Pagination):
    """Pages that show client data: the clients on each page are audit-logged as read."""

    def __init__(self, *, clients_of: Callable[[list[Any]], list[Model]], **kwargs: Any) -> None:
        self.clients_of = clients_of
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = list(page["items"])
        log_client_reads(request, self.clients_of(page["items"]))
        return page


def log_client_reads(request: HttpRequest, clients: list[Model]) -> None:
    unique = list({client.pk: client for client in clients}.values())
    if unique:
        audit_client_read(user=user_of(request), clients=unique, via=VIA)


def install_error_handlers(api: NinjaAPI) -> None:
    """Every refusal as JSON with a "detail": 404, 403, and the services' ValidationError."""

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # One message for "does not exist" and "not yours to see": no hints about other units.
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        detail = str(exc) or _("You are not allowed to do this.")
        return api.create_response(request, {"detail": detail}, status=403)

    @api.exception_handler(RateLimited)
    def too_many(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        detail = _("Too many requests: wait %(seconds)s seconds.") % {"seconds": exc.retry_after}
        response = api.create_response(request, {"detail": detail}, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        # 409 for a unique value already taken, else 422 per field in ninja's own shape.
        if is_unique_clash(exc):
            return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)
        return api.create_response(request, {"detail": _field_errors(exc)}, status=422)


def _field_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return [
        {
            "loc": ["body", "payload"] + ([] if field == NON_FIELD_ERRORS else [field]),
            "msg": message,
            "type": "value_error",
        }
        for field, messages in by_field.items()
        for message in messages
    ]
