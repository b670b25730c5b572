"""Digital maturity: an assessment recorded through the page, read against the OECD model,
drawn as a radar with a table alternative, with the trend and the organisation's spread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from govdx.core.charts import RadarReference, RadarSeries, radar_chart
from govdx.domain.governance.access import Role
from govdx.governance import selectors
from govdx.governance.models import MaturityAssessment

pytestmark = pytest.mark.django_db


def _form(day: str, score: int) -> dict[str, Any]:
    data: dict[str, Any] = {"assessed_on": day}
    for dimension in selectors.maturity_model().dimensions:
        data[f"{dimension.key}_score"] = score
        data[f"{dimension.key}_target"] = 4
        data[f"{dimension.key}_evidence"] = "Seen in the service standard reviews."
    return data


def test_a_department_lead_records_two_assessments_and_sees_the_radar_trend_and_spread(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    finance = org["finance"]
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=org["resources"]))
    url = f"/governance/maturity/departments/{finance.pk}/assess/"

    assert client.post(url, _form("2025-03-01", 2)).status_code == 302
    assert client.post(url, _form("2026-03-01", 3)).status_code == 302

    assert MaturityAssessment.objects.filter(department=finance).count() == 2
    page = client.get(f"/governance/maturity/departments/{finance.pk}/").content.decode()
    assert 'class="govdx-chart govdx-radar"' in page
    assert "index <strong>0.60</strong>" in page and "0.40 to 0.60 (0.20)" in page
    assert "-0.01" in page  # against the OECD average of 0.61
    spread = client.get("/governance/maturity/").content.decode()
    assert "Spread of 1 departments" in spread and "Finance" in spread


def test_the_radar_chart_places_the_first_spoke_straight_up_and_the_reference_as_a_ring() -> None:
    chart = radar_chart(
        ident="r", title="t", description="d", axes=["A", "B", "C", "D"], low=0, high=5,
        series=[RadarSeries("Latest", [5, 5, 5, 5])], reference=RadarReference("Average", 2.5),
    )  # fmt: skip

    assert chart.spokes[0].x == chart.centre_x and chart.spokes[0].anchor == "middle"
    assert len(chart.rings) == 5
    assert chart.shapes[0].points.split()[0] == f"{chart.centre_x},40.0"
    assert chart.reference is not None and chart.reference.points.split()[0] == (
        f"{chart.centre_x},115.0"
    )
