"""Inventory spreadsheets (CSV or workbook), read row by row through `govdx.domain.tabular`.

One row is one observation: a device, and the piece of software in that row if there is one.
The headings accepted cover a hand-made supplier return and, as they export, Intune's
discovered apps (AppInvRawData), Lansweeper's software-by-asset report and ConfigMgr's
installed software (SMS_InstalledSoftware, or its `...0` view columns).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import IO, Any, cast

from govdx.domain.tabular import (
    Cell,
    Column,
    GroupedRow,
    ImportProblems,
    ParsedGroup,
    ParseError,
    Problem,
    iter_grouped_rows,
    iter_rows,
)
from govdx.domain.tabular.parsers import cell_to_text, normalise_label

from ..observations import Change, DeviceFacts, DeviceKind, Observation, SoftwareFacts
from .values import UNIDENTIFIED, parse_seen

# The words a device type column is written with, by kind; compared ignoring case, spaces and
# punctuation. A cell not written exactly so is read word by word (see `parse_kind`).
KIND_WORDS: dict[DeviceKind, tuple[str, ...]] = {
    DeviceKind.SERVER: ("server", "servers", "physical server", "rack server", "blade server"),
    DeviceKind.DESKTOP: ("desktop", "desktop pc", "pc", "workstation", "thin client"),
    DeviceKind.LAPTOP: ("laptop", "notebook", "ultrabook"),
    DeviceKind.MOBILE: ("mobile", "mobile phone", "phone", "smartphone", "tablet"),
    DeviceKind.NETWORK: (
        "network",
        "network device",
        "switch",
        "router",
        "firewall",
        "access point",
        "load balancer",
    ),
    DeviceKind.STORAGE: ("storage", "storage array", "san", "nas"),
    DeviceKind.HYPERVISOR: (
        "hypervisor",
        "esxi",
        "esxi host",
        "hyper-v host",
        "virtualisation host",
        "virtualization host",
    ),
    DeviceKind.VIRTUAL_MACHINE: ("virtual machine", "vm", "virtual", "virtual server"),
    DeviceKind.CLOUD_INSTANCE: (
        "cloud instance",
        "cloud",
        "ec2",
        "ec2 instance",
        "azure vm",
        "azure virtual machine",
        "gce instance",
    ),
}
_KIND_LOOKUP = {normalise_label(word): kind for kind, words in KIND_WORDS.items() for word in words}
# Read word by word, the most particular kind first: a "Virtual server" is a virtual machine,
# an "Azure VM" a cloud instance, an "ESXi host" a hypervisor.
_KIND_PRECEDENCE = (
    DeviceKind.CLOUD_INSTANCE,
    DeviceKind.HYPERVISOR,
    DeviceKind.VIRTUAL_MACHINE,
    DeviceKind.STORAGE,
    DeviceKind.NETWORK,
    DeviceKind.MOBILE,
    DeviceKind.LAPTOP,
    DeviceKind.DESKTOP,
    DeviceKind.SERVER,
)
_KIND_PHRASES = tuple(
    (phrase, kind) for kind, phrases in KIND_WORDS.items() for phrase in phrases if " " in phrase
)
_CLOUD_WORDS = frozenset({"cloud", "ec2", "azure", "aws", "gce", "gcp"})
_WORD = re.compile(r"[^\W_]+")


def parse_kind(cell: Cell) -> DeviceKind | None:
    """A device kind from the words people write: "Server", "Workstation" (desktop),
    "Notebook" (laptop), "Switch" (network), "SAN" (storage), "ESXi host" (hypervisor), "VM"
    (virtual machine), "EC2" (cloud instance). A longer phrase is read word by word with the
    most particular kind winning ("Virtual server" is a virtual machine, "Azure VM" a cloud
    instance, "Dell laptop" a laptop).
    """
    words = cell_to_text(cell)
    if not words:
        return None
    if kind := _KIND_LOOKUP.get(normalise_label(words)):
        return kind
    folded = words.casefold()
    each = {word.casefold() for word in _WORD.findall(words)}
    found = {_KIND_LOOKUP.get(word) for word in each}
    spaced = f" {folded} "
    found |= {kind for phrase, kind in _KIND_PHRASES if f" {phrase} " in spaced}
    if _CLOUD_WORDS & each:
        found.add(DeviceKind.CLOUD_INSTANCE)
    for kind in _KIND_PRECEDENCE:
        if kind in found:
            return kind
    accepted = ", ".join(str(kind).replace("_", " ") for kind in DeviceKind)
    raise ParseError(f"\u201c{words}\u201d is not a kind of device; write one of: {accepted}")


COLUMNS = (
    Column(
        "hostname",
        "Host name",
        synonyms=(
            "Hostname",
            "Device name",
            "Computer name",
            "Server name",
            "Machine name",
            "AssetName",
            "Name",
            "Netbios_Name0",
        ),
    ),
    Column(
        "serial",
        "Serial number",
        synonyms=("Serial", "Serial no", "SerialNumber", "Hardware serial", "Service tag"),
    ),
    Column("asset_tag", "Asset tag", synonyms=("Asset number", "AssetTag", "Asset no")),
    Column(
        "kind",
        "Device type",
        synonyms=("Type", "Kind", "Category", "Asset type"),
        parser=parse_kind,
    ),
    Column(
        "manufacturer",
        "Manufacturer",
        synonyms=("Make", "Hardware vendor", "Hardware manufacturer"),
    ),
    Column("model", "Model", synonyms=("Hardware model",)),
    Column(
        "os_name",
        "Operating system",
        synonyms=("OS", "OS name", "OSDescription", "Operating system name"),
    ),
    Column(
        "os_version",
        "OS version",
        synonyms=("OSVersion", "OS build", "Operating system version"),
    ),
    Column(
        "software",
        "Software",
        synonyms=(
            "Software name",
            "Installed software",
            "Application",
            "ApplicationName",
            "Product",
            "Display name",
            "ARPDisplayName",
            "ARPDisplayName0",
            "Program",
        ),
    ),
    # ConfigMgr gives both ARPDisplayName and ProductName; the second names the software
    # where the first is blank, rather than clashing with it.
    Column("product_name", "Product name", synonyms=("ProductName0",)),
    Column(
        "publisher",
        "Publisher",
        synonyms=(
            "Software publisher",
            "Vendor",
            "Software vendor",
            "ApplicationPublisher",
            "Publisher0",
        ),
    ),
    Column(
        "version",
        "Version",
        synonyms=(
            "Software version",
            "Display version",
            "ApplicationVersion",
            "ProductVersion",
            "ProductVersion0",
        ),
    ),
    Column("purl", "Package URL", synonyms=("purl",)),
    Column("cpe", "CPE", synonyms=("CPE 2.3", "cpe23")),
    Column("department", "Department", synonyms=("Directorate", "Business unit")),
    Column("location", "Location", synonyms=("Site",)),
    Column(
        "last_seen",
        "Last seen",
        synonyms=("Last audit date", "Last audit", "Last contact", "Last check-in"),
        parser=parse_seen,
    ),
)
"""The headings an inventory spreadsheet may use, by what they mean. "Manufacturer" is the
hardware's maker and "Vendor" the software's publisher; headings no column wants (Lansweeper's
Domain and IPAddress, Intune's DeviceId and ApplicationShortVersion) are ignored."""

_IDENTITY = COLUMNS[:3]
_SOFTWARE_KEYS = frozenset({"software", "product_name", "publisher", "version", "purl", "cpe"})
_SOFTWARE_DETAIL = ("publisher", "version", "purl", "cpe")
_DEVICE_COLUMNS = tuple(column for column in COLUMNS if column.key not in _SOFTWARE_KEYS)
_SOFTWARE_COLUMNS = tuple(column for column in COLUMNS if column.key in _SOFTWARE_KEYS)
_REMEMBERED = 4096
"""Devices and pieces of software remembered at once while reading, so that the rows that
repeat one (every installation row of a device) share one `DeviceFacts` or `SoftwareFacts`."""


def read_spreadsheet(
    binary: IO[bytes],
    *,
    name: str,
    hostname: str | None,
    observed: datetime.date | None,
) -> Iterator[Observation]:
    """Stream a spreadsheet's rows (from a seekable file) as observations, each placed as
    "row N".

    A file with no host name, serial number or asset tag column is refused unless `hostname`
    says which device it describes (a ConfigMgr export from one machine); a row that leaves
    all three blank in a file that has them is that row's problem. `observed` is the day seen
    for rows that do not give one.
    """
    start = binary.tell()
    identity_rows = iter_rows(binary, _IDENTITY, filename=name)
    try:  # find the identity headings alone, reading no further than them
        next(identity_rows, None)
        has_identity = True
    except ImportProblems:
        if hostname is None:
            raise  # the tabular reader's own account of which headings are missing
        has_identity = False
    finally:
        close = getattr(identity_rows, "close", None)  # a generator; typed as an iterator
        if close is not None:
            close()  # let go of the file now, leaving it open
        binary.seek(start)
    default_host = None if has_identity else hostname
    # What each group of cells made, by the group the reader shares between the rows that
    # repeat it: the device (with whether anything identifies it) and the software.
    devices: dict[ParsedGroup, tuple[DeviceFacts, bool]] = {}
    software: dict[ParsedGroup, SoftwareFacts | None] = {}
    groups = (_DEVICE_COLUMNS, _SOFTWARE_COLUMNS)
    seen = Change.SEEN
    for number, (device_group, software_group) in iter_grouped_rows(binary, groups, filename=name):
        made = devices.get(device_group)
        if made is None:
            if len(devices) >= _REMEMBERED:
                devices.clear()
            device = _device(device_group, default_host, observed)
            made = devices[device_group] = (device, device.identified)
        device, identified = made
        piece = software.get(software_group, _UNKNOWN)
        if piece is _UNKNOWN:
            if len(software) >= _REMEMBERED:
                software.clear()
            piece = software[software_group] = _software(software_group)
        problems: tuple[Problem, ...] = ()
        if device_group.problems or software_group.problems or not identified or piece is None:
            problems = _row_problems(number, device_group, software_group, identified, piece)
        yield Observation(f"row {number}", device, piece, seen, problems)


_UNKNOWN: Any = object()


def _row_problems(
    number: int,
    device_group: ParsedGroup,
    software_group: ParsedGroup,
    identified: bool,
    piece: SoftwareFacts | None,
) -> tuple[Problem, ...]:
    """A row's problems: its cells' (in column order), then nothing naming the device, then
    software details without a name."""
    problems = GroupedRow(number, (device_group, software_group)).problems
    if not identified:
        problems += (Problem(number, None, UNIDENTIFIED),)
    if piece is None and _details(software_group):
        problems += (Problem(number, None, _NAMELESS),)
    return problems


_NAMELESS = "software details are given but not the software\u2019s name"


def _details(group: ParsedGroup) -> bool:
    return any(group.values[key] is not None for key in _SOFTWARE_DETAIL)


def _device(
    group: ParsedGroup, hostname: str | None, observed: datetime.date | None
) -> DeviceFacts:
    # Each column's parser already gave its type or None (`parse_text` for text, `parse_kind`,
    # `parse_seen`), so the values are read as they are, without checking them again.
    text = cast("dict[str, str | None]", group.values)
    return DeviceFacts(
        hostname=text["hostname"] or hostname,
        serial=text["serial"],
        asset_tag=text["asset_tag"],
        kind=cast("DeviceKind | None", group.values["kind"]),
        manufacturer=text["manufacturer"],
        model=text["model"],
        os_name=text["os_name"],
        os_version=text["os_version"],
        location=text["location"],
        department=text["department"],
        last_seen=cast("datetime.date | None", group.values["last_seen"]) or observed,
    )


def _software(group: ParsedGroup) -> SoftwareFacts | None:
    text = cast("dict[str, str | None]", group.values)
    if name := text["software"] or text["product_name"]:
        return SoftwareFacts(
            name=name,
            publisher=text["publisher"],
            version=text["version"],
            purl=text["purl"],
            cpe=text["cpe"],
        )
    return None
