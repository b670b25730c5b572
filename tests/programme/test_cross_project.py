"""Dependencies across projects: a plan's predecessor written `[Project] ID`, refused when
unknown, kept on re-import, and acting through the other project's forecast dates."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

from govdx import cli
from govdx.domain.tabular import ImportProblems
from govdx.programme import selectors
from govdx.programme.models import Dependency, Project
from tests.programme.conftest import PLAN_ROWS

pytestmark = pytest.mark.django_db

# Online revenues waits for the data centre's go-live (M, working day 13 of 13).
REVENUES = [
    ["X", "Move the revenues system", 2, 2, 2, "[Data centre exit] M", ""],
    ["Y", "Switch over", 3, 3, 3, "X", ""],
]


@pytest.fixture
def linked(import_plan: Callable[..., Project]) -> tuple[Project, Project]:
    centre = import_plan(PLAN_ROWS)
    return centre, import_plan(REVENUES, project="Online revenues")


def test_a_predecessor_in_another_project_holds_the_successor_to_its_forecast(
    linked: tuple[Project, Project],
) -> None:
    centre, revenues = linked
    link = Dependency.objects.get(successor__project=revenues, predecessor__project=centre)
    assert (link.predecessor.code, link.successor.code) == ("M", "X")

    schedule = selectors.project_schedule(revenues)
    analysis = selectors.project_analysis(revenues, iterations=200)

    assert schedule.duration == 18  # 13 waiting for M, then X 2 and Y 3
    assert [row.start_date for row in schedule.rows] == [
        datetime.date(2026, 1, 22), datetime.date(2026, 1, 26)
    ]  # fmt: skip
    assert schedule.external_delay == {"X": 13.0, "Y": 13.0}
    assert schedule.critical_path == ("X", "Y")
    assert analysis["expected_duration"] == 18
    assert list(analysis["activities"]) == ["X", "Y"]
    assert analysis["critical_path"] == ["X", "Y"]
    assert analysis["simulation"]["p90"] == 18  # fixed durations, a fixed wait


def test_plan_analyse_json_keeps_its_contract_with_a_predecessor_elsewhere(
    linked: tuple[Project, Project], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["plan", "analyse", "--project", "Online revenues", "--json",
                     "--iterations", "100"]) == 0  # fmt: skip
    body = json.loads(capsys.readouterr().out)
    assert list(body) == ["project", "expected_duration", "critical_path", "activities",
                          "simulation"]  # fmt: skip
    assert list(body["activities"]) == ["X", "Y"]


def test_an_unknown_project_or_activity_elsewhere_is_refused_naming_row_and_column(
    import_plan: Callable[..., Project],
) -> None:
    import_plan(PLAN_ROWS)
    rows = [
        ["X", "x", 1, 1, 1, "[Nowhere] M", ""],
        ["Y", "y", 1, 1, 1, "[data centre exit] Q9 SS+1", ""],
    ]

    with pytest.raises(ImportProblems) as refused:
        import_plan(rows, project="Online revenues")

    assert [(p.row, p.column, p.message) for p in refused.value.problems] == [
        (2, "predecessors", "“Nowhere” is not a project of the programme Transformation "
                            "programme."),
        (3, "predecessors", "Data centre exit has no activity “Q9”: check its id."),
    ]  # fmt: skip
    assert not Project.objects.filter(name="Online revenues").exists()


def test_reimporting_keeps_the_link_and_refuses_to_drop_an_activity_another_project_needs(
    linked: tuple[Project, Project], import_plan: Callable[..., Any]
) -> None:
    centre, revenues = linked
    import_plan(REVENUES, project="Online revenues")
    import_plan(PLAN_ROWS)
    assert Dependency.objects.filter(predecessor__project=centre,
                                     successor__project=revenues).count() == 1  # fmt: skip

    without_m = [row for row in PLAN_ROWS if row[0] != "M"]
    with pytest.raises(ImportProblems) as refused:
        import_plan(without_m)

    assert refused.value.problems[0].message.startswith(
        "M cannot be removed: X of Online revenues depends on it."
    )
    assert centre.activities.filter(code="M").exists()

    import_plan([["X", "x", 2, 2, 2, "", ""], ["Y", "y", 3, 3, 3, "X", ""]],
                project="Online revenues")  # fmt: skip
    import_plan(without_m)  # no one needs M any more
    assert not centre.activities.filter(code="M").exists()


def test_both_projects_pages_and_the_dashboard_show_the_link_and_its_delay(
    linked: tuple[Project, Project], make_user: Callable[..., Any], client_for: Callable[..., Any]
) -> None:
    from govdx.domain.governance.access import Role

    centre, revenues = linked
    client = client_for(make_user(Role.VIEWER))

    for url in (centre.get_absolute_url(), revenues.get_absolute_url(), "/programme/"):
        page = client.get(url).content.decode()
        assert "Dependencies across projects" in page, url
        assert "Delays it 13 working days" in page, url
        assert "M: Go live" in page and "X: Move the revenues system" in page
    simulation = client.get(f"{revenues.get_absolute_url()}simulation/?iterations=200")
    assert simulation.status_code == 200
    assert "[Data centre exit]" not in simulation.content.decode()


def test_the_dashboard_works_each_projects_schedule_once_for_money_and_links(
    linked: tuple[Project, Project], django_assert_num_queries: Any
) -> None:
    projects = selectors.project_list()
    schedules: dict[int, selectors.ProjectSchedule] = {}
    on = datetime.date(2026, 2, 1)
    value = selectors.portfolio_earned_value(projects, on, schedules=schedules)

    assert set(schedules) == {p.pk for p in linked}
    assert value.projects  # every project's money came from the schedules kept
    with django_assert_num_queries(1):  # the links only: both schedules are known
        links = selectors.cross_project_links(projects, schedules=schedules)
    assert [(link.dependency.predecessor.code, link.dependency.successor.code)
            for link in links] == [("M", "X")]  # fmt: skip
