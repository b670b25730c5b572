"""The modules in the header. A module shows only once its app is installed: nothing empty."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Module:
    label: str
    app_label: str
    url_name: str
    description: str


MODULES: tuple[Module, ...] = (
    Module("Organisation", "org", "org:department_list", "Departments, people and suppliers."),
    Module("Governance", "governance", "governance:home", "Boards, decisions, roles, maturity."),
    Module("People", "people", "people:home", "Change impact, readiness and skills."),
    Module("Programme", "programme", "programme:home", "Plans, money, status and benefits."),
    Module("Risk", "risk", "risk:home", "Registers judged against the risk appetite."),
    Module("Estate", "estate", "estate:home", "Devices, software and their lifecycle."),
    Module("Services", "services", "services:home", "Citizen services and their measures."),
    Module("Reports", "reports", "reports:home", "Reports for boards and auditors."),
)


def built_modules() -> list[Module]:
    return [m for m in MODULES if apps.is_installed(f"govdx.{m.app_label}")]
