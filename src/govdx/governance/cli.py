"""`govdx governance`: the governance check and the RACI import, thin like the rest of the
command line (arguments in, services and selectors out)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def cmd_governance_check(args: argparse.Namespace) -> int:
    from govdx.cli import _print_json, _setup_django

    _setup_django()
    from govdx.governance import selectors

    projects = [selectors.project_named(args.project)] if args.project else None
    check = selectors.governance_check(projects)
    if args.json:
        _print_json(check.as_dict())
        return 0
    if check.ok:
        print("No problem: every role is defined.")
        return 0
    for name in check.projects_without_sro:
        print(f"{name}: no senior responsible owner")
    for problem in check.raci_problems:
        print(f"{problem.project}, row “{problem.row}”: {problem.problem.value}")
    for gap in check.departments_unrepresented:
        print(f"{gap.project}: nobody in the RACI as R or C stands for {gap.department}")
    for person in check.overloaded_people:
        print(
            f"{person.person} is Accountable for {person.accountable_rows} rows "
            f"(limit {check.accountable_limit})"
        )
    return 0


def cmd_governance_raci_import(args: argparse.Namespace) -> int:
    from govdx.cli import _print_json, _refuse_project_file, _setup_django

    _setup_django()
    from govdx.domain.tabular import ImportProblems
    from govdx.governance.services import raci_import

    try:
        result = raci_import(
            Path(args.file), project_name=args.project, user=None, sheet=args.sheet
        )
    except ImportProblems as error:
        return _refuse_project_file(args, error.problems)
    if args.json:
        _print_json(result.as_dict())
    else:
        print(result.summary())
    return 0


def add_governance(sub: Any) -> None:
    """Add `govdx governance` and its actions to the command's subparsers."""
    governance = sub.add_parser(
        "governance", help="leadership and governance: the governance check, RACI grids"
    )
    actions = governance.add_subparsers(dest="governance_command", required=True, metavar="ACTION")

    check = actions.add_parser(
        "check",
        help="projects without a senior responsible owner, RACI rows that break the rules, "
        "impacted departments nobody stands for, people accountable for too many rows",
    )
    check.add_argument("--project", metavar="NAME", help="check one project (default: all)")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(func=cmd_governance_check)

    raci = actions.add_parser("raci", help="a project's RACI grid")
    raci_actions = raci.add_subparsers(dest="raci_command", required=True, metavar="ACTION")
    importer = raci_actions.add_parser(
        "import",
        help="import a project's RACI grid from a CSV or XLSX file: the first column the rows, "
        "one column per person by name or email, cells R, A, C, I or combinations (all or "
        "nothing)",
    )
    importer.add_argument("file", help="a .csv or .xlsx file")
    importer.add_argument("--project", required=True, metavar="NAME", help="the project")
    importer.add_argument("--sheet", help="the worksheet to read (default: the first)")
    importer.add_argument("--json", action="store_true", help="machine-readable output")
    importer.set_defaults(func=cmd_governance_raci_import)
