"""One small module per channel; each turns a Delivery into one send.

A transport raises PermanentError when retrying cannot help (the address or
number is refused) and TemporaryError for everything else worth retrying.
"""

from typing import Protocol

from vredvakt.notifications.models import Delivery


class DeliveryError(Exception):
    pass


class TemporaryError(DeliveryError):
    pass


class PermanentError(DeliveryError):
    pass


class Transport(Protocol):
    def send(self, delivery: Delivery) -> None: ...

    def close(self) -> None: ...
