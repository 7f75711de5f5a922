"""The mixed load of bench/cluster.py, as locust users (run by it, headless).

Care workers open the start page and the report form and now and then report
a lock; coordinators browse the desk and case pages and tick a step; the
vendor's system sends signed heartbeats; the alarm group's manager declares a
major outage half-way. Request names are page types, so the figures come per
type. The users are locust's FastHttpUser (geventhttpclient), locust's choice
for high load: it costs several times less CPU per request than HttpUser
(python-requests), and the load generator shares the machine's cores with
the servers it measures. Environment (set by bench/cluster.py): BENCH_HOSTS (comma-separated base
URLs; users spread over them), BENCH_SECRET, BENCH_LOCKS (comma-separated
Phoniro lock ids), BENCH_DURATION (seconds), BENCH_TALLY (a JSON file for the
events the ingest accepted).
"""

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import time
from datetime import UTC, datetime
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, constant_pacing, events, task

HOSTS = os.environ.get("BENCH_HOSTS", "http://127.0.0.1:8000").split(",")
SECRET = os.environ.get("BENCH_SECRET", "")
LOCKS = [lock for lock in os.environ.get("BENCH_LOCKS", "").split(",") if lock]
DURATION = float(os.environ.get("BENCH_DURATION", "60"))
THINK = [float(x) for x in os.environ.get("BENCH_THINK", "2-6").split("-")]
PASSWORD = "vredvakt-demo"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="token" value="([0-9a-f]{32})"')
CLIENT = re.compile(r'name="client" value="(\d+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
STEP_DONE = re.compile(r'action="(/cases/\d+/steps/[\w-]+/done/)"')

_host_cycle = itertools.cycle(HOSTS)
# Sessions bench/cluster.py signed in beforehand, per username.
_sessions: dict[str, list[str]] = (
    json.loads(Path(os.environ["BENCH_SESSIONS"]).read_text())
    if "BENCH_SESSIONS" in os.environ
    else {}
)
_event_ids = itertools.count()
tally = {"answered": 0, "accepted": 0, "duplicates": 0, "refused": 0}


class Person(FastHttpUser):
    abstract = True
    username = ""
    wait_time = between(THINK[0], THINK[1])

    def on_start(self) -> None:
        # Spread people over the web servers, as a load balancer would.
        self.client.base_url = next(_host_cycle)
        if _sessions.get(self.username):
            self.client.cookiejar.set_cookie(session_cookie(_sessions[self.username].pop()))
            return
        page = self.client.get("/login/", name="login")
        self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, **csrf_of(page.text or "")},
            name="login",
        )

    def post_form(self, path: str, page_text: str, data: dict, name: str) -> Any:
        fields = {**csrf_of(page_text), **data}
        token = TOKEN.search(page_text)
        if token and "token" not in data:
            fields["token"] = token.group(1)
        return self.client.post(path, fields, name=name)


def session_cookie(value: str) -> Cookie:
    # The servers are 127.0.0.1 on two ports; a cookie is not bound to a port.
    return Cookie(
        version=0,
        name="sessionid",
        value=value,
        port=None,
        port_specified=False,
        domain="127.0.0.1",
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
    )


def csrf_of(text: str) -> dict[str, str]:
    match = CSRF.search(text)
    return {"csrfmiddlewaretoken": match.group(1)} if match else {}


class CareWorker(Person):
    weight = 6
    username = "anna"

    @task(4)
    def start_page(self) -> None:
        self.client.get("/", name="home")

    @task(2)
    def report_form(self) -> None:
        self.client.get("/cases/report/", name="report form")

    @task(1)
    def report(self) -> None:
        form = self.client.get("/cases/report/", name="report form")
        clients = CLIENT.findall(form.text or "")
        if not clients:
            return
        data = {"client": random.choice(clients), "kind": "lock", "note": "Går inte att låsa."}
        self.post_form("/cases/report/", form.text or "", data, name="report (POST)")


class Coordinator(Person):
    weight = 3
    username = "kim"

    def on_start(self) -> None:
        self.username = random.choice(["kim", "koordinator-sodra", "koordinator-ostra"])
        super().on_start()

    @task(4)
    def desk(self) -> None:
        self.client.get("/cases/", name="desk")

    @task(3)
    def case_page(self) -> None:
        desk = self.client.get("/cases/", name="desk")
        cases = CASE_LINK.findall(desk.text or "")
        if not cases:
            return
        page = self.client.get(f"/cases/{random.choice(cases)}/", name="case page")
        if random.random() < 0.3:
            step = STEP_DONE.search(page.text or "")
            if step:
                self.step_done(step.group(1), (page.text or ""))

    def step_done(self, path: str, page_text: str) -> None:
        fields = {**csrf_of(page_text)}
        token = TOKEN.search(page_text)
        if token:
            fields["token"] = token.group(1)
        with self.client.post(
            path, fields, name="step done (POST)", catch_response=True
        ) as response:
            # Two coordinators on the same case: the second is told it is already
            # done (409), which is the product working, not an error.
            if response.status_code in (200, 409):
                response.success()

    @task(1)
    def fleet(self) -> None:
        self.client.get("/locks/", name="fleet")


class VendorSystem(FastHttpUser):
    """The lock vendor's system: a batch of heartbeats every second."""

    fixed_count = 2
    wait_time = constant_pacing(1)

    def on_start(self) -> None:
        self.client.base_url = next(_host_cycle)

    @task
    def heartbeats(self) -> None:
        if not LOCKS:
            return
        now = datetime.now(UTC)
        batch = [
            {
                "event_id": f"bench-{os.getpid()}-{next(_event_ids)}",
                "lock": lock,
                "type": "heartbeat",
                "at": now.isoformat(),
                "battery": random.randint(40, 100),
            }
            for lock in random.sample(LOCKS, min(20, len(LOCKS)))
        ]
        body = json.dumps(batch).encode()
        stamp = str(int(time.time()))
        digest = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256)
        headers = {
            "Content-Type": "application/json",
            "X-Vredvakt-Integration": "demo-phoniro",
            "X-Vredvakt-Timestamp": stamp,
            "X-Vredvakt-Signature": "sha256=" + digest.hexdigest(),
        }
        with self.client.post(
            # JSON is ASCII here (json.dumps escapes the rest): the same bytes as signed.
            "/api/v1/lock-events",
            data=body.decode(),
            headers=headers,
            name="ingest",
            catch_response=True,
        ) as response:
            tally["answered"] += len(batch)
            if response.status_code == 202:
                answer = response.json()
                tally["accepted"] += answer["accepted"]
                tally["duplicates"] += answer["duplicates"]
                response.success()
            else:
                tally["refused"] += len(batch)
                response.failure(f"ingest answered {response.status_code}")


class OutageLeader(Person):
    """The alarm group's manager: declares a major outage half-way through (R11)."""

    fixed_count = 1
    username = "lena"
    wait_time = between(3, 6)
    declared = False

    @task
    def watch(self) -> None:
        if not self.declared:
            # Wait for half-time without loading the servers, then declare at once.
            time.sleep(max(0.0, STARTED + DURATION / 2 - time.monotonic()))
            self.declared = True
            form = self.client.get("/outages/declare/", name="declare form")
            data = {"description": "Gateway i Norrby svarar inte.", "areas": "Norrby"}
            self.post_form("/outages/declare/", form.text or "", data, name="declare (POST)")
        self.client.get("/outages/", name="outages")


STARTED = time.monotonic()


@events.test_start.add_listener
def _started(**_kwargs: Any) -> None:
    global STARTED
    STARTED = time.monotonic()


@events.quitting.add_listener
def _write_tally(**_kwargs: Any) -> None:
    path = os.environ.get("BENCH_TALLY")
    if path:
        with open(path, "w") as out:
            json.dump(tally, out)
