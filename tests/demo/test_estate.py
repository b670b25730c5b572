"""The demo council's estate, loaded through the real pipeline: lifecycle data, three sources'
files through the importer, applications, and the estate's end-of-life risks. The demo is
loaded once for the package (see conftest.py); the demo without lifecycle data is tested in
tests/estate/test_demo.py, and that the same seed gives the same estate in tests/test_cli.py."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from govdx.demo.estate import AGENTS, BRIGHTWATER, DISCOVERY, NORTHGATE
from govdx.estate import selectors
from govdx.estate.models import (
    Application,
    Device,
    DeviceObservation,
    EstateRisk,
    ReleaseCycle,
    Source,
    SupplierReturn,
)
from govdx.estate.services import ESTATE_REGISTER
from tests.estate.support import lifecycle_file

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_the_demo_council_has_an_estate_from_three_overlapping_sources(
    demo: dict[str, Any],
) -> None:
    lifecycle_file()  # fails plainly when the offline endoflife.date copy is missing

    counts = demo["estate"]

    assert 2_800 <= Device.objects.count() <= 3_200
    assert counts["devices"] == Device.objects.count()
    assert counts["notes"] == []
    assert set(Source.objects.values_list("kind", flat=True)) == {
        "discovery", "agent", "supplier_return",
    }  # fmt: skip
    suppliers = Source.objects.filter(supplier__isnull=False).values_list("supplier__name")
    assert sorted(name for (name,) in suppliers) == [BRIGHTWATER, NORTHGATE]

    # One return answered, one overdue: asked 45 days ago with 30 days to answer
    (overdue,) = SupplierReturn.objects.filter(received__isnull=True)
    assert overdue.supplier.name == BRIGHTWATER
    assert (overdue.requested_on, overdue.due_on) == (_days_ago(45), _days_ago(15))
    assert SupplierReturn.objects.filter(supplier__name=NORTHGATE, received__isnull=False)
    assert counts["supplier_returns_overdue"] == 1
    stale = selectors.stale_devices(Device.objects.filter(supplier__name=BRIGHTWATER), _days_ago(0))
    assert stale.count() == Device.objects.filter(supplier__name=BRIGHTWATER).count() > 0

    # The sources overlap: one device however many sources report it
    in_two = DeviceObservation.objects.values("device").annotate(n=Count("source"))
    assert in_two.filter(n__gte=2).count() >= 300
    both = Device.objects.filter(observations__source__name=DISCOVERY).filter(
        observations__source__name=AGENTS
    )
    assert both.filter(hostname__iendswith=".northshire.gov.uk").exists()  # another domain
    upgraded = [
        device
        for device in both.filter(os_version__startswith="10.0.26100")
        if device.observations.get(source__name=DISCOVERY)
        .facts["os_version"]
        .startswith("10.0.19045")
    ]
    assert upgraded, "no agent reports a newer Windows than the discovery scan"
    run_by_northgate = Device.objects.filter(supplier__name=NORTHGATE)
    assert run_by_northgate.filter(observations__source__name=DISCOVERY).exists()

    # 120 applications, owned, in departments, a dozen critical, naming the service they support
    applications = Application.objects.all()
    assert applications.count() == counts["applications"] == 120
    assert not applications.filter(owner__isnull=True) and not applications.filter(
        department__isnull=True
    )
    assert applications.filter(criticality="critical").count() == 12
    assert all(a.description.startswith("Supports: ") for a in applications)
    assert applications.filter(hosting="supplier_hosted", supplier__isnull=True).count() == 0
    assert applications.filter(devices__kind__in=["server", "virtual_machine"]).distinct().count()
    assert applications.filter(software__name__startswith="Microsoft SQL Server 20").exists()

    # Past end of life, with the applications affected, in the register
    cycle = ReleaseCycle.objects.get(product__slug="windows-server", name="2012-r2")
    assert selectors.devices_running(cycle.pk).count() > 0
    risk = EstateRisk.objects.get(cycle=cycle)
    assert risk.evidence["applications"]
    assert risk.risk.register.name == ESTATE_REGISTER
    assert counts["estate_risks"] == EstateRisk.objects.count() >= 10
    assert counts["end_of_life_cycles"] == counts["estate_risks"]
