"""Every write to governance: validated, in one transaction, with who did it and why.

`raci_import` turns a RACI grid file (read and checked by `govdx.domain.governance.raci_file`)
into a project's grid, all or nothing. How the file becomes records, so that a user can
predict it:

- The project is found by name, ignoring case; there must be one.
- Each person column is a person by full name or email, ignoring case; a heading that matches
  nobody, or more than one person, is a problem of the heading row, in that column.
- The file is the grid: its rows, in order, and each person's part replace the project's grid;
  a row the file no longer lists is removed. Importing the same file again changes nothing.
  Every change is in the records' history, with the file named as the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from govdx.core.permissions import SYSTEM, Action, require
from govdx.core.services import record_create, record_delete, record_update
from govdx.domain.errors import Invalid
from govdx.domain.governance.raci import format_assignment, parse_assignment
from govdx.domain.governance.raci_file import read_raci_grid
from govdx.domain.governance.strategy import check_kpi
from govdx.domain.tabular import ImportProblems, Problem, Source
from govdx.governance import selectors
from govdx.governance.models import (
    Board,
    BoardAction,
    Decision,
    KeyPerformanceIndicator,
    KpiActual,
    MaturityAssessment,
    MaturityScore,
    Meeting,
    Membership,
    Objective,
    Paper,
    RaciAssignment,
    RaciRow,
)
from govdx.org.models import Department, Person
from govdx.programme.models import Project

LARGEST_PAPER = 20 * 1024 * 1024
"""The largest paper file kept, in bytes."""


def _refuse(field: str, message: str) -> None:
    raise Invalid(message, {field: [message]})


# --- boards ----------------------------------------------------------------------------------


def board_create(*, data: Mapping[str, Any], user: Any) -> Board:
    return record_create(model=Board, data=data, user=user)


def board_update(
    *, instance: Board, data: Mapping[str, Any], user: Any, expected_version: int | None
) -> Board:
    return record_update(instance=instance, data=data, user=user, expected_version=expected_version)


def board_delete(*, instance: Board, user: Any) -> None:
    record_delete(instance=instance, user=user)


@transaction.atomic
def membership_add(*, board: Board, person: Person, role: str, user: Any) -> Membership:
    """Seat `person` on `board` with `role`; a person already seated takes the new role."""
    require(user, Action.CHANGE, board)
    current = Membership.objects.filter(board=board, person=person).first()
    if current is not None:
        return record_update(
            instance=current, data={"role": role}, user=user, expected_version=None
        )
    return record_create(
        model=Membership, data={"board": board, "person": person, "role": role}, user=user
    )


def membership_remove(*, membership: Membership, user: Any) -> None:
    record_delete(instance=membership, user=user)


# --- meetings and papers ---------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, board: Board, data: Mapping[str, Any], user: Any) -> Meeting:
    require(user, Action.CHANGE, board)
    return record_create(model=Meeting, data={**data, "board": board}, user=user)


def meeting_update(
    *, instance: Meeting, data: Mapping[str, Any], user: Any, expected_version: int | None
) -> Meeting:
    return record_update(instance=instance, data=data, user=user, expected_version=expected_version)


def _file_values(upload: Any) -> dict[str, Any]:
    if upload is None:
        return {}
    size = getattr(upload, "size", None)
    if size is not None and size > LARGEST_PAPER:
        _refuse("file", f"The file is larger than {LARGEST_PAPER // (1024 * 1024)} MiB.")
    content = upload.read()
    if len(content) > LARGEST_PAPER:
        _refuse("file", f"The file is larger than {LARGEST_PAPER // (1024 * 1024)} MiB.")
    return {
        "filename": Path(getattr(upload, "name", "") or "paper").name[:200],
        "content_type": (getattr(upload, "content_type", "") or "application/octet-stream")[:100],
        "content": content,
    }


@transaction.atomic
def paper_create(
    *, meeting: Meeting, data: Mapping[str, Any], user: Any, upload: Any = None
) -> Paper:
    """Add a paper to `meeting`, with its file when one is given."""
    require(user, Action.CHANGE, meeting)
    values = {**data, "meeting": meeting, **_file_values(upload)}
    values.pop("file", None)
    return record_create(model=Paper, data=values, user=user)


@transaction.atomic
def paper_update(
    *,
    instance: Paper,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    upload: Any = None,
) -> Paper:
    values = {**data, **_file_values(upload)}
    values.pop("file", None)
    return record_update(
        instance=instance, data=values, user=user, expected_version=expected_version
    )


# --- decisions and actions -------------------------------------------------------------------


def _check_meeting(values: Mapping[str, Any]) -> None:
    meeting, board = values.get("meeting"), values.get("board")
    if meeting is not None and board is not None and meeting.board_id != board.pk:
        _refuse("meeting", f"That meeting is of {meeting.board}, not of {board}.")


@transaction.atomic
def decision_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Decision:
    """Log a decision; the projects it concerns (`projects`) are kept in its history."""
    _check_meeting(data)
    return record_create(model=Decision, data=data, user=user, reason=reason)


@transaction.atomic
def decision_update(
    *,
    instance: Decision,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Decision:
    """Change a decision; linking or unlinking a project is a change kept in its history."""
    _check_meeting({"board": data.get("board", instance.board), **data})
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def decision_delete(*, instance: Decision, user: Any) -> None:
    record_delete(instance=instance, user=user)


def _check_action(values: Mapping[str, Any]) -> None:
    decision, board = values.get("decision"), values.get("board")
    if decision is not None and board is not None and decision.board_id != board.pk:
        _refuse("decision", f"That decision is of {decision.board}, not of {board}.")


@transaction.atomic
def action_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> BoardAction:
    _check_action(data)
    return record_create(model=BoardAction, data=data, user=user, reason=reason)


@transaction.atomic
def action_update(
    *,
    instance: BoardAction,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> BoardAction:
    _check_action({"board": data.get("board", instance.board), **data})
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def action_delete(*, instance: BoardAction, user: Any) -> None:
    record_delete(instance=instance, user=user)


@transaction.atomic
def action_complete(*, action: BoardAction, on: datetime.date, user: Any) -> BoardAction:
    """Mark the action done on `on`; Invalid when it is done already."""
    if action.completed_on is not None:
        raise Invalid(f"The action was completed on {action.completed_on.isoformat()} already.")
    return record_update(
        instance=action, data={"completed_on": on}, user=user, expected_version=None
    )


# --- RACI ------------------------------------------------------------------------------------


@dataclass
class RaciSaveResult:
    """What a grid save or import changed."""

    project: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The `govdx governance raci import --json` object."""
        return {
            "project": self.project,
            "rows": self.rows,
            "entries": {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "removed": self.removed,
            },
        }

    def summary(self) -> str:
        return (
            f"{self.rows} RACI rows saved for {self.project}: {self.created} entries created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.removed} removed."
        )


GridInput = Sequence[tuple[str, Mapping[Person, str]]]
"""A grid as a page or a file gives it: (row name, {person: "A/R"}) in order."""


def _check_grid(grid: GridInput) -> None:
    seen: set[str] = set()
    errors: dict[str, list[str]] = {}
    for name, cells in grid:
        clean = " ".join(name.split())
        if not clean:
            errors.setdefault("rows", []).append("Give every row a name.")
            continue
        if clean.casefold() in seen:
            errors.setdefault("rows", []).append(f"Two rows are called “{clean}”.")
        seen.add(clean.casefold())
        for person, text in cells.items():
            try:
                parse_assignment(text)
            except Invalid as error:
                errors.setdefault("rows", []).append(f"{clean}, {person}: {error.message}")
    if errors:
        raise Invalid("The grid was not saved: " + " ".join(errors["rows"]), errors)


@transaction.atomic
def raci_save(*, project: Project, grid: GridInput, user: Any, reason: str = "") -> RaciSaveResult:
    """Make the project's RACI grid `grid`: rows in its order, each person's part as given
    (blank for none). Rows not in `grid` are removed. Invalid, naming row and person, for a
    cell that is not a RACI entry, a row without a name or two rows of one name."""
    actor = user or SYSTEM
    require(actor, Action.CHANGE, project)
    _check_grid(grid)
    result = RaciSaveResult(project=project.name, rows=len(grid))
    existing = {row.name.casefold(): row for row in selectors.raci_rows_of(project)}
    kept: set[int] = set()
    for position, (raw_name, cells) in enumerate(grid):
        name = " ".join(raw_name.split())
        row = existing.get(name.casefold())
        if row is None:
            row = record_create(
                model=RaciRow,
                data={"project": project, "name": name, "position": position},
                user=actor,
                reason=reason,
            )
            current: dict[int, RaciAssignment] = {}
        else:
            if row.name != name or row.position != position:
                row = record_update(
                    instance=row, data={"name": name, "position": position}, user=actor,
                    expected_version=None, reason=reason,
                )  # fmt: skip
            current = {a.person_id: a for a in row.assignments.all()}
        kept.add(row.pk)
        wanted = {
            person: format_assignment(parse_assignment(text)) for person, text in cells.items()
        }
        for person, roles in wanted.items():
            entry = current.pop(person.pk, None)
            if not roles:
                if entry is not None:
                    record_delete(instance=entry, user=actor)
                    result.removed += 1
                continue
            if entry is None:
                record_create(
                    model=RaciAssignment, data={"row": row, "person": person, "roles": roles},
                    user=actor, reason=reason,
                )  # fmt: skip
                result.created += 1
            elif entry.roles != roles:
                record_update(instance=entry, data={"roles": roles}, user=actor,
                              expected_version=None, reason=reason)  # fmt: skip
                result.updated += 1
            else:
                result.unchanged += 1
        for entry in current.values():  # people the grid no longer names in this row
            record_delete(instance=entry, user=actor)
            result.removed += 1
    for row in existing.values():
        if row.pk not in kept:
            result.removed += row.assignments.count()
            record_delete(instance=row, user=actor)
    return result


def _people_by_heading(
    headings: Sequence[str], header_row: int
) -> tuple[dict[str, Person], list[Problem]]:
    query = Q()
    for text in headings:
        query |= Q(full_name__iexact=text.strip()) | Q(email__iexact=text.strip())
    found: dict[str, list[Person]] = {}
    for person in Person.objects.filter(query) if headings else []:
        for key in {person.full_name.casefold(), (person.email or "").casefold()} - {""}:
            found.setdefault(key, []).append(person)
    people: dict[str, Person] = {}
    problems: list[Problem] = []
    for heading in headings:
        matches = found.get(heading.strip().casefold(), [])
        if len(matches) == 1:
            people[heading] = matches[0]
        elif not matches:
            problems.append(
                Problem(header_row, heading, f"There is no person called “{heading}”: add them "
                        "to the organisation first, or head the column with their email.")
            )  # fmt: skip
        else:
            problems.append(
                Problem(header_row, heading, f"{len(matches)} people are called “{heading}”: "
                        "head the column with their email instead.")
            )  # fmt: skip
    return people, problems


def raci_import(
    file: Source,
    *,
    project_name: str,
    user: Any,
    filename: str | None = None,
    sheet: str | None = None,
) -> RaciSaveResult:
    """Check the whole RACI file, then write the project's grid in one transaction, or
    nothing. Raises ImportProblems listing every problem as (row, column, message), NotFound
    for a project that does not exist, NotAllowed when the user may not change it. The rules
    are in the module docstring."""
    actor = user or SYSTEM
    project = selectors.project_named(project_name)
    require(actor, Action.CHANGE, project)
    source_name = filename or (Path(file).name if isinstance(file, str | Path) else "upload")
    if isinstance(file, str | Path) and not Path(file).is_file():
        raise ImportProblems([Problem(None, None, f"There is no file at {file}.")])
    grid = read_raci_grid(file, filename=source_name, sheet=sheet)
    people, problems = _people_by_heading(grid.people, grid.header_row)
    if problems:
        raise ImportProblems(problems)
    rows = [
        (
            row.raci.name,
            {people[a.person]: format_assignment(a.roles) for a in row.raci.assignments},
        )
        for row in grid.rows
    ]
    return raci_save(project=project, grid=rows, user=actor, reason=f"imported from {source_name}")


# --- digital maturity ------------------------------------------------------------------------


@transaction.atomic
def maturity_assessment_record(
    *,
    department: Department,
    assessed_on: datetime.date,
    scores: Mapping[str, tuple[int, int | None, str]],
    user: Any,
    model_key: str = "oecd_dgpf",
    assessed_by: Person | None = None,
) -> MaturityAssessment:
    """Record the department's assessment on `assessed_on`: for each dimension key, (score,
    target or None, evidence). The model checks it whole (every dimension scored once, on its
    scale). An assessment already held that day takes the new scores."""
    from govdx.domain.governance import maturity as kernel

    model = selectors.maturity_model(model_key)
    kernel.score_maturity(
        model,
        kernel.Assessment(
            department.name,
            assessed_on,
            tuple(
                kernel.DimensionScore(key, score, target, evidence)
                for key, (score, target, evidence) in scores.items()
            ),
        ),
    )
    assessment = MaturityAssessment.objects.filter(
        department=department, model_key=model.key, assessed_on=assessed_on
    ).first()
    data = {"department": department, "model_key": model.key, "model_version": model.version,
            "assessed_on": assessed_on, "assessed_by": assessed_by}  # fmt: skip
    if assessment is None:
        assessment = record_create(model=MaturityAssessment, data=data, user=user)
    else:
        assessment = record_update(instance=assessment, data=data, user=user, expected_version=None)
    current = {s.dimension: s for s in assessment.scores.all()}
    for key, (score, target, evidence) in scores.items():
        values = {"score": score, "target": target, "evidence": evidence}
        if key in current:
            record_update(instance=current[key], data=values, user=user, expected_version=None)
        else:
            record_create(
                model=MaturityScore,
                data={"assessment": assessment, "dimension": key, **values},
                user=user,
            )
    return assessment


# --- strategy --------------------------------------------------------------------------------


@transaction.atomic
def objective_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Objective:
    """Set an objective; the projects and benefits serving it are kept in its history."""
    return record_create(model=Objective, data=data, user=user, reason=reason)


@transaction.atomic
def objective_update(
    *,
    instance: Objective,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
    reason: str = "",
) -> Objective:
    """Change an objective; linking or unlinking a project or benefit is a change of the
    objective, with a new version, kept in its history."""
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version, reason=reason
    )


def objective_delete(*, instance: Objective, user: Any) -> None:
    record_delete(instance=instance, user=user)


def _check_kpi(values: Mapping[str, Any]) -> None:
    if all(values.get(name) is not None for name in ("baseline", "target", "baseline_on",
                                                     "target_on")):  # fmt: skip
        check_kpi(baseline=values["baseline"], target=values["target"],
                  baseline_on=values["baseline_on"], target_on=values["target_on"])  # fmt: skip


@transaction.atomic
def kpi_create(
    *, objective: Objective, data: Mapping[str, Any], user: Any
) -> KeyPerformanceIndicator:
    require(user, Action.CHANGE, objective)
    values = {**data, "objective": objective}
    _check_kpi(values)
    return record_create(model=KeyPerformanceIndicator, data=values, user=user)


@transaction.atomic
def kpi_update(
    *,
    instance: KeyPerformanceIndicator,
    data: Mapping[str, Any],
    user: Any,
    expected_version: int | None,
) -> KeyPerformanceIndicator:
    names = ("baseline", "target", "baseline_on", "target_on")
    _check_kpi({**{name: getattr(instance, name) for name in names}, **data})
    return record_update(instance=instance, data=data, user=user, expected_version=expected_version)


@transaction.atomic
def kpi_actual_record(
    *, kpi: KeyPerformanceIndicator, measured_on: datetime.date, value: Any, user: Any
) -> KpiActual:
    """Record the KPI's measure on a day; an actual already held that day takes the new value."""
    require(user, Action.CHANGE, kpi)
    current = KpiActual.objects.filter(kpi=kpi, measured_on=measured_on).first()
    if current is not None:
        return record_update(
            instance=current, data={"value": value}, user=user, expected_version=None
        )
    return record_create(
        model=KpiActual, data={"kpi": kpi, "measured_on": measured_on, "value": value}, user=user
    )
