"""Choice sets for the estate: value, label and, where shown as a tag, a colour."""

from django.db import models

from govdx.domain.estate.observations import DeviceKind as DomainDeviceKind


class DeviceKind(models.TextChoices):
    SERVER = DomainDeviceKind.SERVER.value, "Server"
    DESKTOP = DomainDeviceKind.DESKTOP.value, "Desktop"
    LAPTOP = DomainDeviceKind.LAPTOP.value, "Laptop"
    MOBILE = DomainDeviceKind.MOBILE.value, "Mobile"
    NETWORK = DomainDeviceKind.NETWORK.value, "Network"
    STORAGE = DomainDeviceKind.STORAGE.value, "Storage"
    HYPERVISOR = DomainDeviceKind.HYPERVISOR.value, "Hypervisor"
    VIRTUAL_MACHINE = DomainDeviceKind.VIRTUAL_MACHINE.value, "Virtual machine"
    CLOUD_INSTANCE = DomainDeviceKind.CLOUD_INSTANCE.value, "Cloud instance"


class SourceKind(models.TextChoices):
    DISCOVERY = "discovery", "Discovery tool"
    AGENT = "agent", "Endpoint agent (osquery)"
    SBOM = "sbom", "Software bill of materials"
    SUPPLIER_RETURN = "supplier_return", "Supplier return"
    SPREADSHEET = "spreadsheet", "Spreadsheet"


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel workbook"
    CYCLONEDX = "cyclonedx", "CycloneDX"
    SPDX = "spdx", "SPDX"
    OSQUERY = "osquery", "osquery"


class BatchOutcome(models.TextChoices):
    IMPORTED = "imported", "Imported"
    REFUSED = "refused", "Refused"


class SoftwareRole(models.TextChoices):
    SOFTWARE = "software", "Software"
    OPERATING_SYSTEM = "os", "Operating system"


class MatchMethod(models.TextChoices):
    PURL = "purl", "Package URL"
    CPE = "cpe", "CPE"
    RULE = "rule", "Curated rule"
    MAPPING = "mapping", "Mapped by a person"


class Criticality(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Hosting(models.TextChoices):
    ON_PREMISES = "on_premises", "On premises"
    PRIVATE_CLOUD = "private_cloud", "Private cloud"
    PUBLIC_CLOUD = "public_cloud", "Public cloud"
    SAAS = "saas", "Software as a service"
    SUPPLIER_HOSTED = "supplier_hosted", "Hosted by a supplier"


class LifecycleSource(models.TextChoices):
    FILE = "file", "A file of the endoflife.date shape"
    API = "api", "The endoflife.date API"
