"""Writing plans: the import all or nothing, again and again without change, the schedule on the
calendar, and baselines with the slip of each milestone."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govdx.core.permissions import SYSTEM
from govdx.core.services import record_update
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.governance.access import Role
from govdx.domain.tabular import ImportProblems
from govdx.programme import selectors, services
from govdx.programme.models import Activity, Baseline, Dependency, Programme, Project
from tests.factories import PersonFactory, ProjectFactory, PublicHolidayFactory
from tests.programme.conftest import PLAN_ROWS, START, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def codes(project: Project) -> list[str]:
    return list(project.activities.order_by("position").values_list("code", flat=True))


def links(project: Project) -> set[tuple[str, str, str, float]]:
    return {
        (d.predecessor.code, d.successor.code, d.kind, d.lag)
        for d in Dependency.objects.filter(successor__project=project).select_related(
            "predecessor", "successor"
        )
    }


def test_plan_import_creates_the_project_in_a_default_programme_with_its_activities_and_links(
    plan_file: Path,
) -> None:
    result = services.plan_import(
        plan_file, project_name="Data centre exit", user=SYSTEM, start_date=START
    )

    project = Project.objects.get(name="Data centre exit")
    assert result.as_dict() == {
        "project": "Data centre exit",
        "project_created": True,
        "activities": {"created": 5, "updated": 0, "unchanged": 0, "removed": 0},
        "dependencies": {"created": 5, "updated": 0, "unchanged": 0, "removed": 0},
    }
    assert project.programme.name == services.DEFAULT_PROGRAMME_NAME
    assert project.start_date == START
    assert codes(project) == ["A", "B", "C", "D", "M"]
    assert links(project) == {
        ("A", "B", "FS", 0.0), ("B", "C", "FS", 1.0), ("A", "D", "SS", 0.0),
        ("C", "M", "FS", 0.0), ("D", "M", "FS", 0.0),
    }  # fmt: skip
    build = project.activities.get(code="B")
    assert (build.optimistic, build.most_likely, build.pessimistic) == (3.0, 5.0, 13.0)
    assert project.activities.get(code="M").milestone is True
    assert build.source == "plan.csv"
    assert build.history.first().history_change_reason == "imported from plan.csv"


def test_importing_the_same_file_again_changes_nothing_and_keeps_no_new_history(
    plan_file: Path,
) -> None:
    services.plan_import(plan_file, project_name="Data centre exit", user=SYSTEM, start_date=START)
    versions = dict(Activity.objects.values_list("code", "version"))
    history = Activity.history.count()

    again = services.plan_import(plan_file, project_name="DATA CENTRE EXIT", user=SYSTEM)

    assert again.as_dict()["project_created"] is False
    assert again.activities.as_dict() == {"created": 0, "updated": 0, "unchanged": 5, "removed": 0}
    assert again.dependencies.as_dict() == {
        "created": 0, "updated": 0, "unchanged": 5, "removed": 0
    }  # fmt: skip
    assert dict(Activity.objects.values_list("code", "version")) == versions
    assert Activity.history.count() == history
    assert Project.objects.count() == 1 and Programme.objects.count() == 1


def test_a_new_version_of_the_plan_updates_removes_and_keeps_what_the_file_does_not_carry(
    import_plan: Callable[..., Project],
) -> None:
    project = import_plan()
    build = project.activities.get(code="B")
    record_update(instance=build, data={"percent_complete": 40}, user=SYSTEM, expected_version=None)
    rows = [row[:] for row in PLAN_ROWS if row[0] != "D"]
    rows[1][4] = 15  # B's pessimistic estimate grows
    rows[3][5] = "C SS+1"  # M now waits on C's start

    project = import_plan(rows)

    assert codes(project) == ["A", "B", "C", "M"]
    build = project.activities.get(code="B")
    assert build.pessimistic == 15.0 and build.percent_complete == 40
    assert links(project) == {("A", "B", "FS", 0.0), ("B", "C", "FS", 1.0), ("C", "M", "SS", 1.0)}


def test_plan_import_refuses_the_whole_file_naming_every_problem_and_writes_nothing(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["A", "Discovery", 2, 4, 6, "C", ""],
            ["B", "Build", 3, 5, 13, "A", ""],
            ["C", "Test", 1, 2, 3, "B", ""],
            ["D", "Train staff", 5, 3, "x", "", ""],
        ],
    )

    with pytest.raises(ImportProblems) as refused:
        services.plan_import(path, project_name="Data centre exit", user=SYSTEM)

    messages = [str(problem) for problem in refused.value.problems]
    assert any("A → B → C → A" in message for message in messages), messages
    assert any(message.startswith("row 5, column pessimistic") for message in messages), messages
    assert not Project.objects.exists() and not Programme.objects.exists()


def test_an_owner_is_a_person_by_name_or_email_and_an_unknown_one_refuses_the_file(
    tmp_path: Path,
) -> None:
    ayo = PersonFactory(full_name="Ayo Bello", email="ayo.bello@example.org")
    headings = ["id", "name", "duration", "predecessors", "owner", "budget"]
    good = write_csv(
        tmp_path / "owners.csv",
        [
            ["A", "Design", 5, "", "ayo bello", "£1,200.50"],
            ["B", "Build", 3, "A", "AYO.BELLO@example.org", ""],
        ],
        headings,
    )
    services.plan_import(good, project_name="Payroll", user=SYSTEM)
    design = Activity.objects.get(code="A")
    assert design.owner == ayo and design.budget == 120050
    assert Activity.objects.get(code="B").owner == ayo

    bad = write_csv(tmp_path / "bad.csv", [["A", "Design", 5, "", "Nobody Known", ""]], headings)
    with pytest.raises(ImportProblems) as refused:
        services.plan_import(bad, project_name="Payroll", user=SYSTEM)
    assert [str(p) for p in refused.value.problems] == [
        "row 2, column Owner: There is no person called “Nobody Known”: add them to the "
        "organisation first, give their email, or leave the cell blank."
    ]
    assert Activity.objects.get(code="A").owner == ayo


def test_a_dry_run_reports_what_would_change_and_writes_nothing(plan_file: Path) -> None:
    result = services.plan_import(
        plan_file, project_name="Data centre exit", user=SYSTEM, dry_run=True
    )

    assert result.project_created and result.activities.created == 5
    assert result.project_id is None
    assert not Project.objects.exists() and not Activity.objects.exists()


def test_a_workbook_with_title_rows_imports_like_a_csv(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", PLAN_ROWS)

    services.plan_import(path, project_name="Data centre exit", user=SYSTEM, start_date=START)

    assert codes(Project.objects.get()) == ["A", "B", "C", "D", "M"]


def test_a_department_lead_imports_into_their_own_departments_project_only(
    org: dict[str, Any], make_user: Callable[..., Any], plan_file: Path
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    ours = ProjectFactory(name="Payroll", department=org["finance"])
    theirs = ProjectFactory(name="Roads", department=org["highways"])

    services.plan_import(plan_file, project_name="payroll", user=lead)
    assert ours.activities.count() == 5
    with pytest.raises(NotAllowed):
        services.plan_import(plan_file, project_name="Roads", user=lead)
    assert theirs.activities.count() == 0
    with pytest.raises(NotAllowed):  # a new project would belong to no department of theirs
        services.plan_import(plan_file, project_name="New thing", user=lead)


def test_a_viewer_may_not_import_a_plan(make_user: Callable[..., Any], plan_file: Path) -> None:
    with pytest.raises(NotAllowed):
        services.plan_import(plan_file, project_name="Payroll", user=make_user(Role.VIEWER))
    assert not Project.objects.exists()


def test_the_schedule_puts_working_days_on_the_calendar_skipping_weekends_and_holidays(
    import_plan: Callable[..., Project],
) -> None:
    project = import_plan()
    schedule = selectors.project_schedule(project)
    dates = {r.activity.code: (r.start_date, r.finish_date, r.critical) for r in schedule.rows}

    assert schedule.duration == 13.0
    assert schedule.critical_path == ("A", "B", "C")
    day = datetime.date
    assert dates == {
        "A": (day(2026, 1, 5), day(2026, 1, 8), True),
        "B": (day(2026, 1, 9), day(2026, 1, 16), True),
        "C": (day(2026, 1, 20), day(2026, 1, 21), True),
        "D": (day(2026, 1, 5), day(2026, 1, 7), False),
        "M": (day(2026, 1, 22), day(2026, 1, 22), True),
    }

    PublicHolidayFactory(day=day(2026, 1, 7))
    later = selectors.project_schedule(project)
    assert later.finish_date == day(2026, 1, 23)


def test_a_start_no_earlier_than_date_moves_the_activity_and_the_finish(
    import_plan: Callable[..., Project],
) -> None:
    project = import_plan()
    training = project.activities.get(code="D")
    record_update(
        instance=training,
        data={"start_no_earlier_than": datetime.date(2026, 1, 19)},  # working day 10
        user=SYSTEM,
        expected_version=None,
    )

    schedule = selectors.project_schedule(project)

    assert schedule.duration == 13.0
    row = next(r for r in schedule.rows if r.activity.code == "D")
    assert row.start_date == datetime.date(2026, 1, 19) and row.times.total_float == 0.0


def test_a_baseline_keeps_the_dates_and_the_forecast_shows_each_milestones_slip(
    import_plan: Callable[..., Project],
) -> None:
    project = import_plan()
    baseline = services.baseline_save(
        project=project, name="Business case", user=SYSTEM, today=START
    )
    assert baseline.activities.count() == 5
    saved = baseline.activities.get(code="M")
    assert saved.finish_date == datetime.date(2026, 1, 22) and saved.finish == 13.0

    rows = [row[:] for row in PLAN_ROWS]
    rows[1][2:5] = [6, 8, 16]  # B now expected to take 9 working days, not 6
    import_plan(rows)

    schedule = selectors.project_schedule(project)
    assert schedule.baseline == baseline
    milestone = schedule.milestones[0]
    assert milestone.finish_date == datetime.date(2026, 1, 27)
    assert milestone.slip == 3


def test_a_baseline_needs_a_name_of_its_own_and_a_plan(
    import_plan: Callable[..., Project],
) -> None:
    project = import_plan()
    services.baseline_save(project=project, name="Business case", user=SYSTEM, today=START)

    with pytest.raises(Invalid, match="already has a baseline called “business CASE”"):
        services.baseline_save(project=project, name="business CASE", user=SYSTEM, today=START)
    with pytest.raises(Invalid, match="Give the baseline a name"):
        services.baseline_save(project=project, name="  ", user=SYSTEM, today=START)
    empty = ProjectFactory(name="Empty")
    with pytest.raises(Invalid, match="no activities to baseline"):
        services.baseline_save(project=empty, name="First", user=SYSTEM, today=START)
    assert Baseline.objects.count() == 1


def test_project_names_are_unique_ignoring_case(db: Any) -> None:
    first = ProjectFactory(name="Payroll")
    with pytest.raises(Invalid, match="already a project called “PAYROLL”"):
        services.project_create(
            data={"programme": first.programme, "name": "PAYROLL", "start_date": START},
            user=SYSTEM,
        )


def test_the_analysis_answers_the_plan_analyse_contract_and_refuses_an_empty_project(
    import_plan: Callable[..., Project],
) -> None:
    project = import_plan()
    analysis = selectors.project_analysis(project, iterations=500, seed=3)

    assert list(analysis) == [
        "project", "expected_duration", "critical_path", "activities", "simulation"
    ]  # fmt: skip
    assert analysis["expected_duration"] == 13.0
    assert analysis["critical_path"] == ["A", "B", "C"]
    assert analysis["activities"]["D"]["total_float"] == 10.0
    assert analysis["simulation"]["iterations"] == 500
    assert analysis == selectors.project_analysis(project, iterations=500, seed=3)
    with pytest.raises(Invalid, match="has no activities yet"):
        selectors.project_analysis(ProjectFactory(name="Empty"))
