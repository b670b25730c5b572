"""A record's change history as people read it: who, when, what changed from what to what.

Built on django-simple-history's historical rows; field names become their labels and foreign
keys their names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

HIDDEN_FIELDS = {"version", "updated_at", "created_at", "password", "last_login"}
KIND_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[FieldChange]
    reason: str


def _display(model: type[models.Model], field_name: str, value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.Field):
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if not isinstance(related, type):
            return str(value)
        found = related._default_manager.filter(pk=value).first()
        return str(found) if found is not None else f"(removed record {value})"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _label(model: type[models.Model], field_name: str) -> str:
    field = model._meta.get_field(field_name)
    label = field.verbose_name if isinstance(field, models.Field) else field_name
    return str(label).capitalize()


def history_for(obj: models.Model, limit: int = 100) -> list[HistoryEntry]:
    """Newest first: each save of `obj` with the fields it changed."""
    model = type(obj)
    manager: Any = obj.history  # type: ignore[attr-defined]  # added by simple_history
    ordered = manager.select_related("history_user").order_by("-history_date", "-history_id")
    rows = list(ordered[: limit + 1])
    entries: list[HistoryEntry] = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changes: list[FieldChange] = []
        if previous is not None and row.history_type == "~":
            delta = row.diff_against(
                previous, excluded_fields=list(HIDDEN_FIELDS & _field_names(model))
            )
            for change in delta.changes:
                changes.append(
                    FieldChange(
                        _label(model, change.field),
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
            if not changes:
                continue
        user = row.history_user
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=(user.get_full_name() or user.username) if user else "the system",
                kind=KIND_LABELS.get(row.history_type, row.history_type),
                changes=changes,
                reason=row.history_change_reason or "",
            )
        )
    return entries


def _field_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}
