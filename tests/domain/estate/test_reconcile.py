"""Reconciling devices: serial, then asset tag, then host name without its domain."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.estate.observations import DeviceFacts
from govdx.domain.estate.reconcile import (
    DeviceIndex,
    DeviceKeys,
    asset_tag_key,
    facts_dict,
    hostname_key,
    merge_facts,
    serial_key,
)


def test_host_name_loses_its_domain_and_case() -> None:
    assert hostname_key("SRV-FIN-01.corp.northshire.gov.uk") == "srv-fin-01"
    assert hostname_key("srv-fin-01") == "srv-fin-01"
    assert hostname_key("NORTHSHIRE\\PC0042") == "pc0042"
    assert hostname_key("  pc0042.  ") == "pc0042"


def test_an_ip_address_is_kept_whole_as_a_host_name() -> None:
    assert hostname_key("10.20.30.40") == "10.20.30.40"
    assert hostname_key("fe80::1") == "fe80::1"


def test_placeholder_serials_identify_nothing() -> None:
    for placeholder in ("To be filled by O.E.M.", "Default string", "0", "00000000", "N/A",
                        "System Serial Number", "   "):  # fmt: skip
        assert serial_key(placeholder) == "", placeholder
    assert serial_key(" cz 1234 abcd ") == "CZ1234ABCD"
    assert asset_tag_key("nc-00123") == "NC-00123"


def test_index_finds_by_serial_before_asset_tag_before_host_name() -> None:
    index = DeviceIndex()
    index.add(1, DeviceKeys.of(DeviceFacts(hostname="pc1", serial="S1")))
    index.add(2, DeviceKeys.of(DeviceFacts(hostname="pc2", asset_tag="T2")))
    # a serial known for device 1 wins over a host name known for device 2
    assert index.find(DeviceKeys.of(DeviceFacts(hostname="PC2.corp", serial="s1"))) == 1
    assert index.find(DeviceKeys.of(DeviceFacts(hostname="pc1", asset_tag="t2"))) == 2
    assert index.find(DeviceKeys.of(DeviceFacts(hostname="PC1.other.domain"))) == 1
    assert index.find(DeviceKeys.of(DeviceFacts(hostname="pc3"))) is None


def test_unbranded_desktops_with_placeholder_serials_are_not_folded_together() -> None:
    index = DeviceIndex()
    index.add(1, DeviceKeys.of(DeviceFacts(hostname="pc1", serial="To be filled by O.E.M.")))
    found = index.find(DeviceKeys.of(DeviceFacts(hostname="pc2", serial="To be filled by O.E.M.")))
    assert found is None


def test_the_first_device_keeps_a_key_two_claim() -> None:
    index = DeviceIndex()
    index.add(1, DeviceKeys("S1", "", "pc1"))
    index.add(2, DeviceKeys("S2", "", "pc1"))
    assert index.find(DeviceKeys("", "", "pc1")) == 1
    assert index.find(DeviceKeys("S2", "", "")) == 2


def test_a_blank_fact_never_erases_a_known_one() -> None:
    older = {"location": "Town Hall", "os_name": "Windows 10"}
    newer = {"os_name": "Windows 11", "location": ""}
    assert merge_facts(older, newer) == {"location": "Town Hall", "os_name": "Windows 11"}


def test_facts_are_kept_as_text_without_the_empty_ones() -> None:
    import datetime

    facts = DeviceFacts(hostname="pc1", serial=None, last_seen=datetime.date(2026, 3, 1))
    assert facts_dict(facts) == {"hostname": "pc1", "last_seen": "2026-03-01"}


@given(
    st.text(alphabet="abcXYZ019-", min_size=1, max_size=12), st.text(alphabet="abc.", max_size=12)
)
def test_any_domain_suffix_reconciles_to_the_same_host(host: str, domain: str) -> None:
    assert hostname_key(f"{host}.{domain}" if domain else host) == hostname_key(host.upper())
