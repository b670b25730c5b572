"""`govdx plan import|analyse` as an operator runs them, in process on the test database: the
exact JSON contracts, problems on stderr and the exit statuses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from govdx import cli
from govdx.programme.models import Activity, Project
from tests.programme.conftest import write_csv

pytestmark = pytest.mark.django_db

ACTIVITY_KEYS = ["expected", "es", "ef", "ls", "lf", "total_float", "free_float", "criticality",
                 "sensitivity"]  # fmt: skip
SIMULATION_KEYS = ["iterations", "seed", "distribution", "mean", "p50", "p80", "p90"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_plan_import_json_says_what_it_did_and_a_second_run_changes_nothing(
    capsys: pytest.CaptureFixture[str], plan_file: Path
) -> None:
    status, out, err = run(
        capsys, "plan", "import", str(plan_file), "--project", "Data centre exit", "--json",
        "--start", "2026-01-05",
    )  # fmt: skip

    assert status == 0, err
    assert json.loads(out) == {
        "project": "Data centre exit",
        "project_created": True,
        "activities": {"created": 5, "updated": 0, "unchanged": 0, "removed": 0},
        "dependencies": {"created": 5, "updated": 0, "unchanged": 0, "removed": 0},
    }
    status, out, _ = run(capsys, "plan", "import", str(plan_file), "--project", "Data centre exit")
    assert status == 0
    assert out.startswith("5 activities read for Data centre exit: 0 were created, 0 updated, 5 "
                          "unchanged, 0 removed")  # fmt: skip


def test_plan_import_refuses_a_file_with_a_loop_naming_it_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "loop.csv",
        [["A", "x", 1, 2, 3, "C", ""], ["B", "y", 1, 2, 3, "A", ""], ["C", "z", 1, 2, 3, "B", ""]],
    )

    status, out, err = run(capsys, "plan", "import", str(path), "--project", "Loop", "--json")

    assert status == 1
    body = json.loads(out)
    assert body["project"] == "Loop"
    assert body["problems"][0]["row"] == 2
    assert "A → B → C → A" in body["problems"][0]["message"]
    assert err.startswith(f"{path}: nothing was imported. Fix these and import again:")
    assert "A → B → C → A" in err
    assert not Project.objects.exists() and not Activity.objects.exists()


def test_plan_import_of_a_missing_file_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "plan", "import", str(tmp_path / "no.csv"), "--project", "X")
    assert status == 1
    assert "There is no file at" in err


def test_plan_analyse_json_prints_exactly_the_contract(
    capsys: pytest.CaptureFixture[str], import_plan: Callable[..., Project]
) -> None:
    import_plan()

    status, out, err = run(
        capsys, "plan", "analyse", "--project", "data centre exit", "--iterations", "2000",
        "--seed", "7", "--distribution", "triangular", "--json",
    )  # fmt: skip

    assert status == 0, err
    body = json.loads(out)
    assert list(body) == [
        "project", "expected_duration", "critical_path", "activities", "simulation"
    ]  # fmt: skip
    assert body["project"] == "Data centre exit"
    assert body["expected_duration"] == 13.0
    assert body["critical_path"] == ["A", "B", "C"]
    assert list(body["activities"]) == ["A", "B", "C", "D", "M"]
    for figures in body["activities"].values():
        assert list(figures) == ACTIVITY_KEYS
    assert body["activities"]["B"] == body["activities"]["B"] | {
        "expected": 6.0, "es": 4.0, "ef": 10.0, "ls": 4.0, "lf": 10.0, "total_float": 0.0,
        "free_float": 0.0, "criticality": 1.0,
    }  # fmt: skip
    assert body["activities"]["D"]["total_float"] == 10.0
    assert body["activities"]["D"]["criticality"] == 0.0
    assert list(body["simulation"]) == SIMULATION_KEYS
    assert body["simulation"] | {"mean": 0, "p50": 0, "p80": 0, "p90": 0} == {
        "iterations": 2000, "seed": 7, "distribution": "triangular",
        "mean": 0, "p50": 0, "p80": 0, "p90": 0,
    }  # fmt: skip
    assert body["simulation"]["p50"] <= body["simulation"]["p80"] <= body["simulation"]["p90"]
    again = run(capsys, "plan", "analyse", "--project", "Data centre exit", "--iterations",
                "2000", "--seed", "7", "--distribution", "triangular", "--json")  # fmt: skip
    assert json.loads(again[1]) == body


def test_plan_analyse_reads_as_text_without_json(
    capsys: pytest.CaptureFixture[str], import_plan: Callable[..., Project]
) -> None:
    import_plan()
    status, out, _ = run(capsys, "plan", "analyse", "--project", "Data centre exit",
                         "--iterations", "500")  # fmt: skip
    assert status == 0
    assert "expected duration 13 working days" in out
    assert "Critical path: A → B → C" in out


def test_plan_analyse_of_an_unknown_project_exits_4_and_bad_iterations_exit_2(
    capsys: pytest.CaptureFixture[str], import_plan: Callable[..., Project]
) -> None:
    status, out, err = run(capsys, "plan", "analyse", "--project", "Nope", "--json")
    assert (status, out) == (4, "")
    assert "There is no project called “Nope”" in err

    import_plan()
    status, _, err = run(capsys, "plan", "analyse", "--project", "Data centre exit",
                         "--iterations", "0", "--json")  # fmt: skip
    assert status == 2
    assert "The number of iterations must be from 1 to 1,000,000" in err


def test_plan_actuals_import_json_counts_the_costs_and_refuses_a_bad_file(
    capsys: pytest.CaptureFixture[str], import_plan: Callable[..., Project], tmp_path: Path
) -> None:
    import_plan()
    headings = ["month", "activity", "amount", "note"]
    rows = [["2026-01", "A", "£1,000", "Design"], ["2026-01", "", "£50", ""]]
    costs = write_csv(tmp_path / "actuals.csv", rows, headings)
    status, out, err = run(capsys, "plan", "actuals", "import", str(costs), "--project",
                           "Data centre exit", "--json", "--dry-run")  # fmt: skip
    assert status == 0, err
    assert json.loads(out) == {"project": "Data centre exit", "rows": 2,
                               "costs": {"created": 2, "updated": 0, "unchanged": 0}}  # fmt: skip
    assert "Dry run" in err
    status, out, _ = run(capsys, "plan", "actuals", "import", str(costs), "--project",
                         "data centre exit")  # fmt: skip
    assert status == 0
    assert out.startswith("2 monthly costs read for Data centre exit: 2 were created")

    bad = write_csv(tmp_path / "bad.csv", [["2026-13", "A", "x", ""]], headings)
    status, out, err = run(capsys, "plan", "actuals", "import", str(bad), "--project",
                           "Data centre exit", "--json")  # fmt: skip
    assert status == 1
    problems = json.loads(out)["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(2, "month"), (2, "amount")]
    assert "nothing was imported" in err
