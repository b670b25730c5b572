"""People and culture change: people groups, the change each project brings them, readiness
surveys on the ADKAR model, and readiness gates that a programme milestone waits on; each
change kept in history.

A readiness figure (a mean, a barrier point, a share ready, a gate's state) is never stored:
`govdx.domain.people.adkar` works it out from the responses each time it is shown.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from govdx.core.models import Record
from govdx.core.permissions import AccessRule
from govdx.domain.governance.access import Policy, Role
from govdx.domain.people.adkar import HIGHEST_SCORE, LOWEST_SCORE
from govdx.domain.people.groups import group_name
from govdx.people.choices import DEGREE_COLOURS, DegreeChoice, SkillLevelChoice

ADMIN = Role.ADMINISTRATOR
CHANGE_WRITERS = frozenset({ADMIN, Role.CHANGE_MANAGER})
"""Who keeps the surveys: administrators and change managers, organisation-wide."""
GROUP_WRITERS = frozenset({ADMIN, Role.CHANGE_MANAGER, Role.DEPARTMENT_LEAD})
"""Who keeps people groups and change impacts: a department lead only for their own
department's groups."""
GATE_WRITERS = frozenset({ADMIN, Role.CHANGE_MANAGER, Role.PROGRAMME_MANAGER})
"""Who sets readiness gates on milestones: change and programme managers together."""
SCORE = [MinValueValidator(LOWEST_SCORE), MaxValueValidator(HIGHEST_SCORE)]


class PeopleGroup(Record):
    """People who work alike in one department (a role family), with how many they are: the
    unit a change is planned, surveyed and gated for."""

    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="people_groups"
    )
    role_family = models.CharField(
        max_length=200,
        help_text="The kind of work the group does, such as “Benefits assessors” or "
        "“Contact centre advisers”.",
    )
    headcount = models.PositiveIntegerField(default=0, help_text="How many people the group has.")
    description = models.TextField(blank=True)

    access = AccessRule(Policy(writers=GROUP_WRITERS), department_field="department")

    class Meta:
        ordering: ClassVar[list[str]] = ["department__name", "role_family"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "department",
                Lower("role_family"),
                name="people_group_role_family_unique",
                violation_error_message="The department already has a group of this role family.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """ "Department / Role family", as survey files name the group."""
        return group_name(self.department.name, self.role_family)

    def get_absolute_url(self) -> str:
        return reverse("people:peoplegroup_detail", args=[self.pk])


class ChangeImpact(Record):
    """How much a project changes a people group's work, and what changes for them."""

    project = models.ForeignKey(
        "programme.Project", on_delete=models.CASCADE, related_name="change_impacts"
    )
    group = models.ForeignKey(PeopleGroup, on_delete=models.CASCADE, related_name="impacts")
    degree = models.CharField(max_length=10, choices=DegreeChoice.choices)
    what_changes = models.TextField(
        blank=True, help_text="What changes for the group: processes, systems, roles, skills."
    )

    access = AccessRule(Policy(writers=GROUP_WRITERS), department_field="group__department")

    class Meta:
        ordering: ClassVar[list[str]] = ["project__name", "group__department__name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project",
                "group",
                name="people_change_impact_unique",
                violation_error_message="This project's impact on this group is already "
                "recorded; change that one.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} on {self.group}"

    @property
    def colour(self) -> str:
        """The colour of its degree on the heat map and in tags."""
        return DEGREE_COLOURS[self.degree]

    def get_absolute_url(self) -> str:
        return self.group.get_absolute_url() + "#impacts"


class Survey(Record):
    """A readiness survey on the ADKAR model: its name, when it was held, the project it was
    held for (if one) and the file its responses were last imported from."""

    name = models.CharField(max_length=200, unique=True)
    conducted_on = models.DateField("date", help_text="When the survey was held.")
    project = models.ForeignKey(
        "programme.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="readiness_surveys",
        help_text="The project the survey was held for, if one.",
    )
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="The file the responses were last imported from."
    )

    access = AccessRule(Policy(writers=CHANGE_WRITERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["-conducted_on", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:survey_detail", args=[self.pk])


class SurveyResponse(Record):
    """One respondent's answers to a survey: their group and a score from 1 (lowest) to 5
    (highest) for each ADKAR element."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(
        max_length=200, help_text="Who answered: an id, a name or an email, once per survey."
    )
    group = models.ForeignKey(PeopleGroup, on_delete=models.PROTECT, related_name="responses")
    awareness = models.PositiveSmallIntegerField(validators=SCORE)
    desire = models.PositiveSmallIntegerField(validators=SCORE)
    knowledge = models.PositiveSmallIntegerField(validators=SCORE)
    ability = models.PositiveSmallIntegerField(validators=SCORE)
    reinforcement = models.PositiveSmallIntegerField(validators=SCORE)

    access = AccessRule(Policy(writers=CHANGE_WRITERS), department_field="group__department")

    class Meta:
        ordering: ClassVar[list[str]] = ["survey", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "survey",
                Lower("respondent"),
                name="people_survey_response_respondent_unique",
                violation_error_message="This respondent already answered the survey.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent} in {self.survey}"

    def get_absolute_url(self) -> str:
        return self.survey.get_absolute_url()


class ReadinessGate(Record):
    """A milestone's condition on a group's readiness: at least `threshold` (a share, 0.7 for
    70%) of the group's respondents ready, in the survey named or, with none named, in the
    latest survey the group answered."""

    milestone = models.ForeignKey(
        "programme.Activity",
        on_delete=models.CASCADE,
        related_name="readiness_gates",
        help_text="The milestone of a project's plan that waits on the group's readiness.",
    )
    group = models.ForeignKey(PeopleGroup, on_delete=models.PROTECT, related_name="readiness_gates")
    survey = models.ForeignKey(
        Survey,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="readiness_gates",
        help_text="Leave empty to judge the gate on the latest survey the group answered.",
    )
    threshold = models.DecimalField(
        "share ready needed",
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal(1))],
        help_text="A share from 0 to 1 of the group's respondents: 0.7 for 70%.",
    )

    access = AccessRule(
        Policy(writers=GATE_WRITERS), department_field="milestone__project__department"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["milestone__project__name", "milestone__position", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "milestone",
                "group",
                name="people_readiness_gate_unique",
                violation_error_message="The milestone already has a gate on this group.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone.name or self.milestone.code}: {self.group} ready"

    def get_absolute_url(self) -> str:
        return self.milestone.project.get_absolute_url() + "#readiness-gates"

    def clean(self) -> None:
        milestone = getattr(self, "milestone", None)
        if milestone is not None and not milestone.milestone:
            raise ValidationError(
                {"milestone": "A readiness gate is set on a milestone; this activity is not one."}
            )


# --- skills and training -----------------------------------------------------------------------


class SkillsFramework(Record):
    """A capability framework: role families, roles at their levels, the skills each needs.

    Versioned reference data: each import that changes it raises `framework_version` by one.
    A role or a skill a new version no longer lists is retired (`retired_in` names that
    version), never deleted, so that people's roles and assessments against the old version
    are kept; listing it again in a later version brings it back."""

    name = models.CharField(max_length=200, unique=True)
    framework_version = models.PositiveIntegerField("version", default=1)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="The file the framework was last imported from."
    )

    access = AccessRule(Policy(writers=CHANGE_WRITERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        verbose_name = "skills framework"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:skillsframework_detail", args=[self.pk])


class FrameworkRole(Record):
    """A role at a role level in a framework ("Data analyst", "Senior data analyst"), in its
    role family."""

    framework = models.ForeignKey(SkillsFramework, on_delete=models.CASCADE, related_name="roles")
    role_family = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    level = models.CharField("role level", max_length=200)
    retired_in = models.PositiveIntegerField(
        null=True, blank=True, help_text="The framework version that no longer lists the role."
    )

    access = AccessRule(Policy(writers=CHANGE_WRITERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["framework__name", "role_family", "name", "level"]
        verbose_name = "framework role"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "framework",
                Lower("name"),
                Lower("level"),
                name="people_framework_role_unique",
                violation_error_message="The framework already has this role at this level.",
            )
        ]

    def __str__(self) -> str:
        if self.level.casefold() == self.name.casefold():
            return self.name
        return f"{self.name} ({self.level})"

    def get_absolute_url(self) -> str:
        return self.framework.get_absolute_url() + f"#role-{self.pk}"


class Skill(Record):
    """A skill of a framework, such as “User research” or “Data visualisation”."""

    framework = models.ForeignKey(SkillsFramework, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=200)
    retired_in = models.PositiveIntegerField(
        null=True, blank=True, help_text="The framework version that no longer lists the skill."
    )

    access = AccessRule(Policy(writers=CHANGE_WRITERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["framework__name", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "framework",
                Lower("name"),
                name="people_skill_unique",
                violation_error_message="The framework already has this skill.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.framework.get_absolute_url()


class SkillRequirement(Record):
    """The level of a skill a framework role needs, and what it means in that role."""

    role = models.ForeignKey(FrameworkRole, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    level = models.PositiveSmallIntegerField(choices=SkillLevelChoice.choices)
    description = models.TextField(blank=True)

    access = AccessRule(Policy(writers=CHANGE_WRITERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["role", "skill__name"]
        verbose_name = "skill requirement"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "role", "skill", name="people_skill_requirement_unique",
                violation_error_message="The role already needs this skill.",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.role}: {self.skill} at {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return self.role.get_absolute_url()


class StaffRole(Record):
    """The framework role a member of staff holds: what their skills are measured against."""

    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="framework_role"
    )
    role = models.ForeignKey(FrameworkRole, on_delete=models.PROTECT, related_name="holders")
    since = models.DateField(null=True, blank=True, help_text="When they took the role.")

    access = AccessRule(Policy(writers=GROUP_WRITERS), department_field="person__department")

    class Meta:
        ordering: ClassVar[list[str]] = ["person__full_name"]
        verbose_name = "role held"
        verbose_name_plural = "roles held"

    def __str__(self) -> str:
        return f"{self.person} as {self.role}"

    def get_absolute_url(self) -> str:
        return reverse("people:person_skills", args=[self.person_id])


class SkillAssessment(Record):
    """A person's level in a skill as assessed on a day, by whom. Assessments are kept: the
    latest of each skill is the person's level."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="skill_assessments"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="assessments")
    level = models.PositiveSmallIntegerField(choices=SkillLevelChoice.choices)
    assessed_on = models.DateField("date assessed")
    assessor = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skill_assessments_made",
        help_text="Who assessed the level: a line manager, a practice lead, or the person "
        "themselves.",
    )
    notes = models.TextField(blank=True)

    access = AccessRule(Policy(writers=GROUP_WRITERS), department_field="person__department")

    class Meta:
        ordering: ClassVar[list[str]] = ["-assessed_on", "person__full_name", "skill__name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "person", "skill", "assessed_on", name="people_skill_assessment_unique",
                violation_error_message="This person's level in this skill is already "
                "assessed on this date; change that assessment.",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.person}: {self.skill} at {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return reverse("people:person_skills", args=[self.person_id])


class TrainingPlan(Record):
    """Training planned for a person to reach a level in a skill, by a date; completed when
    `completed_on` is set."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="training")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="training")
    target_level = models.PositiveSmallIntegerField(choices=SkillLevelChoice.choices)
    course = models.CharField(max_length=200, help_text="The course or learning planned.")
    due_on = models.DateField("due date")
    completed_on = models.DateField(
        "date completed", null=True, blank=True, help_text="Leave empty until it is completed."
    )

    access = AccessRule(Policy(writers=GROUP_WRITERS), department_field="person__department")

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on", "person__full_name"]
        verbose_name = "training plan"

    def __str__(self) -> str:
        return f"{self.person}: {self.course}"

    def get_absolute_url(self) -> str:
        return reverse("people:person_skills", args=[self.person_id])


# --- culture pulse ---------------------------------------------------------------------------


class PulseSurvey(Record):
    """A culture pulse: a short survey repeated over time, its questions (declared by the
    first file imported for it, kept for every later one) scored 1 to 5, with comments.
    Results are never stored: `govdx.domain.people.pulse` works them out each time."""

    name = models.CharField(max_length=200, unique=True)
    conducted_on = models.DateField("date", help_text="When the pulse was held.")
    questions = models.JSONField(
        default=list, help_text="The questions, in order, as the first file's headings ask them."
    )
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="The file the responses were last imported from."
    )

    access = AccessRule(Policy(writers=CHANGE_WRITERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["-conducted_on", "name"]
        verbose_name = "pulse survey"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:pulsesurvey_detail", args=[self.pk])


class PulseResponse(Record):
    """One respondent's answers to a pulse: their group, a score from 1 to 5 per question (in
    the pulse's order) and an optional comment. The respondent reference only tells a later
    import's rows apart; no page, report or endpoint shows it."""

    pulse = models.ForeignKey(PulseSurvey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(
        max_length=200, help_text="An id from the survey tool, once per pulse; never shown."
    )
    group = models.ForeignKey(PeopleGroup, on_delete=models.PROTECT, related_name="pulse_responses")
    scores = models.JSONField(default=list, help_text="A score from 1 to 5 per question.")
    comment = models.TextField(blank=True)

    access = AccessRule(Policy(writers=CHANGE_WRITERS), department_field="group__department")

    class Meta:
        ordering: ClassVar[list[str]] = ["pulse", "pk"]
        verbose_name = "pulse response"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "pulse",
                Lower("respondent"),
                name="people_pulse_response_respondent_unique",
                violation_error_message="This respondent already answered the pulse.",
            )
        ]

    def __str__(self) -> str:
        return f"A response to {self.pulse}"

    def get_absolute_url(self) -> str:
        return self.pulse.get_absolute_url()
