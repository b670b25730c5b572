"""The govdx command: set-up, serving, imports and checks, scriptable with --json.

Thin by rule: it parses arguments, calls services and selectors, and prints.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
