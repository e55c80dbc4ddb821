"""The audit trail: who changed which record, when, and what (docs/audit.md).

django-simple-history writes a historical row on every ORM save and delete of a tracked model,
with the request's user (``HistoryRequestMiddleware``) or the one a service names. This module
builds the historical models the same way everywhere and turns historical rows into entries a
person can read: each field that changed, old → new, as the forms show it.

Imported by ``models.py`` modules: nothing here may import models at module level.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

EMPTY = "—"

#: Never worth showing in a diff: the key itself and the creation stamp.
SKIPPED_FIELDS = {"id", "created_at"}

KIND_LABELS = {
    "+": _("Created"),
    "~": _("Changed"),
    "-": _("Deleted"),
}


def audit_history(**kwargs) -> HistoricalRecords:
    """History for one model: a row per save or delete through the ORM.

    The user comes from the request (middleware) or ``instance._history_user``, set by a
    service acting without one (``None`` = the system); the reason from
    ``instance._change_reason``. ``bulk_create`` and ``QuerySet.update`` write no history:
    only the demo seed uses them on tracked models. ``updated_at`` is left out by the models:
    ``history_date`` already says when.
    """
    return HistoricalRecords(
        history_change_reason_field=models.TextField(null=True),
        # A deleted employee's trail stays (the historical rows reference it by value only).
        cascade_delete_history=False,
        **kwargs,
    )


def mark_change(instance: models.Model, *, user, reason: str) -> None:
    """Name who (``None``: the system) and why for the next save of ``instance``."""
    instance._history_user = user
    instance._change_reason = reason


@dataclass
class Perubahan:
    """One field's change: label, old and new value as text."""

    label: str
    old: str
    new: str


@dataclass
class AuditEntry:
    when: dt.datetime
    who: object | None  # a User, or None when the system acted
    kind: str  # "+", "~", "-" (historical rows) or "log" (a proposal's state change)
    kind_label: str
    subject: str  # "Position history: Analis Kebijakan (01-03-2024)"
    reason: str = ""
    changes: list[Perubahan] = field(default_factory=list)


def _display(model_field: models.Field, value, related: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(model_field, models.ForeignKey):
        obj = related.get(model_field.related_model, {}).get(value)
        if obj is None:
            return gettext("#%(id)s (deleted)") % {"id": value}
        return str(obj)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _tracked(record) -> list[models.Field]:
    return [
        f
        for f in record.instance_type._meta.concrete_fields
        if f.name in {t.name for t in record.tracked_fields} and f.name not in SKIPPED_FIELDS
    ]


def history_entries(records: Iterable) -> list[AuditEntry]:
    """Readable entries for historical rows of any tracked models, newest first.

    Each row is compared with the previous row of the same object among ``records`` (pass
    every row of an object, not a page of them), so there is no query per row; related
    objects named in the values are fetched once per model.
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    # Collect the related keys first, so each related model is read in one query.
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for record in records:
        for f in _tracked(record):
            if isinstance(f, models.ForeignKey) and getattr(record, f.attname) is not None:
                wanted[f.related_model].add(getattr(record, f.attname))
    related = {model: model._base_manager.in_bulk(ids) for model, ids in wanted.items()}

    previous: dict[tuple[type, object], object] = {}
    entries = []
    for record in records:
        model = record.instance_type
        key = (model, record.id)
        before = previous.get(key)
        previous[key] = record
        changes = []
        if record.history_type != "-":
            for f in _tracked(record):
                new = getattr(record, f.attname)
                old = getattr(before, f.attname) if before is not None else None
                if before is None and new in (None, ""):
                    continue  # a creation lists the values it was given
                if before is not None and old == new:
                    continue
                changes.append(
                    Perubahan(
                        label=str(f.verbose_name),
                        old=_display(f, old, related) if before is not None else EMPTY,
                        new=_display(f, new, related),
                    )
                )
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                kind_label=str(KIND_LABELS[record.history_type]),
                subject=f"{str(model._meta.verbose_name).capitalize()}: {record.instance}",
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    entries.reverse()
    return entries
