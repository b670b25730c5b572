"""The major-project return: each project's row worked out from its plan, money, status and
benefits, written as an XLSX workbook by the page, the API and `govdx plan return`."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client

from govdx import cli
from govdx.core.permissions import SYSTEM
from govdx.domain.errors import Invalid
from govdx.domain.governance.access import Role
from govdx.domain.planning.returns import COLUMNS, FinancialYear
from govdx.programme import selectors, services
from govdx.programme.models import Project
from tests.programme.conftest import write_csv
from tests.programme.test_earned_value import ACTUALS, ACTUALS_HEADINGS, PLAN, PLAN_HEADINGS

pytestmark = pytest.mark.django_db

STATUS = datetime.date(2026, 1, 23)  # working day 15 done: A finished, B half planned
YEAR = FinancialYear(2025)
NARRATIVE = "Design came in under budget; the build follows the same supplier rates."


@pytest.fixture
def worked(org: dict[str, Any], tmp_path: Path) -> Project:
    """The earned value worked example, owned by Finance, with a gate review and a benefit."""
    path = write_csv(tmp_path / "plan.csv", PLAN, PLAN_HEADINGS)
    services.plan_import(
        path, project_name="Worked example", user=SYSTEM, start_date=datetime.date(2026, 1, 5),
        department=org["finance"],
    )  # fmt: skip
    actuals = write_csv(tmp_path / "actuals.csv", ACTUALS, ACTUALS_HEADINGS)
    services.actuals_import(actuals, project_name="Worked example", user=SYSTEM)
    project = Project.objects.get(name="Worked example")
    project.description = "Replace the finance system"
    project.save()
    services.gate_review_create(
        project=project, data={"gate": 3, "held_on": datetime.date(2026, 1, 12),
                               "level": "amber"}, user=SYSTEM,
    )  # fmt: skip
    services.benefit_create(
        project=project,
        data={"name": "Licence savings", "type": "cashable", "measure": "Pounds a year",
              "baseline": 0, "target": 500_000, "start_date": datetime.date(2026, 4, 1),
              "target_date": datetime.date(2027, 3, 31)},
        user=SYSTEM,
    )  # fmt: skip
    return project


def report(project: Project, day: datetime.date = datetime.date(2026, 1, 20)) -> None:
    services.status_report_create(
        project=project, data={"reported_on": day, "level": "amber_green",
                               "narrative": NARRATIVE}, user=SYSTEM,
    )  # fmt: skip


def test_a_row_phases_the_budget_into_the_year_and_forecasts_at_the_cost_efficiency(
    worked: Project,
) -> None:
    """Budget £30,000 all in 2025 to 2026. At 23 January 2026 EV is £15,000 (A £10,000 done,
    B 25% of £20,000) and AC £17,000 (January's costs), so EAC = 30,000 x 17,000 / 15,000 =
    £34,000. The rest of the year's planned work is half of B, £10,000, forecast at
    10,000 x 34,000 / 30,000 = £11,333.33; forecast £17,000 + £11,333.33 = £28,333.33, 5.56%
    under the baseline, so the latest status report's narrative explains it."""
    report(worked)

    (row,) = selectors.major_project_return(Project.objects.all(), YEAR, STATUS)

    assert (row.baseline, row.forecast) == (3_000_000, 2_833_333)
    assert row.variance == -166_667
    assert row.narrative == NARRATIVE
    assert row.whole_life_cost == 3_400_000
    assert row.total_benefits == 500_000
    assert (row.department, row.description) == ("Finance", "Replace the finance system")
    assert (row.start, row.end) == (datetime.date(2026, 1, 5), datetime.date(2026, 2, 2))
    assert row.independent_rating is not None and row.independent_rating.label == "Amber"
    assert row.senior_responsible_owner_rating is not None
    assert row.senior_responsible_owner_rating.label == "Amber/green"


def test_the_baseline_comes_from_the_saved_baseline_and_next_year_has_none(
    worked: Project, tmp_path: Path
) -> None:
    services.baseline_save(project=worked, name="Approved", user=SYSTEM, today=STATUS)
    # B now takes 30 working days, to 27 February: the baseline still says 10.
    rows = [list(r) for r in PLAN]
    rows[1][7] = 30
    services.plan_import(write_csv(tmp_path / "longer.csv", rows, PLAN_HEADINGS),
                         project_name="Worked example", user=SYSTEM)  # fmt: skip
    report(worked)

    (row,) = selectors.major_project_return(Project.objects.all(), YEAR, STATUS)
    (later,) = selectors.major_project_return(Project.objects.all(), FinancialYear(2026), STATUS)

    assert row.baseline == 3_000_000
    assert row.end == datetime.date(2026, 3, 2)  # the milestone after B
    assert (later.baseline, later.forecast) == (0, 0)
    assert later.narrative == ""


def test_a_variance_over_five_percent_with_no_status_report_is_refused_naming_the_project(
    worked: Project,
) -> None:
    with pytest.raises(Invalid, match=r"Worked example: the 2025 to 2026 forecast, £28,333\.33"):
        selectors.major_project_return(Project.objects.all(), YEAR, STATUS)


def cells(content: bytes) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def check_workbook(content: bytes) -> None:
    """The past year 2025 to 2026 is over: its forecast is what was spent in it, £20,000."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.active
    header, row = cells(content)
    assert tuple(header) == COLUMNS
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["C"].width == 48
    values = dict(zip(COLUMNS, row, strict=True))
    assert values["Project"] == "Worked example"
    assert values["Delivery confidence: independent assurance"] == "Amber"
    assert values["Start date"].date() == datetime.date(2026, 1, 5)
    assert sheet["F2"].is_date
    assert values["Financial year"] == "2025 to 2026"
    assert values["Financial year baseline (£)"] == 30_000
    assert values["Financial year forecast (£)"] == 20_000
    assert values["Variance (£)"] == -10_000
    assert Decimal(str(values["Variance (%)"])) == Decimal("-33.33")
    assert values["Variance narrative"] == NARRATIVE
    assert values["Total benefits (£)"] == 5_000
    assert sheet["I2"].number_format == '"£"#,##0.00;-"£"#,##0.00'


def test_govdx_plan_return_writes_the_workbook(
    worked: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report(worked)
    target = tmp_path / "return.xlsx"

    status = cli.main(["plan", "return", str(target), "--year", "2025",
                       "--programme", worked.programme.name])  # fmt: skip

    assert status == 0, capsys.readouterr().err
    assert capsys.readouterr().out == (
        f"Wrote the 2025 to 2026 major-project return of 1 project to {target}.\n"
    )
    check_workbook(target.read_bytes())


def test_govdx_plan_return_says_why_it_refuses(
    worked: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "return.xlsx"
    assert cli.main(["plan", "return", str(target), "--year", "2025"]) == 2
    assert "Worked example: the 2025 to 2026 forecast" in capsys.readouterr().err
    assert not target.exists()
    assert cli.main(["plan", "return", str(target), "--programme", "Nothing"]) == 4
    assert "There is no programme called “Nothing”" in capsys.readouterr().err


@pytest.fixture
def viewer(make_user: Callable[..., Any], client_for: Callable[[Any], Client]) -> Client:
    return client_for(make_user(Role.VIEWER))


def test_the_dashboard_downloads_the_return_and_the_api_gives_the_same(
    worked: Project, viewer: Client
) -> None:
    report(worked)
    assert 'action="/programme/return.xlsx"' in viewer.get("/programme/").content.decode()

    page = viewer.get("/programme/return.xlsx", {"year": "2025"})
    api = viewer.get("/api/plans/major-project-return", {"year": "2025"})

    for response in (page, api):
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="major-project-return-2025-26.xlsx"'
        )
        check_workbook(response.content)


def test_a_refused_return_goes_back_to_the_dashboard_saying_why(
    worked: Project, viewer: Client
) -> None:
    page = viewer.get("/programme/return.xlsx", {"year": "2025"}, follow=True)
    api = viewer.get("/api/plans/major-project-return", {"year": "2025"})

    assert page.redirect_chain == [("/programme/#return", 302)]
    assert "Worked example: the 2025 to 2026 forecast" in page.content.decode()
    assert api.status_code == 422
    assert "Worked example" in api.content.decode()
