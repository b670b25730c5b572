"""What an inventory says it saw: a device's facts and, optionally, one piece of software on it.

Every reader in `govdx.domain.estate.formats` turns its file into a stream of `Observation`s,
whatever the format (a spreadsheet, an SBOM, an osquery log), so that reconciliation and
matching never need to know where a fact came from beyond its place in the file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from govdx.domain.tabular.problems import Problem


class DeviceKind(StrEnum):
    """The kinds of device an estate holds."""

    SERVER = "server"
    DESKTOP = "desktop"
    LAPTOP = "laptop"
    MOBILE = "mobile"
    NETWORK = "network"
    STORAGE = "storage"
    HYPERVISOR = "hypervisor"
    VIRTUAL_MACHINE = "virtual_machine"
    CLOUD_INSTANCE = "cloud_instance"


class Change(StrEnum):
    """How an observation relates to what was there before: a full snapshot of the device (or
    one row of a spreadsheet), or an osquery differential's added and removed rows."""

    SEEN = "seen"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class DeviceFacts:
    """What a source says about a device. Every field may be missing; at least one of
    `hostname`, `serial` and `asset_tag` identifies it (readers report a row with none)."""

    hostname: str | None = None
    serial: str | None = None
    asset_tag: str | None = None
    kind: DeviceKind | None = None
    manufacturer: str | None = None
    model: str | None = None
    os_name: str | None = None
    os_version: str | None = None
    location: str | None = None
    department: str | None = None
    last_seen: datetime.date | None = None

    @property
    def identified(self) -> bool:
        return bool(self.hostname or self.serial or self.asset_tag)


@dataclass(frozen=True)
class SoftwareFacts:
    """One piece of software as reported: the raw name, publisher and version exactly as the
    source wrote them, and any identifier it gave (a package URL, a CPE 2.3 string)."""

    name: str
    publisher: str | None = None
    version: str | None = None
    purl: str | None = None
    cpe: str | None = None


class Observation(NamedTuple):
    """One thing a file says: `place` names where (a row number as the spreadsheet shows it,
    or a path to the element such as `components[3]` or `line 12`), `software` is None when the
    row or record only describes the device. `problems` are this observation's own; a reader
    reports them rather than stopping, so that every problem in a file is listed at once.

    A named tuple rather than a dataclass: a national inventory makes millions of them, and a
    tuple is made in a fraction of the time."""

    place: str
    device: DeviceFacts
    software: SoftwareFacts | None = None
    change: Change = Change.SEEN
    problems: tuple[Problem, ...] = ()
