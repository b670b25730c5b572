"""The demo council's estate, loaded through the real pipeline: lifecycle data, three sources'
files through the importer, applications, and the estate's end-of-life risks.

Each test loads the whole demo (a few seconds), so there are few of them."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from govdx.demo.estate import AGENTS, BRIGHTWATER, DISCOVERY, NORTHGATE
from govdx.demo.generator import DEMO_SEED, load_demo
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
from govdx.risk.models import Risk
from tests.estate.support import lifecycle_file

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def test_the_demo_council_has_an_estate_from_three_overlapping_sources() -> None:
    lifecycle_file()  # fails plainly when the offline endoflife.date copy is missing

    counts = load_demo(seed=DEMO_SEED)["estate"]

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


def _estate_as_loaded() -> dict[str, Any]:
    return {
        "devices": sorted(
            Device.objects.values_list(
                "identifier", "serial", "os_name", "os_version", "department__code",
                "supplier__name", "last_seen",
            )
        ),
        "applications": sorted(
            Application.objects.values_list(
                "name", "owner__full_name", "criticality", "hosting",
            ).annotate(
                devices=Count("devices", distinct=True), software=Count("software", distinct=True)
            )
        ),
        "risks": sorted(
            Risk.objects.filter(estate_risk__isnull=False).values_list(
                "reference", "title", "current_likelihood", "current_impact"
            )
        ),
    }  # fmt: skip


def test_the_same_seed_gives_the_same_estate() -> None:
    with transaction.atomic():
        first = load_demo(seed=DEMO_SEED)["estate"]
        first_estate = _estate_as_loaded()
        transaction.set_rollback(True)
    assert not Device.objects.exists()

    second = load_demo(seed=DEMO_SEED)["estate"]

    assert second == first
    assert _estate_as_loaded() == first_estate


def test_the_demo_estate_loads_without_lifecycle_data_and_says_what_is_missing(
    settings: Any, tmp_path: Path
) -> None:
    settings.SHARED_DATA_DIR = tmp_path

    counts = load_demo(seed=DEMO_SEED)["estate"]

    (note,) = counts["notes"]
    assert note.startswith(f"lifecycle data missing: there is no {tmp_path}")
    assert "run govdx estate lifecycle-data load FILE" in note
    assert 2_800 <= counts["devices"] <= 3_200
    assert counts["applications"] == 120
    assert counts["estate_risks"] == counts["end_of_life_cycles"] == 0
