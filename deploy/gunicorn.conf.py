"""gunicorn settings for production (docs/deploy.md): gunicorn -c deploy/gunicorn.conf.py.

Everything here can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("VREDVAKT_BIND", "127.0.0.1:8000")
# Two sync processes per core: a page is mostly Python (10-55 ms of CPU, a few ms
# waiting on PostgreSQL, docs/performance.md), so one process per core would leave
# the core idle while it waits and more than two add memory and connections, not
# pages per second (docs/deploy.md, "Sizing").
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# A request slower than this is killed (and logged) rather than holding a worker.
timeout = 30
graceful_timeout = 30
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# Our own request line (vredvakt.request) carries the route, user id and
# request id; gunicorn's access log adds the client address and size.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'


def child_exit(server: object, worker: object) -> None:
    # prometheus_client's multiprocess mode: a web process that exits leaves its
    # counter files for the sum, but its live gauges must be dropped.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
