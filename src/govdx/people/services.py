"""Every write to people and culture change: validated, in one transaction, with who did it.

`readiness_import` turns a readiness survey file (read and checked by
`govdx.domain.people.readiness_file`) into a survey's responses, all or nothing. How rows
become records, so that a user can predict them:

- The survey is found by name, ignoring case; when there is none it is created, dated the day
  given or today.
- A row's group must name a people group as "Department / Role family" (ignoring case and
  spacing, `govdx.domain.people.groups`). A group matching none is a problem of its row: the
  file is refused, naming the group, and nothing is guessed or created. Add the group first.
- A response matches the survey's response of the same respondent, ignoring case. The file is
  the survey: its scores and groups replace what was there, and a respondent the file no
  longer lists is removed.
- Importing the same file again changes nothing. Every change is in the records' history, with
  the file named as the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from govdx.core.permissions import SYSTEM, require
from govdx.core.permissions import Action as Permission
from govdx.core.services import record_create, record_delete, record_update
from govdx.domain.errors import Invalid
from govdx.domain.people.adkar import ELEMENTS
from govdx.domain.people.groups import match_group
from govdx.domain.people.readiness_file import SurveyFile, read_readiness_survey
from govdx.domain.tabular import ImportProblems, Problem, Source
from govdx.people import selectors
from govdx.people.models import (
    ChangeImpact,
    PeopleGroup,
    ReadinessGate,
    Survey,
    SurveyResponse,
)
from govdx.programme.models import Project
from govdx.programme.services import Counts

GROUP_COLUMN = "group"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


# --- people groups, change impacts and gates -------------------------------------------------


def _create(model: Any, data: Mapping[str, Any], user: Any, reason: str) -> Any:
    return record_create(model=model, data=data, user=user or SYSTEM, reason=reason)


def _update(instance: Any, data: Mapping[str, Any], user: Any, expected_version: int | None,
            reason: str) -> Any:  # fmt: skip
    return record_update(
        instance=instance, data=data, user=user or SYSTEM,
        expected_version=expected_version, reason=reason,
    )  # fmt: skip


@transaction.atomic
def people_group_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> PeopleGroup:
    return _create(PeopleGroup, data, user, reason)  # type: ignore[no-any-return]


@transaction.atomic
def people_group_update(
    *, instance: PeopleGroup, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> PeopleGroup:  # fmt: skip
    return _update(instance, data, user, expected_version, reason)  # type: ignore[no-any-return]


def people_group_delete(*, instance: PeopleGroup, user: Any) -> None:
    record_delete(instance=instance, user=user)


@transaction.atomic
def change_impact_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> ChangeImpact:
    return _create(ChangeImpact, data, user, reason)  # type: ignore[no-any-return]


@transaction.atomic
def change_impact_update(
    *, instance: ChangeImpact, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> ChangeImpact:  # fmt: skip
    return _update(instance, data, user, expected_version, reason)  # type: ignore[no-any-return]


def change_impact_delete(*, instance: ChangeImpact, user: Any) -> None:
    record_delete(instance=instance, user=user)


@transaction.atomic
def readiness_gate_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> ReadinessGate:
    return _create(ReadinessGate, data, user, reason)  # type: ignore[no-any-return]


@transaction.atomic
def readiness_gate_update(
    *, instance: ReadinessGate, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> ReadinessGate:  # fmt: skip
    return _update(instance, data, user, expected_version, reason)  # type: ignore[no-any-return]


def readiness_gate_delete(*, instance: ReadinessGate, user: Any) -> None:
    record_delete(instance=instance, user=user)


# --- readiness import ------------------------------------------------------------------------


@dataclass
class ReadinessImportResult:
    """What an import did, or would do on a dry run."""

    survey: str
    survey_created: bool = False
    rows: int = 0
    responses: Counts = field(default_factory=Counts)
    groups: tuple[str, ...] = ()
    ignored_headings: tuple[str, ...] = ()
    survey_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The `govdx people readiness import --json` object."""
        return {
            "survey": self.survey,
            "survey_created": self.survey_created,
            "rows": self.rows,
            "responses": self.responses.as_dict(),
            "groups": list(self.groups),
        }

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be" if dry_run else "were"
        made = f" (a new survey {verb} created)" if self.survey_created else ""
        r = self.responses
        lines = [
            f"{self.rows} responses read for {self.survey}{made}, from {len(self.groups)} "
            f"group{'' if len(self.groups) == 1 else 's'}: {r.created} {verb} created, "
            f"{r.updated} updated, {r.unchanged} unchanged, {r.removed} removed."
        ]
        if self.ignored_headings:
            lines.append("Columns not used: " + ", ".join(self.ignored_headings))
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


def _groups_of(survey_file: SurveyFile) -> tuple[dict[int, PeopleGroup], list[Problem]]:
    """Each row's people group, by row number; a problem for each row naming no group."""
    known = selectors.groups_by_key()
    found: dict[int, PeopleGroup] = {}
    problems: list[Problem] = []
    for row in survey_file.rows:
        group = match_group(row.response.group, known)
        if group is None:
            problems.append(
                Problem(
                    row.row,
                    GROUP_COLUMN,
                    f"“{row.response.group}” is not a people group; write the group as "
                    "“Department / Role family”, as the people groups page lists it, or add "
                    "the group first",
                )
            )
        else:
            found[row.row] = group
    return found, problems


def readiness_import(
    file: Source,
    *,
    survey_name: str,
    user: Any,
    filename: str | None = None,
    conducted_on: datetime.date | None = None,
    project: Project | None = None,
    dry_run: bool = False,
    today: datetime.date | None = None,
    sheet: str | None = None,
) -> ReadinessImportResult:
    """Check the whole survey file, then write the survey's responses in one transaction, or
    nothing. Raises ImportProblems listing every problem as (row, column, message), NotAllowed
    when the user may not import surveys, Invalid for a survey name that is empty. The rules
    are in the module docstring."""
    actor = user or SYSTEM
    name = " ".join(survey_name.split())
    if not name:
        message = "Name the survey the responses are for."
        raise Invalid(message, {"survey": [message]})
    require(actor, Permission.ADD, SurveyResponse)
    survey = Survey.objects.filter(name__iexact=name).first()
    if survey is None:
        require(actor, Permission.ADD, Survey)
    source_name = filename or (Path(file).name if isinstance(file, str | Path) else "upload")
    if isinstance(file, str | Path) and not Path(file).is_file():
        raise ImportProblems([Problem(None, None, f"There is no file at {file}.")])
    survey_file = read_readiness_survey(file, filename=source_name, sheet=sheet)
    groups, problems = _groups_of(survey_file)
    if problems:
        raise ImportProblems(problems)
    result = ReadinessImportResult(
        survey=survey.name if survey else name,
        survey_created=survey is None,
        rows=len(survey_file.rows),
        groups=tuple(sorted({g.name for g in groups.values()}, key=str.casefold)),
        ignored_headings=survey_file.ignored_headings,
    )
    reason = f"imported from {source_name}"[:100]
    try:
        with transaction.atomic():
            if survey is None:
                survey = record_create(
                    model=Survey,
                    data={"name": name, "conducted_on": conducted_on or today
                          or timezone.localdate(), "project": project, "source": source_name},
                    user=actor,
                    reason=reason,
                )  # fmt: skip
            elif survey.source != source_name:
                survey = record_update(
                    instance=survey, data={"source": source_name}, user=actor,
                    expected_version=None, reason=reason,
                )  # fmt: skip
            _write_responses(survey, survey_file, groups, actor, reason, result.responses)
            result.survey_id = survey.pk
            if dry_run:
                raise _DryRun
    except _DryRun:
        result.survey_id = None if result.survey_created else result.survey_id
    return result


def _write_responses(
    survey: Survey,
    survey_file: SurveyFile,
    groups: Mapping[int, PeopleGroup],
    actor: Any,
    reason: str,
    counts: Counts,
) -> None:
    existing = {r.respondent.strip().casefold(): r for r in survey.responses.all()}
    for row in survey_file.rows:
        response = row.response
        values: dict[str, Any] = {"group": groups[row.row]}
        values.update({e.value: response.score(e) for e in ELEMENTS})
        current = existing.pop(response.respondent.strip().casefold(), None)
        if current is None:
            record_create(
                model=SurveyResponse,
                data={"survey": survey, "respondent": response.respondent.strip(), **values},
                user=actor,
                reason=reason,
            )
            counts.created += 1
        elif any(getattr(current, key) != value for key, value in values.items()):
            record_update(
                instance=current, data=values, user=actor, expected_version=None, reason=reason
            )
            counts.updated += 1
        else:
            counts.unchanged += 1
    for gone in existing.values():
        record_delete(instance=gone, user=actor)
        counts.removed += 1
