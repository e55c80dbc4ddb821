"""Request ids for log lines (the JSON format itself is python-json-logger's)."""

from __future__ import annotations

import logging
from contextvars import ContextVar

# Set by RequestIdMiddleware for the length of one request.
request_id_var: ContextVar[str | None] = ContextVar("simutasi_request_id", default=None)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, so any line logged during a request (a service's
    warning, Django's 500 traceback) can be matched to the request line and to nginx's log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True
