"""The modules in the header. A module shows only once its app is installed: nothing empty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class Link:
    """A page of a module, shown to those who may read `model` ("app_label.ModelName")."""

    label: str
    url_name: str
    model: str


@dataclass(frozen=True)
class Module:
    label: str
    app_label: str
    url_name: str
    description: str
    links: tuple[Link, ...] = ()


MODULES: tuple[Module, ...] = (
    Module(
        "Organisation",
        "org",
        "org:department_list",
        "Departments, people and suppliers.",
        (
            Link("Organisation", "org:organisation_detail", "org.Organisation"),
            Link("Departments", "org:department_list", "org.Department"),
            Link("People", "org:person_list", "org.Person"),
            Link("Suppliers", "org:supplier_list", "org.Supplier"),
            Link("Contracts", "org:contract_list", "org.Contract"),
            Link("Users and roles", "org:user_list", "core.User"),
        ),
    ),
    Module(
        "Governance",
        "governance",
        "governance:home",
        "Boards, decisions, strategy, roles, maturity.",
        (
            Link("Overview", "governance:home", "governance.Board"),
            Link("Boards", "governance:board_list", "governance.Board"),
            Link("Papers", "governance:paper_list", "governance.Paper"),
            Link("Decision log", "governance:decision_list", "governance.Decision"),
            Link("Action log", "governance:boardaction_list", "governance.BoardAction"),
            Link("Strategy", "governance:objective_list", "governance.Objective"),
            Link("Governance check", "governance:check", "governance.RaciRow"),
            Link("Digital maturity", "governance:maturity", "governance.MaturityAssessment"),
        ),
    ),
    Module(
        "People",
        "people",
        "people:home",
        "Change impact, readiness, culture pulse, skills and training.",
        (
            Link("Overview", "people:home", "people.PeopleGroup"),
            Link("People groups", "people:peoplegroup_list", "people.PeopleGroup"),
            Link("Impact heat map", "people:impact_map", "people.ChangeImpact"),
            Link("Change impacts", "people:changeimpact_list", "people.ChangeImpact"),
            Link("Readiness surveys", "people:survey_list", "people.Survey"),
            Link("Readiness gates", "people:readinessgate_list", "people.ReadinessGate"),
            Link("Culture pulse", "people:pulsesurvey_list", "people.PulseSurvey"),
            Link("Skills frameworks", "people:skillsframework_list", "people.SkillsFramework"),
            Link("Skills gap heat map", "people:skills_gap_map", "people.SkillAssessment"),
            Link("Roles held", "people:staffrole_list", "people.StaffRole"),
            Link("Skill assessments", "people:skillassessment_list", "people.SkillAssessment"),
            Link("Training plans", "people:trainingplan_list", "people.TrainingPlan"),
        ),
    ),
    Module(
        "Programme",
        "programme",
        "programme:home",
        "Plans, money, status and benefits.",
        (
            Link("Dashboard", "programme:home", "programme.Project"),
            Link("Projects", "programme:project_list", "programme.Project"),
        ),
    ),
    Module(
        "Risk",
        "risk",
        "risk:home",
        "Registers judged against the risk appetite.",
        (
            Link("Appetite breaches", "risk:home", "risk.Risk"),
            Link("Registers", "risk:register_list", "risk.Register"),
            Link("Risks", "risk:risk_list", "risk.Risk"),
            Link("Heat map", "risk:heat_map", "risk.Risk"),
            Link("Appetite", "risk:appetite", "risk.AppetiteStatement"),
            Link("Categories", "risk:riskcategory_list", "risk.RiskCategory"),
            Link("Matrix", "risk:matrix", "risk.RiskMatrix"),
            Link("Register as at a date", "risk:register_as_at", "risk.Risk"),
            Link("Exposure", "risk:exposure", "risk.Risk"),
        ),
    ),
    Module(
        "Estate",
        "estate",
        "estate:home",
        "Devices, software and their lifecycle.",
        (
            Link("Overview", "estate:home", "estate.Device"),
            Link("Devices", "estate:device_list", "estate.Device"),
            Link("Applications", "estate:application_list", "estate.Application"),
            Link("Products", "estate:product_list", "estate.Product"),
            Link("Unmatched names", "estate:unmatched_list", "estate.Software"),
            Link("Supplier returns", "estate:return_list", "estate.SupplierReturn"),
            Link("Imports", "estate:batch_list", "estate.ImportBatch"),
            Link("Sources", "estate:source_list", "estate.Source"),
            Link("Settings", "estate:settings_change", "estate.EstateSettings"),
        ),
    ),
    Module("Services", "services", "services:home", "Citizen services and their measures."),
    Module("Reports", "reports", "reports:home", "Reports for boards and auditors."),
)


def built_modules() -> list[Module]:
    return [m for m in MODULES if apps.is_installed(f"govdx.{m.app_label}")]


def visible_modules(user: Any) -> list[tuple[Module, str]]:
    """The built modules `user` may open, each with the first of its pages they may read."""
    from django.urls import reverse

    from govdx.core.permissions import Action, can

    shown = []
    for module in built_modules():
        if not module.links:
            shown.append((module, reverse(module.url_name)))
            continue
        readable = [
            link for link in module.links if can(user, Action.VIEW, apps.get_model(link.model))
        ]
        if readable:
            shown.append((module, reverse(readable[0].url_name)))
    return shown


def section_links(app_label: str, user: Any) -> list[tuple[str, str]]:
    """(label, url) of the section's pages that `user` may read."""
    from django.urls import reverse

    from govdx.core.permissions import Action, can

    module = next((m for m in built_modules() if m.app_label == app_label), None)
    if module is None or not getattr(user, "is_authenticated", False):
        return []
    return [
        (link.label, reverse(link.url_name))
        for link in module.links
        if can(user, Action.VIEW, apps.get_model(link.model))
    ]
