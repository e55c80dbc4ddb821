"""The username django-axes records and locks on, made safe to store.

Axes keeps the typed username of every failed login in a varchar(255) column. A hostile login
form (12,000 characters, a NUL byte) would otherwise reach PostgreSQL as is and fail there with a
500 instead of a form error. Usernames are at most 150 characters (Django's User), so the first
150 characters, without NULs, identify the attempt just as well.
"""

from __future__ import annotations

MAX_LENGTH = 150


def axes_username(request, credentials: dict | None) -> str | None:
    if credentials:
        value = credentials.get("username")
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("username")
    if value is None:
        return None
    return str(value).replace("\x00", "")[:MAX_LENGTH]
