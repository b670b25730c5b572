"""Reconciling devices across sources: one device however many sources report it.

A device is matched on its serial number, then its asset tag, then its host name without the
domain, each compared case-insensitively. Serials that firmware and imaging tools write when
they know none ("To be filled by O.E.M.", "Default string", "0") identify nothing and are
ignored, so that a thousand unbranded desktops are not folded into one.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from .observations import DeviceFacts

PLACEHOLDER_SERIALS = frozenset(
    {
        "", "0", "00000000", "000000000000", "none", "null", "n/a", "na", "unknown", "default",
        "default string", "to be filled by o.e.m.", "to be filled by oem", "system serial number",
        "not specified", "not applicable", "chassis serial number", "serial number", "123456789",
        "0123456789", "xxxxxxxxxx", "invalid", "empty", "-", "--",
    }
)  # fmt: skip

_SPACES = re.compile(r"\s+")
_PLACEHOLDER_KEYS = frozenset(_SPACES.sub("", text) for text in PLACEHOLDER_SERIALS)


def serial_key(serial: str | None) -> str:
    """The serial as compared: upper case, no spaces; empty for a placeholder."""
    if serial is None:
        return ""
    text = _SPACES.sub("", serial)
    if text.lower() in _PLACEHOLDER_KEYS or len(set(text)) == 1:
        return ""
    return text.upper()


def asset_tag_key(tag: str | None) -> str:
    """The asset tag as compared: upper case, no spaces."""
    if tag is None:
        return ""
    text = _SPACES.sub("", tag)
    return "" if text.lower() in _PLACEHOLDER_KEYS else text.upper()


def hostname_key(hostname: str | None) -> str:
    """The host name as compared: lower case, without its domain ("SRV01.corp.local" → "srv01");
    an IP address is kept whole; a Windows "DOMAIN\\host" form loses its domain too."""
    if hostname is None:
        return ""
    text = hostname.strip().rstrip(".").lower()
    if "\\" in text:
        text = text.rsplit("\\", 1)[1]
    if not text:
        return ""
    if text[0].isdigit() or ":" in text:  # perhaps an IP address, which is kept whole
        try:
            ipaddress.ip_address(text)
        except ValueError:
            pass
        else:
            return text
    return text.split(".", 1)[0]


@dataclass(frozen=True)
class DeviceKeys:
    """What identifies a device, in the order they are tried."""

    serial: str
    asset_tag: str
    hostname: str

    @classmethod
    def of(cls, facts: DeviceFacts) -> DeviceKeys:
        return cls(
            serial_key(facts.serial), asset_tag_key(facts.asset_tag), hostname_key(facts.hostname)
        )

    @property
    def empty(self) -> bool:
        return not (self.serial or self.asset_tag or self.hostname)


class DeviceIndex:
    """Finds the device a set of keys names, among those known: serial first, then asset tag,
    then host name. Add each device as it is created so later rows find it."""

    def __init__(self) -> None:
        self._serial: dict[str, int] = {}
        self._asset_tag: dict[str, int] = {}
        self._hostname: dict[str, int] = {}

    def __len__(self) -> int:
        return len(
            set(self._serial.values())
            | set(self._asset_tag.values())
            | set(self._hostname.values())
        )

    def find(self, keys: DeviceKeys) -> int | None:
        """The device's id, or None when none of its keys is known."""
        for key, table in (
            (keys.serial, self._serial),
            (keys.asset_tag, self._asset_tag),
            (keys.hostname, self._hostname),
        ):
            if key and key in table:
                return table[key]
        return None

    def add(self, device: int, keys: DeviceKeys) -> None:
        """Record the device's keys; a key already held by another device stays with it, so the
        first device to claim a serial keeps it."""
        if keys.serial:
            self._serial.setdefault(keys.serial, device)
        if keys.asset_tag:
            self._asset_tag.setdefault(keys.asset_tag, device)
        if keys.hostname:
            self._hostname.setdefault(keys.hostname, device)


FACT_FIELDS = (
    "hostname", "serial", "asset_tag", "kind", "manufacturer", "model", "os_name", "os_version",
    "location", "department",
)  # fmt: skip


def merge_facts(older: dict[str, str], newer: dict[str, str]) -> dict[str, str]:
    """The facts a device shows: the newer observation's where it says something, the older's
    where it is silent (a spreadsheet without a location does not erase the location)."""
    merged = dict(older)
    merged.update({key: value for key, value in newer.items() if value})
    return merged


def facts_dict(facts: DeviceFacts) -> dict[str, str]:
    """The non-empty facts as text, as kept with the source that reported them."""
    values: dict[str, str] = {}
    for name in FACT_FIELDS:
        value = getattr(facts, name)
        if value:
            values[name] = str(value)
    if facts.last_seen is not None:
        values["last_seen"] = facts.last_seen.isoformat()
    return values
