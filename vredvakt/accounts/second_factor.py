"""The second factor (TOTP) and the half-finished sign-in that waits for it.

Roles that see many units' clients must give a code from an authenticator app
after their password (#14 item 2); OTP_REQUIRED_FOR_ALL asks it of everyone.
Until the code is right the person is not signed in: the session only holds
who gave the right password, and when, for PENDING_SECONDS.
"""

import base64
import io
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from vredvakt.accounts.models import Membership, Role

# Roles whose pages show the clients of many units.
SECOND_FACTOR_ROLES = (Role.ADMINISTRATOR, Role.OPERATIONS_MANAGER, Role.NEEDS_ASSESSOR)
PENDING = "vredvakt_signin_pending"
PENDING_SECONDS = 5 * 60


def second_factor_required(user: AbstractBaseUser) -> bool:
    if settings.OTP_REQUIRED_FOR_ALL:
        return True
    if not settings.OTP_REQUIRED_FOR_ROLES:
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True  # the admin site shows every unit's data
    return Membership.objects.filter(user_id=user.pk, role__in=SECOND_FACTOR_ROLES).exists()


@dataclass(frozen=True)
class Pending:
    user: User
    backend: str
    next_url: str


def pending_start(
    request: HttpRequest, user: AbstractBaseUser, next_url: str, now: datetime
) -> None:
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "at": now.timestamp(),
        "next": next_url,
    }


def pending_get(request: HttpRequest, now: datetime) -> Pending | None:
    """Who gave the right password in the last PENDING_SECONDS, if anyone did."""
    data = request.session.get(PENDING)
    if not isinstance(data, dict) or now.timestamp() - data.get("at", 0) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=int(data.get("user") or 0), is_active=True).first()
    if user is None:
        return None
    return Pending(user=user, backend=data["backend"], next_url=data["next"])


def pending_end(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)


def device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_for_setup(user: User) -> TOTPDevice:
    """The device being set up: the same key on every visit until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Vredvakt", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code, inline as data: (the CSP allows data: images)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()
