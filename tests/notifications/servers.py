"""Real servers for the notification tests: an SMTP server and an SMS gateway.

SmtpSink is aiosmtpd in a thread of the test process: it speaks real SMTP on a
local port, refuses mailboxes at @bounce.test with 550, and keeps every
message it accepted. SmsGateway is an HTTP server in a thread answering like
a Swedish SMS gateway (46elks' shape): form POST from/to/message with basic
auth, 200 with a JSON receipt, 400 for a number it cannot send to.
"""

import asyncio
import base64
import email
import email.policy
import json
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    message_id: str
    to: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return str(part.get_content())
        return ""

    @property
    def text(self) -> str:
        return self.part("text/plain")

    @property
    def html(self) -> str:
        return self.part("text/html")


class _Handler:
    def __init__(self, sink: "SmtpSink") -> None:
        self.sink = sink

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.endswith("@bounce.test"):
            return "550 5.1.1 No such mailbox"
        if address.endswith("@busy.test"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        if self.sink.on_data is not None:
            self.sink.on_data()
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.received.append(
                Received(str(message["Message-ID"]), list(envelope.rcpt_tos), message)
            )
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, delay: float = 0.0) -> None:
        self.port = free_port()
        self.delay = delay
        # Called as each message arrives, before it is accepted (a test's fault to inject).
        self.on_data: Callable[[], None] | None = None
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.controller: Controller | None = None

    def start(self) -> "SmtpSink":
        # A new controller each time: a stopped one cannot be restarted.
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def per_message_id(self) -> Counter[str]:
        return Counter(r.message_id for r in self.messages())


@dataclass
class Sms:
    sender: str
    to: str
    message: str
    reference: str
    user: str


class SmsGateway:
    USER = "vredvakt"
    PASSWORD = "gateway-secret"

    def __init__(self) -> None:
        self.received: list[Sms] = []
        self.lock = threading.Lock()
        # Numbers the gateway refuses (400), and a switch for a gateway in trouble (503).
        self.invalid_numbers = {"+46700000000"}
        self.unavailable = False
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                gateway.handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/a1/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "SmsGateway":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        user = self._user(request.headers.get("Authorization", ""))
        length = int(request.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(request.rfile.read(length).decode()).items()}
        if user != self.USER:
            return self._answer(request, 401, "Unauthorized")
        if self.unavailable:
            return self._answer(request, 503, "Service unavailable")
        if not form.get("to", "").startswith("+") or form["to"] in self.invalid_numbers:
            return self._answer(request, 400, "Invalid to number")
        sms = Sms(form["from"], form["to"], form["message"], form.get("reference", ""), user)
        with self.lock:
            self.received.append(sms)
            number = len(self.received)
        receipt = {"id": f"s{number:08d}", "status": "created", "to": sms.to, "parts": 1}
        self._answer(request, 200, json.dumps(receipt), "application/json")

    def _user(self, header: str) -> str:
        if not header.startswith("Basic "):
            return ""
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return user if password == self.PASSWORD else ""

    @staticmethod
    def _answer(
        request: BaseHTTPRequestHandler, status: int, body: str, content_type: str = "text/plain"
    ) -> None:
        data = body.encode()
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def messages(self) -> list[Sms]:
        with self.lock:
            return list(self.received)
