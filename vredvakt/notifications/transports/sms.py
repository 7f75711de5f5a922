"""SMS through an HTTP gateway: form POST `from`, `to`, `message` with basic auth.

That is the common shape of Swedish gateways (46elks and others). The row's key
goes along as `reference`, so a gateway that deduplicates sees a resend as the
same message.
"""

import httpx
from django.conf import settings

from vredvakt.notifications.models import Delivery
from vredvakt.notifications.transports import PermanentError, TemporaryError

TIMEOUT_SECONDS = 10.0
# 4xx answers that are worth retrying: the request itself was fine. 401/403 mean
# the gateway account is misconfigured; messages wait until it is fixed.
RETRY_STATUSES = {401, 403, 408, 409, 425, 429}


class SmsTransport:
    def __init__(self) -> None:
        self.client: httpx.Client | None = None

    def send(self, delivery: Delivery) -> None:
        if not settings.SMS_GATEWAY_URL:
            raise TemporaryError("no SMS gateway configured (SMS_GATEWAY_URL)")
        form = {
            "from": settings.SMS_SENDER,
            "to": delivery.address,
            "message": delivery.text,
            "reference": str(delivery.key),
        }
        try:
            response = self._client().post(settings.SMS_GATEWAY_URL, data=form)
        except httpx.HTTPError as exc:
            raise TemporaryError(f"SMS gateway unreachable: {type(exc).__name__}: {exc}") from exc
        if response.is_success:
            return
        error = f"SMS gateway {response.status_code}: {response.text[:300]}"
        if 400 <= response.status_code < 500 and response.status_code not in RETRY_STATUSES:
            raise PermanentError(error)
        raise TemporaryError(error)

    def _client(self) -> httpx.Client:
        if self.client is None:
            self.client = httpx.Client(
                auth=(settings.SMS_GATEWAY_USER, settings.SMS_GATEWAY_PASSWORD),
                timeout=TIMEOUT_SECONDS,
            )
        return self.client

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
