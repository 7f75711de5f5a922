"""JSON log lines for production (LOG_FORMAT=json): one object per line.

Every line written during a request carries its request id, method, path,
route and user id (the id, never the name: logs leave the municipality's
systems more easily than the database does).
"""

import json
import logging
from datetime import UTC, datetime
from typing import Any

from vredvakt.lib.env import ConfigError
from vredvakt.ops.context import current

# Fields a log call may pass with extra={...} that belong in the JSON object.
_EXTRA_FIELDS = ("status", "duration_ms", "worker_id")


class RequestContextFilter(logging.Filter):
    """Copies the current request's context onto the record (text and JSON alike)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current.get()
        record.request_id = context.request_id if context else "-"
        if context is not None:
            for name in ("method", "path", "route", "user_id"):
                if not hasattr(record, name):
                    setattr(record, name, getattr(context, name))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "method", "path", "route", "user_id", *_EXTRA_FIELDS):
            value = getattr(record, name, None)
            if value not in (None, "", "-"):
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """settings.LOGGING: text for the demo's terminal, JSON lines for production."""
    if log_format not in ("text", "json"):
        raise ConfigError(f"LOG_FORMAT must be text or json, not {log_format!r}")
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "vredvakt.ops.logs.JsonFormatter"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "vredvakt.ops.logs.RequestContextFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # One line per request is the production access log; in a terminal
        # gunicorn's access log already says it (vredvakt serve).
        "loggers": {"vredvakt.request": {"level": "INFO" if log_format == "json" else "WARNING"}},
    }
