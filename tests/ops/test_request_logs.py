"""Every response carries a request id, and every log line of the request carries it too."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from tests.conftest import PASSWORD, World
from vredvakt.lib.env import ConfigError
from vredvakt.ops.logs import JsonFormatter, RequestContextFilter, logging_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """The request logger writing JSON lines to a buffer, as LOG_FORMAT=json configures it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("vredvakt.request")
    level = logger.level
    logger.setLevel(logging.INFO)  # as LOG_FORMAT=json sets it
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(level)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_it_gives_each_response_a_new_request_id():
    first = Client().get("/login/")
    second = Client().get("/login/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_it_keeps_the_proxys_request_id():
    response = Client().get("/login/", headers={"X-Request-ID": "nginx-7f3a9c21e0"})
    assert response["X-Request-ID"] == "nginx-7f3a9c21e0"


@pytest.mark.parametrize(
    "sent", ["short", "x" * 200, "evil\nline-injected-1234", "a b c d e f g h"]
)
def test_it_replaces_a_request_id_that_could_forge_a_log_line(sent: str):
    response = Client().get("/login/", headers={"X-Request-ID": sent})
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_the_json_line_names_the_route_status_duration_and_user_id(world: World, json_lines):
    client = Client()
    client.login(username="kim", password=PASSWORD)
    response = client.get("/cases/", headers={"X-Request-ID": "req-from-proxy-0001"})
    assert response.status_code == 200
    [line] = [entry for entry in lines(json_lines) if entry["path"] == "/cases/"]
    assert line["request_id"] == "req-from-proxy-0001"
    assert (line["level"], line["logger"], line["method"]) == ("INFO", "vredvakt.request", "GET")
    assert (line["route"], line["status"], line["user_id"]) == ("cases:desk", 200, world.kim.pk)
    assert line["duration_ms"] > 0
    assert "kim" not in json.dumps(line).lower()


def test_an_anonymous_request_has_no_user_id(json_lines):
    Client().get("/login/")
    [line] = lines(json_lines)
    assert line["route"] == "login" and line["status"] == 200
    assert "user_id" not in line


def test_json_logs_every_request_and_text_leaves_that_to_gunicorn():
    assert logging_config(log_format="json", level="INFO")["loggers"]["vredvakt.request"] == {
        "level": "INFO"
    }
    text = logging_config(log_format="text", level="INFO")
    assert text["loggers"]["vredvakt.request"] == {"level": "WARNING"}


def test_an_unknown_log_format_fails_loudly():
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        logging_config(log_format="xml", level="INFO")


def test_a_process_started_with_log_format_json_writes_json_lines():
    import os
    import subprocess
    import sys

    from tests.worker.process import ROOT

    code = "import django, logging; django.setup(); logging.getLogger('vredvakt.x').warning('hej')"
    env = dict(os.environ, LOG_FORMAT="json", DJANGO_SETTINGS_MODULE="config.settings")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "vredvakt.x", "hej")
    assert "request_id" not in line  # outside a request
