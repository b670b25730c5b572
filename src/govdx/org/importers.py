"""Import a staff list (CSV or XLSX) into departments and people, all or nothing.

One row a person: their directorate, optionally their team, their name, and a staff number or
an email that identifies them on the next import. Directorates and teams are found by name (the
team inside its directorate) and created when new. Importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower

from govdx.core.permissions import SYSTEM, Action, require
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.tabular import (
    Column,
    ImportProblems,
    Problem,
    TableResult,
    parse_boolean,
    parse_email,
    read_table,
)
from govdx.org import services
from govdx.org.models import Department, Person

COLUMNS = (
    Column(
        "directorate",
        "Directorate",
        synonyms=("Department", "Division", "Directorate name", "Service area"),
        required=True,
    ),
    Column("team", "Team", synonyms=("Team name", "Unit", "Section", "Sub-department")),
    Column(
        "full_name",
        "Name",
        synonyms=("Full name", "Employee name", "Staff name", "Person", "Employee"),
        required=True,
    ),
    Column(
        "email", "Email", synonyms=("Email address", "Work email", "E-mail"), parser=parse_email
    ),
    Column("job_title", "Job title", synonyms=("Title", "Position", "Post", "Role", "Job")),
    Column(
        "staff_number",
        "Staff number",
        synonyms=("Employee number", "Employee ID", "Staff ID", "Payroll number", "Staff no"),
    ),
    Column("is_active", "Active", synonyms=("Current", "In post"), parser=parse_boolean),
)


@dataclass
class ImportResult:
    rows: int = 0
    departments_created: list[str] = field(default_factory=list)
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    ignored_headings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "departments_created": self.departments_created,
            "people_created": self.people_created,
            "people_updated": self.people_updated,
            "people_unchanged": self.people_unchanged,
            "ignored_headings": list(self.ignored_headings),
        }

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would import" if dry_run else "imported"
        lines = [
            f"{self.rows} rows {verb}: {self.people_created} people added, "
            f"{self.people_updated} changed, {self.people_unchanged} unchanged; "
            f"{len(self.departments_created)} departments added."
        ]
        if self.departments_created:
            lines.append("New departments: " + ", ".join(self.departments_created))
        if self.ignored_headings:
            lines.append("Columns not used: " + ", ".join(self.ignored_headings))
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


class _DryRun(Exception):
    pass


def _unique_code(name: str, taken: set[str]) -> str:
    base = "".join(c if c.isalnum() else "-" for c in name.lower())
    base = "-".join(part for part in base.split("-") if part)[:36] or "department"
    code, counter = base, 2
    while code in taken:
        code = f"{base}-{counter}"
        counter += 1
    taken.add(code)
    return code


def _check_identities(rows: list[Any], table: TableResult) -> list[Problem]:
    """Every row needs a staff number or an email, and none may repeat within the file."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        values = row.values
        if not values.get("staff_number") and not values.get("email"):
            problems.append(
                Problem(
                    row.number,
                    table.heading("staff_number", "Staff number"),
                    "give a staff number or an email, so the "
                    "person is recognised when the list is imported again",
                )
            )
        for key, label in (("staff_number", "Staff number"), ("email", "Email")):
            value = values.get(key)
            if not value:
                continue
            marker = (key, str(value).lower())
            if marker in seen:
                problems.append(
                    Problem(
                        row.number,
                        table.heading(key, label),
                        f"{value} is also on row {seen[marker]}",
                    )
                )
            else:
                seen[marker] = row.number
    return problems


def import_departments_and_people(
    path: Path | Any,
    *,
    user: Any,
    sheet: str | None = None,
    dry_run: bool = False,
    filename: str | None = None,
) -> ImportResult:
    """Read the whole file, check every row, then write everything in one transaction or nothing.

    Raises ImportProblems naming each bad row and column; nothing is written then.
    """
    actor = user or SYSTEM
    require(actor, Action.ADD, Person)
    name = filename or (path.name if isinstance(path, Path) else "upload")
    if isinstance(path, Path) and not path.exists():
        raise Invalid(f"There is no file at {path}.")
    table = read_table(path, COLUMNS, sheet=sheet, filename=name)
    rows = list(table.rows)
    problems = [*table.problems, *_check_identities(rows, table)]
    if problems:
        raise ImportProblems(sorted(problems, key=lambda p: p.row or 0))
    result = ImportResult(rows=len(rows), ignored_headings=table.ignored_headings)
    try:
        with transaction.atomic():
            _write(rows, actor, result, source=name, table=table)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _write(
    rows: list[Any], actor: Any, result: ImportResult, *, source: str, table: TableResult
) -> None:
    taken = set(Department.objects.values_list("code", flat=True))
    top = {d.name.lower(): d for d in Department.objects.filter(parent__isnull=True).order_by("pk")}
    children: dict[tuple[int, str], Department] = {
        (d.parent_id, d.name.lower()): d
        for d in Department.objects.filter(parent__isnull=False).annotate(lname=Lower("name"))
        if d.parent_id is not None
    }
    problems: list[Problem] = []
    for row in rows:
        values = row.values
        directorate_name = str(values["directorate"])
        directorate = top.get(directorate_name.lower())
        try:
            if directorate is None:
                directorate = services.department_create(
                    data={
                        "name": directorate_name,
                        "code": _unique_code(directorate_name, taken),
                        "kind": "directorate",
                    },
                    user=actor,
                )
                top[directorate_name.lower()] = directorate
                result.departments_created.append(directorate_name)
            department = directorate
            team_name = values.get("team")
            if team_name:
                key = (directorate.pk, str(team_name).lower())
                department = children.get(key)  # type: ignore[assignment]
                if department is None:
                    department = services.department_create(
                        data={
                            "name": team_name,
                            "code": _unique_code(str(team_name), taken),
                            "kind": "team",
                            "parent": directorate,
                        },
                        user=actor,
                    )
                    children[key] = department
                    result.departments_created.append(f"{team_name} ({directorate_name})")
            _write_person(values, department, actor, result, source)
        except Invalid as error:
            column = next(iter(error.field_errors), None)
            problems.append(Problem(row.number, _heading(column, table), error.message))
        except NotAllowed:
            problems.append(
                Problem(
                    row.number,
                    table.heading("directorate", "Directorate"),
                    "you may not add or change people or teams in this department",
                )
            )
    if problems:
        raise ImportProblems(problems)


def _heading(field_name: str | None, table: TableResult) -> str | None:
    """The file's heading for a model field named in a validation error."""
    key = "directorate" if field_name in {"department", "parent", "name", "code"} else field_name
    labels = {c.key: c.label for c in COLUMNS}
    if key not in labels:
        return None
    return table.heading(key, labels[key])


def _write_person(
    values: dict[str, Any], department: Department, actor: Any, result: ImportResult, source: str
) -> None:
    staff_number = values.get("staff_number")
    email = values.get("email")
    person = None
    if staff_number:
        person = Person.objects.filter(staff_number=staff_number).first()
    if person is None and email:
        person = Person.objects.filter(email__iexact=email).first()
    data: dict[str, Any] = {
        "full_name": values["full_name"],
        "department": department,
        "job_title": values.get("job_title") or "",
    }
    if staff_number:
        data["staff_number"] = staff_number
    if email:
        data["email"] = str(email).lower()
    if values.get("is_active") is not None:
        data["is_active"] = values["is_active"]
    if person is None:
        services.person_create(data=data, user=actor, reason=f"imported from {source}")
        result.people_created += 1
        return
    before = person.version
    updated = services.person_update(
        instance=person,
        data=data,
        user=actor,
        expected_version=None,
        reason=f"imported from {source}",
    )
    if updated.version != before:
        result.people_updated += 1
    else:
        result.people_unchanged += 1
