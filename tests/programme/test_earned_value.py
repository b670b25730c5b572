"""Money and earned value: actual costs by month (a form, an import refused whole, the API),
percent complete, and the figures on a worked example, as the pages and the API show them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db.models import RestrictedError
from django.test import Client

from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.domain.tabular import ImportProblems
from govdx.programme import selectors, services
from govdx.programme.models import Activity, ActualCost, Project
from tests.programme.conftest import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

STATUS = datetime.date(2026, 1, 23)  # a Friday: the end of working day 14, 15 days done
PLAN = [
    ["A", "Design", "", "", "", "", "", 10, "£10,000", 100],
    ["B", "Build", "", "", "", "A", "", 10, "£20,000", 25],
    ["M", "Live", "", "", "", "B", "yes", "", "", ""],
]
PLAN_HEADINGS = ["id", "name", "optimistic", "most_likely", "pessimistic", "predecessors",
                 "milestone", "duration", "budget", "percent_complete"]  # fmt: skip
ACTUALS_HEADINGS = ["month", "activity", "amount", "note"]
ACTUALS = [
    ["2026-01", "A", "£11,000", "Design team"],
    ["Jan 2026", "b", "5000", ""],
    ["2026-01-15", "", "£1,000.00", "Programme office share"],
    ["2026-02", "B", "£3,000", "After the status date"],
]


@pytest.fixture
def manager(make_user: Callable[..., Any], client_for: Callable[[Any], Client]) -> Client:
    return client_for(make_user(Role.PROGRAMME_MANAGER))


@pytest.fixture
def worked(import_plan: Callable[..., Project], tmp_path: Path) -> Project:
    """The worked example: a plan with percent complete, and its actual costs imported."""
    path = write_csv(tmp_path / "worked-plan.csv", PLAN, PLAN_HEADINGS)
    services.plan_import(path, project_name="Worked example", user=SYSTEM,
                         start_date=datetime.date(2026, 1, 5))  # fmt: skip
    actuals = write_csv(tmp_path / "actuals.csv", ACTUALS, ACTUALS_HEADINGS)
    services.actuals_import(actuals, project_name="Worked example", user=SYSTEM)
    return Project.objects.get(name="Worked example")


def test_earned_value_figures_on_a_worked_example(worked: Project, manager: Client) -> None:
    """The project starts on Monday 5 January 2026; no holidays. A takes 10 working days
    (offsets 0 to 10) with a budget of £10,000; B follows it for 10 (10 to 20) with £20,000;
    M is a milestone after B. BAC = £30,000.

    The status date, Friday 23 January, ends working day 14: 15 working days are done.
      PV = A's whole £10,000 + B's 5 of 10 days x £20,000 = £10,000 + £10,000 = £20,000
      EV = 100% x £10,000 + 25% x £20,000 = £15,000
      AC = January's costs: A £11,000 + B £5,000 + £1,000 booked to the project = £17,000
           (February's £3,000 on B is after the status date and does not count)
      SV = EV - PV = -£5,000;  CV = EV - AC = -£2,000
      SPI = 15,000 / 20,000 = 0.75;  CPI = 15,000 / 17,000 = 0.88235294117647...
      EAC = BAC / CPI = 30,000 x 17,000 / 15,000 = £34,000;  VAC = BAC - EAC = -£4,000
    """
    figures = selectors.project_earned_value(worked, STATUS).figures
    assert (figures.budget_at_completion, figures.planned_value, figures.earned_value,
            figures.actual_cost) == (3_000_000, 2_000_000, 1_500_000, 1_700_000)  # fmt: skip
    assert (figures.schedule_variance, figures.cost_variance) == (-500_000, -200_000)
    assert figures.schedule_performance_index == Decimal("0.75")
    assert figures.cost_performance_index == Decimal(15) / Decimal(17)
    assert (figures.estimate_at_completion, figures.variance_at_completion) == (
        3_400_000,
        -400_000,
    )

    page = manager.get(f"/programme/projects/{worked.pk}/money/", {"on": STATUS.isoformat()})
    html = page.content.decode()
    assert page.status_code == 200
    for shown in ("£30,000.00", "£20,000.00", "£15,000.00", "£17,000.00", "-£5,000.00",
                  "-£2,000.00", "0.75", "0.88", "£34,000.00", "-£4,000.00"):  # fmt: skip
        assert f">{shown}</td>" in html, shown
    assert '<svg class="govdx-chart"' in html
    assert "Planned value (PV)" in html and "The chart as a table" in html

    answer = manager.get(f"/api/projects/{worked.pk}/earned-value", {"on": STATUS.isoformat()})
    assert answer.status_code == 200, answer.content
    body = answer.json()["figures"]
    assert body["planned_value"] == 2_000_000
    assert body["earned_value"] == 1_500_000
    assert body["actual_cost"] == 1_700_000
    assert body["schedule_variance"] == -500_000
    assert body["cost_variance"] == -200_000
    assert Decimal(str(body["schedule_performance_index"])) == Decimal("0.75")
    assert Decimal(str(body["cost_performance_index"])).quantize(Decimal("0.0001")) == Decimal(
        "0.8824"
    )
    assert body["estimate_at_completion"] == 3_400_000
    assert body["variance_at_completion"] == -400_000


def test_earned_value_rolls_up_to_the_programme_and_the_portfolio(
    worked: Project, import_plan: Callable[..., Project], manager: Client
) -> None:
    other = import_plan(project="Second project")  # no budgets: adds nothing but is listed
    value = selectors.portfolio_earned_value(Project.objects.all(), STATUS)

    assert [p.project.name for p in value.projects] == ["Second project", "Worked example"] or [
        p.project.name for p in value.projects
    ] == ["Worked example", "Second project"]
    assert value.figures.earned_value == 1_500_000
    assert value.figures.actual_cost == 1_700_000
    assert value.programmes[0].figures == value.figures
    assert other.pk in {p.project.pk for p in value.projects}
    answer = manager.get("/api/plans/earned-value", {"on": STATUS.isoformat()})
    assert answer.status_code == 200
    assert answer.json()["figures"]["estimate_at_completion"] == 3_400_000
    dashboard = manager.get("/programme/")
    assert "Portfolio: every programme" in dashboard.content.decode()


def test_the_chart_over_time_gives_cumulative_figures_month_by_month(worked: Project) -> None:
    series = selectors.project_earned_value(worked, STATUS).series

    assert [point.on for point in series] == [STATUS, datetime.date(2026, 1, 31),
                                              datetime.date(2026, 2, 28)]  # fmt: skip
    assert series[0].actual_cost == 1_700_000 and series[0].planned_value == 2_000_000
    assert series[-1].planned_value == 3_000_000  # the whole budget by the finish
    assert series[-1].earned_value is None and series[-1].actual_cost is None


def test_an_actuals_file_with_problems_is_refused_whole_naming_row_and_column(
    worked: Project, tmp_path: Path
) -> None:
    before = list(ActualCost.objects.values_list("pk", "amount"))
    rows = [
        ["2026-03", "A", "£100", ""],
        ["March", "A", "£100", ""],
        ["2026-03", "Z", "£100", ""],
        ["2026-04", "B", "-£5", ""],
        ["2026-03", "a", "£7", ""],
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", rows, ACTUALS_HEADINGS)

    with pytest.raises(ImportProblems) as refused:
        services.actuals_import(path, project_name="Worked example", user=SYSTEM)

    problems = [str(p) for p in refused.value.problems]
    assert any(p.startswith("row 5, column month: “March” is not a month") for p in problems)
    assert any(p.startswith("row 7, column amount: “-£5” is negative") for p in problems)
    assert any(p.startswith("row 8, column month: March 2026 for activity a is also on row 4")
               for p in problems)  # fmt: skip
    assert list(ActualCost.objects.values_list("pk", "amount")) == before

    unknown = write_csv(tmp_path / "unknown.csv", [["2026-03", "Z", "£1", ""]], ACTUALS_HEADINGS)
    with pytest.raises(ImportProblems) as refused:
        services.actuals_import(unknown, project_name="Worked example", user=SYSTEM)
    assert str(refused.value.problems[0]).startswith(
        "row 2, column activity: Worked example has no activity “Z”"
    )


def test_importing_actuals_again_changes_nothing_and_a_dry_run_writes_nothing(
    worked: Project, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "again.csv", ACTUALS, ACTUALS_HEADINGS)
    again = services.actuals_import(path, project_name="Worked example", user=SYSTEM)
    assert again.as_dict() == {
        "project": "Worked example",
        "rows": 4,
        "costs": {"created": 0, "updated": 0, "unchanged": 4},
    }
    changed = write_csv(tmp_path / "changed.csv", [["2026-03", "A", "£5", ""]], ACTUALS_HEADINGS)
    dry = services.actuals_import(changed, project_name="Worked example", user=SYSTEM,
                                  dry_run=True)  # fmt: skip
    assert dry.costs.created == 1
    assert ActualCost.objects.filter(month=datetime.date(2026, 3, 1)).count() == 0


def test_a_cost_recorded_again_for_its_month_keeps_the_old_amount_in_history(
    worked: Project,
) -> None:
    activity = Activity.objects.get(project=worked, code="A")
    cost, outcome = services.actual_cost_record(
        project=worked, month=datetime.date(2026, 1, 20), amount=1_200_000, user=SYSTEM,
        activity=activity,
    )  # fmt: skip
    assert outcome == "updated" and cost.month == datetime.date(2026, 1, 1)
    assert [h.amount for h in cost.history.order_by("history_id")] == [1_100_000, 1_200_000]


def test_the_plan_file_carries_percent_complete_and_a_blank_keeps_it(
    worked: Project, tmp_path: Path
) -> None:
    rows = [[*PLAN[0][:9], ""], [*PLAN[1][:9], "60%"], PLAN[2]]
    path = write_csv(tmp_path / "progress.csv", rows, PLAN_HEADINGS)
    services.plan_import(path, project_name="Worked example", user=SYSTEM)

    percent = dict(Activity.objects.filter(project=worked).values_list("code", "percent_complete"))
    assert percent == {"A": 100, "B": 60, "M": 0}
    bad = write_csv(tmp_path / "bad.csv", [[*PLAN[0][:9], "120"]], PLAN_HEADINGS)
    with pytest.raises(ImportProblems) as refused:
        services.plan_import(bad, project_name="Worked example", user=SYSTEM)
    assert "row 2, column percent_complete: “120” is not a percent complete" in str(
        refused.value.problems[0]
    )


def test_the_money_forms_record_a_cost_and_progress(worked: Project, manager: Client) -> None:
    activity = Activity.objects.get(project=worked, code="B")
    page = manager.get(f"/programme/projects/{worked.pk}/costs/add/")
    assert page.status_code == 200
    saved = manager.post(
        f"/programme/projects/{worked.pk}/costs/add/",
        {"month": "2026-05-12", "activity": activity.pk, "amount": "250000", "note": "Licences"},
    )
    assert saved.status_code == 302, saved.content
    assert ActualCost.objects.get(month=datetime.date(2026, 5, 1)).amount == 250_000

    progress = manager.post(
        f"/programme/activities/{activity.pk}/progress/",
        {"percent_complete": "101", "version": activity.version},
    )
    assert progress.status_code == 422
    progress = manager.post(
        f"/programme/activities/{activity.pk}/progress/",
        {"percent_complete": "80", "version": activity.version},
    )
    assert progress.status_code == 302
    activity.refresh_from_db()
    assert activity.percent_complete == 80


def test_the_actuals_import_page_shows_a_dry_run_and_refuses_a_bad_file(
    worked: Project, manager: Client, tmp_path: Path
) -> None:
    url = f"/programme/projects/{worked.pk}/costs/import/"
    path = write_csv(tmp_path / "ok.csv", [["2026-03", "A", "£5", ""]], ACTUALS_HEADINGS)
    with path.open("rb") as handle:
        dry = manager.post(url, {"file": handle, "dry_run": "on"})
    assert dry.status_code == 200 and "Dry run: nothing was written" in dry.content.decode()
    bad = write_csv(tmp_path / "bad.csv", [["2026-03", "Q", "£5", ""]], ACTUALS_HEADINGS)
    with bad.open("rb") as handle:
        refused = manager.post(url, {"file": handle})
    assert refused.status_code == 422
    assert "row 2, column activity" in refused.content.decode()


def test_an_activity_removed_from_the_plan_books_its_costs_to_the_project(
    worked: Project, tmp_path: Path
) -> None:
    """B has £5,000 in January and £3,000 in February. January already has £1,000 booked to the
    project as a whole, so B's January cost is added to it; February's moves over as it is."""
    total = sum(ActualCost.objects.filter(project=worked).values_list("amount", flat=True))
    without_b = [PLAN[0], ["M", "Live", "", "", "", "A", "yes", "", "", ""]]
    path = write_csv(tmp_path / "worked-plan.csv", without_b, PLAN_HEADINGS)

    result = services.plan_import(path, project_name="Worked example", user=SYSTEM)

    assert result.activities.removed == 1
    whole = ActualCost.objects.filter(project=worked, activity__isnull=True).order_by("month")
    assert [(c.month, c.amount) for c in whole] == [
        (datetime.date(2026, 1, 1), 600_000),
        (datetime.date(2026, 2, 1), 300_000),
    ]
    assert "B: " in whole[0].note
    assert sum(ActualCost.objects.filter(project=worked).values_list("amount", flat=True)) == total
    reasons = set(ActualCost.history.filter(project=worked).values_list("history_change_reason",
                                                                        flat=True))  # fmt: skip
    assert any(r and "activity B removed" in r for r in reasons)
    # The project itself goes with all its costs
    worked.delete()
    assert not ActualCost.objects.exists()


def test_an_activity_with_costs_cannot_be_deleted_on_its_own(worked: Project) -> None:
    with pytest.raises(RestrictedError):
        Activity.objects.get(project=worked, code="B").delete()
