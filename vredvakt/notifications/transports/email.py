"""Email over SMTP through Django's email backend (settings EMAIL_*)."""

import smtplib
from typing import NoReturn

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from vredvakt.notifications.models import Delivery
from vredvakt.notifications.transports import PermanentError, TemporaryError


def message_id(delivery: Delivery) -> str:
    """Derived from the row, so a resend after a crash carries the same Message-ID."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "vredvakt"
    return f"<{delivery.key}@{domain}>"


class EmailTransport:
    def __init__(self) -> None:
        self.connection: BaseEmailBackend | None = None
        # Set when the server could not be reached: the rest of the batch fails
        # fast instead of waiting for a timeout per message.
        self.unreachable: str = ""

    def send(self, delivery: Delivery) -> None:
        if self.unreachable:
            raise TemporaryError(self.unreachable)
        email = EmailMultiAlternatives(
            subject=delivery.subject_line,
            body=delivery.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.address],
            headers={"Message-ID": message_id(delivery), "Auto-Submitted": "auto-generated"},
        )
        if delivery.html:
            email.attach_alternative(delivery.html, "text/html")
        try:
            email.connection = self._connection()
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reason = next(iter(exc.recipients.values()))
            self._raise(code, f"recipient refused: {code} {_text(reason)}")
        except smtplib.SMTPResponseException as exc:
            self.close()
            self._raise(exc.smtp_code, f"SMTP {exc.smtp_code} {_text(exc.smtp_error)}")
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            self.unreachable = f"SMTP server unreachable: {type(exc).__name__}: {exc}"
            raise TemporaryError(self.unreachable) from exc

    def _connection(self) -> BaseEmailBackend:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
        return self.connection

    @staticmethod
    def _raise(code: int, error: str) -> NoReturn:
        # 5xx: the server will never take this message (unknown mailbox, rejected
        # content); 4xx: try again later.
        if 500 <= code < 600:
            raise PermanentError(error)
        raise TemporaryError(error)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _text(reason: bytes | str) -> str:
    return reason.decode(errors="replace") if isinstance(reason, bytes) else reason
