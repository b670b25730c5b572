"""The govdx command: set-up, serving, imports and checks, scriptable with --json.

Thin by rule: it parses arguments, calls services and selectors, and prints.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govdx.config.settings")
    import django

    django.setup()


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")


def cmd_init(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.setup import initialise

    report = initialise(demo=args.demo, seed=args.seed, quiet=args.json)
    if args.json:
        _print_json(report)
    else:
        print(report["message"])
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.conf import settings

    from govdx.core.setup import database_is_ready

    if not database_is_ready():
        print("The database is not initialised yet: run `govdx init` first.", file=sys.stderr)
        return 2
    address = f"http://{args.host}:{args.port}/"
    print(f"govdx is serving {address} (press Ctrl+C to stop)", flush=True)
    if not settings.HTTPS and args.host not in {"127.0.0.1", "localhost", "::1"}:
        print("Warning: GOVDX_HTTPS=0 outside the loopback address; use HTTPS.", file=sys.stderr)
    from gunicorn.app.wsgiapp import WSGIApplication

    sys.argv = [
        "gunicorn",
        "govdx.config.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        "4",
        "--access-logfile",
        "-" if args.access_log else "/dev/null",
    ]
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("GOVDX_HTTPS", "0")
    args.demo = True
    args.json = False
    cmd_init(args)
    from govdx.demo.generator import DEMO_PASSWORD, DEMO_USERS

    print()
    print(f"Open http://{args.host}:{args.port}/ and sign in as:")
    for username, role, _ in DEMO_USERS:
        print(f"  {username:<12} {role}")
    print(f"Every demo user's password is: {DEMO_PASSWORD}")
    print()
    return cmd_serve(args)


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.setup import administrator_create
    from govdx.domain.errors import GovdxError

    password = args.password_stdin and sys.stdin.readline().rstrip("\n")
    if not password:
        if not sys.stdin.isatty():
            print("Give the password on standard input with --password-stdin.", file=sys.stderr)
            return 2
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            print("The two passwords differ; nothing was changed.", file=sys.stderr)
            return 2
    try:
        user = administrator_create(username=args.username, email=args.email, password=password)
    except GovdxError as error:
        print(error.message, file=sys.stderr)
        return 2
    print(f"Administrator {user.username} is ready.")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["govdx manage", *args.rest])
    return 0


def cmd_org_import(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.errors import exit_status
    from govdx.domain.errors import GovdxError
    from govdx.domain.tabular import ImportProblems
    from govdx.org.importers import import_departments_and_people

    try:
        result = import_departments_and_people(
            Path(args.file), sheet=args.sheet, user=None, dry_run=args.dry_run
        )
    except ImportProblems as error:
        if args.json:
            _print_json(
                {
                    "ok": False,
                    "file": args.file,
                    "problems": [
                        {"row": p.row, "column": p.column, "message": p.message}
                        for p in error.problems
                    ],
                }
            )
        else:
            print(
                f"{args.file}: nothing was imported. Fix these and import again:", file=sys.stderr
            )
            for problem in error.problems:
                print(f"  {problem}", file=sys.stderr)
        return 2
    except GovdxError as error:
        print(error.message, file=sys.stderr)
        return exit_status(error)
    if args.json:
        _print_json({"ok": True, "file": args.file, "dry_run": args.dry_run, **result.as_dict()})
    else:
        print(result.summary(dry_run=args.dry_run))
    return 0


# --- govdx risks ---------------------------------------------------------------------------


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, like 2026-03-31"
        ) from None


def _count(number: int, word: str) -> str:
    """ "1 risk", "2 risks"; `word` is the singular, made plural with an s."""
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def _xlsx_path(file: str) -> Path | None:
    """The file to write a workbook to; None, saying why on stderr, unless it ends .xlsx."""
    if Path(file).suffix.lower() != ".xlsx":
        print(f"{file}: give a file name ending .xlsx", file=sys.stderr)
        return None
    return Path(file)


def _refuse_file(file: str, problems: Sequence[Any]) -> int:
    """An import refused: every problem on stderr as `row R, column C: message`; status 1."""
    print(f"{file}: nothing was imported. Fix these and import again:", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1


def cmd_risks_appetite_import(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.errors import exit_status
    from govdx.domain.errors import GovdxError
    from govdx.domain.tabular import ImportProblems
    from govdx.risk.importers import import_appetite

    today = _today()
    try:
        result = import_appetite(
            Path(args.file),
            user=None,
            effective_from=args.effective_from or today,
            dry_run=args.dry_run,
            today=today,
            sheet=args.sheet,
        )
    except ImportProblems as error:
        return _refuse_file(args.file, error.problems)
    except GovdxError as error:
        print(error.message, file=sys.stderr)
        return exit_status(error)
    if args.json:
        _print_json(result.as_dict())
    else:
        print(result.summary(dry_run=args.dry_run))
    return 0


def cmd_risks_import(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.errors import exit_status
    from govdx.domain.errors import GovdxError
    from govdx.domain.tabular import ImportProblems
    from govdx.risk.importers import import_register

    try:
        result = import_register(
            Path(args.file),
            user=None,
            register=args.register,
            dry_run=args.dry_run,
            create_categories=args.create_categories,
            today=_today(),
            sheet=args.sheet,
        )
    except ImportProblems as error:
        return _refuse_file(args.file, error.problems)
    except GovdxError as error:
        print(error.message, file=sys.stderr)
        return exit_status(error)
    if args.json:
        _print_json(result.as_dict())
        for note in result.notes():  # the contract's object stays exact; notes go to stderr
            print(note, file=sys.stderr)
        if args.dry_run:
            print("Dry run: nothing was written.", file=sys.stderr)
    else:
        print(result.summary(dry_run=args.dry_run))
    return 0


FLAG_TITLES = {
    "above_appetite": "Above appetite",
    "target_outside_appetite": "Target outside appetite",
    "unmanaged": "Unmanaged",
    "overdue_review": "Overdue review",
    "expired_acceptances": "Expired acceptances",
}


def cmd_risks_check(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.domain.risk.dates import format_day
    from govdx.risk.selectors import register_check

    today = _today()
    as_of = args.as_of or today
    check = register_check(as_of=as_of, historical=as_of < today)
    summary = check.as_dict()
    if args.json:
        _print_json(summary)
        return 0
    stood = " (the register as it stood that day)" if as_of < today else ""
    print(f"Register check on {format_day(as_of)}{stood}: {_count(len(check.risks), 'open risk')}.")
    for key, title in FLAG_TITLES.items():
        references = summary[key]
        listed = ": " + ", ".join(references) if references else ""
        print(f"{title}: {len(references)}{listed}")
    flagged = [judgement for judgement in check.judgements if judgement.reasons]
    if flagged:
        print("\nWhy:")
        for judgement in flagged:
            print(f"  {judgement.reference}: " + " ".join(r.message for r in judgement.reasons))
    return 0


def cmd_risks_export(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.risk.importers import export_register

    path = _xlsx_path(args.file)
    if path is None:
        return 2
    try:
        result = export_register(path, register=args.register, today=_today())
    except OSError as error:
        print(f"{args.file} could not be written: {error.strerror}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(result.as_dict())
    else:
        print(
            f"Exported {_count(result.risks, 'risk')} from "
            f"{_count(len(result.registers), 'register')} to "
            f"{args.file} (sheets: Risk register, Heat map)."
        )
    return 0


def cmd_risks_exposure(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.domain.risk.dates import format_day
    from govdx.risk.selectors import exposure_report

    report = exposure_report(on=_today(), iterations=args.iterations, seed=args.seed)
    data = report.as_dict()
    if args.json:
        _print_json(data)
        return 0
    currency = data["currency"]
    print(
        f"Quantified exposure on {format_day(report.on)}: "
        f"{_count(len(data['risks']), 'open risk')}, "
        f"{data['iterations']:,} simulated years (seed {data['seed']}), amounts in {currency}."
    )
    for key, label in (
        ("expected_annual_loss", "Expected annual loss"),
        ("p50", "P50 (median year)"),
        ("p80", "P80"),
        ("p95", "P95"),
        ("var_99", "VaR 99"),
        ("expected_shortfall_99", "Expected shortfall 99"),
    ):
        print(f"  {label:<24}{currency} {data[key]:>16,.2f}")
    tolerance = data["loss_tolerance"]
    if tolerance:
        verdict = "within" if tolerance["within_tolerance"] else "OUTSIDE"
        print(
            f"Loss tolerance: at most a {tolerance['probability']:.1%} chance of losing more "
            f"than {currency} {tolerance['amount']:,.2f}; simulated "
            f"{tolerance['probability_of_exceeding']:.1%}, {verdict} tolerance."
        )
    for skipped in data["skipped"]:
        print(f"Not simulated: {skipped['reference']}: {skipped['reason']}")
    return 0


def cmd_risks_remind(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.permissions import SYSTEM
    from govdx.domain.risk.dates import format_day
    from govdx.risk.services import reminders_send

    sent = reminders_send(as_of=args.as_of or _today(), user=SYSTEM)
    if args.json:
        _print_json(sent)
        return 0
    until = format_day(datetime.date.fromisoformat(sent["until"]))
    print(
        f"Sent {_count(sent['emails_sent'], 'email')} about {_count(sent['risks'], 'risk')}: "
        f"{_count(sent['reviews_due'], 'review')} due or overdue and "
        f"{_count(sent['acceptances_expiring'], 'acceptance')} expiring by {until}."
    )
    if sent["already_reminded_today"]:
        print(
            "Already reminded today, not emailed again: "
            + ", ".join(sent["already_reminded_today"])
        )
    if sent["owners_not_emailed"]:
        print("Not emailed (no email address, or left): " + ", ".join(sent["owners_not_emailed"]))
    if sent["risks_without_owner"]:
        print("Risks with no owner to remind: " + ", ".join(sent["risks_without_owner"]))
    return 0


def _add_risks(sub: Any) -> None:
    risks = sub.add_parser("risks", help="risk registers: import, export, check, exposure")
    risks_sub = risks.add_subparsers(dest="risks_command", required=True, metavar="ACTION")

    appetite = risks_sub.add_parser("appetite", help="the risk appetite the board approved")
    appetite_sub = appetite.add_subparsers(dest="appetite_command", required=True, metavar="ACTION")
    appetite_import = appetite_sub.add_parser(
        "import",
        help="record approved appetite statements from a CSV or XLSX with columns "
        "category, level[, tolerance] (all or nothing)",
    )
    appetite_import.add_argument("file", help="a .csv or .xlsx file")
    appetite_import.add_argument(
        "--effective-from",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the day the statements take effect (default: today)",
    )
    appetite_import.add_argument("--sheet", help="the worksheet to read (default: the first)")
    appetite_import.add_argument("--dry-run", action="store_true", help="check, write nothing")
    appetite_import.add_argument("--json", action="store_true", help="machine-readable output")
    appetite_import.set_defaults(func=cmd_risks_appetite_import)

    register_import = risks_sub.add_parser(
        "import", help="import a risk register from a CSV or XLSX file (all or nothing)"
    )
    register_import.add_argument("file", help="a .csv or .xlsx file")
    register_import.add_argument(
        "--register", metavar="NAME", help="put every row on this register (made if missing)"
    )
    register_import.add_argument("--sheet", help="the worksheet to read (default: the first)")
    register_import.add_argument(
        "--dry-run", action="store_true", help="check the file and report, writing nothing"
    )
    register_import.add_argument(
        "--create-categories",
        action="store_true",
        help="add categories the organisation does not have yet, instead of refusing the row",
    )
    register_import.add_argument(
        "--json", action="store_true", help='print {"created": n, "updated": n, "unchanged": n}'
    )
    register_import.set_defaults(func=cmd_risks_import)

    check = risks_sub.add_parser("check", help="judge the register against the risk appetite")
    check.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="judge the register as it stood on this day (default: today)",
    )
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(func=cmd_risks_check)

    export = risks_sub.add_parser(
        "export", help="write the register to an XLSX file the importer reads, with a heat map"
    )
    export.add_argument("file", help="the .xlsx file to write")
    export.add_argument("--register", metavar="NAME", help="only this register (default: all)")
    export.add_argument("--json", action="store_true", help="machine-readable output")
    export.set_defaults(func=cmd_risks_export)

    exposure = risks_sub.add_parser(
        "exposure", help="Monte Carlo of the year's loss over the quantified open risks"
    )
    exposure.add_argument("--iterations", type=int, default=100_000, help="simulated years")
    exposure.add_argument(
        "--seed", type=int, default=1, help="random seed; the same seed gives the same figures"
    )
    exposure.add_argument("--json", action="store_true", help="machine-readable output")
    exposure.set_defaults(func=cmd_risks_exposure)

    remind = risks_sub.add_parser(
        "remind",
        help="email owners about reviews and acceptances falling due within 30 days",
    )
    remind.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the day to remind on (default: today)",
    )
    remind.add_argument("--json", action="store_true", help="machine-readable output")
    remind.set_defaults(func=cmd_risks_remind)


# --- govdx estate --------------------------------------------------------------------------


def cmd_estate_import(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.errors import exit_status
    from govdx.domain.errors import GovdxError
    from govdx.domain.tabular import ImportProblems
    from govdx.estate.importers import import_inventory

    try:
        with _rows_progress(f"Importing {Path(args.file).name}", enabled=not args.json) as told:
            result = import_inventory(
                Path(args.file),
                source_name=args.source,
                fmt=args.format,
                supplier_name=args.supplier,
                observed=args.observed,
                user=None,
                dry_run=args.dry_run,
                today=_today(),
                hostname=args.device,
                progress=told,
            )
    except ImportProblems as error:
        if args.json:
            _print_json({
                "devices": {"created": 0, "updated": 0},
                "installations": {"created": 0, "updated": 0, "unchanged": 0, "removed": 0},
                "problems": [str(problem) for problem in error.problems],
            })  # fmt: skip
        return _refuse_file(args.file, error.problems)
    except GovdxError as error:
        print(error.message, file=sys.stderr)
        return exit_status(error)
    if args.json:
        _print_json(result.as_dict())
        if args.dry_run:
            print("Dry run: nothing was written.", file=sys.stderr)
        return 0
    counts = result.as_dict()
    devices, installations = counts["devices"], counts["installations"]
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} {_count(result.rows, 'row')} ({result.format}) from {args.source}: "
        f"devices {devices['created']:,} new, {devices['updated']:,} updated; installations "
        f"{installations['created']:,} new, {installations['updated']:,} updated, "
        f"{installations['unchanged']:,} unchanged, {installations['removed']:,} gone."
    )
    if args.dry_run:
        print("Dry run: nothing was written.")
    return 0


@contextlib.contextmanager
def _rows_progress(description: str, *, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A live count of rows read on the terminal (standard error) while a long import runs;
    nothing when the output is machine-readable or not a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}: {task.completed:,} rows"),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)
        yield lambda rows: bar.update(task, completed=rows)


def cmd_estate_lifecycle_data_load(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.errors import exit_status
    from govdx.domain.errors import GovdxError
    from govdx.estate.services import lifecycle_data_load

    path = Path(args.file)
    try:
        dataset = lifecycle_data_load(path=path, user=None)
    except GovdxError as error:
        print(f"{args.file}: {error.message}", file=sys.stderr)
        return exit_status(error)
    return _report_dataset(dataset, args.json)


def cmd_estate_lifecycle_data_update(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.estate.services import lifecycle_data_update

    dataset = lifecycle_data_update(url=args.url, user=None)
    return _report_dataset(dataset, args.json)


def _report_dataset(dataset: Any, as_json: bool) -> int:
    summary = {
        "name": dataset.name,
        "products": dataset.products,
        "cycles": dataset.cycles,
        "generated_at": dataset.generated_at.isoformat() if dataset.generated_at else None,
        "software_matched": dataset.software_matched,
        "software_unmatched": dataset.software_unmatched,
    }
    if as_json:
        _print_json(summary)
    else:
        print(
            f"Loaded {_count(dataset.products, 'product')} and "
            f"{_count(dataset.cycles, 'release cycle')} from {dataset.name}; software matched "
            f"again: {dataset.software_matched:,} matched, {dataset.software_unmatched:,} not."
        )
    return 0


def cmd_estate_lifecycle(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.domain.risk.dates import format_day
    from govdx.estate.selectors import lifecycle_report

    if args.within_days < 0:
        print("--within-days must be 0 or more.", file=sys.stderr)
        return 2
    report = lifecycle_report(as_of=args.as_of or _today(), within_days=args.within_days)
    if args.json:
        _print_json(report.as_dict())
        return 0
    print(
        f"Estate on {format_day(report.as_of)}: {_count(report.devices, 'device')}, "
        f"{_count(report.installations, 'installation')} ({report.matched:,} matched to a "
        f"release cycle, {report.unmatched:,} not)."
    )
    for title, rows in (
        ("End of life", report.end_of_life),
        (f"Ending within {report.within_days} days", report.ending_soon),
    ):
        print(f"\n{title}: {_count(len(rows), 'release cycle')}")
        for row in rows:
            item = row.as_dict()
            print(f"  {item['product']} {item['cycle']} (end of life {item['eol']}): "
                  f"{_count(item['devices'], 'device')}, "
                  f"{_count(item['installations'], 'installation')}")  # fmt: skip
    if report.unmatched_top:
        print("\nNot matched yet, by devices:")
        for item in report.unmatched_top:
            print(f"  {item['name']} {item['version']}: {_count(item['devices'], 'device')}")
    return 0


def cmd_estate_sync_risks(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.estate.services import estate_risks_sync

    outcome = estate_risks_sync(as_of=args.as_of or _today(), user=None)
    if args.json:
        _print_json(outcome)
        return 0
    print(
        f"Estate risks: {len(outcome['created'])} created, {len(outcome['updated'])} updated, "
        f"{len(outcome['closed'])} closed, {len(outcome['unchanged'])} unchanged."
    )
    for key in ("created", "updated", "closed"):
        if outcome[key]:
            print(f"{key.capitalize()}: " + ", ".join(outcome[key]))
    return 0


def cmd_estate_template(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.domain.risk.dates import format_day
    from govdx.estate.importers import supplier_return_template

    path = Path(args.file)
    if path.suffix.lower() != ".xlsx":
        print(f"{args.file}: give a file name ending .xlsx", file=sys.stderr)
        return 2
    asked = supplier_return_template(
        supplier_name=args.supplier, path=path, today=_today(), due_in_days=args.due_in_days
    )
    print(
        f"Wrote {args.file} for {asked.supplier} ({asked.note}); the return is due by "
        f"{format_day(asked.due_on)}. Import it back with: govdx estate import FILE "
        f'--source "{asked.supplier} return" --supplier "{asked.supplier}"'
    )
    return 0


def _add_estate(sub: Any) -> None:
    estate = sub.add_parser(
        "estate", help="the estate: devices, software and their support lifecycles"
    )
    estate_sub = estate.add_subparsers(dest="estate_command", required=True, metavar="ACTION")

    importer = estate_sub.add_parser(
        "import",
        help="import an inventory: CSV, XLSX, CycloneDX, SPDX or osquery (all or nothing)",
    )
    importer.add_argument("file", help="the inventory file")
    importer.add_argument("--source", required=True, help="where the file comes from")
    importer.add_argument(
        "--format",
        default="auto",
        choices=["auto", "csv", "xlsx", "cyclonedx", "spdx", "osquery"],
        help="the file's format (default: worked out from the file)",
    )
    importer.add_argument("--supplier", help="the supplier whose estate this is (created when new)")
    importer.add_argument(
        "--observed", type=_iso_date, help="the day the inventory was taken (default: today)"
    )
    importer.add_argument(
        "--device",
        help="the host name of the device a file describes when it does not say (an OBOM "
        "naming only the operating system, osqueryi output without system_info)",
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="check the file and report, writing nothing"
    )
    importer.add_argument("--json", action="store_true", help="machine-readable output")
    importer.set_defaults(func=cmd_estate_import)

    data = estate_sub.add_parser(
        "lifecycle-data", help="support lifecycle data of the endoflife.date shape"
    )
    data_sub = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    load = data_sub.add_parser("load", help="load a /api/v1/products/full document from a file")
    load.add_argument("file", help="a JSON file of the endoflife.date API v1 shape")
    load.add_argument("--json", action="store_true", help="machine-readable output")
    load.set_defaults(func=cmd_estate_lifecycle_data_load)
    update = data_sub.add_parser("update", help="fetch the same document from the live API")
    update.add_argument("--url", help="the address to fetch (default: the public API)")
    update.add_argument("--json", action="store_true", help="machine-readable output")
    update.set_defaults(func=cmd_estate_lifecycle_data_update)

    report = estate_sub.add_parser(
        "lifecycle", help="what runs past or near its end of life, and what is not matched"
    )
    report.add_argument("--as-of", type=_iso_date, help="the day to judge (default: today)")
    report.add_argument(
        "--within-days", type=int, default=365, help="'ending soon' horizon (default: 365)"
    )
    report.add_argument("--json", action="store_true", help="machine-readable output")
    report.set_defaults(func=cmd_estate_lifecycle)

    sync = estate_sub.add_parser(
        "sync-risks", help="keep one technology risk per end-of-life release cycle installed"
    )
    sync.add_argument("--as-of", type=_iso_date, help="the day to judge (default: today)")
    sync.add_argument("--json", action="store_true", help="machine-readable output")
    sync.set_defaults(func=cmd_estate_sync_risks)

    template = estate_sub.add_parser(
        "template", help="write the workbook a supplier fills in to return its estate"
    )
    template.add_argument("--supplier", required=True, help="the supplier's name")
    template.add_argument("file", help="the workbook to write (.xlsx)")
    template.add_argument(
        "--due-in-days", type=int, default=30, help="days the supplier has (default: 30)"
    )
    template.set_defaults(func=cmd_estate_template)


# --- govdx plan ----------------------------------------------------------------------------


def _refuse_project_file(args: argparse.Namespace, problems: Sequence[Any]) -> int:
    """A project's file refused: with --json, the problems placed by row and column on
    stdout too."""
    if args.json:
        _print_json({"project": args.project, "problems": [
            {"row": p.row, "column": p.column, "message": p.message} for p in problems
        ]})  # fmt: skip
    return _refuse_file(args.file, problems)


def cmd_plan_import(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.errors import exit_status
    from govdx.domain.errors import GovdxError
    from govdx.domain.tabular import ImportProblems
    from govdx.programme.services import plan_import

    try:
        result = plan_import(
            Path(args.file),
            project_name=args.project,
            user=None,
            start_date=args.start,
            dry_run=args.dry_run,
            today=_today(),
            sheet=args.sheet,
        )
    except ImportProblems as error:
        return _refuse_project_file(args, error.problems)
    except GovdxError as error:
        print(error.message, file=sys.stderr)
        return exit_status(error)
    if args.json:
        _print_json(result.as_dict())
        if args.dry_run:
            print("Dry run: nothing was written.", file=sys.stderr)
    else:
        print(result.summary(dry_run=args.dry_run))
    return 0


def cmd_plan_analyse(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.programme.selectors import project_analysis, project_find

    analysis = project_analysis(
        project_find(args.project),
        iterations=args.iterations,
        seed=args.seed,
        distribution=args.distribution,
    )
    if args.json:
        _print_json(analysis)
        return 0
    simulation = analysis["simulation"]
    print(
        f"{analysis['project']}: expected duration {analysis['expected_duration']:g} working "
        f"days (PERT expected durations, from the start, ignoring the calendar)."
    )
    print("Critical path: " + " → ".join(analysis["critical_path"]))
    print(
        f"Monte Carlo, {simulation['iterations']:,} iterations ({simulation['distribution']}, "
        f"seed {simulation['seed']}): mean {simulation['mean']:g}, P50 {simulation['p50']:g}, "
        f"P80 {simulation['p80']:g}, P90 {simulation['p90']:g} working days."
    )
    ranked = sorted(analysis["activities"].items(), key=lambda item: -item[1]["criticality"])
    print("Most often critical:")
    for activity_id, figures in ranked[:10]:
        print(
            f"  {activity_id}: criticality {figures['criticality']:.0%}, sensitivity "
            f"{figures['sensitivity']:+.2f}, total float {figures['total_float']:g}"
        )
    return 0


def cmd_plan_actuals_import(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.domain.tabular import ImportProblems
    from govdx.programme.services import actuals_import

    try:
        result = actuals_import(
            Path(args.file), project_name=args.project, user=None, dry_run=args.dry_run,
            sheet=args.sheet,
        )  # fmt: skip
    except ImportProblems as error:
        return _refuse_project_file(args, error.problems)
    if args.json:
        _print_json(result.as_dict())
        if args.dry_run:
            print("Dry run: nothing was written.", file=sys.stderr)
    else:
        print(result.summary(dry_run=args.dry_run))
    return 0


def cmd_plan_return(args: argparse.Namespace) -> int:
    _setup_django()
    from govdx.core.errors import exit_status
    from govdx.domain.errors import GovdxError
    from govdx.programme.importers import write_major_project_return
    from govdx.programme.selectors import major_project_return_for, project_list

    path = _xlsx_path(args.file)
    if path is None:
        return 2
    try:
        result = major_project_return_for(
            project_list(), on=_today(), programme=args.programme, year=args.year
        )
        write_major_project_return(result.rows, path, year=result.year, on=result.on)
    except GovdxError as error:
        print(error.message, file=sys.stderr)
        return exit_status(error)
    except OSError as error:
        print(f"{args.file} could not be written: {error.strerror}", file=sys.stderr)
        return 2
    if args.json:
        _print_json({"file": str(path), "financial_year": result.year.label,
                     "projects": [row.project for row in result.rows]})  # fmt: skip
    else:
        print(
            f"Wrote the {result.year.label} major-project return of "
            f"{_count(len(result.rows), 'project')} to {args.file}."
        )
    return 0


def _add_plan(sub: Any) -> None:
    plan = sub.add_parser("plan", help="project plans: import, critical path and schedule risk")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True, metavar="ACTION")

    importer = plan_sub.add_parser(
        "import",
        help="import a project's plan from a CSV or XLSX file with columns id, name, "
        "optimistic, most_likely, pessimistic (or duration), predecessors (all or nothing)",
    )
    importer.add_argument("file", help="a .csv or .xlsx file")
    importer.add_argument(
        "--project", required=True, metavar="NAME", help="the project (created when new)"
    )
    importer.add_argument(
        "--start",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the project's start date (default: today for a new project; kept otherwise)",
    )
    importer.add_argument("--sheet", help="the worksheet to read (default: the first)")
    importer.add_argument(
        "--dry-run", action="store_true", help="check the file and report, writing nothing"
    )
    importer.add_argument("--json", action="store_true", help="machine-readable output")
    importer.set_defaults(func=cmd_plan_import)

    analyse = plan_sub.add_parser(
        "analyse", help="the critical path and a Monte Carlo of the finish of a project's plan"
    )
    analyse.add_argument("--project", required=True, metavar="NAME", help="the project")
    analyse.add_argument(
        "--iterations", type=int, default=10_000, help="Monte Carlo iterations (default: 10000)"
    )
    analyse.add_argument(
        "--seed", type=int, default=1, help="random seed; the same seed gives the same figures"
    )
    analyse.add_argument(
        "--distribution",
        default="pert",
        choices=["pert", "triangular"],
        help="how durations are drawn from the three estimates (default: pert)",
    )
    analyse.add_argument("--json", action="store_true", help="machine-readable output")
    analyse.set_defaults(func=cmd_plan_analyse)

    returns = plan_sub.add_parser(
        "return",
        help="write the major-project return (one row per project: ratings, dates, this "
        "financial year's baseline and forecast with variance, whole-life cost, benefits) as XLSX",
        description="This year's baseline is the budget the latest saved baseline phased into "
        "the financial year; the forecast is the year's actual costs to date plus the rest of "
        "the year's planned work times EAC / BAC; whole-life cost is the estimate at completion.",
    )
    returns.add_argument("file", help="the .xlsx file to write")
    returns.add_argument("--programme", metavar="NAME", help="one programme (default: every one)")
    returns.add_argument(
        "--year", type=int, metavar="YYYY",
        help="the financial year starting in April of YYYY (default: this financial year)",
    )  # fmt: skip
    returns.add_argument("--json", action="store_true", help="machine-readable output")
    returns.set_defaults(func=cmd_plan_return)

    actuals = plan_sub.add_parser("actuals", help="a project's actual costs by month")
    actuals_sub = actuals.add_subparsers(dest="actuals_command", required=True, metavar="ACTION")
    actuals_import = actuals_sub.add_parser(
        "import",
        help="import a project's actual costs from a CSV or XLSX file with columns month, "
        "activity (blank for the project as a whole), amount, note (all or nothing)",
    )
    actuals_import.add_argument("file", help="a .csv or .xlsx file")
    actuals_import.add_argument("--project", required=True, metavar="NAME", help="the project")
    actuals_import.add_argument("--sheet", help="the worksheet to read (default: the first)")
    actuals_import.add_argument(
        "--dry-run", action="store_true", help="check the file and report, writing nothing"
    )
    actuals_import.add_argument("--json", action="store_true", help="machine-readable output")
    actuals_import.set_defaults(func=cmd_plan_actuals_import)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdx",
        description="govdx: run a public body's digital transformation. "
        "DATABASE_URL selects the database (sqlite:///path or postgres://...).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = sub.add_parser("init", help="create or upgrade the database (safe to run again)")
    init.add_argument("--demo", action="store_true", help="load the demo organisation")
    init.add_argument("--seed", type=int, default=2026, help="seed of the demo generator")
    init.add_argument("--json", action="store_true", help="machine-readable output")
    init.set_defaults(func=cmd_init)

    def serving(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default=DEFAULT_HOST)
        p.add_argument("--port", type=int, default=DEFAULT_PORT)
        p.add_argument("--workers", type=int, default=2)
        p.add_argument("--access-log", action="store_true", help="log each request")

    serve = sub.add_parser("serve", help="serve the web app and the API")
    serving(serve)
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="init --demo, then serve, printing the demo logins")
    serving(demo)
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(func=cmd_demo)

    admin = sub.add_parser("createadmin", help="create an administrator, or reset one's password")
    admin.add_argument("--username", default="admin")
    admin.add_argument("--email", default="")
    admin.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    admin.set_defaults(func=cmd_createadmin)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

    org = sub.add_parser("org", help="the organisation: departments and people")
    org_sub = org.add_subparsers(dest="org_command", required=True, metavar="ACTION")
    org_import = org_sub.add_parser(
        "import",
        help="import departments and people from a CSV or XLSX staff list (all or nothing)",
    )
    org_import.add_argument("file", help="a .csv or .xlsx file")
    org_import.add_argument("--sheet", help="the worksheet to read (default: the first)")
    org_import.add_argument(
        "--dry-run", action="store_true", help="check the file and report, writing nothing"
    )
    org_import.add_argument("--json", action="store_true", help="machine-readable output")
    org_import.set_defaults(func=cmd_org_import)

    _add_risks(sub)
    _add_estate(sub)
    _add_plan(sub)
    from govdx.people.cli import add_people_parser

    add_people_parser(sub)
    from govdx.governance.cli import add_governance

    add_governance(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from govdx.domain.errors import GovdxError

    try:
        result: int = args.func(args)
    except GovdxError as error:  # one mapping for every command: the message, then the status
        from govdx.core.errors import exit_status

        print(error.message, file=sys.stderr)
        return exit_status(error)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
