"""The people pages' tables: columns, headings and how each sorts."""

from __future__ import annotations

from govdx.core.tables import Column, Table


class PeopleGroupTable(Table):
    caption = "People groups"
    default_sort = "department"
    columns = (
        Column("role_family", "Role family", order_by="role_family", link=True),
        Column("department", "Department", order_by="department__name,role_family"),
        Column("headcount", "Headcount", order_by="headcount", numeric=True),
        Column("impact_count", "Projects impacting it", order_by="impact_count", numeric=True),
    )


class ChangeImpactTable(Table):
    caption = "Change impacts"
    default_sort = "project"
    columns = (
        Column("project", "Project", order_by="project__name,group__department__name"),
        Column("group", "People group", order_by="group__department__name,group__role_family",
               link=True),
        Column("degree", "Degree", order_by="degree"),
        Column("what_changes", "What changes for them"),
    )  # fmt: skip


class SurveyTable(Table):
    caption = "Readiness surveys"
    default_sort = "-conducted_on"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("conducted_on", "Date", order_by="conducted_on"),
        Column("project", "Project", order_by="project__name"),
        Column("response_count", "Responses", order_by="response_count", numeric=True),
    )


class PulseSurveyTable(Table):
    caption = "Culture pulses"
    default_sort = "-conducted_on"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("conducted_on", "Date", order_by="conducted_on"),
        Column("response_count", "Responses", order_by="response_count", numeric=True),
        Column("comment_count", "Comments", order_by="comment_count", numeric=True),
    )


class SkillsFrameworkTable(Table):
    caption = "Skills frameworks"
    default_sort = "name"
    columns = (
        Column("name", "Name", order_by="name", link=True),
        Column("framework_version", "Version", order_by="framework_version", numeric=True),
        Column("role_count", "Roles", order_by="role_count", numeric=True),
        Column("skill_count", "Skills", order_by="skill_count", numeric=True),
        Column("holder_count", "Staff holding a role", order_by="holder_count", numeric=True),
    )


class StaffRoleTable(Table):
    caption = "Roles held by staff"
    default_sort = "person"
    columns = (
        Column("person", "Person", order_by="person__full_name", link=True),
        Column("department", "Department", accessor="person__department__name",
               order_by="person__department__name,person__full_name"),
        Column("role", "Role", order_by="role__name,role__level"),
        Column("family", "Role family", accessor="role__role_family", order_by="role__role_family"),
        Column("since", "Since", order_by="since"),
    )  # fmt: skip


class SkillAssessmentTable(Table):
    caption = "Skill assessments"
    default_sort = "-assessed_on"
    columns = (
        Column("person", "Person", order_by="person__full_name", link=True),
        Column("skill", "Skill", order_by="skill__name"),
        Column("level", "Level", order_by="level"),
        Column("assessed_on", "Date assessed", order_by="assessed_on"),
        Column("assessor", "Assessor", order_by="assessor__full_name"),
    )


class TrainingPlanTable(Table):
    caption = "Training plans"
    default_sort = "due_on"
    columns = (
        Column("person", "Person", order_by="person__full_name", link=True),
        Column("skill", "Skill", order_by="skill__name"),
        Column("target_level", "Target level", order_by="target_level"),
        Column("course", "Course", order_by="course"),
        Column("due_on", "Due", order_by="due_on"),
        Column("completed_on", "Completed", order_by="completed_on"),
    )
