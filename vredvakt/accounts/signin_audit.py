"""Sign-ins, failed sign-ins, lockouts and sign-outs in the audit trail.

Connected in AccountsConfig.ready(). The detail names the address and the
browser; it never holds the password Django hands the failure signal (only the
username tried, which may be a typo or someone else's name).
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from vredvakt.audit.services import audit_record
from vredvakt.lib.client_address import client_ip, client_user_agent

USER_OBJECT = "auth.user"


def _where(request: HttpRequest | None) -> dict[str, str]:
    if request is None:
        return {}
    return {"ip": client_ip(request), "user_agent": client_user_agent(request)}


def _via(request: HttpRequest | None) -> str:
    return "web" if request is not None else "cli"


def on_logged_in(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kw: Any
) -> None:
    detail = _where(request) | {"method": getattr(user, "backend", "") or ""}
    audit_record(actor=user, action="auth.login", obj=user, via=_via(request), detail=detail)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        action="auth.login_failed",
        object_type=USER_OBJECT,
        via=_via(request),
        detail=_where(request) | {"username": username},
    )


def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kw: Any
) -> None:
    audit_record(
        actor=None,
        action="auth.lockout",
        object_type=USER_OBJECT,
        via="web",
        detail=_where(request) | {"username": str(username or "")[:150]},
    )


def on_logged_out(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser | None, **kw: Any
) -> None:
    if user is None:
        return
    reason = getattr(request, "sign_out_reason", "") or "sign_out"
    detail = _where(request) | {"reason": reason}
    audit_record(actor=user, action="auth.logout", obj=user, via=_via(request), detail=detail)


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="vredvakt.auth.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="vredvakt.auth.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="vredvakt.auth.lockout")
    user_logged_out.connect(on_logged_out, dispatch_uid="vredvakt.auth.logout")
