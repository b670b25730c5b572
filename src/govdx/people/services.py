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
from collections.abc import Callable, Iterable, Mapping
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
from govdx.domain.people.framework_file import (
    FrameworkFile,
    FrameworkRow,
    folded,
    read_capability_framework,
)
from govdx.domain.people.groups import match_group
from govdx.domain.people.pulse_file import read_pulse_survey
from govdx.domain.people.readiness_file import SurveyFile, read_readiness_survey
from govdx.domain.tabular import ImportProblems, Problem, Source
from govdx.people import selectors
from govdx.people.models import (
    ChangeImpact,
    FrameworkRole,
    PeopleGroup,
    PulseResponse,
    PulseSurvey,
    ReadinessGate,
    Skill,
    SkillAssessment,
    SkillRequirement,
    SkillsFramework,
    StaffRole,
    Survey,
    SurveyResponse,
    TrainingPlan,
)
from govdx.programme.models import Project
from govdx.programme.services import Counts

GROUP_COLUMN = "group"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _all_or_nothing(write: Callable[[], Any], *, dry_run: bool, created: bool) -> int | None:
    """Run `write` in one transaction, rolled back on a dry run; the id of the record it
    returns, or None for a record a dry run would have created. Shared by every import."""
    pk: int | None = None
    try:
        with transaction.atomic():
            pk = write().pk
            if dry_run:
                raise _DryRun
    except _DryRun:
        return None if created else pk
    return pk


def _import_name(raw: str, field_name: str, message: str) -> str:
    """The name an import is for, its spacing tidied; Invalid, with `message`, when empty."""
    name = " ".join(raw.split())
    if not name:
        raise Invalid(message, {field_name: [message]})
    return name


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


def _groups_of(rows: Iterable[tuple[int, str]]) -> tuple[dict[int, PeopleGroup], list[Problem]]:
    """Each row's people group, by row number, from (row, group as written) pairs; a problem
    for each row naming no group. Shared by the readiness and pulse imports."""
    known = selectors.groups_by_key()
    found: dict[int, PeopleGroup] = {}
    problems: list[Problem] = []
    for number, name in rows:
        group = match_group(name, known)
        if group is None:
            problems.append(
                Problem(
                    number,
                    GROUP_COLUMN,
                    f"“{name}” is not a people group; write the group as "
                    "“Department / Role family”, as the people groups page lists it, or add "
                    "the group first",
                )
            )
        else:
            found[number] = group
    return found, problems


def _source_name(file: Source, filename: str | None) -> str:
    """The name a file is recorded under; ImportProblems when a path names no file."""
    if isinstance(file, str | Path) and not Path(file).is_file():
        raise ImportProblems([Problem(None, None, f"There is no file at {file}.")])
    return filename or (Path(file).name if isinstance(file, str | Path) else "upload")


def _sync_responses(
    existing: Mapping[str, Any],
    rows: Iterable[tuple[str, dict[str, Any]]],
    create: Mapping[str, Any],
    model: Any,
    actor: Any,
    reason: str,
    counts: Counts,
) -> None:
    """Make a survey's responses those of its file: `rows` are (respondent, values); a
    response matches by respondent ignoring case (`existing` is keyed so), is created with
    `create` added, updated where a value differs, and removed when the file no longer lists
    it. Shared by the readiness and pulse imports."""
    remaining = dict(existing)
    for respondent, values in rows:
        current = remaining.pop(respondent.strip().casefold(), None)
        if current is None:
            record_create(
                model=model,
                data={**create, "respondent": respondent.strip(), **values},
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
    for gone in remaining.values():
        record_delete(instance=gone, user=actor)
        counts.removed += 1


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
    name = _import_name(survey_name, "survey", "Name the survey the responses are for.")
    require(actor, Permission.ADD, SurveyResponse)
    survey = Survey.objects.filter(name__iexact=name).first()
    if survey is None:
        require(actor, Permission.ADD, Survey)
    source_name = _source_name(file, filename)
    survey_file = read_readiness_survey(file, filename=source_name, sheet=sheet)
    groups, problems = _groups_of((row.row, row.response.group) for row in survey_file.rows)
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

    def write() -> Survey:
        written = survey
        if written is None:
            written = record_create(
                model=Survey,
                data={"name": name, "conducted_on": conducted_on or today
                      or timezone.localdate(), "project": project, "source": source_name},
                user=actor,
                reason=reason,
            )  # fmt: skip
        elif written.source != source_name:
            written = record_update(
                instance=written, data={"source": source_name}, user=actor,
                expected_version=None, reason=reason,
            )  # fmt: skip
        _write_responses(written, survey_file, groups, actor, reason, result.responses)
        return written

    result.survey_id = _all_or_nothing(write, dry_run=dry_run, created=result.survey_created)
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
    rows = (
        (row.response.respondent,
         {"group": groups[row.row], **{e.value: row.response.score(e) for e in ELEMENTS}})
        for row in survey_file.rows
    )  # fmt: skip
    _sync_responses(existing, rows, {"survey": survey}, SurveyResponse, actor, reason, counts)


# --- skills and training -----------------------------------------------------------------------
#
# `framework_import` reads a capability framework file (`govdx.domain.people.framework_file`)
# into a framework, all or nothing. The framework is versioned reference data:
#
# - It is found by name, ignoring case, and created (version 1) when there is none.
# - Roles match by name and role level, skills by name, ignoring case. The file is the new
#   version: what it lists is added or updated, a role's requirements it no longer lists are
#   removed, and a role or skill it no longer lists is retired (marked with the version that
#   dropped it), never deleted. People's roles, assessments and training plans point at roles
#   and skills, so none is lost: a person on a retired role keeps it until given a new one,
#   and their assessments of a retired skill stay in their record.
# - A role or skill listed again comes back. An import that changes anything raises the
#   framework's version by one; importing the same file again changes nothing.


@dataclass
class FrameworkImportResult:
    """What a framework import did, or would do on a dry run."""

    framework: str
    framework_created: bool = False
    version: int = 1
    rows: int = 0
    roles: Counts = field(default_factory=Counts)
    skills: Counts = field(default_factory=Counts)
    requirements: Counts = field(default_factory=Counts)
    ignored_headings: tuple[str, ...] = ()
    framework_id: int | None = None

    @property
    def changed(self) -> bool:
        return any(
            counts.created or counts.updated or counts.removed
            for counts in (self.roles, self.skills, self.requirements)
        )

    def as_dict(self) -> dict[str, Any]:
        """The `govdx people skills import --json` object; `removed` roles and skills are the
        ones retired."""
        return {
            "framework": self.framework,
            "framework_created": self.framework_created,
            "version": self.version,
            "rows": self.rows,
            "roles": self.roles.as_dict(),
            "skills": self.skills.as_dict(),
            "requirements": self.requirements.as_dict(),
        }

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be" if dry_run else "were"
        made = " (a new framework)" if self.framework_created else ""

        def told(noun: str, counts: Counts, gone: str) -> str:
            return (
                f"{noun}: {counts.created} added, {counts.updated} updated, "
                f"{counts.unchanged} unchanged, {counts.removed} {gone}"
            )

        lines = [
            f"{self.rows} rows read for {self.framework}{made}, version {self.version}; "
            f"changes {verb} made as follows.",
            told("Roles", self.roles, "retired"),
            told("Skills", self.skills, "retired"),
            told("Requirements", self.requirements, "removed"),
        ]
        if self.ignored_headings:
            lines.append("Columns not used: " + ", ".join(self.ignored_headings))
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


def framework_import(
    file: Source,
    *,
    framework_name: str,
    user: Any,
    filename: str | None = None,
    dry_run: bool = False,
    sheet: str | None = None,
) -> FrameworkImportResult:
    """Check the whole framework file, then write it as the framework's next version in one
    transaction, or nothing. Raises ImportProblems (row, column, message), NotAllowed, or
    Invalid for an empty framework name. The rules are in the comment above."""
    actor = user or SYSTEM
    name = _import_name(framework_name, "framework", "Name the skills framework the file is for.")
    require(actor, Permission.ADD, SkillRequirement)
    framework = SkillsFramework.objects.filter(name__iexact=name).first()
    if framework is None:
        require(actor, Permission.ADD, SkillsFramework)
    source_name = _source_name(file, filename)
    framework_file = read_capability_framework(file, filename=source_name, sheet=sheet)
    result = FrameworkImportResult(
        framework=framework.name if framework else name,
        framework_created=framework is None,
        version=framework.framework_version if framework else 1,
        rows=len(framework_file.rows),
        ignored_headings=framework_file.ignored_headings,
    )
    reason = f"imported from {source_name}"[:100]

    def write() -> SkillsFramework:
        written = framework
        if written is None:
            written = record_create(
                model=SkillsFramework,
                data={"name": name, "source": source_name},
                user=actor,
                reason=reason,
            )
        next_version = written.framework_version + (0 if result.framework_created else 1)
        _FrameworkWriter(written, next_version, actor, reason, result).write(framework_file)
        if result.changed and not result.framework_created:
            written = record_update(
                instance=written,
                data={"framework_version": next_version, "source": source_name},
                user=actor, expected_version=None, reason=reason,
            )  # fmt: skip
        result.version = written.framework_version
        return written

    result.framework_id = _all_or_nothing(write, dry_run=dry_run, created=result.framework_created)
    return result


@dataclass
class _FrameworkWriter:
    """Writes one framework file into `framework` as version `version`."""

    framework: SkillsFramework
    version: int
    actor: Any
    reason: str
    result: FrameworkImportResult

    def _save(self, instance: Any, values: Mapping[str, Any], counts: Counts) -> Any:
        if any(getattr(instance, key) != value for key, value in values.items()):
            counts.updated += 1
            return record_update(
                instance=instance, data=values, user=self.actor, expected_version=None,
                reason=self.reason,
            )  # fmt: skip
        counts.unchanged += 1
        return instance

    def _retire(self, instances: Any, counts: Counts) -> None:
        for instance in instances:
            if instance.retired_in is None:
                record_update(
                    instance=instance, data={"retired_in": self.version}, user=self.actor,
                    expected_version=None, reason=self.reason,
                )  # fmt: skip
                counts.removed += 1

    def write(self, framework_file: FrameworkFile) -> None:
        skills = {folded(s.name): s for s in self.framework.skills.all()}
        by_name: dict[str, Skill] = {}
        for skill_name in framework_file.skills:
            current = skills.pop(folded(skill_name), None)
            if current is None:
                by_name[folded(skill_name)] = self._create(
                    Skill, {"framework": self.framework, "name": skill_name}, self.result.skills
                )
            else:
                by_name[folded(skill_name)] = self._save(
                    current, {"name": skill_name, "retired_in": None}, self.result.skills
                )
        self._retire(skills.values(), self.result.skills)
        roles = {(folded(r.name), folded(r.level)): r for r in self.framework.roles.all()}
        for family, role_name, role_level in framework_file.roles:
            values = {"role_family": family, "name": role_name, "level": role_level}
            current_role = roles.pop((folded(role_name), folded(role_level)), None)
            if current_role is None:
                role = self._create(
                    FrameworkRole, {"framework": self.framework, **values}, self.result.roles
                )
            else:
                role = self._save(current_role, {**values, "retired_in": None}, self.result.roles)
            rows = [row for row in framework_file.rows
                    if row.role_key == (folded(role_name), folded(role_level))]  # fmt: skip
            self._write_requirements(role, rows, by_name)
        self._retire(roles.values(), self.result.roles)

    def _create(self, model: Any, data: Mapping[str, Any], counts: Counts) -> Any:
        counts.created += 1
        return record_create(model=model, data=data, user=self.actor, reason=self.reason)

    def _write_requirements(
        self, role: FrameworkRole, rows: list[FrameworkRow], skills: Mapping[str, Skill]
    ) -> None:
        counts = self.result.requirements
        existing = {req.skill_id: req for req in role.requirements.all()}
        for row in rows:
            skill = skills[folded(row.skill)]
            values = {"level": int(row.level), "description": row.description}
            current = existing.pop(skill.pk, None)
            if current is None:
                self._create(SkillRequirement, {"role": role, "skill": skill, **values}, counts)
            else:
                self._save(current, values, counts)
        for gone in existing.values():
            record_delete(instance=gone, user=self.actor)
            counts.removed += 1


@transaction.atomic
def skills_framework_update(
    *, instance: SkillsFramework, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> SkillsFramework:  # fmt: skip
    """Rename or describe a framework; its roles and skills change only by import."""
    return _update(instance, data, user, expected_version, reason)  # type: ignore[no-any-return]


@transaction.atomic
def staff_role_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> StaffRole:
    return _create(StaffRole, data, user, reason)  # type: ignore[no-any-return]


@transaction.atomic
def staff_role_update(
    *, instance: StaffRole, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> StaffRole:  # fmt: skip
    return _update(instance, data, user, expected_version, reason)  # type: ignore[no-any-return]


def staff_role_delete(*, instance: StaffRole, user: Any) -> None:
    record_delete(instance=instance, user=user)


@transaction.atomic
def skill_assessment_create(
    *, data: Mapping[str, Any], user: Any, reason: str = ""
) -> SkillAssessment:
    return _create(SkillAssessment, data, user, reason)  # type: ignore[no-any-return]


@transaction.atomic
def skill_assessment_update(
    *, instance: SkillAssessment, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> SkillAssessment:  # fmt: skip
    return _update(instance, data, user, expected_version, reason)  # type: ignore[no-any-return]


def skill_assessment_delete(*, instance: SkillAssessment, user: Any) -> None:
    record_delete(instance=instance, user=user)


@transaction.atomic
def training_plan_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> TrainingPlan:
    return _create(TrainingPlan, data, user, reason)  # type: ignore[no-any-return]


@transaction.atomic
def training_plan_update(
    *, instance: TrainingPlan, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> TrainingPlan:  # fmt: skip
    return _update(instance, data, user, expected_version, reason)  # type: ignore[no-any-return]


def training_plan_delete(*, instance: TrainingPlan, user: Any) -> None:
    record_delete(instance=instance, user=user)


# --- culture pulse -----------------------------------------------------------------------------
#
# `pulse_import` reads a pulse file (`govdx.domain.people.pulse_file`) into a pulse's responses,
# all or nothing, by the readiness import's rules (groups must exist, the file is the pulse,
# the same file again changes nothing). A new pulse takes its questions from the file's
# headings, in their order; a later file for the same pulse must ask the same questions (any
# order): to change the questions, import the file as a new pulse.


@dataclass
class PulseImportResult:
    """What a pulse import did, or would do on a dry run."""

    pulse: str
    pulse_created: bool = False
    questions: tuple[str, ...] = ()
    rows: int = 0
    comments: int = 0
    responses: Counts = field(default_factory=Counts)
    groups: tuple[str, ...] = ()
    pulse_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The `govdx people pulse import --json` object."""
        return {
            "pulse": self.pulse,
            "pulse_created": self.pulse_created,
            "questions": list(self.questions),
            "rows": self.rows,
            "comments": self.comments,
            "responses": self.responses.as_dict(),
            "groups": list(self.groups),
        }

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be" if dry_run else "were"
        made = f" (a new pulse {verb} created)" if self.pulse_created else ""
        r = self.responses
        lines = [
            f"{self.rows} responses read for {self.pulse}{made}, {len(self.questions)} "
            f"questions, {self.comments} comments, from {len(self.groups)} "
            f"group{'' if len(self.groups) == 1 else 's'}: {r.created} {verb} created, "
            f"{r.updated} updated, {r.unchanged} unchanged, {r.removed} removed."
        ]
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


def pulse_import(
    file: Source,
    *,
    pulse_name: str,
    user: Any,
    filename: str | None = None,
    conducted_on: datetime.date | None = None,
    dry_run: bool = False,
    today: datetime.date | None = None,
    sheet: str | None = None,
) -> PulseImportResult:
    """Check the whole pulse file, then write the pulse's responses in one transaction, or
    nothing. Raises ImportProblems listing every problem as (row, column, message), NotAllowed
    when the user may not import pulses, Invalid for an empty name. The rules are above."""
    actor = user or SYSTEM
    name = _import_name(pulse_name, "pulse", "Name the pulse the responses are for.")
    require(actor, Permission.ADD, PulseResponse)
    pulse = PulseSurvey.objects.filter(name__iexact=name).first()
    if pulse is None:
        require(actor, Permission.ADD, PulseSurvey)
    source_name = _source_name(file, filename)
    pulse_file = read_pulse_survey(
        file, questions=pulse.questions if pulse else None, filename=source_name, sheet=sheet
    )
    groups, problems = _groups_of((row.row, row.response.group) for row in pulse_file.rows)
    if problems:
        raise ImportProblems(problems)
    result = PulseImportResult(
        pulse=pulse.name if pulse else name,
        pulse_created=pulse is None,
        questions=pulse_file.questions,
        rows=len(pulse_file.rows),
        comments=sum(1 for row in pulse_file.rows if row.response.comment.strip()),
        groups=tuple(sorted({g.name for g in groups.values()}, key=str.casefold)),
    )
    reason = f"imported from {source_name}"[:100]

    def write() -> PulseSurvey:
        written = pulse
        if written is None:
            written = record_create(
                model=PulseSurvey,
                data={"name": name, "conducted_on": conducted_on or today
                      or timezone.localdate(), "questions": list(pulse_file.questions),
                      "source": source_name},
                user=actor,
                reason=reason,
            )  # fmt: skip
        elif written.source != source_name:
            written = record_update(
                instance=written, data={"source": source_name}, user=actor,
                expected_version=None, reason=reason,
            )  # fmt: skip
        existing = {r.respondent.strip().casefold(): r for r in written.responses.all()}
        rows = (
            (row.response.respondent,
             {"group": groups[row.row], "scores": list(row.response.scores),
              "comment": row.response.comment.strip()})
            for row in pulse_file.rows
        )  # fmt: skip
        _sync_responses(
            existing, rows, {"pulse": written}, PulseResponse, actor, reason, result.responses
        )
        return written

    result.pulse_id = _all_or_nothing(write, dry_run=dry_run, created=result.pulse_created)
    return result
