"""A record's change history as people read it: who, when, what changed from what to what.

Built on django-simple-history's historical rows; field names become their labels and foreign
keys their names. The links a record tracks (`Record.tracked_links`) show as the records linked
and unlinked, read for the whole history in one query per link field.
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
    """A field from `old` to `new`; for links, also the records `linked` and `unlinked`."""

    label: str
    old: str
    new: str
    linked: tuple[str, ...] = ()
    unlinked: tuple[str, ...] = ()


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


def _links_by_row(
    model: type[models.Model], rows: list[Any]
) -> dict[str, tuple[models.ManyToManyField[Any, Any], dict[int, set[int]]]]:
    """For each link field `model` tracks: the field, and each history row's linked pks."""
    found: dict[str, tuple[models.ManyToManyField[Any, Any], dict[int, set[int]]]] = {}
    ids = [row.history_id for row in rows]
    for name in getattr(model, "tracked_links", ()):
        field = model._meta.get_field(name)
        if not isinstance(field, models.ManyToManyField) or not rows:
            continue
        snapshot = getattr(type(rows[0]), name).model  # the links as each row saved them
        target = f"{field.m2m_reverse_field_name()}_id"
        linked: dict[int, set[int]] = {history_id: set() for history_id in ids}
        for history_id, pk in snapshot.objects.filter(history_id__in=ids).values_list(
            "history_id", target
        ):
            linked[history_id].add(pk)
        found[name] = (field, linked)
    return found


def _link_changes(
    model: type[models.Model],
    links: dict[str, tuple[models.ManyToManyField[Any, Any], dict[int, set[int]]]],
    pairs: list[tuple[Any, Any]],
) -> dict[int, list[FieldChange]]:
    """Each row's link changes against the row before it, the records by their names (one
    query per link field)."""
    changes: dict[int, list[FieldChange]] = {}
    for name, (field, linked) in links.items():
        moves = [
            (row.history_id, linked[previous.history_id], linked[row.history_id])
            for row, previous in pairs
            if linked[previous.history_id] != linked[row.history_id]
        ]
        pks = {pk for _, old, new in moves for pk in old | new}
        related = field.related_model
        found = related._default_manager.in_bulk(pks) if pks and isinstance(related, type) else {}

        def named(selected: set[int], found: dict[Any, Any] = found) -> tuple[str, ...]:
            return tuple(
                sorted(
                    str(found[pk]) if pk in found else f"(removed record {pk})" for pk in selected
                )
            )

        for history_id, old, new in moves:
            changes.setdefault(history_id, []).append(
                FieldChange(
                    _label(model, name),
                    ", ".join(named(old)) or "(none)",
                    ", ".join(named(new)) or "(none)",
                    linked=named(new - old),
                    unlinked=named(old - new),
                )
            )
    return changes


def history_for(obj: models.Model, limit: int = 100) -> list[HistoryEntry]:
    """Newest first: each save of `obj` with the fields and links it changed."""
    model = type(obj)
    manager: Any = obj.history  # type: ignore[attr-defined]  # added by simple_history
    ordered = manager.select_related("history_user").order_by("-history_date", "-history_id")
    rows = list(ordered[: limit + 1])
    tracked = set(getattr(model, "tracked_links", ()))
    pairs = [
        (row, rows[index + 1])
        for index, row in enumerate(rows[:limit])
        if index + 1 < len(rows) and row.history_type == "~"
    ]
    link_changes = _link_changes(model, _links_by_row(model, rows), pairs)
    hidden = list((HIDDEN_FIELDS & _field_names(model)) | tracked)
    entries: list[HistoryEntry] = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changes: list[FieldChange] = []
        if previous is not None and row.history_type == "~":
            delta = row.diff_against(previous, excluded_fields=hidden)
            for change in delta.changes:
                changes.append(
                    FieldChange(
                        _label(model, change.field),
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
            changes.extend(link_changes.get(row.history_id, []))
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
