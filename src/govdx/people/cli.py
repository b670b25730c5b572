"""`govdx people ...`: readiness surveys imported and reported from the command line.

Thin by rule, like the rest of the govdx command: it parses arguments, calls services and
selectors, and prints. `add_people_parser` adds the `people` command to `govdx`'s parser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govdx.domain.people.adkar import ELEMENTS
from govdx.domain.people.framework_file import DEFAULT_FRAMEWORK


def _run_import(
    args: argparse.Namespace, named: dict[str, Any], service: str, **options: Any
) -> int:
    """Run the people import `service` on `args.file`: with --json its object, else its
    summary, and exit status 0; a refused file's problems as JSON with --json, and on stderr,
    and exit status 1. Shared by the readiness, pulse and skills imports."""
    from govdx.cli import _print_json, _refuse_file, _setup_django

    _setup_django()
    from govdx.domain.tabular import ImportProblems
    from govdx.people import services

    try:
        result = getattr(services, service)(
            Path(args.file), user=None, dry_run=args.dry_run, sheet=args.sheet, **options
        )
    except ImportProblems as error:
        if args.json:
            _print_json({**named, "problems": [
                {"row": p.row, "column": p.column, "message": p.message} for p in error.problems
            ]})  # fmt: skip
        return _refuse_file(args.file, error.problems)
    if args.json:
        _print_json(result.as_dict())
        if args.dry_run:
            print("Dry run: nothing was written.", file=sys.stderr)
    else:
        print(result.summary(dry_run=args.dry_run))
    return 0


def cmd_readiness_import(args: argparse.Namespace) -> int:
    from govdx.cli import _today

    return _run_import(
        args, {"survey": args.survey}, "readiness_import",
        survey_name=args.survey, conducted_on=args.date, today=_today(),
    )  # fmt: skip


def cmd_readiness_report(args: argparse.Namespace) -> int:
    from govdx.cli import _print_json, _setup_django

    _setup_django()
    from govdx.people.selectors import readiness_report, survey_find

    report = readiness_report(survey_find(args.survey))
    if args.json:
        _print_json(report.as_dict())
        return 0
    print(f"{report.survey}: {report.respondents:,} respondents in {len(report.groups)} groups.")
    heading = "  ".join(element.label[:9].ljust(9) for element in ELEMENTS)
    print(f"{'Group':40}  {'Ready':>11}  Barrier points: {heading}")
    for group in report.groups:
        counts = "  ".join(str(group.barriers.get(element, 0)).rjust(9) for element in ELEMENTS)
        share = f"{group.ready}/{group.respondents}"
        print(f"{group.group[:40]:40}  {share:>11}  {'':16}{counts}")
    return 0


def cmd_pulse_import(args: argparse.Namespace) -> int:
    from govdx.cli import _today

    return _run_import(
        args, {"pulse": args.pulse}, "pulse_import",
        pulse_name=args.pulse, conducted_on=args.date, today=_today(),
    )  # fmt: skip


def cmd_skills_import(args: argparse.Namespace) -> int:
    return _run_import(
        args, {"framework": args.framework}, "framework_import", framework_name=args.framework
    )


def add_people_parser(sub: Any) -> None:
    """Add `govdx people readiness import|report` to the command's subparsers."""
    from govdx.cli import _iso_date

    people = sub.add_parser(
        "people",
        help="people and culture change: readiness surveys, culture pulses, skills frameworks",
    )
    people_sub = people.add_subparsers(dest="people_command", required=True, metavar="ACTION")
    readiness = people_sub.add_parser(
        "readiness", help="change readiness surveys on the ADKAR model: import and report"
    )
    readiness_sub = readiness.add_subparsers(
        dest="readiness_command", required=True, metavar="ACTION"
    )

    importer = readiness_sub.add_parser(
        "import",
        help="import a survey's responses from a CSV or XLSX file with columns respondent, "
        "group, awareness, desire, knowledge, ability, reinforcement (whole numbers 1 to 5), "
        "all or nothing",
        description="Import a readiness survey's responses, all or nothing: any problem "
        "refuses the whole file, naming its row and column. Each group must name an existing "
        "people group as 'Department / Role family' (case and spacing ignored); a group that "
        "names none is refused, naming it: add the group first. The file is the survey: "
        "respondents it no longer lists are removed, and importing it again changes nothing.",
    )
    importer.add_argument("file", help="a .csv or .xlsx file")
    importer.add_argument(
        "--survey", required=True, metavar="NAME", help="the survey (created when new)"
    )
    importer.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the date of a new survey (default: today; kept for a survey already there)",
    )
    importer.add_argument("--sheet", help="the worksheet to read (default: the first)")
    importer.add_argument(
        "--dry-run", action="store_true", help="check the file and report, writing nothing"
    )
    importer.add_argument("--json", action="store_true", help="machine-readable output")
    importer.set_defaults(func=cmd_readiness_import)

    report = readiness_sub.add_parser(
        "report",
        help="a survey's readiness per people group: respondents, means, barrier points, "
        "share ready",
    )
    report.add_argument("--survey", required=True, metavar="NAME", help="the survey")
    report.add_argument("--json", action="store_true", help="machine-readable output")
    report.set_defaults(func=cmd_readiness_report)

    pulse = people_sub.add_parser("pulse", help="culture pulse surveys: import")
    pulse_sub = pulse.add_subparsers(dest="pulse_command", required=True, metavar="ACTION")
    pulse_importer = pulse_sub.add_parser(
        "import",
        help="import a pulse's responses from a CSV or XLSX file with columns respondent, "
        "group, one column per question (whole numbers 1 to 5) and comment, all or nothing",
        description="Import a culture pulse's responses, all or nothing: any problem refuses "
        "the whole file, naming its row and column. Every column other than respondent, group "
        "and comment is a question, its heading the question. A new pulse takes its questions "
        "from the file's headings, in their order; a later file for the same pulse must ask "
        "the same questions (in any order): to ask others, import a new pulse. Each group must "
        "name an existing people group as 'Department / Role family'. The file is the pulse: "
        "respondents it no longer lists are removed, and importing it again changes nothing.",
    )
    pulse_importer.add_argument("file", help="a .csv or .xlsx file")
    pulse_importer.add_argument(
        "--pulse", required=True, metavar="NAME", help="the pulse (created when new)"
    )
    pulse_importer.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD",
        help="the date of a new pulse (default: today; kept for a pulse already there)",
    )  # fmt: skip
    pulse_importer.add_argument("--sheet", help="the worksheet to read (default: the first)")
    pulse_importer.add_argument(
        "--dry-run", action="store_true", help="check the file and report, writing nothing"
    )
    pulse_importer.add_argument("--json", action="store_true", help="machine-readable output")
    pulse_importer.set_defaults(func=cmd_pulse_import)

    skills = people_sub.add_parser("skills", help="skills frameworks: import")
    skills_sub = skills.add_subparsers(dest="skills_command", required=True, metavar="ACTION")
    framework = skills_sub.add_parser(
        "import",
        help="import a capability framework from a CSV or XLSX file with columns role family, "
        "role, role level, skill, skill level, description, all or nothing",
        description="Import a capability framework as its next version, all or nothing: any "
        "problem refuses the whole file, naming its row and column. Skill levels are "
        "awareness, working, practitioner or expert. Roles and skills the file no longer "
        "lists are retired, never deleted, so people's roles and assessments are kept; "
        "importing the same file again changes nothing.",
    )
    framework.add_argument("file", help="a .csv or .xlsx file")
    framework.add_argument(
        "--framework", default=DEFAULT_FRAMEWORK, metavar="NAME",
        help=f"the framework (created when new; default: {DEFAULT_FRAMEWORK})",
    )  # fmt: skip
    framework.add_argument("--sheet", help="the worksheet to read (default: the first)")
    framework.add_argument(
        "--dry-run", action="store_true", help="check the file and report, writing nothing"
    )
    framework.add_argument("--json", action="store_true", help="machine-readable output")
    framework.set_defaults(func=cmd_skills_import)
